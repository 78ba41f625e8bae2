import Foundation

/// Columns the pins screen sorts by.
public enum PinSortKey: String, Sendable, CaseIterable {
    /// CID bytes.
    case cid
    /// Name bytes (empty names first).
    case name
    /// Worst state, worst first.
    case status
    /// Creation time, oldest first.
    case age
    /// Highest attempt count across peers, fewest first.
    case attempts
    /// Replication min, then max.
    case replication
    /// Number of allocated peers, fewest first; "everywhere" (no allocations) after any count.
    case allocations
    /// The per-peer status strip: fewest peers `pinned` first (the least protected pins), then
    /// by the strip itself (worst entry on the earliest peer first), so equal strips sit together.
    case peers
    /// The error excerpt's text; pins without an error come last in either direction.
    case error
}

/// A query over the pin table (what the pins screen shows): a status chip, a text filter and an optional peer, and a sort.
///
/// Text is a substring of the CID (exact case: CIDs are case-sensitive) or of the name (ASCII
/// case-insensitive); with the prefix `re:` it is a regular expression over both.
public struct PinQuery: Sendable, Equatable {
    public var chip: PinStatusChip
    public var text: String
    /// Restricts the chip to this peer's entries (peer index in the table).
    public var peer: Int?
    public var sort: PinSortKey
    public var descending: Bool

    public init(chip: PinStatusChip = .all, text: String = "", peer: Int? = nil,
                sort: PinSortKey = .cid, descending: Bool = false) {
        self.chip = chip
        self.text = text
        self.peer = peer
        self.sort = sort
        self.descending = descending
    }

    var isRegex: Bool { text.hasPrefix("re:") }
}

/// The outcome of a view: row ids in display order. Kept by the caller and passed back as
/// `previous`, so that the next keystroke narrows it and a filter change reuses the sort.
public struct PinQueryResult: Sendable {
    public let view: PinQuery
    /// ``PinTable/version`` the rows were computed at.
    public let tableVersion: UInt64
    public let rows: [UInt32]
    /// Every live row in the view's sort order (shared by views that differ only in filter).
    let sortedAll: [UInt32]
    /// Whether the last computation narrowed `previous` instead of scanning (for tests/bench).
    public let narrowed: Bool
    /// Bit per row: matches `view.text` (plain text only), at `tableVersion`; reused by the next
    /// computation with the same text.
    let textBits: [UInt64]?
    public var count: Int { rows.count }
}

/// A filter that cannot be applied.
public enum PinViewError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidRegex(pattern: String, reason: String)
    public var description: String {
        switch self {
        case .invalidRegex(let p, let r): return "invalid regular expression \"\(p)\": \(r)"
        }
    }
}

/// One visible row, materialised only when the screen draws it. Texts that came from the
/// cluster (name, error) are kept as sent: they reach the terminal only through the cell buffer,
/// whose sanitiser drops whole escape sequences (replacing ESC here would leave `[31m` showing).
public struct PinRowSnapshot: Sendable, Equatable {
    public let row: Int
    public let cid: String
    public let name: String
    /// Per peer index (``PinTable/peers``).
    public let statuses: [PinStatus]
    public let worst: PinStatus
    public let created: PinTime
    /// Seconds since `created` at the `now` given, nil when unset.
    public let ageSeconds: Int64?
    /// Highest attempt count over the peers.
    public let attempts: Int
    /// The first non-empty error text (worst peer first), at most 120 characters.
    public let errorExcerpt: String
    public let replicationMin: Int
    public let replicationMax: Int
    public let allocations: [Int]
}

