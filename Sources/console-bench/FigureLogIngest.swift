import Foundation
import LogTail

/// What one pass of a log body through the follower's per-line path produced.
struct LogIngestResult {
    var physicalLines = 0
    var nonBlankLines = 0
    var ring: LogRing
}

/// The follower's per-line path on one thread, as `TailedFile` runs it for each chunk read:
/// split at newlines, `LineSanitizer`, `LogLineParser` (go-log fields, triage classification,
/// continuation lines), append to the `LogRing` (default bounds: the oldest lines drop out).
func ingestLog(_ body: [UInt8], source: String) -> LogIngestResult {
    let sanitizer = LineSanitizer()
    var parser = LogLineParser(origin: .file(path: source))
    var result = LogIngestResult(ring: LogRing())
    body.withUnsafeBufferPointer { all in
        guard let base = all.baseAddress else { return }
        var start = 0
        while start < all.count {
            let end: Int
            if let hit = memchr(base + start, 0x0A, all.count - start) {
                end = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            } else {
                end = all.count
            }
            let text = sanitizer.sanitize(UnsafeBufferPointer(start: base + start, count: end - start), alreadyCut: 0)
            result.physicalLines += 1
            if let line = parser.parse(text) {
                result.nonBlankLines += 1
                result.ring.append(line)
            }
            start = end + 1
        }
    }
    return result
}

/// Figure (6): log ingestion lines/s, single thread.
func figureLogIngest(lines: Int) -> [Figure] {
    var gen = LogLinesGenerator(seed: 7)
    let body = gen.lines(lines)
    let sw = Stopwatch()
    let result = ingestLog(body, source: "/var/log/ipfs-cluster/IpfsCluster0.log")
    let cpu = sw.cpu, wall = sw.wall
    let rate = Double(result.nonBlankLines) / cpu
    return [Figure(
        id: "log_ingest",
        line: "(6) log ingestion, one thread, split + sanitise + parse + ring: \(result.physicalLines) lines (\(result.nonBlankLines) non-blank, \(fmt(Double(body.count) / 1e6)) MB) in \(fmt(cpu, 3)) s CPU (wall \(fmt(wall, 3)) s): \(fmt(rate, 0)) non-blank lines/s, \(fmt(Double(result.physicalLines) / cpu, 0)) lines/s counting go-log's blank lines; ring holds \(result.ring.count), dropped \(result.ring.dropped)",
        values: ["lines": Double(result.physicalLines), "non_blank_lines": Double(result.nonBlankLines), "bytes": Double(body.count),
                 "cpu_seconds": cpu, "wall_seconds": wall, "lines_per_s": rate,
                 "physical_lines_per_s": Double(result.physicalLines) / cpu],
        target: ">= 500,000 lines/s", met: rate >= 500_000)]
}
