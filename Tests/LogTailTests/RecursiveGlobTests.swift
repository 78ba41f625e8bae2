import Foundation
import Testing
@testable import LogTail

/// The README's `--logs '~/logs/**/*.log'`: `**` follows matching files at any depth.
@Suite("Recursive ** globs") struct RecursiveGlobTests {
    /// A temporary folder holding `files` (relative path -> one line of text).
    static func tree(_ files: [String: String]) throws -> TempDir {
        let dir = try TempDir()
        for (path, line) in files {
            let full = dir.path + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            append(full, line + "\n")
        }
        return dir
    }

    @Test func doubleStarBecomesARecursiveDirectoryTarget() {
        #expect(FollowTarget.from(argument: "/var/log/cluster/**/*.log") == .directory("/var/log/cluster", pattern: "*.log"))
        #expect(FollowTarget.from(argument: "/var/log/**") == .directory("/var/log", pattern: "*"))
        let home = ProcessInfo.processInfo.environment["HOME"] ?? ""
        #expect(FollowTarget.from(argument: "~/logs/**/*.log") == .directory(home + "/logs", pattern: "*.log"))
        #expect(FollowTarget.from(argument: "/a/*/b/**/*.log") == .glob("/a/*/b/**/*.log"))
    }

    @Test func nestedFilesAreFollowed() async throws {
        let dir = try Self.tree(["top.log": "top", "a/b/deep.log": "deep", "a/b/skip.txt": "skipped"])
        defer { dir.cleanup() }
        let follower = try LogFollower(targets: [FollowTarget.from(argument: dir.path + "/**/*.log")], options: testOptions())
        let c = Collector()
        let t = await c.start(follower)
        #expect(await eventually { await Set(c.messages).isSuperset(of: ["top", "deep"]) })
        #expect(await !c.messages.contains("skipped"))
        follower.stop()
        t.cancel()
    }

    /// One-shot readers (the incident snapshot) get the files a pattern matches now.
    @Test func pathsToReadExpandPatterns() throws {
        let dir = try Self.tree(["a/b/x.txt": "x", "a/y.txt": "y", "a/z.log": "z"])
        defer { dir.cleanup() }
        #expect(FollowTarget.from(argument: dir.path + "/**/*.txt").pathsToRead == [dir.path + "/a/b/x.txt", dir.path + "/a/y.txt"])
        #expect(FollowTarget.from(argument: dir.path + "/a/*.log").pathsToRead == [dir.path + "/a/z.log"])
        #expect(FollowTarget.from(argument: dir.path + "/**/*.log").pathsToRead == [dir.path])
    }
}