extension PinTable {
    /// Computes a view. Pure function of this (snapshot) table: run it in a Task on a copy
    /// of the table and swap the result in when done; the old order stays on screen meanwhile.
    public func computeView(_ view: PinQuery, previous: PinQueryResult? = nil) throws(PinViewError) -> PinQueryResult {
        var matcher = try TextMatcher(view.text)
        if let prev = previous, prev.tableVersion == version, prev.view.sort == view.sort,
           prev.view.descending == view.descending {
            // Text bits computed for exactly this text at this version are reused (a chip change
            // with the filter kept costs a status pass, not another scan of every CID and name).
            let cached = prev.view.text == view.text ? prev.textBits : nil
            let sameFilterBase = prev.view.chip == view.chip && prev.view.peer == view.peer
            if sameFilterBase && !view.isRegex && !prev.view.isRegex && view.text.contains(prev.view.text) {
                // The previous rows passed this chip and peer at this very version: only the text
                // is left to test.
                let (rows, bits) = filter(prev.rows, chip: .all, peer: nil, matcher: &matcher, cachedTextBits: cached)
                return PinQueryResult(view: view, tableVersion: version, rows: rows, sortedAll: prev.sortedAll, narrowed: true,
                                     textBits: bits ?? cached)
            }
            let (rows, bits) = filter(prev.sortedAll, chip: view.chip, peer: view.peer, matcher: &matcher, cachedTextBits: cached)
            return PinQueryResult(view: view, tableVersion: version, rows: rows, sortedAll: prev.sortedAll, narrowed: false,
                                 textBits: bits ?? cached)
        }
        let all = sortedRows(by: view.sort, descending: view.descending)
        let (rows, bits) = filter(all, chip: view.chip, peer: view.peer, matcher: &matcher, cachedTextBits: nil)
        return PinQueryResult(view: view, tableVersion: version, rows: rows, sortedAll: all, narrowed: false, textBits: bits)
    }

    /// Keeps the rows (in order) that pass the chip, peer and text. Also returns the text's
    /// row bitset when one was computed (or reused), for the next computation to reuse.
    /// `plan` forces a way of testing (tests); by default it is chosen by estimated cost.
    func filter(_ input: [UInt32], chip: PinStatusChip, peer: Int?, matcher: inout TextMatcher,
                cachedTextBits: [UInt64]?, plan forced: FilterPlan? = nil) -> (rows: [UInt32], textBits: [UInt64]?) {
        let set = chip.statuses
        let checkStatus = chip != .all || peer != nil
        if !checkStatus && matcher.isEmpty { return (input, nil) }
        // Over many rows: bitsets in row order (text by scanning the contiguous CID and name
        // arenas, status by scanning the status columns), then one pass over the input in display
        // order that reads only those bitsets (125 KB per million rows, cache-resident) instead of
        // jumping through the columns for each row. A narrowing input (the rows of the previous
        // keystroke) may instead test only its own rows: which way is cheaper is estimated from
        // the input's and the table's row counts, see ``FilterPlan``.
        let plainText = !matcher.isEmpty && matcher.regex == nil
        let plan: FilterPlan = !plainText && !matcher.isEmpty ? .perRow
            : forced ?? FilterPlan.choose(inputRows: input.count, tableRows: rowCount, text: plainText && cachedTextBits == nil)
        switch plan {
        case .scan:
            let textBits = plainText ? (cachedTextBits ?? textMatchRowBits(matcher)) : nil
            var bits: [UInt64]
            if checkStatus {
                bits = statusMatchRowBits(set, peer)
                if let t = textBits { for i in bits.indices { bits[i] &= t[i] } }
            } else {
                bits = textBits!
            }
            return (select(input, bits), textBits)
        case .candidates:
            var rows = select(input, candidateTextBits(input, matcher))
            if checkStatus { rows.removeAll { !rowHasStatus(Int($0), set, peer) } }
            return (rows, nil)
        case .perRow:
            break
        }
        var out: [UInt32] = []
        out.reserveCapacity(min(input.count, 1 << 16))
        for r32 in input {
            let r = Int(r32)
            if checkStatus && !rowHasStatus(r, set, peer) { continue }
            if !matcher.isEmpty {
                let hit = cids.withBytes(r) { c in
                    names.texts.withBytes(Int(nameIDs[r])) { n in matcher.matches(cid: c, name: n) }
                }
                if !hit { continue }
            }
            out.append(r32)
        }
        return (out, nil)
    }

    /// The rows of `input` (in order) whose bit is set.
    /// `parallel` forces or forbids two threads (tests); by default inputs of
    /// ``parallelSelectRows`` or more are split in halves: at ten million pins the bitset (1.25 MB)
    /// no longer sits in the core's cache and the select was most of the caller's serial work
    /// after the scan threads joined.
    func select(_ input: [UInt32], _ bits: [UInt64], parallel: Bool? = nil) -> [UInt32] {
        guard parallel ?? (input.count >= PinTable.parallelSelectRows) else { return PinTable.select(input[...], bits) }
        let half = input.count / 2
        let (low, high) = onTwoThreads({ PinTable.select(input[half...], bits) }, { PinTable.select(input[..<half], bits) })
        return [UInt32](unsafeUninitializedCapacity: low.count + high.count) { out, count in
            _ = out.initialize(fromContentsOf: low)
            _ = UnsafeMutableBufferPointer(rebasing: out[low.count...]).initialize(fromContentsOf: high)
            count = low.count + high.count
        }
    }

