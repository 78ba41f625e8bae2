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
                let (rows, bits) = filter(prev.rows, chip: view.chip, peer: view.peer, matcher: &matcher, cachedTextBits: cached)
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
    func filter(_ input: [UInt32], chip: PinStatusChip, peer: Int?, matcher: inout TextMatcher,
                cachedTextBits: [UInt64]?) -> (rows: [UInt32], textBits: [UInt64]?) {
        let set = chip.statuses
        let checkStatus = chip != .all || peer != nil
        if !checkStatus && matcher.isEmpty { return (input, nil) }
        // Over many rows: bitsets in row order (text by scanning the contiguous CID and name
        // arenas, status by scanning the status columns), then one pass over the input in display
        // order that reads only those bitsets (125 KB per million rows, cache-resident) instead of
        // jumping through the columns for each row. A narrowing pass over few rows (under 1/32 of
        // the table: a per-row test costs ~0.3 µs in display order, the scans ~20 ms per million)
        // tests each row.
        let plainText = !matcher.isEmpty && matcher.regex == nil
        if input.count * 32 > rowCount && (plainText || matcher.isEmpty) {
            let textBits = plainText ? (cachedTextBits ?? textMatchRowBits(matcher)) : nil
            var bits: [UInt64]
            if checkStatus {
                bits = statusMatchRowBits(set, peer)
                if let t = textBits { for i in bits.indices { bits[i] &= t[i] } }
            } else {
                bits = textBits!
            }
            return (select(input, bits), textBits)
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
    func select(_ input: [UInt32], _ bits: [UInt64]) -> [UInt32] {
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
        let nameBits: [UInt64]
        if parallel ?? (rowCount >= PinTable.parallelScanRows) {
            // The two scans read different arenas and write their own slot: one on a worker, one
            // here (the machine has two cores, so a keystroke on a million pins waits for the
            // longer scan, not for both).
            // A dedicated thread, not a pool: the name scan must really run beside the CID scan
            // (a busy pool would let the caller run both in turn).
            let slots = ScanSlots()
            let done = DispatchSemaphore(value: 0)
            let table = self, folded = matcher.folded
            let worker = Thread {
                slots.name = table.nameMatchBits(folded)
                done.signal()
            }
            worker.start()
            cidBits = cidMatchBits(matcher.needle)
            done.wait()
            nameBits = slots.name
        } else {
            cidBits = cidMatchBits(matcher.needle)
            nameBits = nameMatchBits(matcher.folded)
        }
        nameIDs.forEachChunk { first, ids in
            nameBits.withUnsafeBufferPointer { nb in
                cidBits.withUnsafeMutableBufferPointer { cb in
                    for k in ids.indices {
                        let id = Int(ids[k]), r = first + k
                        cb[r &>> 6] |= (nb[id &>> 6] &>> UInt64(id & 63) & 1) << UInt64(r & 63)
                    }
                }
            }
        }
        return cidBits
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

    /// Bit per row: its CID contains `needle` (exact bytes). Each arena of CIDs is searched
    /// whole, `memchr` for one byte and ``MemMem`` for more (a hit skips the rest of its CID; one
    /// across two CIDs is skipped by one byte). A first byte alone hits about twice per base32
    /// CID, so testing each of its hits made a keystroke at a million pins cost 25 ms on the
    /// caller's thread.
    func cidMatchBits(_ needle: [UInt8]) -> [UInt64] {
        var bits = [UInt64](repeating: 0, count: (rowCount + 64) >> 6)
        let m = needle.count
        guard m > 0, rowCount > 0 else { return bits }
        needle.withUnsafeBufferPointer { nd in
            let first = Int32(nd[0])
            cids.forEachArena { firstRow, bytes, ends in
                guard let base = bytes.baseAddress else { return }
                let total = bytes.count
                var pos = 0
                var k = 0
                while pos < total {
                    let hit = m == 1 ? memchr(base + pos, first, total - pos)
                                     : MemMem.find(base + pos, total - pos, nd.baseAddress!, m)
                    guard let f = hit else { break }
                    let at = UnsafeRawPointer(f) - UnsafeRawPointer(base)
                    while Int(ends[k]) <= at { k += 1 }
                    let end = Int(ends[k])
                    var j = 1
                    if at + m <= end { while j < m && base[at + j] == nd[j] { j += 1 } }
                    if at + m <= end && j == m {
                        let row = firstRow + k
                        bits[row >> 6] |= 1 << UInt64(row & 63)
                        pos = end
                    } else {
                        pos = at + 1
                    }
                }
            }
        }
        return bits
    }

    /// Bit per interned name id: the name contains `folded` (ASCII case-insensitive).
    func nameMatchBits(_ folded: [UInt8]) -> [UInt64] {
        let count = names.count
        var bits = [UInt64](repeating: 0, count: (count + 64) >> 6)
        let m = folded.count
        guard m > 0, names.texts.byteCount > 0 else { return bits }
        folded.withUnsafeBufferPointer { f in
            let f0 = f[0]
            // SWAR skip: 8 bytes at a time while none can be the first needle byte.
            // For a letter, OR-ing 0x20 folds case (and maps a few symbols onto letters:
            // harmless, every candidate is verified byte by byte below).
            let isLetter = f0 &- 97 < 26
            let fold: UInt64 = isLetter ? 0x2020_2020_2020_2020 : 0
            let pattern = UInt64(f0) &* 0x0101_0101_0101_0101
            names.texts.forEachArena { firstID, nb, ends in
                guard let base = nb.baseAddress else { return }
                let raw = UnsafeRawPointer(base)
                var k = 0
                var end = Int(ends[0])
                var i = 0
                let total = nb.count
                while i + m <= total {
                    if i + 8 <= total {
                        let w = (raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) | fold) ^ pattern
                        if (w &- 0x0101_0101_0101_0101) & ~w & 0x8080_8080_8080_8080 == 0 {
                            i += 8
                            continue
                        }
                    }
                    if TextMatcher.lower(base[i]) == f0 {
                        while end <= i { k += 1; end = Int(ends[k]) }
                        if i + m <= end {
                            var j = 1
                            while j < m && TextMatcher.lower(base[i + j]) == f[j] { j += 1 }
                            if j == m {
                                let id = firstID + k
                                bits[id >> 6] |= 1 << UInt64(id & 63)
                                i = end
                                continue
                            }
                        }
                    }
                    i += 1
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

/// The worker's result of a parallel text scan. `@unchecked Sendable` because the worker thread
/// writes `name` once and then signals a semaphore; the caller reads it only after waiting on
/// that semaphore (a happens-before edge). No other use is allowed.
final class ScanSlots: @unchecked Sendable {
    var name: [UInt64] = []
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
        let m = needle.count
        if m <= cn {
            let hit = needle.withUnsafeBufferPointer { nd -> Bool in
                let first = nd[0]
                var i = 0
                let last = cn - m
                while i <= last {
                    if cid[i] == first {
                        var k = 1
                        while k < m && cid[i + k] == nd[k] { k += 1 }
                        if k == m { return true }
                    }
                    i += 1
                }
                return false
            }
            if hit { return true }
        }
        guard m <= nn else { return false }
        return folded.withUnsafeBufferPointer { f in
            let f0 = f[0]
            var i = 0
            let last = nn - m
            while i <= last {
                if TextMatcher.lower(name[i]) == f0 {
                    var k = 1
                    while k < m && TextMatcher.lower(name[i + k]) == f[k] { k += 1 }
                    if k == m { return true }
                }
                i += 1
            }
            return false
        }
    }
}
