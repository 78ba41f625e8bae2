import Foundation

/// One NDJSON line too long to decode on the loop (``PinStreamDecoder/offloadLineBytes``), read
/// off it; only the writing into the table, which is cheap, happens on the loop.
///
/// Why: a 10 MB `/pins` line decoded in place held the loop 106 ms CPU (figure 10 of
/// console-bench), so a key waited that long, and longer for longer lines. Reading is the whole
/// cost (scanning, building the metadata's strings); it needs only the table's peers (interned
/// by index, so a repeated `peer_map` is matched in place), which the job takes a copy of.
/// Lines after it wait in the decoder, so rows are written in stream order.
public struct LargeLineJob: Sendable, Equatable {
    let source: PinStreamSource
    let line: [UInt8]
    let streamOffset: Int
    /// 1-based line of the stream: the answer's key.
    public let lineNumber: Int
    /// An empty table with the stream's table's peers and unknown statuses: indices below its
    /// peer count are the same in the real table (peers are only ever appended).
    let seed: PinTable

    init(source: PinStreamSource, line: [UInt8], streamOffset: Int, lineNumber: Int, peersOf table: PinTable) {
        self.source = source
        self.line = line
        self.streamOffset = streamOffset
        self.lineNumber = lineNumber
        self.seed = PinTable(peersOf: table)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.source == b.source && a.lineNumber == b.lineNumber && a.streamOffset == b.streamOffset && a.line.count == b.line.count
    }

    public var byteCount: Int { line.count }

    /// The line read, or why it is malformed.
    public struct Answer: Sendable {
        public let lineNumber: Int
        let outcome: Outcome
    }

    enum Outcome: Sendable {
        case read(ReadLine)
        case blank
        case failure(PinDecodeError)
    }

    /// Reads the line (any thread).
    public func run() -> Answer {
        Answer(lineNumber: lineNumber, outcome: read())
    }

    private func read() -> Outcome {
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return .blank }
        let storage = LineStorage(line)
        var table = seed
        var entries: [EntryRecord] = []
        var allocPeers: [Int] = []
        var peerOrder: [Int] = []
        var cur = JSONCursor(base: UnsafePointer(storage.line), count: storage.count, scratch: storage.scratch)
        do throws(ScanError) {
            let fields: ReadLine.Fields
            switch source {
            case .pins:
                fields = .pins(try PinLineReader.parseGlobalPinInfo(&cur, &table, &entries, &allocPeers, &peerOrder))
            case .allocations, .peers:
                fields = .allocations(try PinLineReader.parsePin(&cur, &table, &allocPeers))
            }
            return .read(ReadLine(storage: storage, fields: fields, entries: entries, allocPeers: allocPeers, table: table,
                                  seedPeers: seed.peerCount))
        } catch {
            return .failure(PinDecodeError(source: source, offset: streamOffset + error.position, line: lineNumber,
                                           reason: error.reason))
        }
    }
}

/// A line read off the loop, ready to write: its byte strings point into `storage`, which it
/// keeps alive. Unchecked Sendable: nothing in it changes after the job built it.
struct ReadLine: @unchecked Sendable {
    enum Fields {
        case pins(GlobalPinLine)
        case allocations(PinLine)
    }

    let storage: LineStorage
    let fields: Fields
    let entries: [EntryRecord]
    let allocPeers: [Int]
    /// The job's table: its peers past `seedPeers` and its unknown statuses are new.
    let table: PinTable
    let seedPeers: Int

    /// Writes the line as the decoder writes one it read in place, with the job's new peers and
    /// unknown statuses interned into `target`.
    func store(into target: inout PinTable, refresh: RefreshID?) {
        func peer(_ p: Int) -> Int {
            p < seedPeers ? p : table.peers[p].idBytes.withUnsafeBufferPointer { target.internPeer($0.baseAddress, $0.count) }
        }
        let allocs = allocPeers.map(peer)
        withExtendedLifetime(storage) {
            switch fields {
            case .pins(let line):
                let mapped = entries.map { e -> EntryRecord in
                    var e = e
                    e.peer = peer(e.peer)
                    if e.status >= PinStatus.firstOther {
                        e.status = table.otherStatusText(e.status) { target.internOtherStatus($0, $1) }
                    }
                    return e
                }
                PinLineReader.store(line, mapped, allocs, &target, refresh)
            case .allocations(let line):
                PinLineReader.store(line, allocs, &target, refresh)
            }
        }
    }
}

/// The line and its scratch (escaped strings are decoded there) in memory that does not move,
/// for as long as the byte strings read from it are used.
final class LineStorage: @unchecked Sendable {
    let line: UnsafeMutablePointer<UInt8>
    let scratch: UnsafeMutablePointer<UInt8>
    let count: Int

    init(_ bytes: [UInt8]) {
        count = bytes.count
        line = .allocate(capacity: max(1, count))
        scratch = .allocate(capacity: max(1, count))
        bytes.withUnsafeBufferPointer { line.update(from: $0.baseAddress!, count: count) }
    }

    deinit {
        line.deallocate()
        scratch.deallocate()
    }
}
