import ECSState
import Foundation
import LogTail
import Synchronization
import Testing
@testable import ConsoleCore

/// Collects what a feed delivers; the one lock is here because feed callbacks run on other threads.
final class FeedInbox<T: Sendable>: Sendable {
    private let items = Mutex<[T]>([])
    func add(_ item: T) { items.withLock { $0.append(item) } }
    var all: [T] { items.withLock { $0 } }

    /// Waits (bounded) until `predicate` holds for what arrived so far.
    func wait(seconds: Double = 10, until predicate: ([T]) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if predicate(all) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return predicate(all)
    }
}

struct FeedTempDir {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("feeds-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

enum FeedFixtures {
    static var ecsDeployment: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ECSStateTests/Fixtures/deployment-3az").path
    }
}

@Suite struct FeedsTests {
    @Test func ecsFeedDeliversSnapshotsOfAnExportWrittenLater() async throws {
        let dir = try FeedTempDir()
        defer { dir.cleanup() }
        let state = DemoStateDir(root: dir.path)
        try FileManager.default.createDirectory(atPath: state.ecsDirectory, withIntermediateDirectories: true)
        let inbox = FeedInbox<ECSSnapshot>()
        let feed = ECSFeed(directory: state.ecsDirectory, interval: .milliseconds(50)) { inbox.add($0) }
        defer { feed.cancel() }
        #expect(await inbox.wait { !$0.isEmpty })
        #expect(inbox.all.first?.tasks.isEmpty == true)
        // Written atomically, as export-ecs-state does.
        let text = try String(contentsOfFile: FeedFixtures.ecsDeployment + "/describe-tasks-us-east-1a.json", encoding: .utf8)
        let tmp = state.ecsDirectory + "/.describe-tasks.json.tmp"
        try Data(text.utf8).write(to: URL(fileURLWithPath: tmp))
        #expect(rename(tmp, state.ecsDirectory + "/describe-tasks.json") == 0)
        #expect(await inbox.wait { $0.contains { $0.tasks.contains { $0.id.hasPrefix("d443909d") } } })
        feed.cancel()
        #expect(feed.isCancelled)
    }

    @Test func ecsFeedReportsAMissingDirectory() async throws {
        let inbox = FeedInbox<ECSSnapshot>()
        let feed = ECSFeed(directory: "/nonexistent-\(UUID().uuidString)", interval: .milliseconds(50)) { inbox.add($0) }
        defer { feed.cancel() }
        #expect(await inbox.wait { $0.contains { !$0.problems.isEmpty } })
        #expect(inbox.all.first?.problems.first?.description.contains("unavailable") == true)
    }

    @Test func logFeedDeliversAppendedLinesWithTaskAndContainer() async throws {
        let dir = try FeedTempDir()
        defer { dir.cleanup() }
        let state = DemoStateDir(root: dir.path + "/")
        let taskID = "0123456789abcdef0123456789abcdef"
        let folder = state.logsDirectory + "/ipfs-cluster/ipfs-cluster"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = folder + "/\(taskID).log"
        try Data("2026-11-21T04:40:00.000Z\tINFO\tcluster\tcluster.go:1\tfirst line\n".utf8).write(to: URL(fileURLWithPath: file))
        var options = FollowerOptions()
        options.start = .beginning
        options.rescanInterval = 0.2
        let inbox = FeedInbox<LogBatch>()
        let feed = try LogFeed(targets: state.logTargets, options: options) { inbox.add($0) }
        defer { feed.cancel() }
        func lines() -> [LogLine] { inbox.all.flatMap(\.lines) }
        #expect(await inbox.wait { $0.flatMap(\.lines).contains { $0.message == "first line" } })
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("2026-11-21T04:40:01.000Z\tERROR\tcluster\tcluster.go:2\tsecond line\n".utf8))
        try handle.close()
        #expect(await inbox.wait { $0.flatMap(\.lines).contains { $0.message == "second line" } })
        let second = try #require(lines().first { $0.message == "second line" })
        #expect(second.level == .error)
        #expect(second.taskID == taskID)
        #expect(second.container == "ipfs-cluster")
    }

    @Test func demoStateDirLayoutAndProblems() throws {
        let dir = try FeedTempDir()
        defer { dir.cleanup() }
        let state = DemoStateDir(root: dir.path + "//")
        #expect(state.root == dir.path)
        #expect(state.ecsDirectory == dir.path + "/ecs")
        #expect(state.logsDirectory == dir.path + "/logs")
        #expect(state.logTargets == [.directory(dir.path + "/logs", pattern: "*.log")])
        #expect(state.problems().count == 2)
        try FileManager.default.createDirectory(atPath: state.ecsDirectory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: state.logsDirectory, withIntermediateDirectories: true)
        #expect(state.problems().isEmpty)
        #expect(DemoStateDir(root: dir.path + "/nope").problems().first?.contains("not found") == true)
    }
}
