import CPrefetch
import Foundation

/// The console's pins, stored column-wise so ten million pins on a few peers fit in under 150
/// bytes each (Go's client holds ~1.7 KB per pin) and views can scan them quickly.
///
/// Single owner, no locks: it is a value type whose storage is chunked copy-on-write arrays
/// (``ChunkedArray``, ``ChunkedArena``), so the owner can hand a snapshot (`let copy = table`)
/// to a background task that sorts or filters it while ingestion continues on the original;
/// the copy costs O(chunks) and the writer then duplicates only the chunks it changes. Rows are never reused: a deleted pin becomes a
/// tombstone, so row ids held by a view stay meaningful until the view is recomputed.
public struct PinTable: Sendable {
    // MARK: CIDs (ASCII of the wire string, reproduced exactly), by row
    var cids = ChunkedArena()
    /// Live rows by CID.
    var cidIndex = HashSlots()

    // MARK: Per pin
    var names = ByteInterner()
    var nameIDs = ChunkedArray<UInt32>()
    var created = TimeColumn()
    var replMin = ChunkedArray<Int8>()
    var replMax = ChunkedArray<Int8>()
    /// Allocation bit per peer index < 32; higher peers live in `allocOverflow`.
    var allocMask = ChunkedArray<UInt32>()
    var allocOverflow = ChunkedSparse<[UInt16]>()
    /// Bits 0-2 pin type, 3-4 mode, 5 deleted, 6 has extras, 7 options known (from /allocations).
    var flags = ChunkedArray<UInt8>()
    var worst = ChunkedArray<UInt8>()
    /// Rare per-pin data (metadata, origins, expiry...), only for pins that have any.
    var extras = ChunkedSparse<PinExtras>()

    // MARK: Per (pin, peer), one column per interned peer
    public internal(set) var peers: [PeerRecord] = []
    var columns: [PeerColumn] = []
    var errors = ByteInterner()
    var otherStatuses = ByteInterner()

    // MARK: Counters, maintained on every change
    var pinsByWorstCounts = [Int](repeating: 0, count: 256)
    var entryCounts: [[Int]] = []

    /// Live (not deleted) pins.
    public internal(set) var liveCount = 0
    /// Bumped on every change; a view computed at another version may be stale.
    public internal(set) var version: UInt64 = 0
    var refreshes: [RefreshState?] = []
    var refreshSerial: UInt64 = 0

    public init() {}

    /// Rows ever created, including tombstones: the bound for row ids.
    public var rowCount: Int { nameIDs.count }
    public var peerCount: Int { peers.count }

    // MARK: Public reads

    public func isLive(_ row: Int) -> Bool { flags[row] & PinFlags.deleted == 0 }

    public func cid(_ row: Int) -> String { cids.string(row) }

    public func name(_ row: Int) -> String { names.string(nameIDs[row]) }
    public func status(_ row: Int, peer: Int) -> PinStatus { PinStatus(rawValue: columns[peer].status[row]) }
    public func worstStatus(_ row: Int) -> PinStatus { PinStatus(rawValue: worst[row]) }
    public func entryTime(_ row: Int, peer: Int) -> PinTime { PinTime(nanoseconds: columns[peer].time[row]) }
    public func attempts(_ row: Int, peer: Int) -> Int { Int(columns[peer].attempts[row] & 0x7F) }
    public func isPriority(_ row: Int, peer: Int) -> Bool { columns[peer].attempts[row] & 0x80 != 0 }
    public func errorText(_ row: Int, peer: Int) -> String { errors.string(columns[peer].errorID(row)) }
    public func createdTime(_ row: Int) -> PinTime { PinTime(nanoseconds: created[row]) }
    public func replication(_ row: Int) -> (min: Int, max: Int) { (Int(replMin[row]), Int(replMax[row])) }
    public func pinType(_ row: Int) -> PinType { PinType(rawValue: flags[row] & 7) ?? .unknown }
    public func pinMode(_ row: Int) -> PinMode { PinMode(rawValue: (flags[row] >> 3) & 3) ?? .unknown }
    public func extras(_ row: Int) -> PinExtras? { extras[UInt32(row)] }

    /// Peer indices the pin is allocated to (empty means "everywhere" on the wire).
    public func allocations(_ row: Int) -> [Int] {
        var out: [Int] = []
        var m = allocMask[row]
        while m != 0 {
            out.append(m.trailingZeroBitCount)
            m &= m - 1
        }
        if let more = allocOverflow[UInt32(row)] { out += more.map(Int.init) }
        return out
    }

    /// The wire string of a status, including unrecognised ones.
    public func statusName(_ s: PinStatus) -> String {
        s.isOther ? otherStatuses.string(UInt32(s.rawValue - PinStatus.firstOther) + 1) : s.description
    }

