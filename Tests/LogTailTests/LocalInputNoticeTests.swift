import Foundation
import Glibc
import Testing
@testable import LogTail

/// Every odd local input gets a notice naming it and saying why, and nothing blocks on a FIFO.
@Suite("Local input notices: missing, FIFO, socket, folder, dangling link, binary, too large")
struct LocalInputNoticeTests {
    /// The notices' errors for `path`.
    private func errors(_ notices: [FollowerNotice], for path: String) -> [LogTailError] {
        notices.compactMap { n in
            guard n.path == path, case let .error(e) = n.event else { return nil }
            return e
        }
    }

    @Test func followerNamesEveryOddInputWithoutBlocking() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let missing = dir.file("missing.log")
        let fifo = dir.file("pipe.log")
        #expect(mkfifo(fifo, 0o644) == 0)
        let dangling = dir.file("dangling.log")
        #expect(symlink(dir.file("nowhere.log"), dangling) == 0)
        let binary = dir.file("core.log")
        appendBytes(binary, [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + Array(repeating: 0, count: 100))
        let folder = dir.file("folder.log")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let follower = try LogFollower(targets: [.file(missing), .file(fifo), .file(dangling), .file(binary), .file(folder), sentinel(dir)],
                                       options: testOptions())
        let c = Collector()
        let task = await c.start(follower)
        // The sentinel arrives only if the follower's thread got past the FIFO.
        #expect(await eventually { await c.ready }, "a FIFO blocked the follower")
        #expect(await eventually { await !self.errors(c.notices, for: binary).isEmpty })
        let notices = await c.notices
        #expect(errors(notices, for: missing) == [.missing(path: missing)])
        #expect(errors(notices, for: fifo) == [.notAFile(path: fifo, kind: .fifo)])
        #expect(errors(notices, for: dangling) == [.danglingLink(path: dangling, target: dir.file("nowhere.log"))])
        #expect(errors(notices, for: binary) == [.binary(path: binary, offset: 7)])
        #expect(errors(notices, for: folder) == [.notAFile(path: folder, kind: .directory)])
        let ingested = await c.messages
        #expect(ingested.isEmpty, "nothing of the binary file is ingested: \(ingested)")
        for e in notices.compactMap({ if case let .error(e) = $0.event { e } else { nil } }) {
            #expect(!e.description.isEmpty)
        }
        follower.stop()
        task.cancel()
    }

    @Test func fifoInAFollowedDirectoryIsNamedNotOpened() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let fifo = dir.file("peer-0.log")
        #expect(mkfifo(fifo, 0o644) == 0)
        append(dir.file("peer-1.log"), "ok line\n")
        let follower = try LogFollower(targets: [.directory(dir.path, pattern: "*.log")], options: testOptions())
        let c = Collector()
        let task = await c.start(follower)
        #expect(await eventually { await c.messages == ["ok line"] })
        #expect(await eventually { await self.errors(c.notices, for: fifo) == [.notAFile(path: fifo, kind: .fifo)] })
        follower.stop()
        task.cancel()
    }

    @Test func oneShotReaderNamesTheProblem() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let fifo = dir.file("pipe.log")
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect(throws: LogTailError.notAFile(path: fifo, kind: .fifo)) { try LogFileReader.read(path: fifo) }
        let missing = dir.file("missing.log")
        #expect(throws: LogTailError.cannotOpen(path: missing, errno: ENOENT)) { try LogFileReader.read(path: missing) }
        let binary = dir.file("data.log")
        appendBytes(binary, Array("text at first\n".utf8) + [0, 1, 2, 3])
        #expect(throws: LogTailError.binary(path: binary, offset: 14)) { try LogFileReader.read(path: binary) }
        let unreadable = dir.file("secret.log")
        append(unreadable, "x\n")
        chmod(unreadable, 0)
        if getuid() != 0 {  // root reads anything
            #expect(throws: LogTailError.cannotOpen(path: unreadable, errno: EACCES)) { try LogFileReader.read(path: unreadable) }
        }
    }

    @Test func binarySniffing() {
        #expect(LocalInputCheck.binaryOffset(Array("2026-11-21T05:14:26Z INFO plain text\n".utf8)) == nil)
        #expect(LocalInputCheck.binaryOffset(Array("\u{1B}[31mcoloured\u{1B}[0m log, café, 中文\n".utf8)) == nil)
        #expect(LocalInputCheck.binaryOffset(Array("abc\0def".utf8)) == 3)
        // Latin-1 accents now and then are still text.
        #expect(LocalInputCheck.binaryOffset(Array(repeating: Array("le caf\u{E9} est servi dans la grande salle ".unicodeScalars.map { UInt8($0.value) }), count: 20).joined()) == nil)
        // Random high bytes are not.
        let noise = (0..<512).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 131) | 0x80 }
        #expect(LocalInputCheck.binaryOffset(noise) != nil)
    }

    @Test func descriptionsNameThePathAndTheReason() {
        #expect(LogTailError.notAFile(path: "/x/p.log", kind: .fifo).description
                == "/x/p.log is a FIFO (named pipe), not a file; not opened: opening it would block until a writer appears, and what it carries cannot be re-read")
        #expect(LogTailError.binary(path: "/x/b.log", offset: 3).description == "/x/b.log is binary (not text at byte 3); not ingested")
        #expect(LogTailError.tooLarge(path: "/x/e.json", size: 300 << 20, limit: 256 << 20).description
                == "/x/e.json is 300 MiB, over the 256 MiB limit for reading a whole file; not read")
    }
}
