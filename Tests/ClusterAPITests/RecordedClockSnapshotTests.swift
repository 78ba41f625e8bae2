import Foundation
import Testing

/// `snapshot` against responses recorded days earlier (the real-cluster fixtures, a healthy
/// three-peer cluster on 21 Nov 2026): the console judges the metrics on the cluster's clock,
/// so nothing is called expired or CRITICAL, with or without the responses' `Date` header.
@Suite("Snapshot: responses recorded days ago (built binary)", .serialized)
struct RecordedClockSnapshotTests {
    /// The recorded reply for a request, with the `Date` header kept or dropped.
    static func reply(_ path: String, keepDate: Bool) -> [Step] {
        let name: String? = switch path {
        case "/id": "recorded/01-id.http"
        case "/peers": "recorded/03-peers.http"
        case "/monitor/metrics/ping": "recorded/08-monitor-metrics-ping.http"
        case "/monitor/metrics/freespace": "recorded/07-monitor-metrics-freespace.http"
        case "/pins": "recorded/28-pins-all.http"
        case "/allocations": "recorded/40-allocations.http"
        default: nil
        }
        let date = keepDate ? [("Date", "Sat, 21 Nov 2026 05:12:24 GMT")] : []
        guard let name, let recorded = try? RecordedHTTP.load(name) else { return Reply.json(200, "OK", "[]", extraHeaders: date) }
        guard !keepDate else { return [.write(recorded.wireBytes)] }
        let text = String(decoding: recorded.wireBytes, as: UTF8.self)
        let kept = text.split(separator: "\r\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("Date: ") }
        return [.write(Array(kept.joined(separator: "\r\n").utf8))]
    }

    @Test(arguments: [true, false])
    func noPeerIsExpiredOrCritical(keepDate: Bool) async throws {
        let server = try await TestServer.start { r in Self.reply(r.path, keepDate: keepDate) }
        defer { Task { await server.stop() } }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("snap-recorded-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try await runConsole(["snapshot", "--host", server.multiaddr, "--timeout", "20", "--out", dir])
        await server.stop()
        #expect(r.status == 0, "exit \(r.status)\n\(r.stderr)")
        let md = try String(contentsOfFile: try #require(r.stdout.split(separator: "\n").first.map(String.init)), encoding: .utf8)
        #expect(!md.contains("CRITICAL"), "\(md)")
        #expect(!md.contains("expired"), "\(md)")
        #expect(!md.contains("no healthy copy"), "\(md)")
        for name in ["p1", "p2", "p3"] { #expect(md.contains(name), "\(name) not in\n\(md)") }
    }
}
