import Foundation
import Testing
@testable import ConsoleCore

/// The chunked, copy-on-write storage under the pin table: each piece on its own, then a table
/// larger than one chunk (64 Ki rows, 16 Ki CIDs per arena) answering filters, sorts, counts and
/// lookups exactly as a brute-force reading of its rows does, and copies that stay as they were.
@Suite struct ChunkedStorageTests {
    @Test func chunkedArrayCrossesChunksAndCopiesOnWrite() {
        var a = ChunkedArray<UInt32>(chunkShift: 4)
        for i in 0..<100 { a.append(UInt32(i)) }
        #expect(a.count == 100)
        #expect(a.chunks.count == 7)
        #expect((0..<100).allSatisfy { a[$0] == UInt32($0) })
        let copy = a
        a[17] = 1000
        a.append(5)
        #expect(copy[17] == 17)
        #expect(copy.count == 100)
        #expect(a[17] == 1000 && a[100] == 5)
        var seen: [UInt32] = []
        a.forEachChunk { first, b in
            #expect(first % 16 == 0)
            seen += b
        }
        #expect(seen.count == 101 && seen[17] == 1000)
        let filled = ChunkedArray<UInt8>(repeating: 3, count: 40, chunkShift: 4)
        #expect(filled.count == 40 && filled.chunks.map(\.count) == [16, 16, 8] && filled[39] == 3)
    }

    @Test func chunkedSparseCountsAndRemoves() {
        var s = ChunkedSparse<Int>()
        s[3] = 1
        s[200_000] = 2
        s[3] = 4
        #expect(s.count == 2)
        #expect(s[3] == 4 && s[200_000] == 2 && s[5] == nil && s[9_000_000] == nil)
        s[200_000] = nil
        s[7] = nil
        #expect(s.count == 1 && s[200_000] == nil)
    }

    @Test func arenaKeepsStringsApartAcrossArenas() {
        var arena = ChunkedArena()
        let strings = (0..<40_000).map { $0 % 7 == 0 ? "" : "s\($0 * 7919)" }
        for s in strings {
            var s = s
            s.withUTF8 { arena.append($0.baseAddress, $0.count) }
        }
        #expect(arena.count == 40_000)
        #expect(arena.arenas.count == 3)
        #expect(strings.indices.allSatisfy { arena.string($0) == strings[$0] })
        #expect(arena.length(16_384) == strings[16_384].utf8.count)
        #expect(arena.compare(1, 2).signum() == (strings[1] < strings[2] ? -1 : 1))
        #expect(arena.compare(0, 1).signum() == -1) // empty first
        #expect(arena.compare(3, 3) == 0)
        var probe = strings[20_000]
        #expect(probe.withUTF8 { arena.equals(20_000, $0.baseAddress!, $0.count) })
        #expect(!probe.withUTF8 { arena.equals(20_001, $0.baseAddress!, $0.count) })
    }

    @Test func timeColumnIsExactInFourBytesForWholeSeconds() {
        var t = TimeColumn()
        let values: [Int64] = [PinTime.unset.nanoseconds, 0, 1_779_000_000_000_000_000, 1_779_000_000_402_155_861,
                               -5_000_000_000, 4_294_967_294 * 1_000_000_000, 9_000_000_000_000_000_000]
        for v in values { t.append(v) }
        #expect(values.indices.allSatisfy { t[$0] == values[$0] })
        // Sub-second, before 1970 and after 2106 go to the side table; whole seconds do not.
        #expect(t.sideTableCount == 4)
        t[3] = 1_779_000_001_000_000_000
        #expect(t[3] == 1_779_000_001_000_000_000)
        #expect(t.sideTableCount == 3)
        t[1] = 12_345
        #expect(t[1] == 12_345 && t.sideTableCount == 4)
        let unset = TimeColumn(unsetRows: 3)
        #expect(unset[2] == PinTime.unset.nanoseconds)
    }

