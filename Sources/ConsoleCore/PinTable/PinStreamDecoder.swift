import Foundation

/// Which endpoint's NDJSON a decoder reads; it decides the line shape and what is written.
public enum PinStreamSource: String, Sendable {
    /// `GET /pins` (global, filtered or `local=true`): GlobalPinInfo lines (PinInfo accepted too).
    case pins
    /// `GET /allocations`: Pin lines (options and allocations).
    case allocations
    /// `GET /peers`: ID lines.
    case peers
}

/// A malformed stream: where (byte offset in the whole stream, 1-based line) and why.
public struct PinDecodeError: Error, Sendable, CustomStringConvertible, Equatable {
    public let source: PinStreamSource
    public let offset: Int
    public let line: Int
    public let reason: String
    public var description: String { "\(source) stream, line \(line), byte \(offset): \(reason)" }
}

/// Decodes an NDJSON response body chunk by chunk straight into a ``PinTable``.
///
/// Why not JSONDecoder: it manages ~19 MB/s here, so a million-pin `/pins` body would take
/// half a minute. This decoder parses the bytes where they arrive (only a line split across two
/// chunks is copied), matches keys as bytes, interns texts by hashing bytes, and never builds a
/// String for known values. It accepts all of JSON (escapes, `\u` surrogate pairs, any field
/// order, unknown fields, nulls, whitespace) and stops at the first malformed line with its byte
/// offset. Rows already written stay (a failed or cancelled stream keeps what arrived).
public struct PinStreamDecoder: Sendable {
    public let source: PinStreamSource
    /// The refresh the written entries count as touched for (see ``PinTable/beginRefresh(_:)``).
    public var refresh: RefreshID?
    /// Bytes fed so far (the stream offset of the next chunk).
    public private(set) var bytesFed = 0
    /// JSON lines decoded so far (blank lines not counted): progress for "items received".
    public private(set) var itemsDecoded = 0
    private var lineNumber = 0
    /// The unfinished last line of the previous chunk.
    private var carry: [UInt8] = []
    private var scratch: [UInt8] = []
    private var entries: [EntryRecord] = []
    private var allocPeers: [Int] = []
    /// Peer order of the previous line's `peer_map` (Go writes map keys sorted, so it repeats).
    private var peerOrder: [Int] = []
    private var timeMemo = TimeMemo()
    /// Lines at least this long are not decoded by `feed`: they wait (``takeLargeLine()``) to be
    /// read off the loop and come back through ``finishLargeLine(_:into:)``; nil decodes every
    /// line in place (replays, tests). Why: one 10 MB `/pins` line, decoded in place, held the
    /// loop 106 ms CPU (figure 10), and a longer line holds it longer.
    public var offloadLineBytes: Int?
    /// The long line being read off the loop; nothing after it is decoded until it is written.
    private var waiting: LargeLineJob?
    private var waitingHandedOut = false
    /// What arrived after the waiting line (not counted in `bytesFed` until fed).
    private var held: [UInt8] = []
    /// Whether a long line is being read off the loop (the stream's end must wait for it).
    public var isWaiting: Bool { waiting != nil }

    public init(source: PinStreamSource, refresh: RefreshID? = nil) {
        self.source = source
        self.refresh = refresh
    }

