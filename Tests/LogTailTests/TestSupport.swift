import Foundation
import Glibc
@testable import LogTail

enum Fixtures {
    static func url(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name)
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }
}

/// A fresh directory under /tmp, removed by `cleanup()`.
struct TempDir {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("logtail-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func cleanup() {
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.removeItem(atPath: path + "-sentinel.log")
    }
}

/// Appends bytes with O_APPEND, as a logger does.
func append(_ path: String, _ text: String) {
    let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
    precondition(fd >= 0, "open \(path): \(errno)")
    var t = text
    t.withUTF8 { buf in
        var off = 0
        while off < buf.count { off += max(0, write(fd, buf.baseAddress! + off, buf.count - off)) }
    }
    close(fd)
}

func appendBytes(_ path: String, _ bytes: [UInt8]) {
    let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
    precondition(fd >= 0)
    bytes.withUnsafeBytes { buf in
        var off = 0
        while off < buf.count { off += max(0, write(fd, buf.baseAddress! + off, buf.count - off)) }
    }
    close(fd)
}

/// Collects what a follower delivers, for assertions from the test.
actor Collector {
    private(set) var lines: [LogLine] = []
    private(set) var notices: [FollowerNotice] = []
    private(set) var batches = 0
    private(set) var dropped = 0
    private(set) var finished = false
    var ring: LogRing?

    init(ring: LogRing? = nil) { self.ring = ring }

    /// Set once a line from a file named `sentinel.log` arrived: proof that the follower's initial
    /// scan is over, so files created afterwards exercise the "appeared later" paths.
    private(set) var ready = false

    func add(_ b: LogBatch) {
        batches += 1
        var b = b
        if b.lines.contains(where: { $0.source.hasSuffix("sentinel.log") }) {
            ready = true
            b.lines.removeAll { $0.source.hasSuffix("sentinel.log") }
        }
        dropped += b.droppedLines
        notices += b.notices
        if ring != nil {
            ring!.append(contentsOf: b.lines)
            received += b.lines.count
        } else {
            lines += b.lines
        }
    }

    private(set) var received = 0

    func finish() { finished = true }

    var messages: [String] { lines.map(\.message) }

    func start(_ follower: LogFollower) -> Task<Void, Never> {
        Task {
            for await b in follower.batches { self.add(b) }
            self.finish()
        }
    }
}

/// Polls `condition` until it holds or `seconds` pass; returns whether it held. Never hangs.
func eventually(_ seconds: Double = 5, _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if await condition() { return true }
        try? await Task.sleep(nanoseconds: 20_000_000)
    }
    return await condition()
}

/// A file outside the test's directory with one line; follow it too and wait for `Collector.ready`.
func sentinel(_ dir: TempDir) throws -> FollowTarget {
    let path = dir.path + "-sentinel.log"
    append(path, "sentinel\n")
    return .file(path)
}

/// The slow check is off by default (10 minutes) so that the tests prove inotify does the work;
/// tests of the fallback pass a short interval.
func testOptions(start: StartPosition = .beginning, rescan: Double = 600) -> FollowerOptions {
    var o = FollowerOptions()
    o.start = start
    o.rescanInterval = rescan
    return o
}

func clusterLine(_ msg: String, level: String = "INFO", subsystem: String = "cluster",
                 time: String = "2026-11-21T05:14:26.235Z") -> String {
    "\(time)\t\(level)\t\(subsystem)\tsrc/cluster.go:500\t\(msg)"
}
