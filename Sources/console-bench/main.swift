// console-bench: prints the speed and memory figures of issue "A million pins" and writes them
// to bench-results/bench-<date>.json. `console-bench ingest FILE` measures a saved /pins body.
import ConsoleCore
import Foundation

func writeResults(_ figures: [Figure], extra: [String: String] = [:]) throws -> String {
    let dir = "bench-results"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "-")
    let path = "\(dir)/bench-\(stamp).json"
    var obj: [String: Any] = ["date": stamp, "host_cpus": ProcessInfo.processInfo.activeProcessorCount]
    for (k, v) in extra { obj[k] = v }
    var figs: [String: Any] = [:]
    for f in figures { figs[f.id] = f.values }
    obj["figures"] = figs
    obj["lines"] = figures.map(\.line)
    let data = try JSONSerialization.data(withJSONObject: obj, options: [.prettyPrinted, .sortedKeys])
    try data.write(to: URL(fileURLWithPath: path))
    return path
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
}

func runIngestFile(_ path: String) throws {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw BenchError(description: "cannot read \(path)")
    }
    let body = [UInt8](data)
    let rss0 = residentBytes()
    let table: PinTable, wall: Double, secs: Double
    do {
        (table, wall, secs) = try ingest(body)
    } catch {
        throw BenchError(description: "\(path): \(error)")
    }
    let rss1 = residentBytes()
    let perPin = table.liveCount > 0 ? Double(rss1 - rss0) / Double(table.liveCount) : 0
    let line = "ingest \(path): pins \(table.liveCount), peers \(table.peerCount), bytes \(body.count), seconds \(fmt(secs, 3)) CPU (\(fmt(wall, 3)) wall), MB/s \(fmt(Double(body.count) / 1e6 / secs)), bytes/pin \(fmt(perPin))"
    print(line)
    let out = try writeResults([Figure(id: "ingest_file", line: line, values: [
        "pins": Double(table.liveCount), "peers": Double(table.peerCount), "bytes": Double(body.count),
        "seconds": secs, "wall_seconds": wall, "mb_per_s": Double(body.count) / 1e6 / secs, "bytes_per_pin": perPin,
    ])], extra: ["file": path])
    print("results: \(out)")
}

func runAll(args: [String]) throws {
    let million = args.first.flatMap(Int.init) ?? 1_000_000
    var figures: [Figure] = []
    // The big run first, so the memory figure sees a fresh heap.
    let (big, table) = try figureIngest(pins: million, peers: 3, measureMemory: true, jsonLines: 50_000)
    big.forEach { print($0.line) }
    figures += big
    let views = try figureViews(table)
    views.forEach { print($0.line) }
    let (small, _) = try figureIngest(pins: million / 5, peers: 3, measureMemory: false, jsonLines: 50_000)
    small.forEach { print($0.line) }
    figures = small + figures + views
    for more in [figureEndToEnd(), figureRender(), figureLogIngest(), figureIdleCPU()] { figures += more }
    print("(3) (5) (6) (7): not measured yet (their modules are being built)")
    print("results: \(try writeResults(figures))")
}

// Large arrays straight from mmap, so the old buffer of a grown array goes back to the OS at
// once instead of lingering in the heap: resident memory then reflects the table, as it would
// in the console (which can make the same call at start-up).
setMmapThreshold(256 * 1024)

let args = Array(CommandLine.arguments.dropFirst())
do {
    if args.first == "ingest" {
        guard args.count == 2 else {
            FileHandle.standardError.write("usage: console-bench ingest FILE\n".data(using: .utf8)!)
            exit(2)
        }
        try runIngestFile(args[1])
    } else if args.first == "-h" || args.first == "--help" {
        print("usage: console-bench [PINS]   (default 1000000; also runs PINS/5)\n       console-bench ingest FILE")
    } else {
        try runAll(args: args)
    }
} catch {
    FileHandle.standardError.write("console-bench: \(error)\n".data(using: .utf8)!)
    exit(1)
}
