import ClusterAPI
import Foundation
import Testing
@testable import ConsoleCore

@Suite struct ActionServiceTests {
    func tempJournal() -> String {
        NSTemporaryDirectory() + "console-audit-\(UUID().uuidString)/audit.jsonl"
    }

    @Test func readOnlyRefusesWithoutCallingAndJournalsTheRefusal() async throws {
        let path = tempJournal()
        // Port 1 on loopback: any call would fail with "connection refused", so a "refused"
        // outcome proves no call was attempted.
        let client = try ClusterClient(configuration: ClusterClientConfiguration(hosts: [try ClusterHost.parse("http://127.0.0.1:1", https: false)]))
        let journal = AuditJournal(path: path)
        let service = ActionService(client: client, journal: journal, contextName: "prod", readonly: true)
        let outcome = await service.perform(.unpin(cid: Fixture.cidA))
        await client.shutdown()
        #expect(outcome == .refused("read-only mode: unpin is disabled"))
        let entries = try journal.readAll()
        #expect(entries.count == 1)
        #expect(entries.first?.context == "prod")
        #expect(entries.first?.action == "unpin")
        #expect(entries.first?.target == Fixture.cidA)
        #expect(entries.first?.outcome.hasPrefix("refused") == true)
    }

    @Test func anActionThatCannotBeJournalledDoesNotRun() async throws {
        // Port 1: a call would fail with "connection refused"; "refused" proves none was made.
        let client = try ClusterClient(configuration: ClusterClientConfiguration(hosts: [try ClusterHost.parse("http://127.0.0.1:1", https: false)]))
        let unwritable = ActionService(client: client, journal: AuditJournal(path: "/dev/null/audit.jsonl"), contextName: "prod", readonly: false)
        let outcome = await unwritable.perform(.unpin(cid: Fixture.cidA))
        guard case .refused(let why) = outcome else { Issue.record("expected a refusal, got \(outcome)"); return }
        #expect(why.contains("audit journal cannot be written"))
        await #expect(throws: ActionFailure.self) { try await unwritable.audited(.repoGC) { 1 } }
        let none = ActionService(client: client, journal: nil, contextName: "prod", readonly: false)
        guard case .refused(let noJournal) = await none.perform(.repoGC) else { Issue.record("ran without a journal"); return }
        #expect(noJournal.contains("--audit-journal"))
        await client.shutdown()
    }

    @Test func attemptsAndFailuresAreBothJournalled() async throws {
        let path = tempJournal()
        let client = try ClusterClient(configuration: ClusterClientConfiguration(hosts: [try ClusterHost.parse("http://127.0.0.1:1", https: false)]))
        let journal = AuditJournal(path: path)
        let service = ActionService(client: client, journal: journal, contextName: "prod", readonly: false)
        let outcome = await service.perform(.recover(cid: Fixture.cidA))
        await client.shutdown()
        guard case .failed = outcome else { Issue.record("expected failure, got \(outcome)"); return }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains("\"outcome\":\"attempt\""))
        #expect(lines[1].contains("\"outcome\":\"failed: "))
        #expect(lines.allSatisfy { $0.contains("\"time\":\"20") })
    }

    @Test func journalAppendsAcrossInstances() async throws {
        let path = tempJournal()
        try await AuditJournal(path: path).append(AuditEntry(time: Fixture.t0, context: "a", action: "pin-add", target: "x", outcome: "ok"))
        try await AuditJournal(path: path).append(AuditEntry(time: Fixture.t0, context: "a", action: "unpin", target: "x", outcome: "ok"))
        #expect(try AuditJournal(path: path).readAll().map(\.action) == ["pin-add", "unpin"])
    }

    @Test func unwritableJournalSaysWhere() async {
        let journal = AuditJournal(path: "/proc/nope/audit.jsonl")
        do {
            try await journal.append(AuditEntry(time: Fixture.t0, context: "a", action: "x", target: "y", outcome: "ok"))
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error).contains("/proc/nope/audit.jsonl"))
        }
    }
}

@Suite struct AuditedHeadlessPathTests {
    @Test func auditedWrapsACallerOwnedCallWithAttemptAndOutcome() async throws {
        let path = NSTemporaryDirectory() + "console-audit-\(UUID().uuidString)/audit.jsonl"
        let client = try ClusterClient(configuration: ClusterClientConfiguration(hosts: [try ClusterHost.parse("http://127.0.0.1:1", https: false)]))
        let service = ActionService(client: client, journal: AuditJournal(path: path), contextName: "ctl", readonly: false)
        let v = try await service.audited(.repoGC) { 42 }
        #expect(v == 42)
        await #expect(throws: ActionFailure.self) {
            try await service.audited(.unpin(cid: Fixture.cidA)) { throw ActionFailure(message: "boom") }
        }
        let ro = ActionService(client: client, journal: AuditJournal(path: path), contextName: "ctl", readonly: true)
        var called = false
        await #expect(throws: ActionFailure.self) {
            try await ro.audited(.recoverAll) { called = true }
        }
        #expect(!called, "read-only never runs the call")
        await client.shutdown()
        let outcomes = try AuditJournal(path: path).readAll().map { "\($0.action) \($0.outcome)" }
        #expect(outcomes == ["repo-gc attempt", "repo-gc ok", "unpin attempt", "unpin failed: boom",
                             "recover-all refused: read-only mode: recover-all is disabled"])
    }
}
