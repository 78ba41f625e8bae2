import Foundation
import Glibc
import Testing
@testable import LogTail

/// Follower behaviour on real files in a temp directory. Every wait is bounded (`eventually`);
/// nothing asserts on timing.
@Suite(.serialized) struct FollowerTests {
    @Test func startsAtLastLinesThenFollowsAppends() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.file("a.log")
        append(path, (1...10).map { "old \($0)\n" }.joined())
        let follower = try LogFollower(targets: [.file(path)], options: testOptions(start: .lastLines(3)))
        let c = Collector()
        let task = await c.start(follower)
        #expect(await eventually { await c.messages == ["old 8", "old 9", "old 10"] })
        append(path, "new 1\nnew 2\n")
        #expect(await eventually { await c.messages.suffix(2) == ["new 1", "new 2"] })
        #expect(await c.lines.allSatisfy { $0.source == path })
        follower.stop()
        #expect(await eventually { await c.finished })
        task.cancel()
    }

    @Test func survivesRenameRotation() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.file("cluster.log")
        append(path, "before 1\n")
        let follower = try LogFollower(targets: [.file(path)], options: testOptions())
        let c = Collector()
        let task = await c.start(follower)
        #expect(await eventually { await c.messages == ["before 1"] })
        append(path, "before 2\n")
        #expect(rename(path, path + ".1") == 0)
        append(path + ".1", "late write to old file\n")
        append(path, "after 1\n")
        #expect(await eventually { await c.messages.contains("after 1") })
        append(path, "after 2\n")
        #expect(await eventually { await c.messages.contains("after 2") })
        let msgs = await c.messages
        #expect(msgs.filter { $0 == "before 2" }.count == 1)
        #expect(msgs.firstIndex(of: "before 2")! < msgs.firstIndex(of: "after 1")!)
        #expect(await c.notices.contains { $0.event == .rotated })
        follower.stop()
        task.cancel()
    }

    @Test func survivesCopyTruncate() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.file("svc.log")
        append(path, "first run line 1\nfirst run line 2\n")
        let follower = try LogFollower(targets: [.file(path)], options: testOptions())
        let c = Collector()
        let task = await c.start(follower)
        #expect(await eventually { await c.messages.count == 2 })
        #expect(truncate(path, 0) == 0)
        #expect(await eventually { await c.notices.contains { $0.event == .truncated } })
        append(path, "after truncate\n")
        #expect(await eventually { await c.messages.last == "after truncate" })
        #expect(await c.messages.count == 3)
        follower.stop()
        task.cancel()
    }

    @Test func fileCreatedLater() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.file("not-yet.log")
        let follower = try LogFollower(targets: [.file(path), sentinel(dir)], options: testOptions(start: .lastLines(10)))
        let c = Collector()
        let task = await c.start(follower)
        #expect(await eventually { await c.ready })
        append(path, "hello from a new file\nsecond\n")
        #expect(await eventually { await c.messages == ["hello from a new file", "second"] })
        follower.stop()
        task.cancel()
    }

    @Test func fileInDirectoryCreatedLater() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.file("sub/later.log")
        // The directory does not exist yet, so there is nothing to watch: the slow check finds it.
        let follower = try LogFollower(targets: [.file(path), sentinel(dir)], options: testOptions(rescan: 0.5))
        let c = Collector()
        let task = await c.start(follower)
        #expect(await eventually { await c.ready })
        try FileManager.default.createDirectory(atPath: dir.file("sub"), withIntermediateDirectories: true)
        append(path, "found by the slow check\n")
        #expect(await eventually { await c.messages == ["found by the slow check"] })
        follower.stop()
        task.cancel()
    }

    @Test func deletedThenRecreated() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.file("x.log")
        append(path, "one\n")
        let follower = try LogFollower(targets: [.file(path)], options: testOptions())
        let c = Collector()
        let task = await c.start(follower)
        #expect(await eventually { await c.messages == ["one"] })
        #expect(unlink(path) == 0)
        #expect(await eventually { await c.notices.contains { $0.event == .deleted } })
        append(path, "two\n")
        #expect(await eventually { await c.messages == ["one", "two"] })
        #expect(await c.notices.contains { $0.event == .created })
        follower.stop()
        task.cancel()
    }

    @Test func partialLineIsHeldUntilNewline() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.file("p.log")
        var o = testOptions()
        o.partialLineFlush = 30  // never reached in this test: the newline completes the line
        let follower = try LogFollower(targets: [.file(path)], options: o)
        let c = Collector()
        let task = await c.start(follower)
        append(path, "complete\nhello wor")
        #expect(await eventually { await c.messages == ["complete"] })
        append(path, "ld\n")
        #expect(await eventually { await c.messages == ["complete", "hello world"] })
        follower.stop()
        task.cancel()
    }

    @Test func partialLineFlushedAfterQuietPeriod() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.file("q.log")
        var o = testOptions()
        o.partialLineFlush = 0.2
        let follower = try LogFollower(targets: [.file(path)], options: o)
        let c = Collector()
        let task = await c.start(follower)
        append(path, "no newline at the end")
        #expect(await eventually { await c.messages == ["no newline at the end"] })
        follower.stop()
        task.cancel()
    }

    @Test func partialLineFlushedAtEOFOfStaticFile() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.file("static.log")
        append(path, "a\nb")
        #expect(try LogFileReader.read(path: path).map(\.message) == ["a", "b"])
        #expect(throws: LogTailError.self) { try LogFileReader.read(path: dir.file("absent.log")) }
    }

    @Test func manyFilesInOneDirectoryTreeWithTaskLayout() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        var tasks: [String] = []
        for i in 0..<20 {
            let task = UUID().uuidString.lowercased()
            tasks.append(task)
            let container = i % 2 == 0 ? "ipfs" : "ipfs-cluster"
            try FileManager.default.createDirectory(atPath: dir.file("\(container)/\(container)"), withIntermediateDirectories: true)
            append(dir.file("\(container)/\(container)/\(task).log"), "")
        }
        append(dir.file("ignored.txt"), "not a log\n")
        let follower = try LogFollower(targets: [.directory(dir.path, pattern: "*.log"), sentinel(dir)],
                                       options: testOptions())
        let c = Collector()
        let t = await c.start(follower)
        #expect(await eventually { await c.ready })
        for (i, task) in tasks.enumerated() {
            let container = i % 2 == 0 ? "ipfs" : "ipfs-cluster"
            append(dir.file("\(container)/\(container)/\(task).log"), "hello from \(i)\n")
        }
        // A task that starts later, in a directory that did not exist.
        let late = UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: dir.file("kubo/kubo"), withIntermediateDirectories: true)
        append(dir.file("kubo/kubo/\(late).log"), "Daemon is ready\n")
        #expect(await eventually { await c.lines.count == 21 })
        let lines = await c.lines
        #expect(Set(lines.compactMap(\.taskID)) == Set(tasks + [late]))
        #expect(lines.allSatisfy { $0.source.hasSuffix("\($0.taskID!).log") && !$0.source.hasPrefix("/") })
        #expect(lines.first { $0.taskID == late }?.container == "kubo")
        #expect(!lines.contains { $0.message == "not a log" })
        follower.stop()
        t.cancel()
    }

    @Test func globTargetsPickUpNewFiles() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        append(dir.file("p0.log"), "p0 start\n")
        let follower = try LogFollower(targets: [FollowTarget.from(argument: dir.path + "/p*.log")], options: testOptions())
        let c = Collector()
        let t = await c.start(follower)
        #expect(await eventually { await c.messages == ["p0 start"] })
        append(dir.file("p1.log"), "p1 start\n")
        append(dir.file("other.log"), "not matched\n")
        #expect(await eventually { await c.messages.contains("p1 start") })
        #expect(await !c.messages.contains("not matched"))
        follower.stop()
        t.cancel()
    }

    @Test func cloudWatchExportFileIsReadWholeAndDeduplicated() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let src = Fixtures.url("logs-filter-log-events-us-east-1a.json").path
        let path = dir.file("export.json")
        try FileManager.default.copyItem(atPath: src, toPath: path)
        let follower = try LogFollower(targets: [.file(path)], options: testOptions(start: .lastLines(5)))
        let c = Collector()
        let t = await c.start(follower)
        #expect(await eventually { await c.lines.count == 47 })
        // Rewritten atomically with the same events: nothing new is delivered.
        try FileManager.default.copyItem(atPath: src, toPath: path + ".tmp")
        #expect(rename(path + ".tmp", path) == 0)
        #expect(await eventually { await c.notices.contains { $0.event == .exportLoaded(newEvents: 0) } })
        #expect(await c.lines.count == 47)
        follower.stop()
        t.cancel()
    }

    @Test func floodArrivesInBatchesAndRingStaysBounded() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.file("flood.log")
        append(path, "")
        let total = 200_000
        let follower = try LogFollower(targets: [.file(path)], options: testOptions())
        let c = Collector(ring: LogRing(maxLines: 50_000, maxBytes: 512 << 20))
        let t = await c.start(follower)
        let writer = Task.detached {
            var chunk = ""
            for i in 0..<total {
                chunk += "2026-11-21T05:14:26.235Z\tINFO\tcluster\tsrc/cluster.go:1642\tpinning line \(i) everywhere:\n"
                if i % 2000 == 1999 {
                    append(path, chunk)
                    chunk = ""
                }
            }
            if !chunk.isEmpty { append(path, chunk) }
        }
        await writer.value
        #expect(await eventually(25) { await c.received + c.dropped >= total })
        let received = await c.received
        let dropped = await c.dropped
        let batches = await c.batches
        let ring = await c.ring!
        #expect(received + dropped == total)
        #expect(ring.count == 50_000)
        #expect(ring.dropped == received - 50_000)
        #expect(ring.last?.message == "pinning line \(total - 1) everywhere:")
        #expect(batches < total / 50, "lines must arrive in batches, got \(batches) batches")
        follower.stop()
        t.cancel()
    }

    @Test func stoppingEndsTheStream() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let follower = try LogFollower(targets: [.file(dir.file("none.log"))], options: testOptions())
        let c = Collector()
        let t = await c.start(follower)
        follower.stop()
        follower.stop()
        #expect(await eventually { await c.finished })
        t.cancel()
    }
}