    /// Live pins whose worst entry is `status`.
    public func pinCount(worst status: PinStatus) -> Int { pinsByWorstCounts[Int(status.rawValue)] }
    /// Live pins' entries on `peer` with `status`.
    public func entryCount(peer: Int, status: PinStatus) -> Int { entryCounts[peer][Int(status.rawValue)] }

    public func row(cid: String) -> Int? {
        var s = cid
        return s.withUTF8 { u in u.count == 0 ? nil : findRow(u.baseAddress!, u.count) }
    }

    public func peerIndex(_ id: String) -> Int? {
        var s = id
        return s.withUTF8 { u in findPeer(u.baseAddress, u.count) }
    }

    // MARK: Rows

    func findRow(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        cidIndex.probe(hashBytes(p, n)) { cids.equals(Int($0), p, n) }.found.map(Int.init)
    }

    /// Asks for the cache line of the slot of a CID with hash `h` (`hashBytes` of its bytes),
    /// to be used by `rowForUpsert` once the rest of the line is read. Why: that slot is a cache
    /// miss per new pin (76% of `rowForUpsert`'s own time in `perf annotate` was its probe's loads).
    @inline(__always)
    func prefetchRow(hash h: UInt64) {
        cidIndex.prefetch(h)
    }

    /// The row of a CID, creating an empty one (all peers `unknown`) when it is new.
    mutating func rowForUpsert(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        rowForUpsert(p, n, hash: hashBytes(p, n))
    }

    /// `rowForUpsert` for a CID whose `hashBytes` the caller has (the decoder hashes it once, to
    /// prefetch its slot, and passes the hash on).
    mutating func rowForUpsert(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt64) -> Int {
        let (found, slot) = cidIndex.probe(h) { cids.equals(Int($0), p, n) }
        if let found { return Int(found) }
        let row = rowCount
        cids.append(p, n)
        nameIDs.append(0)
        created.append(PinTime.unset.nanoseconds)
        replMin.append(0)
        replMax.append(0)
        allocMask.append(0)
        flags.append(0)
        worst.append(0)
        for p in columns.indices {
            columns[p].appendRow()
            entryCounts[p][0] += 1
        }
        pinsByWorstCounts[0] += 1
        liveCount += 1
        // The index asks for the hash of a row's CID only while the row is live (in the index).
        cidIndex.insert(UInt32(row), hash: h, at: slot) { flags[Int($0)] & PinFlags.deleted == 0 ? cids.hash(Int($0)) : nil }
        return row
    }

    /// Removes a pin (unpinned, or absent from a full refresh). Counters drop its entries.
    public mutating func deletePin(row: Int) {
        guard isLive(row) else { return }
        for p in columns.indices { entryCounts[p][Int(columns[p].status[row])] -= 1 }
        pinsByWorstCounts[Int(worst[row])] -= 1
        // Out of the index while still live (see `rowForUpsert`).
        cidIndex.remove(UInt32(row)) { flags[Int($0)] & PinFlags.deleted == 0 ? cids.hash(Int($0)) : nil }
        flags[row] |= PinFlags.deleted
        extras[UInt32(row)] = nil
        allocOverflow[UInt32(row)] = nil
        liveCount -= 1
        version &+= 1
    }

    @discardableResult
    public mutating func deletePin(cid: String) -> Bool {
        guard let r = row(cid: cid) else { return false }
        deletePin(row: r)
        return true
    }

    // MARK: Peers

    func findPeer(_ p: UnsafePointer<UInt8>?, _ n: Int) -> Int? {
        guard let p else { return peers.firstIndex { $0.idBytes.isEmpty } }
        let h = hashBytes(p, n)
        for i in peers.indices where peers[i].hash == h {
            if peers[i].idBytes.withUnsafeBufferPointer({ $0.count == n && memcmp($0.baseAddress!, p, n) == 0 }) {
                return i
            }
        }
        return nil
    }

    /// Interns a peer id; a peer seen for the first time gets a column of `unknown` entries.
    mutating func internPeer(_ p: UnsafePointer<UInt8>?, _ n: Int) -> Int {
        if let i = findPeer(p, n) { return i }
        let bytes = p.map { Array(UnsafeBufferPointer(start: $0, count: n)) } ?? []
        var rec = PeerRecord(idBytes: bytes, hash: p.map { hashBytes($0, n) } ?? 0)
        rec.idPlain = isPlainJSON(bytes)
        peers.append(rec)
        columns.append(PeerColumn(rows: rowCount))
        var counts = [Int](repeating: 0, count: 256)
        counts[0] = liveCount
        entryCounts.append(counts)
        version &+= 1
        return peers.count - 1
    }

    /// Interns a peer id given as a String (from configuration or another source).
    @discardableResult
    public mutating func internPeer(_ id: String) -> Int {
        var s = id
        return s.withUTF8 { u in internPeer(u.baseAddress, u.count) }
    }

