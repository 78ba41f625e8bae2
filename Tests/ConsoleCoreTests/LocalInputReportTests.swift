import ECSState
import Foundation
import Glibc
import LogTail
import Testing
@testable import ConsoleCore

/// Odd local inputs (a FIFO, a dangling link, a folder, a binary file, a missing file), read by the
/// real follower and ECS reader, reach the console state and the incident report by name.
@Suite struct LocalInputReportTests {
    typealias F = Fixture

    /// A fresh folder under the temporary directory.
    static func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "console-inputs-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Creates the five odd inputs under `dir` with `suffix`; returns their paths by kind.
    static func oddInputs(in dir: String, suffix: String) throws -> [String: String] {
        let p = ["missing": "\(dir)/missing\(suffix)", "fifo": "\(dir)/pipe\(suffix)", "dangling": "\(dir)/dangling\(suffix)",
                 "folder": "\(dir)/folder\(suffix)", "binary": "\(dir)/core\(suffix)"]
        #expect(mkfifo(p["fifo"]!, 0o644) == 0)
        #expect(symlink("\(dir)/nowhere\(suffix)", p["dangling"]!) == 0)
        try FileManager.default.createDirectory(atPath: p["folder"]!, withIntermediateDirectories: true)
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + Array(repeating: 0, count: 100)).write(to: URL(fileURLWithPath: p["binary"]!))
        return p
    }

    /// The follower's batches until every path in `paths` has an error notice (bounded wait).
    static func follow(_ paths: [String]) async throws -> [LogBatch] {
        var options = FollowerOptions()
        options.start = .beginning
        let follower = try LogFollower(targets: paths.map { .file($0) }, options: options)
        defer { follower.stop() }
        let collected = Task { () -> [LogBatch] in
            var out: [LogBatch] = []
            var named: Set<String> = []
            for await b in follower.batches {
                out.append(b)
                for n in b.notices { if case .error = n.event { named.insert(n.path) } }
                if named.isSuperset(of: paths) { break }
            }
            return out
        }
        let timeout = Task { try await Task.sleep(for: .seconds(5)); collected.cancel(); follower.stop() }
        let batches = await collected.value
        timeout.cancel()
        return batches
    }

    @Test func everyOddInputIsNamedInTheStateAndTheReport() async throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let logs = try Self.oddInputs(in: dir, suffix: ".log")
        let exports = dir + "/exports"
        try FileManager.default.createDirectory(atPath: exports, withIntermediateDirectories: true)
        let ecsInputs = try Self.oddInputs(in: exports, suffix: ".json")

        var s = F.state()
        UpdateIncidentTests.peers(&s, [F.peer(F.p1, "IpfsCluster0")], at: F.t0)
        for batch in try await Self.follow(Array(logs.values)) {
            _ = ConsoleUpdate.update(&s, .logBatch(batch), now: F.t0)
        }
        _ = ConsoleUpdate.update(&s, .ecsSnapshot(ECSDirectoryState.read(directory: exports)), now: F.t0)

        let problems = s.inputProblems
        for (kind, path) in logs {
            let hits = problems.filter { $0.text.hasPrefix("logs: ") && $0.text.contains(path) }
            #expect(hits.count == 1, "log input \(kind) \(path) named once: \(problems)")
            #expect(hits.first?.isInformation == (kind == "missing"), "only a missing file is information: \(hits)")
        }
        for (kind, path) in ecsInputs where kind != "missing" {
            let name = (path as NSString).lastPathComponent
            let hits = problems.filter { $0.text.hasPrefix("ECS export \(name): ") }
            #expect(hits.count == 1, "ECS input \(kind) \(name) named once: \(problems)")
            #expect(hits.first?.isInformation == false)
        }

        var triage = TriageDerivation()
        if let job = triage.refresh(s, force: true) { triage.take(job.run()); _ = triage.refresh(s, force: true) }
        let report = try #require(IncidentReport.make(s, triage: triage))
        for path in logs.values {
            #expect(report.notes.contains { $0.hasPrefix("logs: ") && $0.contains(path) }, "report names \(path): \(report.notes)")
        }
        for (kind, path) in ecsInputs where kind != "missing" {
            let name = (path as NSString).lastPathComponent
            #expect(report.notes.contains { $0.hasPrefix("ECS: \(name): ") }, "report names \(name): \(report.notes)")
        }
    }

    @Test func snapshotLogFolderKeepsTheGoodFilesAndNamesTheBadOnes() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let odd = try Self.oddInputs(in: dir, suffix: ".log")
        try "2026-12-03T10:00:00.000Z\tERROR\tcluster\tpeer lost\n".write(toFile: dir + "/good.log", atomically: true, encoding: .utf8)
        var notes: [String] = []
        let lines = try SnapshotGatherer.readLogs(dir, notes: &notes)
        #expect(lines.contains { $0.message.contains("peer lost") }, "the readable file is read: \(lines.map(\.message))")
        #expect(notes.contains { $0.contains(odd["binary"]!) }, "the binary file is named: \(notes)")
        #expect(!notes.contains { $0.contains("good.log") })
    }

    @Test func aMissingLogFileStopsBeingAProblemWhenItAppears() {
        var s = F.state()
        let path = "/var/log/peer-0.log"
        let missing = LogBatch(notices: [FollowerNotice(path: path, event: .error(.missing(path: path)))])
        _ = ConsoleUpdate.update(&s, .logBatch(missing), now: F.t0)
        #expect(s.inputProblems == [InputProblem(text: "logs: \(LogTailError.missing(path: path))", isInformation: true)])
        _ = ConsoleUpdate.update(&s, .logBatch(LogBatch(notices: [FollowerNotice(path: path, event: .created)])), now: F.t0)
        #expect(s.inputProblems.isEmpty)
    }
}