    /// Decodes every complete line in `bytes` (plus the carried partial line) into `table`.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, into table: inout PinTable) throws(PinDecodeError) {
        guard let raw = bytes.baseAddress, bytes.count > 0 else { return }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        let n = bytes.count
        if waiting != nil {
            held.append(contentsOf: UnsafeBufferPointer(start: base, count: n))
            return
        }
        let chunkOffset = bytesFed
        bytesFed += n
        let offloadAt = source == .peers ? Int.max : offloadLineBytes ?? Int.max
        var pos = 0
        if !carry.isEmpty {
            guard let nl = memchr(base, 0x0A, n) else {
                carry.append(contentsOf: UnsafeBufferPointer(start: base, count: n))
                return
            }
            let len = UnsafeRawPointer(nl) - raw
            carry.append(contentsOf: UnsafeBufferPointer(start: base, count: len))
            let lineOffset = chunkOffset - (carry.count - len)
            if carry.count >= offloadAt {
                let line = carry
                carry = []
                wait(line, at: lineOffset, rest: UnsafeBufferPointer(start: base + len + 1, count: n - len - 1), table)
                return
            }
            var line = carry
            carry = []
            let failure = line.withUnsafeBufferPointer { b in
                decodeLine(b.baseAddress!, b.count, streamOffset: lineOffset, table: &table)
            }
            if let failure { throw failure }
            line.removeAll(keepingCapacity: true)
            carry = line
            pos = len + 1
        }
        while pos < n {
            guard let nl = memchr(base + pos, 0x0A, n - pos) else { break }
            let end = UnsafeRawPointer(nl) - raw
            if end - pos >= offloadAt {
                wait(Array(UnsafeBufferPointer(start: base + pos, count: end - pos)), at: chunkOffset + pos,
                     rest: UnsafeBufferPointer(start: base + end + 1, count: n - end - 1), table)
                return
            }
            if let failure = decodeLine(base + pos, end - pos, streamOffset: chunkOffset + pos, table: &table) {
                throw failure
            }
            pos = end + 1
        }
        if pos < n { carry.append(contentsOf: UnsafeBufferPointer(start: base + pos, count: n - pos)) }
    }

    /// Convenience for tests and small bodies.
    public mutating func feed(_ bytes: [UInt8], into table: inout PinTable) throws(PinDecodeError) {
        let failure = bytes.withUnsafeBytes { b -> PinDecodeError? in
            do throws(PinDecodeError) {
                try feed(b, into: &table)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// Decodes a last line without a trailing newline. Call once when the body ends, and not
    /// while ``isWaiting`` (a long last line makes it wait: call it again once that is written).
    public mutating func finish(into table: inout PinTable) throws(PinDecodeError) {
        guard !carry.isEmpty, waiting == nil else { return }
        let line = carry
        carry = []
        if line.count >= (source == .peers ? Int.max : offloadLineBytes ?? Int.max) {
            wait(line, at: bytesFed - line.count, rest: UnsafeBufferPointer(start: nil, count: 0), table)
            return
        }
        let failure = line.withUnsafeBufferPointer { b in
            decodeLine(b.baseAddress!, b.count, streamOffset: bytesFed - b.count, table: &table)
        }
        if let failure { throw failure }
    }

    /// Sets a long line aside to be read off the loop; `rest` (the chunk after it) waits with it.
    private mutating func wait(_ line: [UInt8], at offset: Int, rest: UnsafeBufferPointer<UInt8>, _ table: PinTable) {
        lineNumber += 1
        waiting = LargeLineJob(source: source, line: line, streamOffset: offset, lineNumber: lineNumber, peersOf: table)
        waitingHandedOut = false
        held = Array(rest)
        bytesFed = offset + line.count + (rest.baseAddress == nil ? 0 : 1)
    }

    /// The long line to read off the loop, once (nil when there is none or it was handed out).
    public mutating func takeLargeLine() -> LargeLineJob? {
        guard let w = waiting, !waitingHandedOut else { return nil }
        waitingHandedOut = true
        return w
    }

    /// Writes the long line read off the loop, then decodes what arrived after it (which may
    /// wait on the next long line). An answer for another line is ignored.
    public mutating func finishLargeLine(_ answer: LargeLineJob.Answer, into table: inout PinTable) throws(PinDecodeError) {
        guard let w = waiting, answer.lineNumber == w.lineNumber else { return }
        waiting = nil
        switch answer.outcome {
        case .failure(let e): throw e
        case .blank: break
        case .read(let read):
            read.store(into: &table, refresh: refresh)
            itemsDecoded += 1
        }
        let rest = held
        held = []
        try feed(rest, into: &table)
    }

    /// Decodes one line; returns the error rather than throwing, so it can run inside the
    /// (untyped) `withUnsafeBufferPointer` closures of the callers.
    private mutating func decodeLine(_ p: UnsafePointer<UInt8>, _ n: Int, streamOffset: Int,
                                     table: inout PinTable) -> PinDecodeError? {
        lineNumber += 1
        var k = 0
        while k < n && (p[k] == 0x20 || p[k] == 0x09 || p[k] == 0x0D) { k += 1 }
        if k == n { return nil }
        if scratch.count < n { scratch = [UInt8](repeating: 0, count: max(n, scratch.count * 2, 4096)) }
        let src = source
        var entries = self.entries
        var allocPeers = self.allocPeers
        var peerOrder = self.peerOrder
        self.entries = []
        self.allocPeers = []
        self.peerOrder = []
        defer {
            self.entries = entries
            self.allocPeers = allocPeers
            self.peerOrder = peerOrder
        }
        let refresh = self.refresh
        var timeMemo = self.timeMemo
        defer { self.timeMemo = timeMemo }
        let result = scratch.withUnsafeMutableBufferPointer { sb -> ScanError? in
            var cur = JSONCursor(base: p, count: n, scratch: sb.baseAddress!)
            cur.timeMemo = timeMemo
            defer { timeMemo = cur.timeMemo }
            do throws(ScanError) {
                switch src {
                case .pins: try PinLineReader.globalPinInfo(&cur, &table, &entries, &allocPeers, &peerOrder, refresh)
                case .allocations: try PinLineReader.pin(&cur, &table, &allocPeers, refresh)
                case .peers: try PinLineReader.id(&cur, &table)
                }
                return nil
            } catch {
                return error
            }
        }
        if let e = result {
            return PinDecodeError(source: source, offset: streamOffset + e.position, line: lineNumber, reason: e.reason)
        }
        itemsDecoded += 1
        return nil
    }
}

/// One peer's entry of a line, held until the line's CID is known (it may come last).
/// Unchecked Sendable: its pointers are only set and read within one `decodeLine` call, and the
/// decoder's array of them is emptied before each line.
struct EntryRecord: @unchecked Sendable {
    var peer: Int
    var status: UInt8
    var time: Int64
    var attempts: UInt8
    var error: ByteString
    var peername: ByteString
    var ipfsID: ByteString
}

/// What a `/pins` line says besides its entries and allocations (held in the decoder's reused
/// arrays), between reading it and writing it: a line too long to read on the loop is read off
/// it (``LargeLineJob``) and written on it. Nil fields were absent from the line.
/// Unchecked Sendable as `EntryRecord`: its byte strings point into the line being decoded.
struct GlobalPinLine: @unchecked Sendable {
    var cid: ByteString
    /// `hashBytes` of the CID and of the name (0 without one), taken once when read (to prefetch
    /// their hash slots) and used again for the lookups.
    var cidHash: UInt64
    var name: ByteString?
    var nameHash: UInt64
    var hasAllocations: Bool
    var created: PinTime?
    var origins: [String]?
    var metadata: [String: String]?
}

/// What an `/allocations` line says besides its allocations, between reading and writing it.
struct PinLine: @unchecked Sendable {
    var cid: ByteString
    var name: ByteString
    var rmin: Int64, rmax: Int64
    var mode: PinMode
    var type: PinType
    var typeName: String?
    var timestamp: PinTime
    var extras: PinExtras
    var maxDepth: Int64?
}

/// The readers of the three line shapes. Fields are matched as bytes; unknown ones skipped.
enum PinLineReader {
    /// Field orders as IPFS Cluster writes them (cluster-api.md §2.4; Go emits struct order):
    /// the key expected at each position (see `JSONCursor.nextKey(first:position:likely:)`).
    static let globalPinInfoKeys: [StaticString] = ["cid", "name", "allocations", "origins", "created", "metadata", "peer_map"]
    static let entryKeys: [StaticString] = ["peername", "ipfs_peer_id", "status", "timestamp", "error", "attempt_count", "priority_pin"]
    static let pinKeys: [StaticString] = ["replication_factor_min", "replication_factor_max", "name", "mode", "shard_size",
                                          "user_allocations", "expire_at", "metadata", "pin_update", "origins", "cid", "type",
                                          "allocations", "max_depth", "reference", "timestamp"]

    static func globalPinInfo(_ c: inout JSONCursor, _ table: inout PinTable, _ entries: inout [EntryRecord],
                              _ allocPeers: inout [Int], _ peerOrder: inout [Int], _ refresh: RefreshID?) throws(ScanError) {
        let line = try parseGlobalPinInfo(&c, &table, &entries, &allocPeers, &peerOrder)
        store(line, entries, allocPeers, &table, refresh)
    }

    /// Reads a `/pins` line (peers interned into `table`, nothing else written).
    static func parseGlobalPinInfo(_ c: inout JSONCursor, _ table: inout PinTable, _ entries: inout [EntryRecord],
                                   _ allocPeers: inout [Int], _ peerOrder: inout [Int]) throws(ScanError) -> GlobalPinLine {
        let lineStart = c.i
        guard try c.beginObjectOrNull() else { throw c.fail("expected an object, got null", at: lineStart) }
        entries.removeAll(keepingCapacity: true)
        allocPeers.removeAll(keepingCapacity: true)
        var cid = ByteString.null
        var name: ByteString? = nil
        var cidHash: UInt64 = 0, nameHash: UInt64 = 0
        var hasAllocations = false
        var created: PinTime? = nil
        var origins: [String]? = nil
        var metadata: [String: String]? = nil
        // Flat PinInfo fields (a single entry at top level).
        var flatPeer: ByteString? = nil
        var flat = EntryRecord(peer: -1, status: 1, time: PinTime.unset.nanoseconds, attempts: 0,
                               error: .null, peername: .null, ipfsID: .null)
        var hasFlat = false
        var first = true
        var position = 0
        while let k = try c.nextKey(first: &first, position: position, likely: PinLineReader.globalPinInfoKeys) {
            position += 1
            switch k.n {
            case 3 where k.equals("cid"):
                cid = try c.stringOrNull()
                if let p = cid.p {
                    cidHash = hashBytes(p, cid.n)
                    table.prefetchRow(hash: cidHash)
                }
            case 4 where k.equals("name"):
                let s = try c.stringOrNull()
                nameHash = 0
                if let p = s.p, s.n > 0 {
                    nameHash = hashBytes(p, s.n)
                    table.names.prefetch(hash: nameHash)
                }
                name = s
            case 11 where k.equals("allocations"):
                hasAllocations = true
                try peerList(&c, &table, &allocPeers)
            case 7 where k.equals("origins"):
                var list: [String] = []
                try c.strings { (s) throws(ScanError) in list.append(s.string) }
                origins = list
            case 7 where k.equals("created"):
                created = try c.time()
            case 8 where k.equals("metadata"):
                metadata = try stringMap(&c)
            case 8 where k.equals("peer_map"):
                if try c.beginObjectOrNull() {
                    var k = 0
                    while true {
                        var ch = c.peek()
                        if ch == UInt8(ascii: "}") { c.i += 1; break }
                        if k > 0 {
                            guard ch == UInt8(ascii: ",") else { throw c.unexpected("',' or '}'") }
                            c.i += 1
                            ch = c.peek()
                        }
                        guard ch == UInt8(ascii: "\"") else { throw c.unexpected("a key string") }
                        // Predict the peer from the previous line's order before scanning the key.
                        var peer = -1
                        if k < peerOrder.count {
                            let guess = peerOrder[k]
                            if table.peers[guess].idPlain,
                               table.peers[guess].idBytes.withUnsafeBufferPointer({ c.matchPlain($0) }) {
                                peer = guess
                            }
                        }
                        if peer < 0 {
                            let key = try c.string()
                            peer = table.internPeer(key.p, key.n)
                        }
                        try c.expect(UInt8(ascii: ":"), "':'")
                        k += 1
                        var e = EntryRecord(peer: peer, status: 1, time: PinTime.unset.nanoseconds, attempts: 0,
                                            error: .null, peername: .null, ipfsID: .null)
                        guard try c.beginObjectOrNull() else { continue }
                        var f3 = true
                        var position = 0
                        while let ek = try c.nextKey(first: &f3, position: position, likely: PinLineReader.entryKeys) {
                            position += 1
                            if try !entryField(ek, &c, &e, &table) { try c.skipValue() }
                        }
                        entries.append(e)
                    }
                }
            case 4 where k.equals("peer"):
                flatPeer = try c.stringOrNull()
            default:
                if try entryField(k, &c, &flat, &table) { hasFlat = true } else { try c.skipValue() }
            }
        }
        try c.expectEndOfLine()
        guard let cp = cid.p, cid.n > 0 else { throw c.fail("line has no \"cid\"", at: lineStart) }
        peerOrder.removeAll(keepingCapacity: true)
        for e in entries { peerOrder.append(e.peer) }
        if let fp = flatPeer, hasFlat || fp.p != nil {
            flat.peer = table.internPeer(fp.p, fp.n)
            entries.append(flat)
        }
        return GlobalPinLine(cid: ByteString(p: cp, n: cid.n), cidHash: cidHash, name: name, nameHash: nameHash, hasAllocations: hasAllocations, created: created,
                             origins: origins, metadata: metadata)
    }

    /// Writes a read `/pins` line into the table.
    static func store(_ line: GlobalPinLine, _ entries: [EntryRecord], _ allocPeers: [Int], _ table: inout PinTable,
                      _ refresh: RefreshID?) {
        let (name, created, origins, metadata) = (line.name, line.created, line.origins, line.metadata)
        let rowsBefore = table.rowCount
        let row = table.rowForUpsert(line.cid.p!, line.cid.n, hash: line.cidHash)
        // Only a real difference bumps the version: a poll that repeats what the table holds
        // must not make every view recompute (a sort of a million rows each time).
        var changed = row == rowsBefore
        if let name {
            let id = name.p.map { table.names.intern($0, name.n, hash: line.nameHash) } ?? 0
            if table.nameIDs[row] != id { table.nameIDs[row] = id; changed = true }
        }
        if let created, table.created[row] != created.nanoseconds { table.created[row] = created.nanoseconds; changed = true }
        if line.hasAllocations, table.setAllocations(row: row, peers: allocPeers) { changed = true }
        if origins != nil || metadata != nil {
            let old = table.storedExtras(row)
            var x = old
            if let origins { x.origins = origins }
            if let metadata { x.metadata = metadata }
            if x != old { table.replaceExtras(row: row, x); changed = true }
        }
        for e in entries {
            let err = e.error.p.map { table.errors.intern($0, e.error.n) } ?? 0
            if table.setEntry(row: row, peer: e.peer, status: e.status, time: e.time, attempts: e.attempts, errorID: err) { changed = true }
            table.notePeerNames(peer: e.peer, peername: e.peername, ipfsID: e.ipfsID)
            if let refresh { table.touch(refresh, row: row, peer: e.peer) }
        }
        if !entries.isEmpty { table.recomputeWorst(row: row) }
        if let refresh {
            table.touch(refresh, row: row, peer: nil)
            table.noteUpsert(refresh, added: row == rowsBefore, changed: changed)
        }
        if changed { table.version &+= 1 }
    }

    /// A PinInfoShort field; false when the key is not one.
    @inline(__always)
    static func entryField(_ k: ByteString, _ c: inout JSONCursor, _ e: inout EntryRecord,
                           _ table: inout PinTable) throws(ScanError) -> Bool {
        switch k.n {
        case 6 where k.equals("status"):
            let at = c.i
            let s = try c.stringOrNull()
            if let p = s.p {
                if let code = table.statusCode(p, s.n) {
                    e.status = code
                } else if s.n == 0 {
                    throw c.fail("empty status", at: at)
                } else {
                    e.status = table.internOtherStatus(p, s.n)
                }
            } else {
                e.status = 1
            }
        case 9 where k.equals("timestamp"):
            e.time = try c.time().nanoseconds
        case 5 where k.equals("error"):
            e.error = try c.stringOrNull()
        case 13 where k.equals("attempt_count"):
            let v = try c.integer()
            e.attempts = (e.attempts & 0x80) | UInt8(clamping: max(0, min(v, 127)))
        case 12 where k.equals("priority_pin"):
            e.attempts = (e.attempts & 0x7F) | (try c.bool() ? 0x80 : 0)
        case 8 where k.equals("peername"):
            // Unchanged (the usual case) is recognised in place and leaves `e.peername` null.
            if e.peer >= 0, c.peek() == 0x22, table.peers[e.peer].peernamePlain,
               table.peers[e.peer].peernameBytes.withUnsafeBufferPointer({ c.matchPlain($0) }) {
                return true
            }
            e.peername = try c.stringOrNull()
        case 12 where k.equals("ipfs_peer_id"):
            if e.peer >= 0, c.peek() == 0x22, table.peers[e.peer].ipfsPeerIDPlain,
               table.peers[e.peer].ipfsPeerIDBytes.withUnsafeBufferPointer({ c.matchPlain($0) }) {
                return true
            }
            e.ipfsID = try c.stringOrNull()
        default:
            return false
        }
        return true
    }

    /// An array of peer ids (null = empty), interned. Known ids are recognised in place, trying
    /// the peer after the previous one first (Go writes allocations sorted, as the peers are
    /// interned): no scan, no hash, for the ids every line repeats (`internPeer` hashed and
    /// compared each one: 1.6% of a `/pins` decode in `perf`).
    @inline(__always)
    static func peerList(_ c: inout JSONCursor, _ table: inout PinTable, _ out: inout [Int]) throws(ScanError) {
        guard try c.beginArrayOrNull() else { return }
        var first = true
        var guess = 0
        while try c.nextElement(first: &first) {
            guard c.peek() == UInt8(ascii: "\"") else { throw c.unexpected("a string") }
            let count = table.peers.count
            var found = -1
            var k = 0
            while k < count {
                let candidate = guess + k < count ? guess + k : guess + k - count
                if table.peers[candidate].idPlain,
                   table.peers[candidate].idBytes.withUnsafeBufferPointer({ c.matchPlain($0) }) {
                    found = candidate
                    break
                }
                k += 1
            }
            if found < 0 {
                let s = try c.string()
                found = table.internPeer(s.p, s.n)
            }
            out.append(found)
            guess = found + 1
        }
    }

    static func stringMap(_ c: inout JSONCursor) throws(ScanError) -> [String: String] {
        var out: [String: String] = [:]
        guard try c.beginObjectOrNull() else { return out }
        var first = true
        var position = 0
        while let k = try c.nextKey(first: &first, position: position, likely: PinLineReader.pinKeys) {
            position += 1
            let key = k.string
            let v = try c.stringOrNull()
            out[key] = v.string
        }
        return out
    }

    static func pin(_ c: inout JSONCursor, _ table: inout PinTable, _ allocPeers: inout [Int],
                    _ refresh: RefreshID?) throws(ScanError) {
        let line = try parsePin(&c, &table, &allocPeers)
        store(line, allocPeers, &table, refresh)
    }

    /// Reads an `/allocations` line (peers interned into `table`, nothing else written).
    static func parsePin(_ c: inout JSONCursor, _ table: inout PinTable, _ allocPeers: inout [Int]) throws(ScanError) -> PinLine {
        let lineStart = c.i
        guard try c.beginObjectOrNull() else { throw c.fail("expected an object, got null", at: lineStart) }
        allocPeers.removeAll(keepingCapacity: true)
        var cid = ByteString.null
        var name = ByteString.null
        var rmin: Int64 = 0, rmax: Int64 = 0
        var mode = PinMode.unknown
        var type = PinType.unknown
        var typeName: String? = nil
        var timestamp = PinTime.unset
        var x = PinExtras()
        var maxDepth: Int64? = nil
        var first = true
        while let k = try c.nextKey(first: &first) {
            switch k.n {
            case 3 where k.equals("cid"): cid = try c.stringOrNull()
            case 4 where k.equals("name"): name = try c.stringOrNull()
            case 4 where k.equals("mode"):
                let s = try c.stringOrNull()
                mode = s.equals("recursive") ? .recursive : s.equals("direct") ? .direct : s.isNullOrEmpty ? .unknown : .other
            case 4 where k.equals("type"):
                let s = try c.stringOrNull()
                if let p = s.p, s.n > 0 {
                    type = PinType.from(p, s.n)
                    if type == .other { typeName = s.string }
                }
            case 22 where k.equals("replication_factor_min"): rmin = try c.integer()
            case 22 where k.equals("replication_factor_max"): rmax = try c.integer()
            case 10 where k.equals("shard_size"):
                let v = try c.integer()
                x.shardSize = UInt64(max(0, v))
            case 9 where k.equals("expire_at"): x.expireAt = try c.time()
            case 8 where k.equals("metadata"): x.metadata = try stringMap(&c)
            case 10 where k.equals("pin_update"):
                let s = try c.stringOrNull()
                x.pinUpdate = s.p == nil ? nil : s.string
            case 9 where k.equals("reference"):
                let s = try c.stringOrNull()
                x.reference = s.p == nil ? nil : s.string
            case 7 where k.equals("origins"):
                var list: [String] = []
                try c.strings { (s) throws(ScanError) in list.append(s.string) }
                x.origins = list
            case 11 where k.equals("allocations"):
                try peerList(&c, &table, &allocPeers)
            case 9 where k.equals("max_depth"): maxDepth = try c.integer()
            case 9 where k.equals("timestamp"): timestamp = try c.time()
            default: try c.skipValue()
            }
        }
        try c.expectEndOfLine()
        guard cid.p != nil, cid.n > 0 else { throw c.fail("line has no \"cid\"", at: lineStart) }
        return PinLine(cid: cid, name: name, rmin: rmin, rmax: rmax, mode: mode, type: type, typeName: typeName,
                       timestamp: timestamp, extras: x, maxDepth: maxDepth)
    }

    /// Writes a read `/allocations` line into the table.
    static func store(_ line: PinLine, _ allocPeers: [Int], _ table: inout PinTable, _ refresh: RefreshID?) {
        let (name, rmin, rmax, mode, type, timestamp, maxDepth) = (line.name, line.rmin, line.rmax, line.mode, line.type,
                                                                    line.timestamp, line.maxDepth)
        var x = line.extras
        let rowsBefore = table.rowCount
        let row = table.rowForUpsert(line.cid.p!, line.cid.n)
        // A re-stream of `/allocations` is merged as a difference: a pin whose options did not
        // change is only marked seen, so the version (and every view) stays as it was.
        var changed = row == rowsBefore
        let nameID = name.p.map { table.names.intern($0, name.n) } ?? 0
        let flags = (table.flags[row] & (PinFlags.deleted | PinFlags.hasExtras))
            | PinFlags.optionsKnown | type.rawValue | (mode.rawValue << 3)
        if table.nameIDs[row] != nameID || table.replMin[row] != Int8(clamping: rmin) || table.replMax[row] != Int8(clamping: rmax)
            || table.created[row] != timestamp.nanoseconds || table.flags[row] != flags {
            table.nameIDs[row] = nameID
            table.replMin[row] = Int8(clamping: rmin)
            table.replMax[row] = Int8(clamping: rmax)
            table.created[row] = timestamp.nanoseconds
            table.flags[row] = flags
            changed = true
        }
        if table.setAllocations(row: row, peers: allocPeers) { changed = true }
        if let d = maxDepth {
            let implied: Int64? = mode == .recursive ? -1 : mode == .direct ? 0 : nil
            if implied != d { x.maxDepth = Int(d) }
        }
        x.typeName = line.typeName
        if x != table.storedExtras(row) { table.replaceExtras(row: row, x); changed = true }
        if let refresh {
            table.touch(refresh, row: row, peer: nil)
            table.noteUpsert(refresh, added: row == rowsBefore, changed: changed)
        }
        if changed { table.version &+= 1 }
    }

    static func id(_ c: inout JSONCursor, _ table: inout PinTable) throws(ScanError) {
        let lineStart = c.i
        guard try c.beginObjectOrNull() else { throw c.fail("expected an object, got null", at: lineStart) }
        var rec = PeerRecord(idBytes: [], hash: 0)
        var idSeen = false
        var idBytes = ByteString.null
        var first = true
        while let k = try c.nextKey(first: &first) {
            switch k.n {
            case 2 where k.equals("id"):
                idBytes = try c.stringOrNull()
                rec.idBytes = idBytes.p.map { Array(UnsafeBufferPointer(start: $0, count: idBytes.n)) } ?? []
                idSeen = true
            case 9 where k.equals("addresses"):
                var l: [String] = []
                try c.strings { (s) throws(ScanError) in l.append(s.string) }
                rec.addresses = l
            case 13 where k.equals("cluster_peers"):
                var l: [String] = []
                try c.strings { (s) throws(ScanError) in l.append(s.string) }
                rec.clusterPeers = l
            case 7 where k.equals("version"): rec.version = try c.stringOrNull().string
            case 5 where k.equals("error"): rec.error = try c.stringOrNull().string
            case 8 where k.equals("peername"): rec.peername = try c.stringOrNull().string
            case 4 where k.equals("ipfs"):
                if try c.beginObjectOrNull() {
                    var f2 = true
                    while let ik = try c.nextKey(first: &f2) {
                        if ik.equals("id") {
                            rec.ipfsPeerID = try c.stringOrNull().string
                        } else if ik.equals("error") {
                            rec.ipfsError = try c.stringOrNull().string
                        } else {
                            try c.skipValue()
                        }
                    }
                }
            default: try c.skipValue()
            }
        }
        try c.expectEndOfLine()
        guard idSeen, !rec.idBytes.isEmpty else { throw c.fail("line has no \"id\"", at: lineStart) }
        let peer = rec.idBytes.withUnsafeBufferPointer { table.internPeer($0.baseAddress, $0.count) }
        table.updatePeer(peer, from: rec)
    }
}