    /// Inputs this large or more are selected (and tables this large map their name bits) on two
    /// threads. Not below: at a million pins both passes take a few ms, and on a loaded machine
    /// each extra round of two threads waits for the second core (wall 16 -> 70 ms, same CPU).
    static let parallelSelectRows = 2_000_000

    static func select(_ input: ArraySlice<UInt32>, _ bits: [UInt64]) -> [UInt32] {
        var total = 0
        for w in bits { total &+= w.nonzeroBitCount }
        let capacity = min(input.count, total)
        return input.withUnsafeBufferPointer { inp in
            bits.withUnsafeBufferPointer { b in
                [UInt32](unsafeUninitializedCapacity: capacity) { out, count in
                    var n = 0
                    for r32 in inp where n < capacity {
                        let r = Int(r32)
                        if b[r &>> 6] &>> UInt64(r & 63) & 1 != 0 {
                            out[n] = r32
                            n &+= 1
                        }
                    }
                    count = n
                }
            }
        }
    }

    /// Rows this large or more scan the CID and the name arenas on two threads at once.
    static let parallelScanRows = 50_000

    /// Bit per row: its CID contains the needle or its name contains the folded needle.
    /// `parallel` forces or forbids the two-thread scan (tests); by default it follows the size.
    func textMatchRowBits(_ matcher: TextMatcher, parallel: Bool? = nil) -> [UInt64] {
        var cidBits: [UInt64]
        var nameBits: [UInt64]
        let cidArenas = cids.arenas.count, nameArenas = names.texts.arenas.count
        if parallel ?? (rowCount >= PinTable.parallelScanRows) {
            // Each thread scans half of the CID arenas and half of the name arenas (the CIDs are
            // about twice the names' bytes, so one thread each left one waiting for the other).
            let table = self, m = matcher
            let upperCIDs = cidArenas / 2..<cidArenas, upperNames = nameArenas / 2..<nameArenas
            let (low, high) = onTwoThreads({ (table.cidMatchBits(m.needle, arenas: upperCIDs),
                                              table.nameMatchBits(m.folded, arenas: upperNames)) },
                                           { (cidMatchBits(matcher.needle, arenas: 0..<cidArenas / 2),
                                              nameMatchBits(matcher.folded, arenas: 0..<nameArenas / 2)) })
            cidBits = low.0
            nameBits = low.1
            PinTable.orInto(&cidBits, high.0)
            PinTable.orInto(&nameBits, high.1)
        } else {
            cidBits = cidMatchBits(matcher.needle, arenas: 0..<cidArenas)
            nameBits = nameMatchBits(matcher.folded, arenas: 0..<nameArenas)
        }
        // The name bits by id, mapped onto the rows' bits: on two threads (halves of the rows) for
        // big tables, as this pass runs after both scans.
        let words = cidBits.count
        guard parallel ?? (rowCount >= PinTable.parallelSelectRows) else { return withNameBits(cidBits, nameBits, words: 0..<words) }
        let split = words / 2
        let table = self, cb = cidBits, nb = nameBits
        let (low, high) = onTwoThreads({ table.withNameBits(cb, nb, words: split..<words) },
                                       { withNameBits(cidBits, nameBits, words: 0..<split) })
        return low + high
    }

    /// The `words` of `cidBits` (64 rows each) with each row's name bit (by its name id in
    /// `nameBits`) OR-ed in.
    func withNameBits(_ cidBits: [UInt64], _ nameBits: [UInt64], words: Range<Int>) -> [UInt64] {
        var out = Array(cidBits[words])
        let rows = (words.lowerBound << 6)..<min(words.upperBound << 6, rowCount)
        guard !rows.isEmpty else { return out }
        nameIDs.forEachChunk { first, ids in
            let lo = max(first, rows.lowerBound), hi = min(first + ids.count, rows.upperBound)
            guard lo < hi else { return }
            nameBits.withUnsafeBufferPointer { nb in
                out.withUnsafeMutableBufferPointer { ob in
                    let w0 = words.lowerBound
                    for r in lo..<hi {
                        let id = Int(ids[r &- first])
                        ob[(r &>> 6) &- w0] |= (nb[id &>> 6] &>> UInt64(id & 63) & 1) << UInt64(r & 63)
                    }
                }
            }
        }
        return out
    }