@Suite struct FollowerPieceTests {
    @Test func lastLinesOffsetWithAndWithoutFinalNewline() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        for (text, expected) in [("a\nb\nc\n", 2), ("a\nb\nc", 2), ("only\n", 0), ("", 0)] {
            let path = dir.file("f\(expected)-\(text.count).log")
            append(path, text)
            let fd = open(path, O_RDONLY)
            defer { close(fd) }
            #expect(TailedFile.offsetOfLastLines(fd: fd, size: Int64(text.utf8.count), count: 2) == Int64(expected))
        }
    }

    @Test func argumentsBecomeTargets() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        #expect(FollowTarget.from(argument: dir.path + "/") == .directory(dir.path, pattern: "*.log"))
        #expect(FollowTarget.from(argument: dir.path + "/*.log") == .glob(dir.path + "/*.log"))
        #expect(FollowTarget.from(argument: dir.file("x.log")) == .file(dir.file("x.log")))
        #expect(FollowerLoop.staticPrefixDirectory(of: "/var/log/*/cluster*.log") == "/var/log")
        #expect(FollowerLoop.staticPrefixDirectory(of: "*.log") == ".")
    }

    @Test func lineSplitterBoundsMemoryOfHugeLines() {
        var s = LineSplitter(maxLineBytes: 8)
        var out: [(String, Int)] = []
        let emit: (UnsafeBufferPointer<UInt8>, Int) -> Void = { out.append((String(decoding: $0, as: UTF8.self), $1)) }
        for chunk in ["0123", "456789abc", "def\nshort\nta", "il"] {
            Array(chunk.utf8).withUnsafeBufferPointer { s.feed($0, emit: emit) }
        }
        #expect(s.pending.count <= 8)
        s.flush(emit: emit)
        #expect(out.map(\.0) == ["01234567", "short", "tail"])
        #expect(out.map(\.1) == [8, 0, 0])
    }
}

@Suite(.serialized) struct StalledConsumerTests {
    /// The consumer does not read while 40 batches are produced; the stream keeps 2. Afterwards
    /// every line is either delivered or counted as dropped: nothing vanishes silently.
    @Test func droppedLinesAreCountedWhenTheConsumerStalls() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        var o = testOptions(rescan: 0.3)
        o.bufferedBatches = 2
        o.batchInterval = 0.005
        o.maxBatchLines = 100
        let files = (0..<40).map { dir.file("f\($0).log") }
        let follower = try LogFollower(targets: files.map { FollowTarget.file($0) }, options: o)
        // Separate files appended one after another while nobody reads: many batches.
        for (i, f) in files.enumerated() {
            append(f, (0..<100).map { "file \(i) line \($0)\n" }.joined())
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        try await Task.sleep(nanoseconds: 200_000_000)
        let c = Collector()
        let t = await c.start(follower)
        // Whether drops happened depends on scheduling, so only the invariant is asserted.
        #expect(await eventually { await c.lines.count + c.dropped == 4000 })
        follower.stop()
        t.cancel()
    }
}
