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