    static func orInto(_ bits: inout [UInt64], _ other: [UInt64]) {
        bits.withUnsafeMutableBufferPointer { b in
            other.withUnsafeBufferPointer { o in for i in b.indices { b[i] |= o[i] } }
        }
    }

    /// Bit per row: an entry in `set` (on `peer` only, when given), by scanning status columns.
    func statusMatchRowBits(_ set: PinStatusSet, _ peer: Int?) -> [UInt64] {
        var bits = [UInt64](repeating: 0, count: (rowCount + 64) >> 6)
        var lut = [UInt64](repeating: 0, count: 256)
        for b in 0..<256 where set.contains(PinStatus(rawValue: UInt8(b))) { lut[b] = 1 }
        let scan: [Int] = peer.map { $0 < columns.count ? [$0] : [] } ?? Array(columns.indices)
        bits.withUnsafeMutableBufferPointer { out in
            lut.withUnsafeBufferPointer { l in
                for p in scan {
                    // Chunks hold a multiple of 64 rows, so each 64-row word lies in one chunk.
                    columns[p].status.forEachChunk { first, st in
                        var r = 0
                        let n = st.count
                        while r < n {
                            let end = min(r + 64, n)
                            var m: UInt64 = 0
                            var k: UInt64 = 0
                            for i in r..<end {
                                m |= l[Int(st[i])] << k
                                k &+= 1
                            }
                            out[(first + r) &>> 6] |= m
                            r = end
                        }
                    }
                }
            }
        }
        return bits
    }

    @inline(__always)
    func rowHasStatus(_ r: Int, _ set: PinStatusSet, _ peer: Int?) -> Bool {
        if let peer { return peer < columns.count && set.contains(PinStatus(rawValue: columns[peer].status[r])) }
        for p in columns.indices where set.contains(PinStatus(rawValue: columns[p].status[r])) { return true }
        return false
    }

    /// Bit per row of the CID arenas in `arenas`: its CID contains `needle` (exact bytes),
    /// see ``ArenaSearch``.
    func cidMatchBits(_ needle: [UInt8], arenas: Range<Int>) -> [UInt64] {
        var bits = [UInt64](repeating: 0, count: (rowCount + 64) >> 6)
        guard !needle.isEmpty else { return bits }
        needle.withUnsafeBufferPointer { nd in
            bits.withUnsafeMutableBufferPointer { out in
                for c in arenas {
                    cids.withArena(c) { bytes, ends in
                        if nd.count == 1 {
                            ArenaSearch.markContainingByte(bytes, ends, first: c << ChunkedArena.shift, nd[0], caseless: false, into: out.baseAddress!)
                        } else {
                            ArenaSearch.mark(bytes, ends, first: c << ChunkedArena.shift, needle: nd, caseless: false, into: out.baseAddress!)
                        }
                    }
                }
            }
        }
        return bits
    }

    /// Bit per interned name id of the name arenas in `arenas`: the name contains `folded`
    /// (ASCII case-insensitive), see ``ArenaSearch``.
    func nameMatchBits(_ folded: [UInt8], arenas: Range<Int>) -> [UInt64] {
        var bits = [UInt64](repeating: 0, count: (names.count + 64) >> 6)
        guard !folded.isEmpty else { return bits }
        folded.withUnsafeBufferPointer { f in
            bits.withUnsafeMutableBufferPointer { out in
                for c in arenas {
                    names.texts.withArena(c) { bytes, ends in
                        if f.count == 1 {
                            ArenaSearch.markContainingByte(bytes, ends, first: c << ChunkedArena.shift, f[0], caseless: true, into: out.baseAddress!)
                        } else {
                            ArenaSearch.mark(bytes, ends, first: c << ChunkedArena.shift, needle: f, caseless: true, into: out.baseAddress!)
                        }
                    }
                }
            }
        }
        return bits
    }

