import Foundation
import Testing
@testable import ClusterSimulator

private func residentBytes() -> Int {
    let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
    let pages = Int(statm.split(separator: " ").dropFirst().first ?? "0") ?? 0
    return pages * 4096
}

/// A 100,000-pin stream is served without building the whole response in memory.
extension SimulatorTests {
@Suite struct ScaleTests {
    @Test func hundredThousandPinStreamIsCompleteAndBounded() async throws {
        try await withSimulator(pins: 100_000) { _, e in
            let before = residentBytes()
            let r = await RawHTTP.request(e.peers[0], "GET", "/allocations", timeout: 60)
            #expect(r.status == 200)
            #expect(r.complete)
            #expect(r.chunkSizes.count == 100_000)
            #expect(r.lines.count == 100_000)
            let body = r.body.count
            // The test client holds the whole body; the server side must not add a copy of it on top.
            let grown = residentBytes() - before
            #expect(grown < body * 3 + 64 * 1_048_576, "RSS grew \(grown) bytes for a \(body)-byte stream")
            // Errors are ~3% and findable by filter.
            let errs = await RawHTTP.request(e.peers[0], "GET", "/pins?local=true&filter=pin_error", timeout: 60)
            #expect(errs.lines.count > 100 && errs.lines.count < 3_000)
        }
    }
}
}
