import Foundation
import Testing
@testable import ConsoleCore

@Suite struct PinTableViewTests {
    let peers = (0..<3).map(PinFixtures.peerID)

    func loaded(_ n: Int = 400) throws -> PinTable {
        var table = PinTable()
        let (lines, _) = PinFixtures.pinsLines(count: n, peers: peers, seed: 77, fuzz: false)
        try PinFixtures.decode(Array(lines.joined(separator: "\n").utf8), source: .pins, into: &table)
        return table
    }

    /// Reference filter, written the slow obvious way.
    func reference(_ t: PinTable, _ view: PinQuery) -> Set<Int> {
        var out = Set<Int>()
        for r in 0..<t.rowCount where t.isLive(r) {
            let statuses = (0..<t.peerCount).map { t.status(r, peer: $0) }
            let chipOK = view.chip == .all && view.peer == nil
                || (view.peer.map { [statuses[$0]] } ?? statuses).contains { view.chip.statuses.contains($0) }
            let text = view.text
            let textOK = text.isEmpty || t.cid(r).contains(text) || t.name(r).lowercased().contains(text.lowercased())
            if chipOK && textOK { out.insert(r) }
        }
        return out
    }

    @Test func chipsAndPeerFilterMatchReference() throws {
        let t = try loaded()
        for chip in PinStatusChip.allCases {
            for peer in [nil, 0, 2] as [Int?] {
                let v = PinQuery(chip: chip, peer: peer)
                let res = try t.computeView(v)
                #expect(Set(res.rows.map(Int.init)) == reference(t, v), "\(chip) \(String(describing: peer))")
            }
        }
        #expect(try t.computeView(PinQuery(chip: .error)).count > 0)
    }