    /// Every live row sorted by `key`; ties keep row order, so sorts are stable and repeatable.
    public func sortedRows(by key: PinSortKey, descending: Bool = false) -> [UInt32] {
        var live: [UInt32] = []
        live.reserveCapacity(liveCount)
        flags.forEachChunk { first, f in
            for k in f.indices where f[k] & PinFlags.deleted == 0 { live.append(UInt32(first + k)) }
        }
        // Primary keys of 32 bits are packed with the row into one UInt64 and sorted without
        // a closure; that is what keeps a million-row sort well under a frame budget of 0.5 s.
        func packed(_ primary: (Int) -> UInt32) -> [UInt32] {
            var keys = [UInt64](repeating: 0, count: live.count)
            for (i, r) in live.enumerated() {
                var k = primary(Int(r))
                if descending { k = ~k }
                keys[i] = UInt64(k) << 32 | UInt64(r)
            }
            keys.sort()
            return keys.map { UInt32(truncatingIfNeeded: $0) }
        }
        switch key {
        case .name:
            let rank = ranks(names)
            return packed { rank[Int(nameIDs[$0])] }
        case .status:
            return packed { r in
                let s = PinStatus(rawValue: worst[r])
                return UInt32(255 - s.severity) << 8 | UInt32(s.rawValue)
            }
        case .attempts:
            return packed { r in
                var m: UInt8 = 0
                for p in columns.indices { m = max(m, columns[p].attempts[r] & 0x7F) }
                return UInt32(m)
            }
        case .replication:
            return packed { r in UInt32(UInt8(bitPattern: replMin[r]) ^ 0x80) << 8 | UInt32(UInt8(bitPattern: replMax[r]) ^ 0x80) }
        case .allocations:
            return packed { r in
                let n = allocMask[r].nonzeroBitCount + (allocOverflow[UInt32(r)]?.count ?? 0)
                return n == 0 ? UInt32.max : UInt32(n)
            }
        case .peers:
            // 8 bits of pinned count, then 4 bits of (15 - severity) per peer for the first 14.
            let pinned = PinStatus.pinned.rawValue
            let strip = min(columns.count, 14)
            var pairs = live.map { r -> (UInt64, UInt32) in
                var count: UInt64 = 0
                var pattern: UInt64 = 0
                for p in columns.indices {
                    let s = PinStatus(rawValue: columns[p].status[Int(r)])
                    if s.rawValue == pinned { count += 1 }
                    if p < strip { pattern |= UInt64(15 - min(s.severity, 15)) << UInt64(52 - 4 * p) }
                }
                var k = min(count, 255) << 56 | pattern
                if descending { k = ~k }
                return (k, r)
            }
            pairs.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            return pairs.map(\.1)
        case .error:
            // Built by hand rather than with `packed`: rows without an error stay last both ways.
            let rank = ranks(errors)
            var keys = [UInt64](repeating: 0, count: live.count)
            for (i, r) in live.enumerated() {
                let e = excerptErrorID(Int(r))
                var k = e == 0 ? UInt32.max : rank[Int(e)]
                if descending && e != 0 { k = UInt32.max - 1 - k }
                keys[i] = UInt64(k) << 32 | UInt64(r)
            }
            keys.sort()
            return keys.map { UInt32(truncatingIfNeeded: $0) }
        case .age:
            var pairs = live.map { r -> (UInt64, UInt32) in
                var k = UInt64(bitPattern: created[Int(r)]) ^ (1 << 63)
                if descending { k = ~k }
                return (k, r)
            }
            pairs.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            return pairs.map(\.1)
        case .cid:
            var rows = live
            if rows.count < 2 { return rows }
            rows.sort { a, b in
                let c = cids.compare(Int(a), Int(b))
                if c == 0 { return a < b }
                return descending ? c > 0 : c < 0
            }
            return rows
        }
    }

    /// Rank of every interned text (names, errors) in byte order: ids sorted once, not rows. Each
    /// text gets a 16-byte big-endian prefix key so most comparisons are two integer compares.
    func ranks(_ interner: ByteInterner) -> [UInt32] {
        struct Key { var hi: UInt64; var lo: UInt64; var id: UInt32 }
        let count = interner.count
        let texts = interner.texts
        var keys = [Key]()
        keys.reserveCapacity(count)
        texts.forEachArena { firstID, nb, ends in
            for k in ends.indices {
                let a = k == 0 ? 0 : Int(ends[k - 1]), e = Int(ends[k])
                var hi: UInt64 = 0, lo: UInt64 = 0
                for j in 0..<16 {
                    let b: UInt64 = a + j < e ? UInt64(nb[a + j]) : 0
                    if j < 8 { hi = hi << 8 | b } else { lo = lo << 8 | b }
                }
                keys.append(Key(hi: hi, lo: lo, id: UInt32(firstID + k)))
            }
        }
        @inline(__always) func compare(_ x: Key, _ y: Key) -> Int {
            if x.hi != y.hi { return x.hi < y.hi ? -1 : 1 }
            if x.lo != y.lo { return x.lo < y.lo ? -1 : 1 }
            return Int(texts.compare(Int(x.id), Int(y.id)))
        }
        keys.sort { compare($0, $1) < 0 }
        var rank = [UInt32](repeating: 0, count: count)
        var current: UInt32 = 0
        for i in keys.indices {
            if i > 0 && compare(keys[i - 1], keys[i]) != 0 { current += 1 }
            rank[Int(keys[i].id)] = current
        }
        return rank
    }

