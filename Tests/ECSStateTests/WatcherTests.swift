import Foundation
import Testing
@testable import ECSState

@Suite struct WatcherTests {
    typealias Spec = ExportText.TaskSpec

    func tasksJSON(_ status: String, id: String = "t1", version: Int) -> String {
        ExportText.describeTasks([Spec(id: id, ip: "10.0.0.5", lastStatus: status, startedAt: 1_795_236_000, version: version)], .v1)
    }

    @Test func picksUpNewFilesAtomicRenamesAndInPlaceRewrites() async throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        let watcher = ECSWatcher(directory: dir.url, interval: .milliseconds(50))
        let collector = SnapshotCollector(watcher.snapshots())
        defer { Task { await collector.stop() } }
        #expect(await collector.wait { $0.tasks.isEmpty && $0.problems.isEmpty } != nil, "first snapshot of an empty directory")

        try dir.writeAtomically("describe-tasks.json", tasksJSON("PENDING", version: 1))
        #expect(await collector.wait { $0.task(id: "t1")?.lastStatus == .pending } != nil)

        try dir.writeAtomically("describe-tasks.json", tasksJSON("RUNNING", version: 2))
        #expect(await collector.wait { $0.task(id: "t1")?.lastStatus == .running } != nil)

        // In-place rewrite (shell `>`), same inode.
        try dir.write("describe-tasks.json", tasksJSON("STOPPED", version: 3))
        let stopped = await collector.wait { $0.task(id: "t1")?.lastStatus == .stopped }
        #expect(stopped?.files.map(\.fileName) == ["describe-tasks.json"])
        #expect(stopped?.files.first?.kinds == [.describeTasks])

        // A second file; a temp file of an atomic writer is ignored.
        try dir.write(".describe-tasks-2.json.abc.tmp", "{\"tasks\": [")
        try dir.write("describe-tasks-2.json", tasksJSON("RUNNING", id: "t2", version: 1))
        let both = await collector.wait { $0.task(id: "t2") != nil }
        #expect(both?.tasks.count == 2)
        #expect(both?.problems.isEmpty == true)
    }

    @Test func aLargeFolderIsStillWatchedAndItsListingReusedUntilItChanges() async throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        for i in 0..<2000 { try dir.write("other-\(i).json", "{\"tasks\":[],\"failures\":[]}") }
        try dir.write("describe-tasks.json", tasksJSON("RUNNING", version: 1))
        let watcher = ECSWatcher(directory: dir.url, interval: .milliseconds(50))
        let collector = SnapshotCollector(watcher.snapshots())
        defer { Task { await collector.stop() } }
        #expect(await collector.wait { $0.task(id: "t1")?.lastStatus == .running } != nil)
        // In place (the folder's mtime does not move): found by the stat pass.
        try dir.write("describe-tasks.json", tasksJSON("STOPPED", version: 2))
        #expect(await collector.wait { $0.task(id: "t1")?.lastStatus == .stopped } != nil)
        // A new file renamed in: the folder changed, so it is listed again.
        try dir.writeAtomically("describe-tasks-2.json", tasksJSON("RUNNING", id: "t2", version: 1))
        #expect(await collector.wait { $0.task(id: "t2") != nil } != nil)
    }

    @Test func halfWrittenFileKeepsThePreviousStateAndIsRetried() async throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        try dir.write("describe-tasks.json", tasksJSON("RUNNING", version: 2))
        let watcher = ECSWatcher(directory: dir.path, interval: .milliseconds(50))
        let collector = SnapshotCollector(watcher.snapshots())
        defer { Task { await collector.stop() } }
        #expect(await collector.wait { $0.task(id: "t1")?.lastStatus == .running } != nil)

        let full = tasksJSON("STOPPED", version: 3)
        try dir.write("describe-tasks.json", String(full.prefix(full.count / 2)))
        let caught = await collector.wait { s in s.problems.contains { if case .truncated = $0.kind { return true }; return false } }
        #expect(caught?.task(id: "t1")?.lastStatus == .running, "previous good state kept while the file is half-written")
        #expect(caught?.files.first?.refreshing == true)

        try dir.write("describe-tasks.json", full)
        let done = await collector.wait { $0.task(id: "t1")?.lastStatus == .stopped }
        #expect(done?.problems.isEmpty == true)
        #expect(done?.files.first?.refreshing == false)
    }

    @Test func reportsForeignFilesAndSurvivesADeletedDirectory() async throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        try dir.write("describe-tasks.json", tasksJSON("RUNNING", version: 2))
        try dir.write("notes.txt", "remember to rotate the keys\n")
        let watcher = ECSWatcher(directory: dir.path, interval: .milliseconds(50))
        let collector = SnapshotCollector(watcher.snapshots())
        defer { Task { await collector.stop() } }
        let first = await collector.wait { $0.task(id: "t1") != nil && !$0.problems.isEmpty }
        #expect(first?.problems.map(\.description) == ["notes.txt: not JSON (starts with \"remember to rotate the keys\"); export with --output json"])

        try FileManager.default.removeItem(at: dir.url)
        let gone = await collector.wait { s in s.problems.contains { if case .directoryUnavailable = $0.kind { return true }; return false } }
        #expect(gone?.task(id: "t1")?.lastStatus == .running, "last good state stays when the directory disappears")
        #expect(gone?.problems.first?.description.contains("export directory unavailable") == true)

        try FileManager.default.createDirectory(at: dir.url, withIntermediateDirectories: true)
        try dir.write("describe-tasks.json", tasksJSON("STOPPED", version: 4))
        let back = await collector.wait { $0.task(id: "t1")?.lastStatus == .stopped && $0.problems.isEmpty }
        #expect(back != nil)
    }

    @Test func pollerOnEmptyRewriteKeepsData() throws {
        // Synchronous poller: an export emptied by a failed `aws ... > file` is "no data yet".
        let dir = try TempDir(); defer { dir.cleanup() }
        try dir.write("describe-tasks.json", tasksJSON("RUNNING", version: 2))
        var state = ECSDirectoryState(directory: dir.path)
        state.maxRetries = 2
        var changed = state.poll()
        #expect(changed)
        try dir.write("describe-tasks.json", "")
        changed = state.poll()
        #expect(changed)
        #expect(state.snapshot.task(id: "t1")?.lastStatus == .running)
        #expect(state.snapshot.problems.first?.kind == .empty)
        #expect(state.snapshot.files.first?.refreshing == true)
        changed = state.poll()
        #expect(changed, "retried once more")
        #expect(state.snapshot.files.first?.refreshing == false, "gave up retrying the same content")
        changed = state.poll()
        #expect(!changed, "nothing changed, nothing re-read")
        try FileManager.default.removeItem(atPath: dir.file("describe-tasks.json"))
        changed = state.poll()
        #expect(changed)
        #expect(state.snapshot.files.isEmpty)
        #expect(state.snapshot.staleTaskIDs == ["t1"], "a vanished task is kept, marked stale")
    }
}
