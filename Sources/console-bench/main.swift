// console-bench: prints the speed and memory figures of issue "A million pins" and writes them
// to bench-results/bench-<date>.json. `console-bench ingest FILE` measures a saved /pins body.
import ConsoleBase
import ConsoleCore
import Foundation

func writeResults(_ figures: [Figure], extra: [String: String] = [:]) throws -> String {
    let dir = "bench-results"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let stamp = RFC3339.format(Date(), fraction: .none).replacingOccurrences(of: ":", with: "-")
    let path = "\(dir)/bench-\(stamp).json"
    var obj: [String: Any] = ["date": stamp, "host_cpus": ProcessInfo.processInfo.activeProcessorCount]
    for (k, v) in extra { obj[k] = v }
    var figs: [String: Any] = [:]
    for f in figures {
        var entry: [String: Any] = ["values": f.values, "line": f.line]
        if !f.target.isEmpty { entry["target"] = f.target }
        if let met = f.met { entry["met"] = met }
        figs[f.id] = entry
    }
    obj["figures"] = figs
    obj["lines"] = figures.map(\.printed)
    if let load = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) {
        obj["load_average"] = load.trimmingCharacters(in: .whitespacesAndNewlines)
    }
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

/// Which figures to run (`--only 1,4,7`); all by default.
struct Selection {
    var only: Set<Int>?
    func has(_ n: Int) -> Bool { only?.contains(n) ?? true }
}

@MainActor
func runAll(million: Int, selection: Selection, streamMB: Int, steadySeconds: Double, soakSeconds: Double) async throws {
    var figures: [Figure] = []
    func report(_ more: [Figure]) {
        for f in more { print(f.printed) }
        fflush(nil)
        figures += more
    }
    let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    print("console-bench: \(ProcessInfo.processInfo.activeProcessorCount) CPUs, load average \(load); times are CPU time unless marked wall")
    if selection.has(1) || selection.has(2) || selection.has(4) || selection.has(5) {
        // The big run first, so the memory figure sees a fresh heap.
        var (big, table) = try figureIngest(pins: million, peers: 3, measureMemory: true, jsonLines: 50_000)
        report(big)
        if selection.has(4) { report(try figureViews(table)) }
        if selection.has(5) { report(try figureRender(table)) }
        // Last: it changes the table (and needs no other copy of it alive).
        if selection.has(4) { report([try figureSnapshotWrite(&table, label: "(4)")]) }
    }
    if selection.has(1) {
        let (small, _) = try figureIngest(pins: million / 5, peers: 3, measureMemory: false, jsonLines: 50_000)
        report(small)
    }
    if selection.has(6) { report(figureLogIngest(lines: million)) }
    if selection.has(3) { report(try await figureEndToEnd(pins: million, peers: 3)) }
    if selection.has(5) { report(try figureTerminalBytes(pins: max(1000, million / 10))) }
    if selection.has(7) { report(try figureIdleCPU()) }
    if selection.has(8) { report(try await figureSteadyLoad(pins: million, seconds: steadySeconds)) }
    // Opt-in: minutes of generation and decoding, ~2 GB resident.
    if selection.only?.contains(9) == true {
        try figureTenMillion(pins: 10 * million, report: report)
    }
    if selection.has(10) { report(figureLoopBlocking(streamBytes: streamMB * 1_000_000)) }
    if selection.has(11) { report(try await figureExportsWatch(files: 10_000, seconds: 30)) }
    // Opt-in: an hour by default.
    if selection.only?.contains(12) == true { report(try await figureSoak(pins: million, seconds: soakSeconds)) }
    let missed = figures.filter { $0.met == false }.map(\.id)
    print(missed.isEmpty ? "all targets met" : "targets missed: \(missed.joined(separator: ", "))")
    print("results: \(try writeResults(figures))")
}

// Large arrays straight from mmap, so the old buffer of a grown array goes back to the OS at
// once instead of lingering in the heap: resident memory then reflects the table, as it would
// in the console (which can make the same call at start-up).
setMmapThreshold(256 * 1024)

let args = Array(CommandLine.arguments.dropFirst())
let usage = """
usage: console-bench [PINS] [--only 1,2,...] [--stream-mb N] [--steady-seconds S] [--soak-minutes M]
                                                 every figure but 9 and 12 (PINS default 1000000; figure 1 also runs PINS/5;
                                                 figure 9, only when named in --only, builds 10 x PINS pins;
                                                 figure 10 streams N MB, default 2000;
                                                 figure 8 runs S seconds after the first load, default 600;
                                                 figure 12, only when named in --only, runs the console binary
                                                 M minutes after the first load, default 60)
       console-bench ingest FILE                 figures (1) and (2) on a saved GET /pins body
       console-bench gen PINS FILE               writes figure (1)'s /pins body (PINS x 3 peers) to FILE,
                                                 so `ingest FILE` profiles the decoder alone (perf)
"""
do {
    if args.first == "ingest" {
        guard args.count == 2 else {
            FileHandle.standardError.write(Data("usage: console-bench ingest FILE\n".utf8))
            exit(2)
        }
        try runIngestFile(args[1])
    } else if args.first == "gen" {
        guard args.count == 3, let pins = Int(args[1]), pins > 0 else {
            FileHandle.standardError.write(Data("usage: console-bench gen PINS FILE\n".utf8))
            exit(2)
        }
        var gen = PinsGenerator(pins: pins, peers: 3, seed: 42)
        try Data(gen.pinsBody()).write(to: URL(fileURLWithPath: args[2]))
    } else if args.first == "pty-screen" {
        // Child mode of figure (5): the pins screen on this (pseudo-)terminal.
        try await runPtyScreen(pins: args.count > 1 ? Int(args[1]) ?? 100_000 : 100_000)
    } else if args.first == "-h" || args.first == "--help" {
        print(usage)
    } else {
        var million = 1_000_000
        var selection = Selection()
        var streamMB = 2000
        var steadySeconds = 600.0
        var soakSeconds = 3600.0
        var i = 0
        while i < args.count {
            if args[i] == "--only", i + 1 < args.count {
                selection.only = Set(args[i + 1].split(separator: ",").compactMap { Int($0) })
                i += 2
            } else if args[i] == "--steady-seconds", i + 1 < args.count, let n = Double(args[i + 1]), n > 0 {
                steadySeconds = n
                i += 2
            } else if args[i] == "--soak-minutes", i + 1 < args.count, let n = Double(args[i + 1]), n > 0 {
                soakSeconds = n * 60
                i += 2
            } else if args[i] == "--stream-mb", i + 1 < args.count, let n = Int(args[i + 1]), n > 0 {
                streamMB = n
                i += 2
            } else if let n = Int(args[i]), n > 0 {
                million = n
                i += 1
            } else {
                FileHandle.standardError.write(Data("console-bench: unknown argument \(args[i])\n\(usage)\n".utf8))
                exit(2)
            }
        }
        try await runAll(million: million, selection: selection, streamMB: streamMB, steadySeconds: steadySeconds, soakSeconds: soakSeconds)
    }
} catch {
    FileHandle.standardError.write(Data("console-bench: \(error)\n".utf8))
    exit(1)
}