    // MARK: Entries

    /// Writes one (pin, peer) entry and keeps the per-peer counters exact. The caller
    /// recomputes the pin's worst state once after all its entries (see `recomputeWorst`).
    @inline(__always)
    /// Returns whether the entry differs from what the row held.
    @discardableResult
    mutating func setEntry(row: Int, peer: Int, status: UInt8, time: Int64, attempts: UInt8, errorID: UInt32) -> Bool {
        let old = columns[peer].status[row]
        if old != status {
            entryCounts[peer][Int(old)] -= 1
            entryCounts[peer][Int(status)] += 1
        } else if columns[peer].time[row] == time && columns[peer].attempts[row] == attempts
                    && columns[peer].errorID(row) == errorID {
            return false
        }
        columns[peer].set(row: row, status: status, time: time, attempts: attempts, errorID: errorID)
        return true
    }

    mutating func recomputeWorst(row: Int) {
        var best: UInt8 = 0
        var bestSev: UInt8 = 0
        for p in columns.indices {
            let s = PinStatus(rawValue: columns[p].status[row])
            let sev = s.severity
            if sev > bestSev || (sev == bestSev && s.rawValue < best) && sev > 0 {
                best = s.rawValue
                bestSev = sev
            }
        }
        let old = worst[row]
        if old != best {
            pinsByWorstCounts[Int(old)] -= 1
            pinsByWorstCounts[Int(best)] += 1
            worst[row] = best
        }
    }