    /// The error shown for a row: the first non-empty one on its worst-status peer (0 = none).
    func excerptErrorID(_ r: Int) -> UInt32 {
        var excerptID: UInt32 = 0
        var excerptSev: UInt8 = 0
        for p in columns.indices {
            let e = columns[p].errorID(r)
            guard e != 0 else { continue }
            let sev = PinStatus(rawValue: columns[p].status[r]).severity
            if excerptID == 0 || sev > excerptSev {
                excerptID = e
                excerptSev = sev
            }
        }
        return excerptID
    }

    /// Materialises the `index`-th row of a view for drawing.
    public func row(at index: Int, in result: PinQueryResult, now: PinTime) -> PinRowSnapshot {
        let r = Int(result.rows[index])
        var statuses: [PinStatus] = []
        statuses.reserveCapacity(columns.count)
        var attempts = 0
        for p in columns.indices {
            statuses.append(PinStatus(rawValue: columns[p].status[r]))
            attempts = max(attempts, Int(columns[p].attempts[r] & 0x7F))
        }
        let excerptID = excerptErrorID(r)
        let c = created[r]
        let age: Int64? = (c == PinTime.unset.nanoseconds || now.isUnset) ? nil : (now.nanoseconds - c) / 1_000_000_000
        var excerpt = errors.string(excerptID)
        if excerpt.count > 120 { excerpt = String(excerpt.prefix(119)) + "…" }
        return PinRowSnapshot(row: r, cid: cid(r), name: name(r), statuses: statuses,
                              worst: PinStatus(rawValue: worst[r]), created: PinTime(nanoseconds: c), ageSeconds: age,
                              attempts: attempts, errorExcerpt: excerpt, replicationMin: Int(replMin[r]),
                              replicationMax: Int(replMax[r]), allocations: allocations(r))
    }
}

/// The text part of a view, prepared once per computation.
struct TextMatcher {
    let needle: [UInt8]
    let folded: [UInt8]
    let regex: NSRegularExpression?
    var isEmpty: Bool { needle.isEmpty && regex == nil }

    init(_ text: String) throws(PinViewError) {
        if text.hasPrefix("re:") {
            let pattern = String(text.dropFirst(3))
            do {
                regex = try NSRegularExpression(pattern: pattern)
            } catch {
                throw .invalidRegex(pattern: pattern, reason: "\(error.localizedDescription)")
            }
            needle = []
            folded = []
            if pattern.isEmpty { self.regexEmpty = true } else { self.regexEmpty = false }
        } else {
            regex = nil
            needle = Array(text.utf8)
            folded = needle.map(TextMatcher.lower)
            regexEmpty = false
        }
    }
    let regexEmpty: Bool

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b &- 65 < 26 ? b | 0x20 : b }

    func matches(cid: UnsafeBufferPointer<UInt8>, name: UnsafeBufferPointer<UInt8>) -> Bool {
        let cn = cid.count, nn = name.count
        if let regex {
            if regexEmpty { return true }
            let c = String(decoding: cid, as: UTF8.self)
            if regex.firstMatch(in: c, range: NSRange(location: 0, length: c.utf16.count)) != nil { return true }
            guard nn > 0 else { return false }
            let s = String(decoding: name, as: UTF8.self)
            return regex.firstMatch(in: s, range: NSRange(location: 0, length: s.utf16.count)) != nil
        }
        if cn > 0, needle.withUnsafeBufferPointer({ TextMatcher.contains(cid.baseAddress!, cn, $0) }) { return true }
        return nn > 0 && folded.withUnsafeBufferPointer { TextMatcher.containsFolded(name.baseAddress!, nn, $0) }
    }
}
