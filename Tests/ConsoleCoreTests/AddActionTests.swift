import ClusterAPI
import ClusterSimulator
import Foundation
import Synchronization
import Testing
@testable import ConsoleCore

/// The `add` action: one guard and one journal with the other actions, progress in bytes, the
/// root CID in the outcome.
@Suite struct AddActionTests {
    func tempFile(_ text: String) throws -> String {
        let dir = NSTemporaryDirectory() + "console-add-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/hello.txt"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func nameAndTargetAreTheUploadsPaths() {
        let kind = ActionKind.add(paths: ["/tmp/a.txt", "/tmp/dir"], options: AddOptions())
        #expect(kind.name == "add")
        #expect(kind.target == "/tmp/a.txt /tmp/dir")
        #expect(ActionOutcome.succeeded("added QmRoot hello.txt").addedRoot == "QmRoot")
        #expect(ActionOutcome.succeeded("pinned QmRoot").addedRoot == nil)
        #expect(ActionOutcome.failed("added QmRoot x").addedRoot == nil)
    }

    @Test func readOnlyRefusesTheAddAndJournalsIt() async throws {
        let path = NSTemporaryDirectory() + "console-audit-\(UUID().uuidString)/audit.jsonl"
        let client = try ClusterClient(configuration: ClusterClientConfiguration(hosts: [try ClusterHost.parse("http://127.0.0.1:1", https: false)]))
        let service = ActionService(client: client, journal: AuditJournal(path: path), contextName: "prod", readonly: true)
        let file = try tempFile("hello world")
        let outcome = await service.perform(.add(paths: [file], options: AddOptions()))
        await client.shutdown()
        #expect(outcome == .refused("read-only mode: add is disabled"))
        let entries = try AuditJournal(path: path).readAll()
        #expect(entries.map(\.action) == ["add"])
        #expect(entries.first?.target == file)
        #expect(entries.first?.outcome == "refused: read-only mode: add is disabled")
    }

    @Test func progressInBytesUpdatesTheRunningActionAndTheRootIsWatched() {
        var s = Fixture.state()
        let kind = ActionKind.add(paths: ["/tmp/big.bin"], options: AddOptions())
        let effects = ConsoleUpdate.update(&s, .intent(.perform(kind)), now: Fixture.t0)
        #expect(effects == [.perform(id: 1, kind)])
        #expect(s.running.first?.progressText == nil, "nothing to count before the first report")
        _ = ConsoleUpdate.update(&s, .actionProgress(id: 1, done: 0, total: 4_000_000), now: Fixture.t0)
        _ = ConsoleUpdate.update(&s, .actionProgress(id: 1, done: 1_000_000, total: 4_000_000), now: Fixture.t0)
        #expect(s.running.first?.done == 1_000_000)
        #expect(s.running.first?.total == 4_000_000)
        #expect(s.running.first?.progressText == "1.0 MB of 4.0 MB (25%)")
        let root = "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD"
        let after = ConsoleUpdate.update(&s, .actionFinished(id: 1, outcome: .succeeded("added \(root) big.bin")), now: Fixture.t0)
        #expect(s.running.isEmpty)
        #expect(s.toasts.last?.text == "added \(root) big.bin")
        #expect(s.pins.lastAdded?.id == 1 && s.pins.lastAdded?.cid == root)
        #expect(s.pins.watched[root] != nil)
        #expect(after.contains { if case .fetchWatched(let c, _) = $0 { return c.contains(root) }; return false })
    }

    @Test func addAgainstTheSimulatorJournalsAndReturnsTheRootCID() async throws {
        let sim = ClusterSimulator(config: SimulatorConfig(peers: 3, pins: 0, speed: 20, replicationMin: 2, replicationMax: 3))
        let endpoints = try await sim.start()
        let lb = try #require(endpoints.loadBalancer)
        let client = try ClusterClient(configuration: ClusterClientConfiguration(hosts: [try ClusterHost.parse(lb, https: false)]))
        let journalPath = NSTemporaryDirectory() + "add-\(UUID().uuidString)/audit.jsonl"
        let service = ActionService(client: client, journal: AuditJournal(path: journalPath), contextName: "sim", readonly: false)
        let file = try tempFile("hello world")
        let reports = ProgressLog()
        let outcome = await service.perform(.add(paths: [file], options: AddOptions())) { done, total in reports.add(done, total) }
        let root = "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD"
        #expect(outcome == .succeeded("added \(root) hello.txt"))
        #expect(outcome.addedRoot == root)
        #expect(reports.all.last.map { $0 == (11, 11) } == true, "progress: \(reports.all)")
        #expect(reports.all.allSatisfy { $0.1 == 11 })
        let pin = try await client.allocation(root)
        #expect(pin.cid == root)
        await client.shutdown()
        await sim.stop()
        let lines = try AuditJournal(path: journalPath).readAll().map { "\($0.context) \($0.action) \($0.target) \($0.outcome)" }
        #expect(lines == ["sim add \(file) attempt", "sim add \(file) ok"])
    }

    /// `x` cancels the action's task: the upload stops (the request is cancelled, not run to
    /// the end) and the outcome and the journal say cancelled.
    @Test func cancellingTheTaskStopsTheUpload() async throws {
        let sim = ClusterSimulator(config: SimulatorConfig(peers: 3, pins: 0, speed: 20))
        let endpoints = try await sim.start()
        let lb = try #require(endpoints.loadBalancer)
        let client = try ClusterClient(configuration: ClusterClientConfiguration(hosts: [try ClusterHost.parse(lb, https: false)]))
        let journalPath = NSTemporaryDirectory() + "add-\(UUID().uuidString)/audit.jsonl"
        let service = ActionService(client: client, journal: AuditJournal(path: journalPath), contextName: "sim", readonly: false)
        let big = try tempFile("")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
        try handle.truncate(atOffset: 2 << 30)
        try handle.close()
        defer { try? FileManager.default.removeItem(atPath: big) }
        let reports = ProgressLog()
        let task = Task { await service.perform(.add(paths: [big], options: AddOptions())) { d, t in reports.add(d, t) } }
        let started = Date()
        while (reports.all.last?.0 ?? 0) == 0 && Date().timeIntervalSince(started) < 20 { try await Task.sleep(for: .milliseconds(20)) }
        #expect((reports.all.last?.0 ?? 0) > 0, "the upload began")
        task.cancel()
        let outcome = await task.value
        let sentAtEnd = reports.all.last?.0 ?? 0
        try await Task.sleep(for: .milliseconds(300))
        await client.shutdown()
        await sim.stop()
        #expect(outcome == .cancelled("add cancelled"), "\(outcome)")
        #expect(sentAtEnd < 2 << 30, "stopped before the end: \(sentAtEnd) bytes")
        #expect(reports.all.last?.0 == sentAtEnd, "nothing more was sent after the outcome")
        let outcomes = try AuditJournal(path: journalPath).readAll().map(\.outcome)
        #expect(outcomes == ["attempt", "cancelled: add cancelled"])
    }

    @Test func aMissingFileFailsWithItsPathAndIsJournalled() async throws {
        let path = NSTemporaryDirectory() + "console-audit-\(UUID().uuidString)/audit.jsonl"
        let client = try ClusterClient(configuration: ClusterClientConfiguration(hosts: [try ClusterHost.parse("http://127.0.0.1:1", https: false)]))
        let service = ActionService(client: client, journal: AuditJournal(path: path), contextName: "prod", readonly: false)
        let outcome = await service.perform(.add(paths: ["/nonexistent/file.bin"], options: AddOptions()))
        await client.shutdown()
        guard case .failed(let m) = outcome else { Issue.record("expected failure, got \(outcome)"); return }
        #expect(m.contains("/nonexistent/file.bin"))
        #expect(try AuditJournal(path: path).readAll().map(\.outcome).last?.hasPrefix("failed: ") == true)
    }
}

/// Progress reports collected from the service's callback (called from an event loop thread).
final class ProgressLog: Sendable {
    private let items = Mutex<[(Int, Int)]>([])
    func add(_ done: Int, _ total: Int) { items.withLock { $0.append((done, total)) } }
    var all: [(Int, Int)] { items.withLock { $0 } }
}