    func statusCode(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt8? {
        PinStatusCodes.lookup(p, n)
    }

    mutating func internOtherStatus(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt8 {
        let id = otherStatuses.intern(p, n)
        // Id 0 is the empty string; codes 128... map to ids 1...; beyond 127 distinct
        // unknown strings they all share the last code (the raw text of the first is kept).
        return UInt8(min(Int(PinStatus.firstOther) + Int(id) - 1, 255))
    }

    /// Sets a pin's allocations; true when they differ from what the row held.
    @discardableResult
    mutating func setAllocations(row: Int, peers list: [Int]) -> Bool {
        var mask: UInt32 = 0
        var more: [UInt16] = []
        for p in list {
            if p < 32 { mask |= 1 << UInt32(p) } else { more.append(UInt16(p)) }
        }
        let oldMore = more.isEmpty && allocOverflow.isEmpty ? nil : allocOverflow[UInt32(row)]
        guard allocMask[row] != mask || (oldMore ?? []) != more else { return false }
        allocMask[row] = mask
        allocOverflow[UInt32(row)] = more.isEmpty ? nil : more
        return true
    }

    /// Recounts every counter from the columns; tests compare it with the incremental ones.
    public func recount() -> (pinsByWorst: [Int], entries: [[Int]]) {
        var byWorst = [Int](repeating: 0, count: 256)
        var entries = [[Int]](repeating: [Int](repeating: 0, count: 256), count: peers.count)
        for r in 0..<rowCount where isLive(r) {
            var best: UInt8 = 0, bestSev: UInt8 = 0
            for p in columns.indices {
                let s = PinStatus(rawValue: columns[p].status[r])
                entries[p][Int(s.rawValue)] += 1
                if s.severity > bestSev || (s.severity == bestSev && s.rawValue < best) && s.severity > 0 {
                    best = s.rawValue
                    bestSev = s.severity
                }
            }
            byWorst[Int(best)] += 1
        }
        return (byWorst, entries)
    }

    /// Counters as the table holds them, in the shape of `recount()`.
    public var counters: (pinsByWorst: [Int], entries: [[Int]]) { (pinsByWorstCounts, entryCounts) }
}

/// True when `bytes` spelled inside JSON quotes needs no escape, so raw equality is value equality.
func isPlainJSON(_ bytes: [UInt8]) -> Bool {
    !bytes.isEmpty && !bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
}

enum PinFlags {
    static let deleted: UInt8 = 1 << 5
    static let hasExtras: UInt8 = 1 << 6
    static let optionsKnown: UInt8 = 1 << 7
}

/// What the table knows about a peer beyond its index: kept from `/pins` entries and `/peers`.
public struct PeerRecord: Sendable {
    var idBytes: [UInt8]
    var hash: UInt64
    /// Whether the stored bytes can be matched raw against the input (no quote, backslash or
    /// control byte): the decoder then recognises a repeated value without scanning it.
    var idPlain = false
    var peernamePlain = false
    var ipfsPeerIDPlain = false
    public var id: String { String(decoding: idBytes, as: UTF8.self) }
    /// Last `peername` the peer reported (in `/pins` entries or `/peers`).
    public internal(set) var peername: String = ""
    var peernameBytes: [UInt8] = []
    public internal(set) var ipfsPeerID: String = ""
    var ipfsPeerIDBytes: [UInt8] = []
    /// From `/peers`: version, error text (unreachable peers), addresses.
    public internal(set) var version: String = ""
    public internal(set) var error: String = ""
    public internal(set) var addresses: [String] = []
    public internal(set) var clusterPeers: [String] = []
    public internal(set) var ipfsError: String = ""
}

/// The entries of one peer, one chunked column per field, indexed by row. Error ids are sparse
/// (a few percent of entries have one): a bitset says which rows have one, a sparse map holds it.
struct PeerColumn: Sendable {
    var status: ChunkedArray<UInt8>
    /// The entry's `timestamp`.
    var time: TimeColumn
    /// Bits 0-6 attempt count (saturating at 127), bit 7 `priority_pin`.
    var attempts: ChunkedArray<UInt8>
    /// Bit per row; 1 Ki words (64 Ki rows) per chunk, like the other columns.
    var errorBits: ChunkedArray<UInt64>
    var errorIDs = ChunkedSparse<UInt32>()

    init(rows: Int) {
        status = ChunkedArray(repeating: 0, count: rows)
        time = TimeColumn(unsetRows: rows)
        attempts = ChunkedArray(repeating: 0, count: rows)
        errorBits = ChunkedArray(repeating: 0, count: (rows + 63) >> 6, chunkShift: 10)
    }

    @inline(__always) func errorID(_ row: Int) -> UInt32 {
        errorBits[row >> 6] & (1 << UInt64(row & 63)) == 0 ? 0 : errorIDs[UInt32(row)] ?? 0
    }

    @inline(__always) mutating func appendRow() {
        if status.count & 63 == 0 { errorBits.append(0) }
        status.append(0)
        time.append(PinTime.unset.nanoseconds)
        attempts.append(0)
    }

    @inline(__always) mutating func set(row: Int, status s: UInt8, time t: Int64, attempts a: UInt8, errorID e: UInt32) {
        status[row] = s
        time[row] = t
        attempts[row] = a
        let bit: UInt64 = 1 << UInt64(row & 63)
        if e != 0 {
            errorBits[row >> 6] |= bit
            errorIDs[UInt32(row)] = e
        } else if errorBits[row >> 6] & bit != 0 {
            errorBits[row >> 6] &= ~bit
            errorIDs[UInt32(row)] = nil
        }
    }
}

/// `Pin.type` on the wire.
public enum PinType: UInt8, Sendable {
    case unknown = 0, pin, metaPin, clusterdagPin, shardPin, badType, other
    static func from(_ p: UnsafePointer<UInt8>, _ n: Int) -> PinType {
        switch String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self) {
        case "pin": return .pin
        case "meta-pin": return .metaPin
        case "clusterdag-pin": return .clusterdagPin
        case "shard-pin": return .shardPin
        case "bad-type": return .badType
        default: return .other
        }
    }
}

/// `Pin.mode` on the wire.
public enum PinMode: UInt8, Sendable {
    case unknown = 0, recursive, direct, other
}

/// Per-pin data that most pins do not have, kept out of the columns.
public struct PinExtras: Sendable, Equatable {
    public var metadata: [String: String] = [:]
    public var origins: [String] = []
    public var expireAt: PinTime = .unset
    public var typeName: String? = nil
    public var pinUpdate: String? = nil
    public var reference: String? = nil
    public var maxDepth: Int? = nil
    public var shardSize: UInt64 = 0
    var isEmpty: Bool { self == PinExtras() }
}

/// Byte-level lookup of the known status strings, so the decoder never builds a String for them.
enum PinStatusCodes {
    static func lookup(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt8? {
        // Dispatch on length and first bytes; confirm with memcmp against the canonical name.
        let candidate: UInt8
        switch n {
        case 6: candidate = p[0] == UInt8(ascii: "p") ? 5 : 9 // pinned / remote
        case 7: candidate = p[0] == UInt8(ascii: "p") ? 6 : 12 // pinning / sharded
        case 8: candidate = 8 // unpinned
        case 9: candidate = p[0] == UInt8(ascii: "p") ? 3 : (p[2] == UInt8(ascii: "d") ? 1 : 7) // pin_error / undefined / unpinning
        case 10: candidate = 10 // pin_queued
        case 11: candidate = 4 // unpin_error
        case 12: candidate = 11 // unpin_queued
        case 13: candidate = 2 // cluster_error
        case 21: candidate = 13 // unexpectedly_unpinned
        default: return nil
        }
        if candidate == 0 { return nil }
        let name = wire[Int(candidate)]
        return name.count == n && memcmp(name, p, n) == 0 ? candidate : nil
    }
    static let wire: [[UInt8]] = PinStatus.wireNames.map { Array($0.utf8) }
}
