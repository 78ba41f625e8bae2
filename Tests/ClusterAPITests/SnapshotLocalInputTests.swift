import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `snapshot` names every odd local input on stderr (the readers' notices), never blocks on a
/// FIFO, and still writes its report.
@Suite("Snapshot: local input notices (built binary)", .serialized)
struct SnapshotLocalInputTests {
    @Test func oddLogsAndExportsAreNamedOnStderr() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("snap-inputs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/ecs", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(mkfifo(dir + "/pipe.log", 0o644) == 0)
        #expect(mkfifo(dir + "/ecs/describe-tasks.json", 0o644) == 0)
        #expect(symlink(dir + "/gone.json", dir + "/ecs/list-tasks.json") == 0)
        try Data([0x7F, 0x45, 0x4C, 0x46, 0, 0, 0, 0]).write(to: URL(fileURLWithPath: dir + "/core.log"))
        let server = try await TestServer.start { _ in Reply.error(404, "Not Found", "not found") }
        defer { Task { await server.stop() } }
        let r = try await runConsole(["snapshot", "--host", server.multiaddr, "--no-pins", "--timeout", "20", "--out", dir + "/out",
                                      "--ecs-dir", dir + "/ecs", "--logs", dir + "/pipe.log", dir + "/core.log", dir + "/missing.log"])
        await server.stop()
        #expect(r.status == 0, "exit \(r.status)\n\(r.stderr)")
        for needle in ["\(dir)/pipe.log is a FIFO (named pipe), not a file; not opened",
                       "\(dir)/core.log is binary (not text at byte 4); not ingested",
                       "cannot open \(dir)/missing.log: No such file or directory",
                       "describe-tasks.json: is a FIFO (named pipe)",
                       "list-tasks.json: link to \(dir)/gone.json, which does not exist"] {
            #expect(r.stderr.contains(needle), "no \"\(needle)\" in\n\(r.stderr)")
        }
        #expect(r.seconds < 20)
    }
}
