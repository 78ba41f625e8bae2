import ConsoleCore
import Foundation

/// One measured figure: printed as one line and written to the JSON file.
struct Figure {
    let id: String
    let line: String
    let values: [String: Double]
}

/// A test-only style Codable mirror of GlobalPinInfo, for the JSONDecoder comparison.
struct MirrorGlobalPinInfo: Decodable {
    struct Entry: Decodable {
        let peername: String
        let ipfs_peer_id: String?
        let status: String
        let timestamp: String
        let error: String
        let attempt_count: Int
        let priority_pin: Bool
    }
    let cid: String
    let name: String
    let allocations: [String]?
    let origins: [String]?
    let created: String
    let metadata: [String: String]?
    let peer_map: [String: Entry]
}

/// Decodes `body` in 64 KiB chunks into a fresh table.
func ingest(_ body: [UInt8], chunk: Int = 64 * 1024) throws -> (PinTable, wall: Double, cpu: Double) {
    var table = PinTable()
    var decoder = PinStreamDecoder(source: .pins)
    let sw = Stopwatch()
    try body.withUnsafeBytes { all in
        var off = 0
        while off < all.count {
            let n = min(chunk, all.count - off)
            try decoder.feed(UnsafeRawBufferPointer(rebasing: all[off..<off + n]), into: &table)
            off += n
        }
        try decoder.finish(into: &table)
    }
    return (table, sw.wall, sw.cpu)
}

/// JSONDecoder on the first `lines` lines of `body`, one decode per line (what a naive client does).
func jsonDecoderRate(_ body: [UInt8], lines: Int) throws -> (bytes: Int, wall: Double, cpu: Double, lines: Int) {
    let decoder = JSONDecoder()
    var count = 0, bytes = 0
    let sw = Stopwatch()
    var start = 0
    try body.withUnsafeBytes { all in
        let p = all.bindMemory(to: UInt8.self)
        var i = 0
        while i < p.count && count < lines {
            if p[i] == 0x0A {
                let data = Data(bytes: p.baseAddress! + start, count: i - start)
                _ = try decoder.decode(MirrorGlobalPinInfo.self, from: data)
                bytes += i - start + 1
                count += 1
                start = i + 1
            }
            i += 1
        }
    }
    return (bytes, sw.wall, sw.cpu, count)
}