    /// The per-row text test (display-order and candidate filters): exact bytes, or ASCII
    /// case-insensitive with a lower-case needle, at every offset of short and long strings.
    @Test func rowTextTestFindsEveryOccurrence() {
        let hay = Array("bafyABCabcabd-xyzabd-0123456789-QRS".utf8)
        func lower(_ b: [UInt8]) -> [UInt8] { b.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 } }
        func has(_ h: ArraySlice<UInt8>, _ n: [UInt8]) -> Bool {
            n.count <= h.count && (h.startIndex...(h.endIndex - n.count)).contains { Array(h[$0..<$0 + n.count]) == n }
        }
        for needle in ["abd", "a", "A", "xyz", "abcabd", "zz", "d-x", "ab", "bd", "ba", "-x", "9-q", "qrs", "QRS", "89-QRS", ""] {
            let n = Array(needle.utf8)
            for end in 0...hay.count {
                let h = hay[0..<end]
                let exact = hay.withUnsafeBufferPointer { hb in n.withUnsafeBufferPointer { TextMatcher.contains(hb.baseAddress!, end, $0) } }
                #expect(exact == (n.isEmpty || has(h, n)), "\(needle) in \(end) bytes")
                let folded = lower(n)
                let caseless = hay.withUnsafeBufferPointer { hb in folded.withUnsafeBufferPointer { TextMatcher.containsFolded(hb.baseAddress!, end, $0) } }
                #expect(caseless == (n.isEmpty || has(ArraySlice(lower(Array(h))), folded)), "\(needle) caseless in \(end) bytes")
            }
        }
    }

    @Test func pairSearchFindsThePairAtEveryOffset() {
        for length in 2..<40 {
            for at in 0..<(length - 1) {
                var hay = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                hay[at + 1] = UInt8(ascii: "b")
                if at + 2 < length { hay[at + 2] = UInt8(ascii: "b") }
                let found = hay.withUnsafeBufferPointer { MemMem.findPair($0.baseAddress!, length, UInt8(ascii: "a"), UInt8(ascii: "b")) }
                #expect(found == at, "length \(length) at \(at)")
                let ba = hay.withUnsafeBufferPointer { MemMem.findPair($0.baseAddress!, length, UInt8(ascii: "b"), UInt8(ascii: "a")) }
                #expect(ba == (0..<(length - 1)).first { hay[$0] == UInt8(ascii: "b") && hay[$0 + 1] == UInt8(ascii: "a") })
                let none = hay.withUnsafeBufferPointer { MemMem.findPair($0.baseAddress!, length, UInt8(ascii: "a"), UInt8(ascii: "c")) }
                #expect(none == nil)
            }
        }
    }

    @Test func hashSlotsFindEveryValueWhileGrowing() {
        func hash(_ v: UInt32) -> UInt64 { var r = TestRandom(state: UInt64(v)); return r.next() }
        var index = HashSlots()
        var rng = TestRandom(state: 5)
        for v in UInt32(0)..<20_000 {
            let (found, slot) = index.probe(hash(v)) { $0 == v }
            #expect(found == nil)
            index.insert(v, hash: hash(v), at: slot, hashOf: hash)
            let earlier = UInt32(rng.next() % UInt64(v + 1))
            #expect(index.probe(hash(earlier)) { $0 == earlier }.found == earlier)
        }
        #expect(index.used == 20_000 && index.capacity == 32_768)
        for v in stride(from: UInt32(0), to: 20_000, by: 3) { index.remove(v, hashOf: hash) }
        for v in UInt32(0)..<20_000 {
            #expect(index.probe(hash(v)) { $0 == v }.found == (v % 3 == 0 ? nil : v))
        }
        #expect(index.probe(hash(99_999)) { $0 == 99_999 }.found == nil)
    }

    /// Keys whose hashes share their low bits (one probe chain) are told apart by the tag alone:
    /// a key is compared only when its tag matches. Values far above the count (most rows
    /// deleted) grow the index until they fit beside the tag, and a growth moves only the values
    /// `hashOf` says are in it.
    @Test func hashSlotsCompareOnlyKeysWhoseTagMatches() {
        // Same low 32 bits for every value: one home slot; the high bits differ.
        func hash(_ v: UInt32) -> UInt64 { (UInt64(v &* 2_654_435_761) << 32) | 7 }
        var index = HashSlots(capacity: 64)
        var compares = 0
        for v in UInt32(0)..<40 {
            let (found, slot) = index.probe(hash(v)) { compares += 1; return $0 == v }
            #expect(found == nil)
            index.insert(v, hash: hash(v), at: slot, hashOf: hash)
        }
        // 40 misses over chains up to 39 long: without tags ~780 compares.
        #expect(compares < 40)
        compares = 0
        for v in UInt32(0)..<40 {
            #expect(index.probe(hash(v)) { compares += 1; return $0 == v }.found == v)
        }
        #expect(compares == 40)

        // Rows 0..<5000 inserted, all but every 100th deleted, then rows up to 100,000 without
        // any growth by count: the values alone must grow the index.
        var live = Set<UInt32>()
        var rows = HashSlots(capacity: 64)
        func rowHash(_ v: UInt32) -> UInt64? { live.contains(v) ? UInt64(v) &* 0x9E37_79B9_7F4A_7C15 : nil }
        for v in UInt32(0)..<5000 {
            live.insert(v)
            rows.insert(v, hash: rowHash(v)!, at: rows.probe(rowHash(v)!) { $0 == v }.slot, hashOf: rowHash)
        }
        for v in UInt32(0)..<5000 where v % 100 != 0 {
            rows.remove(v, hashOf: rowHash)
            live.remove(v)
        }
        for v in stride(from: UInt32(5000), to: 100_000, by: 5000) {
            live.insert(v)
            rows.insert(v, hash: rowHash(v)!, at: rows.probe(rowHash(v)!) { $0 == v }.slot, hashOf: rowHash)
        }
        #expect(rows.used == live.count && rows.capacity >= 100_000)
        for v in UInt32(0)..<100_000 where v % 100 == 0 {
            let h = UInt64(v) &* 0x9E37_79B9_7F4A_7C15
            #expect(rows.probe(h) { $0 == v }.found == (live.contains(v) ? v : nil), "\(v)")
        }
    }

    /// A table of a few rows reserves a few elements per column, not a chunk; the first chunk
    /// grows by doubling to the full size, the next is reserved whole, and values stay right
    /// across the boundary, through copies.
    @Test func smallTablesReserveLittleAndGrowAcrossChunks() throws {
        var a = ChunkedArray<UInt32>(chunkShift: 10)
        for i in 0..<3 { a.append(UInt32(i)) }
        #expect(a.chunks.count == 1 && a.chunks[0].capacity < 64)
        let small = a
        for i in 3..<2500 { a.append(UInt32(i)) }
        #expect(a.chunks.map(\.count) == [1024, 1024, 452])
        #expect(a.chunks[2].capacity >= 1024)
        #expect((0..<2500).allSatisfy { a[$0] == UInt32($0) })
        a[1023] = 7
        a[1024] = 8
        a[2499] = 9
        #expect(a[1023] == 7 && a[1024] == 8 && a[2499] == 9 && a[1022] == 1022 && a[1025] == 1025)
        #expect(small.count == 3 && small[2] == 2)
        var seen: [UInt32] = []
        a.forEachChunk { first, b in
            #expect(first == seen.count)
            seen += b
        }
        #expect(seen.count == 2500 && seen[1024] == 8)

        var arena = ChunkedArena()
        var s = "bafy-one"
        s.withUTF8 { arena.append($0.baseAddress, $0.count) }
        #expect(arena.arenas.count == 1 && arena.arenas[0].bytes.capacity < 1024 && arena.arenas[0].ends.capacity < 1024)
        // Past its first 1024 strings the first arena is reserved whole, and its strings stay.
        for i in 1...1100 {
            var t = "s\(i)"
            t.withUTF8 { arena.append($0.baseAddress, $0.count) }
        }
        #expect(arena.arenas[0].ends.capacity >= 16_384 && arena.arenas[0].bytes.capacity >= 16_384 * 64)
        #expect(arena.string(0) == "bafy-one" && arena.string(1024) == "s1024" && arena.string(1100) == "s1100")
        var big = ChunkedArray<UInt8>(chunkShift: 12)
        for i in 0..<1500 { big.append(UInt8(truncatingIfNeeded: i)) }
        #expect(big.chunks[0].capacity >= 4096 && (0..<1500).allSatisfy { big[$0] == UInt8(truncatingIfNeeded: $0) })

        // A whole table of one pin: decodes, reads back, and its columns hold a few elements.
        var table = PinTable()
        try PinFixtures.decode(PinFixtures.entryLine(cid: "bafyONE", name: "one", peers: [(Self.peers[0], "pinned")]),
                               source: .pins, into: &table)
        #expect(table.row(cid: "bafyONE") == 0 && table.name(0) == "one" && table.status(0, peer: 0) == .pinned)
        #expect(table.nameIDs.chunks[0].capacity < 64 && table.columns[0].status.chunks[0].capacity < 64)
    }

    @Test func allocationCountsAgreeWithEachPinsAllocations() throws {
        let many = (0..<40).map(PinFixtures.peerID)
        var table = PinTable()
        var rng = TestRandom(state: 3)
        var body = ""
        for i in 0..<500 {
            let chosen = rng.chance(20) ? [] : (0..<Int(rng.next() % 5 + 1)).map { _ in rng.pick(many) }
            body += PinFixtures.allocationLine(cid: "bafyA\(i)", allocations: Array(Set(chosen)))
        }
        try PinFixtures.decode(body, source: .allocations, into: &table)
        for r in stride(from: 0, to: 500, by: 7) { table.deletePin(row: r) }
        var per = [Int](repeating: 0, count: table.peerCount)
        var everywhere = 0
        for r in 0..<table.rowCount where table.isLive(r) {
            let a = table.allocations(r)
            if a.isEmpty { everywhere += 1 }
            for i in a { per[i] += 1 }
        }
        let counts = table.allocationCounts()
        #expect(table.peerCount == 40 && everywhere > 50 && per[35...].reduce(0, +) > 0)
        #expect(counts.perPeer == per && counts.everywhere == everywhere)
    }

    static let peers = (0..<3).map(PinFixtures.peerID)
    static let statuses = ["pinned", "pinned", "pinned", "pin_error", "pinning", "remote", "pin_queued"]

    /// 70,000 pins on three peers (two column chunks, five CID arenas), then every 97th deleted.
    static func bigTable() throws -> PinTable {
        var table = PinTable()
        var rng = TestRandom(state: 11)
        var body = ""
        for i in 0..<70_000 {
            let name = i % 5 == 0 ? "" : "Set\(rng.next() % 3000)-item\(i % 1000)"
            body += PinFixtures.entryLine(cid: "bafy\(String(rng.next() % 1_000_000_007, radix: 36))x\(i)", name: name,
                                          peers: peers.map { ($0, rng.pick(statuses)) }, error: "e\(i % 13)")
        }
        try PinFixtures.decode(body, source: .pins, into: &table)
        for r in stride(from: 0, to: 70_000, by: 97) { table.deletePin(row: r) }
        return table
    }

    static func naiveMatch(_ table: PinTable, _ r: Int, chip: PinStatusChip, text: String) -> Bool {
        let chipOK = chip == .all || (0..<table.peerCount).contains { chip.statuses.contains(table.status(r, peer: $0)) }
        let textOK = text.isEmpty || table.cid(r).contains(text) || table.name(r).lowercased().contains(text.lowercased())
        return chipOK && textOK
    }

    @Test func bigTableAnswersAsItsRowsSay() throws {
        let table = try Self.bigTable()
        let live = (0..<table.rowCount).filter(table.isLive)
        #expect(table.rowCount == 70_000)
        #expect(table.liveCount == live.count && live.count == 70_000 - 722)
        let r = table.recount()
        #expect(r.pinsByWorst == table.counters.pinsByWorst && r.entries == table.counters.entries)
        // Lookups across arenas; deleted CIDs are gone.
        for row in [1, 16_383, 16_384, 65_535, 65_536, 69_999] { #expect(table.row(cid: table.cid(row)) == row) }
        #expect(table.row(cid: table.cid(97)) == nil)
        // Filters (narrowing keystroke by keystroke, chips on top), against a scan of every row in
        // the view's order (by CID, checked against a plain sort below).
        let all = try table.computeView(PinQuery()).rows.map(Int.init)
        #expect(all == live.sorted { Array(table.cid($0).utf8).lexicographicallyPrecedes(Array(table.cid($1).utf8)) })
        var previous: PinQueryResult? = nil
        for text in ["s", "se", "set1", "set12", "-item9"] {
            let res = try table.computeView(PinQuery(text: text), previous: previous)
            #expect(res.rows.map(Int.init) == all.filter { Self.naiveMatch(table, $0, chip: .all, text: text) }, "text \(text)")
            previous = res
        }
        for chip in [PinStatusChip.error, .pinning, .queued] {
            let res = try table.computeView(PinQuery(chip: chip, text: "set1"), previous: previous)
            #expect(res.rows.map(Int.init) == all.filter { Self.naiveMatch(table, $0, chip: chip, text: "set1") }, "chip \(chip)")
        }
        let cidText = String(table.cid(40_000).dropFirst(4).prefix(3))
        let byCID = try table.computeView(PinQuery(text: cidText))
        #expect(byCID.rows.map(Int.init) == all.filter { Self.naiveMatch(table, $0, chip: .all, text: cidText) })
        #expect(byCID.count > 0)
        // Sorts: byte order of the texts, ties in row order.
        let byName = try table.computeView(PinQuery(sort: .name)).rows.map(Int.init)
        let names = live.map { (Array(table.name($0).utf8), $0) }
        #expect(byName == names.sorted { $0.0 != $1.0 ? $0.0.lexicographicallyPrecedes($1.0) : $0.1 < $1.1 }.map(\.1))
        let byCIDDesc = try table.computeView(PinQuery(sort: .cid, descending: true)).rows.map(Int.init)
        #expect(byCIDDesc == live.sorted { Array(table.cid($0).utf8).lexicographicallyPrecedes(Array(table.cid($1).utf8)) }.reversed())
        let byStatus = try table.computeView(PinQuery(sort: .status)).rows.map(Int.init)
        #expect(byStatus == live.sorted { a, b in
            let x = table.worstStatus(a), y = table.worstStatus(b)
            return x.severity != y.severity ? x.severity > y.severity : (x != y ? x < y : a < b)
        })
        let byError = try table.computeView(PinQuery(sort: .error)).rows.map(Int.init)
        #expect(Set(byError) == Set(live))
    }

    @Test func aCopyKeepsItsRowsWhileTheTableChanges() throws {
        var table = try Self.bigTable()
        let copy = table
        let before = try copy.computeView(PinQuery(chip: .error, text: "set2"))
        let statusBefore = (0..<3).map { copy.status(66_000, peer: $0) }
        let version = copy.version
        // A refresh of rows in the second column chunk, new pins, a deletion.
        try PinFixtures.decode(PinFixtures.entryLine(cid: copy.cid(66_000), name: "renamed", peers: Self.peers.map { ($0, "pin_error") }, error: "boom")
                               + PinFixtures.entryLine(cid: "bafyNEW", name: "set2 new", peers: [(Self.peers[0], "pin_error")], error: "x"),
                               source: .pins, into: &table)
        table.deletePin(row: 1)
        #expect(table.status(66_000, peer: 1) == .pinError && table.name(66_000) == "renamed")
        #expect((0..<3).map { copy.status(66_000, peer: $0) } == statusBefore)
        #expect(copy.name(66_000) != "renamed")
        #expect(copy.isLive(1) && copy.row(cid: copy.cid(1)) == 1)
        #expect(copy.rowCount == 70_000 && copy.version == version)
        #expect(try copy.computeView(PinQuery(chip: .error, text: "set2")).rows == before.rows)
        // The table itself answers with the change, and row ids held across it stay the same.
        #expect(table.row(cid: copy.cid(66_000)) == 66_000)
        let after = try table.computeView(PinQuery(chip: .error, text: "set2"))
        #expect(after.rows.contains(UInt32(table.rowCount - 1)))
        let untouched: (UInt32) -> Bool = { $0 != 1 && $0 != 66_000 && $0 != UInt32(table.rowCount - 1) }
        #expect(after.rows.filter(untouched) == before.rows.filter(untouched))
    }
}