    @Test func narrowingEqualsFullRescan() throws {
        let t = try loaded()
        let name = t.name(try #require((0..<t.rowCount).first { t.name($0).count > 8 }))
        var prev = try t.computeView(PinQuery(chip: .all, sort: .name))
        var typed = ""
        for ch in name.prefix(10) {
            typed.append(ch)
            let v = PinQuery(chip: .all, text: typed.uppercased(), sort: .name)
            let narrowed = try t.computeView(v, previous: prev)
            let full = try t.computeView(v)
            #expect(narrowed.rows == full.rows)
            #expect(Set(full.rows.map(Int.init)) == reference(t, v))
            #expect(narrowed.narrowed || typed.count == 1 || prev.view.text.isEmpty)
            prev = narrowed
        }
        #expect(prev.count >= 1)
        // Deleting a character is not an extension: full recompute, still correct.
        let back = PinQuery(text: String(typed.dropLast(3)), sort: .name)
        let res = try t.computeView(back, previous: prev)
        #expect(!res.narrowed)
        #expect(res.rows == (try t.computeView(back)).rows)
    }

    /// The CID and name scans run on two threads for big tables; the bits must be the ones the
    /// sequential scan gives, and both the ones of the obvious per-row test.
    @Test func parallelTextScanEqualsSequential() throws {
        let t = try loaded()
        for text in ["a", "A", "pin-1", "bafy", "é", "😀", "zzzz-none", String(t.cid(7).dropFirst(9).prefix(6))] {
            let m = try TextMatcher(text)
            let parallel = t.textMatchRowBits(m, parallel: true)
            let sequential = t.textMatchRowBits(m, parallel: false)
            #expect(parallel == sequential, "\(text)")
            let expected = Set(reference(t, PinQuery(text: text)))
            let got = Set((0..<t.rowCount).filter { parallel[$0 >> 6] >> UInt64($0 & 63) & 1 != 0 })
            #expect(got == expected, "\(text)")
        }
    }

    /// Each way of narrowing (a scan of the whole table, a row-order test of the previous rows
    /// on one thread or two, a display-order test) gives the rows of a computation from scratch,
    /// in the same order, for texts that hit CIDs, names in either case, one byte or many, and
    /// nothing; on a table with deleted rows.
    @Test func everyNarrowingPlanEqualsFullScan() throws {
        var t = try loaded(3_000)
        for r in stride(from: 5, to: t.rowCount, by: 7) { t.deletePin(row: r) }
        let cidPiece = String(t.cid(11).dropFirst(12).prefix(5))
        let name = t.name(try #require((0..<t.rowCount).first { t.isLive($0) && t.name($0).count > 8 }))
        for (chip, peer) in [(PinStatusChip.all, nil), (.error, nil), (.pinned, 1)] as [(PinStatusChip, Int?)] {
            for text in [String(name.prefix(6)).uppercased(), cidPiece, "zzzz-none"] {
                var prev = try t.computeView(PinQuery(chip: chip, peer: peer, sort: .name))
                var typed = ""
                for ch in text {
                    typed.append(ch)
                    let v = PinQuery(chip: chip, text: typed, peer: peer, sort: .name)
                    let full = try t.computeView(v)
                    #expect(Set(full.rows.map(Int.init)) == reference(t, v), "\(typed)")
                    var matcher = try TextMatcher(typed)
                    for plan in [FilterPlan.scan, .candidates, .perRow] {
                        // As computeView narrows: the previous rows already passed chip and peer.
                        let rows = t.filter(prev.rows, chip: .all, peer: nil, matcher: &matcher, cachedTextBits: nil, plan: plan).rows
                        #expect(rows == full.rows, "\(plan) \(typed) \(chip)")
                    }
                    let narrowed = try t.computeView(v, previous: prev)
                    #expect(narrowed.rows == full.rows)
                    #expect(narrowed.narrowed || prev.view.text.isEmpty)
                    prev = narrowed
                }
            }
        }
    }

    /// The row-order test of candidates on two threads gives the one-thread bits, and those are
    /// the table's text bits restricted to the candidates.
    @Test func candidateBitsAreTextBitsOfTheCandidates() throws {
        let t = try loaded(3_000)
        let candidates = (0..<t.rowCount).filter { $0 % 3 != 1 }.map(UInt32.init).shuffled()
        for text in ["a", "A", "pin-1", "bafy", "é", String(t.cid(7).dropFirst(9).prefix(6)), "zzzz-none"] {
            let m = try TextMatcher(text)
            let all = t.textMatchRowBits(m)
            let one = t.candidateTextBits(candidates, m, parallel: false)
            let two = t.candidateTextBits(candidates, m, parallel: true)
            #expect(one == two, "\(text)")
            var expected = [UInt64](repeating: 0, count: all.count)
            for r in candidates.map(Int.init) { expected[r >> 6] |= all[r >> 6] & (1 << UInt64(r & 63)) }
            #expect(one == expected, "\(text)")
        }
    }

    /// The select on two threads (halves of the input, joined) keeps the one-thread order.
    @Test func parallelSelectKeepsOrder() throws {
        let t = try loaded(3_000)
        let input = (0..<t.rowCount).map(UInt32.init).shuffled()
        let bits = t.textMatchRowBits(try TextMatcher("a"))
        let one = t.select(input, bits, parallel: false)
        #expect(!one.isEmpty && one.count < input.count)
        #expect(t.select(input, bits, parallel: true) == one)
        #expect(t.select([], bits, parallel: true).isEmpty)
    }

    /// A narrowing keystroke costs in proportion to the previous result once that is a small part
    /// of the table, and scans the table when the previous result is most of it.
    @Test func planFollowsEstimatedCost() {
        let tenMillion = 10_000_000
        #expect(FilterPlan.choose(inputRows: tenMillion, tableRows: tenMillion, text: true) == .scan)
        #expect(FilterPlan.choose(inputRows: 1_100_000, tableRows: tenMillion, text: true) == .scan)
        #expect(FilterPlan.choose(inputRows: 700_000, tableRows: tenMillion, text: true) == .candidates)
        #expect(FilterPlan.choose(inputRows: 200_000, tableRows: tenMillion, text: true) == .candidates)
        #expect(FilterPlan.choose(inputRows: 100_000, tableRows: tenMillion, text: true) == .perRow)
        #expect(FilterPlan.choose(inputRows: 70_000, tableRows: 1_000_000, text: true) == .candidates)
        #expect(FilterPlan.choose(inputRows: 4_000, tableRows: 1_000_000, text: true) == .perRow)
        #expect(FilterPlan.choose(inputRows: 400, tableRows: 400, text: true) == .scan)
        // Status only: bits above 1/32 of the table.
        #expect(FilterPlan.choose(inputRows: 100_000, tableRows: 1_000_000, text: false) == .scan)
        #expect(FilterPlan.choose(inputRows: 10_000, tableRows: 1_000_000, text: false) == .perRow)
    }

    /// A previous result from before the table changed is not narrowed (its rows may miss rows
    /// added or renamed since, and hold rows deleted since): the result is a computation from
    /// scratch, and finds the new and renamed rows.
    @Test func narrowingAfterTableChangesRescans() throws {
        var t = try loaded(3_000)
        let prev = try t.computeView(PinQuery(text: "qq", sort: .name))
        let gone = try #require(prev.rows.first.map(Int.init) ?? (0..<t.rowCount).first(where: t.isLive))
        let renamed = try #require((0..<t.rowCount).first { t.isLive($0) && $0 != gone && !t.name($0).lowercased().contains("qqx") })
        t.deletePin(row: gone)
        let lines = PinFixtures.entryLine(cid: "bafyNEWrow", name: "fresh-qqx", peers: [(peers[0], "pinned")])
            + PinFixtures.entryLine(cid: t.cid(renamed), name: "now-QQX-named", peers: [(peers[0], "pinned")])
        try PinFixtures.decode(lines, source: .pins, into: &t)
        let v = PinQuery(text: "qqx", sort: .name)
        let next = try t.computeView(v, previous: prev)
        #expect(!next.narrowed)
        #expect(next.rows == (try t.computeView(v)).rows)
        let names = Set(next.rows.map { t.name(Int($0)) })
        #expect(names.contains("now-QQX-named"))
        #expect(next.rows.contains { t.cid(Int($0)) == "bafyNEWrow" })
        #expect(!next.rows.contains(UInt32(gone)))
    }

    /// The arena search on strings built to hit its edges: needles across two strings (no hit),
    /// at an arena's end (the scalar tail), in strings shorter and longer than a 16-byte block,
    /// in upper case, one byte or more, longer than the strings.
    @Test func arenaSearchEdges() throws {
        var arena = ChunkedArena()
        var strings: [[UInt8]] = []
        var rng = TestRandom(state: 9)
        let pieces = ["a", "b", "c", "X", "Y", "Z", "-", "é"].map { Array($0.utf8) }
        for i in 0..<700 {
            let n = i % 5 == 0 ? Int(rng.next() % 6) : Int(rng.next() % 60)
            let s = (0..<n).flatMap { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }
            strings.append(s)
            s.withUnsafeBufferPointer { arena.append($0.baseAddress, $0.count) }
        }
        func lower(_ b: [UInt8]) -> [UInt8] { b.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 } }
        func has(_ h: [UInt8], _ n: [UInt8]) -> Bool {
            n.count <= h.count && (0...(h.count - n.count)).contains { Array(h[$0..<$0 + n.count]) == n }
        }
        for needle in ["a", "X", "x", "ab", "bA", "Z-", "abc", "cXYZ", "é", "-é-", String(repeating: "a", count: 80)].map({ Array($0.utf8) }) {
            for caseless in [false, true] {
                let nd = caseless ? lower(needle) : needle
                var bits = [UInt64](repeating: 0, count: (strings.count + 64) >> 6)
                var byteBits = bits
                nd.withUnsafeBufferPointer { n in
                    bits.withUnsafeMutableBufferPointer { out in
                        arena.forEachArena { first, bytes, ends in
                            ArenaSearch.mark(bytes, ends, first: first, needle: n, caseless: caseless, into: out.baseAddress!)
                        }
                    }
                    byteBits.withUnsafeMutableBufferPointer { out in
                        arena.forEachArena { first, bytes, ends in
                            if n.count == 1 { ArenaSearch.markContainingByte(bytes, ends, first: first, n[0], caseless: caseless, into: out.baseAddress!) }
                        }
                    }
                }
                for (k, s) in strings.enumerated() {
                    let expected = caseless ? has(lower(s), nd) : has(s, nd)
                    let text = String(decoding: s, as: UTF8.self), what = String(decoding: needle, as: UTF8.self)
                    #expect((bits[k >> 6] >> UInt64(k & 63) & 1 != 0) == expected, "\(what) in \(text) caseless \(caseless)")
                    if nd.count == 1 {
                        #expect((byteBits[k >> 6] >> UInt64(k & 63) & 1 != 0) == expected, "byte \(what) in \(text) caseless \(caseless)")
                    }
                }
            }
        }
    }

    /// A chip change with the text kept reuses the text bits of the previous result; it must give
    /// what a computation from scratch gives, for every chip and peer.
    @Test func chipChangeWithKeptTextEqualsFullRescan() throws {
        let t = try loaded()
        var prev = try t.computeView(PinQuery(text: "pin", sort: .name))
        for chip in PinStatusChip.allCases {
            for peer in [nil, 1] as [Int?] {
                let v = PinQuery(chip: chip, text: "pin", peer: peer, sort: .name)
                let next = try t.computeView(v, previous: prev)
                #expect(next.rows == (try t.computeView(v)).rows, "\(chip) \(String(describing: peer))")
                #expect(Set(next.rows.map(Int.init)) == reference(t, v))
                prev = next
            }
        }
    }

    @Test func cidSubstringAndRegex() throws {
        let t = try loaded()
        let cid = t.cid(5)
        let res = try t.computeView(PinQuery(text: String(cid.dropFirst(20).prefix(12))))
        #expect(res.rows.contains(5))
        let re = try t.computeView(PinQuery(text: "re:^pin-1[0-9]-"))
        #expect(re.count > 0)
        for i in 0..<re.count { #expect(t.name(Int(re.rows[i])).range(of: "^pin-1[0-9]-", options: .regularExpression) != nil) }
        #expect(throws: PinViewError.self) { try t.computeView(PinQuery(text: "re:([a-")) }
    }

    @Test(arguments: PinSortKey.allCases)
    func sortsAreCorrectAndStable(key: PinSortKey) throws {
        let t = try loaded()
        for descending in [false, true] {
            let rows = try t.computeView(PinQuery(sort: key, descending: descending)).rows.map(Int.init)
            #expect(rows.count == t.liveCount)
            func primary(_ r: Int) -> [Int64] {
                switch key {
                case .cid: return t.cid(r).utf8.map(Int64.init) + [-1]
                case .name: return t.name(r).utf8.map(Int64.init) + [-1]
                case .status: return [-Int64(t.worstStatus(r).severity), Int64(t.worstStatus(r).rawValue)]
                case .age: return [t.createdTime(r).nanoseconds]
                case .attempts: return [Int64((0..<t.peerCount).map { t.attempts(r, peer: $0) }.max() ?? 0)]
                case .replication: return [Int64(t.replication(r).min), Int64(t.replication(r).max)]
                case .allocations: return [t.allocations(r).isEmpty ? Int64.max : Int64(t.allocations(r).count)]
                case .peers:
                    let statuses = (0..<t.peerCount).map { t.status(r, peer: $0) }
                    return [Int64(statuses.filter { $0 == .pinned }.count)] + statuses.map { -Int64($0.severity) }
                case .error: return excerpt(r).utf8.map(Int64.init) + [-1]
                }
            }
            func excerpt(_ r: Int) -> String {
                var best: (text: String, severity: UInt8)?
                for p in 0..<t.peerCount where !t.errorText(r, peer: p).isEmpty {
                    let sev = t.status(r, peer: p).severity
                    if best == nil || sev > best!.severity { best = (t.errorText(r, peer: p), sev) }
                }
                return best?.text ?? ""
            }
            let expected = (0..<t.rowCount).filter(t.isLive).sorted { a, b in
                if key == .error, excerpt(a).isEmpty != excerpt(b).isEmpty { return excerpt(b).isEmpty }
                let pa = primary(a), pb = primary(b)
                if pa != pb { return descending ? pb.lexicographicallyPrecedes(pa) : pa.lexicographicallyPrecedes(pb) }
                return a < b
            }
            if key == .error { #expect(!excerpt(rows[0]).isEmpty && excerpt(rows.last!).isEmpty, "errors first, then none") }
            if key == .allocations { #expect(Set(rows.map { t.allocations($0).count }).count > 1, "fixture has varied allocations") }
            #expect(rows == expected, "\(key) descending=\(descending)")
        }
    }

    @Test func emptyTableViews() throws {
        let t = PinTable()
        for key in PinSortKey.allCases {
            #expect(try t.computeView(PinQuery(chip: .error, text: "x", sort: key)).count == 0)
        }
    }

    @Test func rowSnapshotMaterialisesOneRowAsSent() throws {
        var t = PinTable()
        let line = #"{"cid":"bafyR","name":"evil\u001b[31m","allocations":[],"origins":[],"created":"2026-05-21T09:58:12Z","metadata":null,"peer_map":{"P1":{"peername":"a","status":"pinned","timestamp":"2026-05-21T09:58:12Z","error":"","attempt_count":0,"priority_pin":false},"P2":{"peername":"b","status":"pin_error","timestamp":"2026-05-21T10:00:00Z","error":"bad\u0007 thing","attempt_count":4,"priority_pin":true}}}"#
        try PinFixtures.decode(line, source: .pins, into: &t)
        let v = try t.computeView(PinQuery(chip: .error))
        let row = t.row(at: 0, in: v, now: try #require(PinTime.parse("2026-05-21T10:00:12Z")))
        #expect(row.cid == "bafyR")
        #expect(row.name == "evil\u{1B}[31m", "kept for the cell buffer's sanitiser, which drops the whole sequence")
        #expect(row.statuses == [.pinned, .pinError])
        #expect(row.worst == .pinError)
        #expect(row.ageSeconds == 120)
        #expect(row.attempts == 4)
        #expect(row.errorExcerpt == "bad\u{7} thing")
    }

    @Test func viewOnSnapshotOffTheOwner() async throws {
        var t = try loaded(100)
        let snapshot = t
        let task = Task.detached { try snapshot.computeView(PinQuery(sort: .name)) }
        try PinFixtures.decode(PinFixtures.entryLine(cid: "bafyNew", peers: [(peers[0], "pinned")]), source: .pins, into: &t)
        let res = try await task.value
        #expect(res.count == 100)
        #expect(res.tableVersion != t.version)
        #expect(t.liveCount == 101)
    }
}