func fmt(_ v: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", v) }

/// Figures (1) and (2): decode + store throughput vs JSONDecoder; resident bytes per pin.
func figureIngest(pins: Int, peers: Int, measureMemory: Bool, jsonLines: Int) throws -> ([Figure], PinTable) {
    var gen = PinsGenerator(pins: pins, peers: peers, seed: 42)
    let body = gen.pinsBody()
    let rss0 = residentBytes()
    let (table, wall, cpu) = try ingest(body)
    let rss1 = residentBytes()
    let mb = Double(body.count) / 1e6
    let json = try jsonDecoderRate(body, lines: jsonLines)
    let jsonCPU = Double(json.bytes) / 1e6 / json.cpu
    let oursCPU = mb / cpu
    var figures = [Figure(
        id: "ingest_\(pins)x\(peers)",
        line: "(1) /pins decode+store \(pins) pins x \(peers) peers, \(fmt(mb)) MB in 64 KiB chunks: \(fmt(oursCPU)) MB/s, \(fmt(Double(pins) / cpu, 0)) pins/s (CPU \(fmt(cpu, 3)) s; wall \(fmt(wall, 3)) s = \(fmt(mb / wall)) MB/s); JSONDecoder on the first \(json.lines) lines: \(fmt(jsonCPU)) MB/s (wall \(fmt(Double(json.bytes) / 1e6 / json.wall))) -> \(fmt(oursCPU / jsonCPU))x",
        values: ["pins": Double(pins), "peers": Double(peers), "bytes": Double(body.count), "cpu_seconds": cpu,
                 "wall_seconds": wall, "mb_per_s": oursCPU, "mb_per_s_wall": mb / wall, "pins_per_s": Double(pins) / cpu,
                 "jsondecoder_mb_per_s": jsonCPU, "jsondecoder_mb_per_s_wall": Double(json.bytes) / 1e6 / json.wall,
                 "jsondecoder_lines": Double(json.lines), "ratio": oursCPU / jsonCPU])]
    if measureMemory {
        let perPin = Double(rss1 - rss0) / Double(table.liveCount)
        figures.append(Figure(
            id: "memory_\(pins)x\(peers)",
            line: "(2) resident memory added by \(table.liveCount) pins x \(table.peerCount) peers: \(fmt(Double(rss1 - rss0) / 1_048_576)) MiB = \(fmt(perPin)) bytes/pin (input bytes allocated before, not counted)",
            values: ["pins": Double(table.liveCount), "rss_added_bytes": Double(rss1 - rss0), "bytes_per_pin": perPin]))
    }
    return (figures, table)
}

/// Figure (4): filter keystrokes and sorts on a loaded table.
func figureViews(_ table: PinTable) throws -> [Figure] {
    // Type the name of a row in the middle, one character at a time, as `/` does.
    var target = ""
    var r = table.rowCount / 2
    while target.count < 12 { target = table.name(r); r += 1 }
    var times: [Double] = []
    var walls: [Double] = []
    var previous = try table.computeView(PinView())
    var typed = ""
    for ch in target.prefix(30) {
        typed.append(ch)
        let sw = Stopwatch()
        previous = try table.computeView(PinView(text: typed), previous: previous)
        times.append(sw.cpu * 1000)
        walls.append(sw.wall * 1000)
    }
    let sorted = times.sorted()
    let median = sorted[sorted.count / 2]
    let p99 = sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)]
    let wallSorted = walls.sorted()
    let wallMedian = wallSorted[wallSorted.count / 2]
    let wallP99 = wallSorted[min(wallSorted.count - 1, Int((Double(wallSorted.count) * 0.99).rounded(.up)) - 1)]
    var out = [Figure(
        id: "filter_keystroke",
        line: "(4) filter keystroke on \(table.liveCount) pins (\(times.count) keystrokes typing \"\(typed)\"): median \(fmt(median, 2)) ms, p99 \(fmt(p99, 2)) ms, max \(fmt(sorted.last!, 2)) ms CPU (wall median \(fmt(wallMedian, 2)), p99 \(fmt(wallP99, 2)) ms); final rows \(previous.count)",
        values: ["median_ms": median, "p99_ms": p99, "max_ms": sorted.last!, "wall_median_ms": wallMedian,
                 "wall_p99_ms": wallP99, "keystrokes": Double(times.count)])]
    // Status chips with the text kept: not a narrowing, a rescan of the sorted rows.
    var chipParts: [String] = []
    var chipValues: [String: Double] = [:]
    for chip in [PinStatusChip.error, .pinned, .all] {
        let sw = Stopwatch()
        previous = try table.computeView(PinView(chip: chip, text: typed), previous: previous)
        chipValues["chip_\(chip.rawValue)_ms"] = sw.cpu * 1000
        chipValues["chip_\(chip.rawValue)_wall_ms"] = sw.wall * 1000
        chipParts.append("\(chip.rawValue) \(fmt(sw.cpu * 1000, 2)) ms (wall \(fmt(sw.wall * 1000, 2)))")
    }
    out.append(Figure(id: "chip_change", line: "(4) status chip change with the filter kept, CPU time: " + chipParts.joined(separator: ", "), values: chipValues))
    var values: [String: Double] = [:]
    var parts: [String] = []
    for key in [PinSortKey.name, .status, .age, .cid] {
        let sw = Stopwatch()
        let v = try table.computeView(PinView(sort: key))
        let ms = sw.cpu * 1000, wallMS = sw.wall * 1000
        precondition(v.count == table.liveCount)
        values["sort_\(key.rawValue)_ms"] = ms
        values["sort_\(key.rawValue)_wall_ms"] = wallMS
        parts.append("\(key.rawValue) \(fmt(ms, 1)) ms (wall \(fmt(wallMS, 1)))")
    }
    out.append(Figure(id: "sorts", line: "(4) sorts of \(table.liveCount) pins, CPU time: " + parts.joined(separator: ", "), values: values))
    return out
}

// Extension points: these figures need modules that are being built in parallel.
/// (3) End to end: simulator over loopback HTTP into the table (needs ClusterSimulator + ClusterAPI).
func figureEndToEnd() -> [Figure] { [] }
/// (5) Frame render at 240x70 and bytes per one-cell change (needs TerminalUI + ConsoleUI).
func figureRender() -> [Figure] { [] }
/// (6) Log ingestion lines/s into the ring (needs LogTail).
func figureLogIngest() -> [Figure] { [] }
/// (7) Idle CPU of the demo over 10 s (needs the console executable).
func figureIdleCPU() -> [Figure] { [] }
