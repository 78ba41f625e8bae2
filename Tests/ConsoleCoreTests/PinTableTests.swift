import Foundation
import Testing
@testable import ConsoleCore

@Suite struct PinTableTests {
    let peers = (0..<25).map(PinFixtures.peerID)

    func expectCountersConsistent(_ table: PinTable, sourceLocation: SourceLocation = #_sourceLocation) {
        let r = table.recount()
        #expect(r.pinsByWorst == table.counters.pinsByWorst, sourceLocation: sourceLocation)
        #expect(r.entries == table.counters.entries, sourceLocation: sourceLocation)
        #expect(r.pinsByWorst.reduce(0, +) == table.liveCount, sourceLocation: sourceLocation)
    }

    @Test func filteredPinsUpdateOnlyThePeersPresent() throws {
        var table = PinTable()
        try PinFixtures.decode(PinFixtures.entryLine(cid: "bafy1", name: "n", peers: [(peers[0], "pinned"), (peers[1], "pinned"), (peers[2], "pinning")]),
                               source: .pins, into: &table)
        #expect(table.worstStatus(0) == .pinning)
        // A filter=error response holds only the matching peer's entry.
        try PinFixtures.decode(PinFixtures.entryLine(cid: "bafy1", name: "n", peers: [(peers[2], "pin_error")], error: "context canceled"),
                               source: .pins, into: &table)
        #expect(table.status(0, peer: 0) == .pinned)
        #expect(table.status(0, peer: 1) == .pinned)
        #expect(table.status(0, peer: 2) == .pinError)
        #expect(table.errorText(0, peer: 2) == "context canceled")
        #expect(table.worstStatus(0) == .pinError)
        #expect(table.pinCount(worst: .pinError) == 1)
        #expect(table.entryCount(peer: 2, status: .pinError) == 1)
        expectCountersConsistent(table)
    }

    @Test func filteredRefreshClearsEntriesThatLeftTheFilter() throws {
        var table = PinTable()
        var body = ""
        for i in 0..<10 {
            body += PinFixtures.entryLine(cid: "bafy\(i)", peers: [(peers[0], i < 4 ? "pin_error" : "pinned"), (peers[1], i == 5 ? "pin_error" : "pinned")])
        }
        try PinFixtures.decode(body, source: .pins, into: &table)
        #expect(table.pinCount(worst: .pinError) == 5)
        // filter=error now lists only bafy0 (peer 0) and bafy5 (peer 1): the rest recovered.
        let id = table.beginRefresh(RefreshScope(source: .pins(statuses: .error)))
        try PinFixtures.decode(PinFixtures.entryLine(cid: "bafy0", peers: [(peers[0], "pin_error")])
                               + PinFixtures.entryLine(cid: "bafy5", peers: [(peers[1], "pin_error")]),
                               source: .pins, into: &table, refresh: id)
        let outcome = table.endRefresh(id)
        #expect(outcome.clearedEntries == 3)
        #expect(outcome.deletedPins == 0)
        #expect(Set(outcome.clearedRows) == [1, 2, 3])
        #expect(table.pinCount(worst: .pinError) == 2)
        #expect(table.status(1, peer: 0) == .unknown)
        #expect(table.status(1, peer: 1) == .pinned)
        #expect(table.worstStatus(1) == .pinned)
        #expect(table.status(0, peer: 0) == .pinError)
        expectCountersConsistent(table)
    }

    @Test func cancelledRefreshKeepsEverything() throws {
        var table = PinTable()
        try PinFixtures.decode(PinFixtures.entryLine(cid: "bafyC", peers: [(peers[0], "pin_error")]), source: .pins, into: &table)
        let id = table.beginRefresh(RefreshScope(source: .pins(statuses: .error)))
        table.cancelRefresh(id)
        #expect(table.endRefresh(id) == RefreshOutcome())
        #expect(table.status(0, peer: 0) == .pinError)
    }

    @Test func localRefreshScopesToTheReportingPeer() throws {
        var table = PinTable()
        try PinFixtures.decode(PinFixtures.entryLine(cid: "bafyL1", peers: [(peers[0], "pinning"), (peers[1], "pinning")])
                               + PinFixtures.entryLine(cid: "bafyL2", peers: [(peers[0], "pinning"), (peers[1], "pinning")]),
                               source: .pins, into: &table)
        // local=true on peer 1 with filter=pinning: only bafyL2 still pinning there.
        let id = table.beginRefresh(RefreshScope(source: .pins(statuses: PinStatusSet([.pinning])), peers: .reportedDuringRefresh))
        let flat = "{\"cid\":\"bafyL2\",\"name\":\"\",\"peer\":\"\(peers[1])\",\"allocations\":[],\"origins\":[],\"created\":\"2026-05-21T09:58:12Z\",\"metadata\":null,\"peername\":\"p1\",\"status\":\"pinning\",\"timestamp\":\"2026-05-21T09:58:12Z\",\"error\":\"\",\"attempt_count\":1,\"priority_pin\":false}\n"
        try PinFixtures.decode(flat, source: .pins, into: &table, refresh: id)
        let out = table.endRefresh(id)
        #expect(out.clearedEntries == 1)
        #expect(table.status(0, peer: 1) == .unknown)
        #expect(table.status(0, peer: 0) == .pinning) // other peer untouched
        #expect(table.status(1, peer: 1) == .pinning)
        expectCountersConsistent(table)
    }

    @Test func fullAllocationsRefreshDeletesAbsentPins() throws {
        var table = PinTable()
        var body = ""
        for i in 0..<20 { body += PinFixtures.allocationLine(cid: "bafyD\(i)", name: "d\(i)", allocations: [peers[i % 3]]) }
        try PinFixtures.decode(body, source: .allocations, into: &table)
        try PinFixtures.decode(PinFixtures.entryLine(cid: "bafyD3", peers: [(peers[0], "pin_error")]), source: .pins, into: &table)
        #expect(table.liveCount == 20)
        let id = table.beginRefresh(RefreshScope(source: .allocations))
        var again = ""
        for i in 0..<20 where i % 2 == 0 { again += PinFixtures.allocationLine(cid: "bafyD\(i)", name: "d\(i)") }
        try PinFixtures.decode(again, source: .allocations, into: &table, refresh: id)
        let out = table.endRefresh(id)
        #expect(out.deletedPins == 10)
        #expect(table.liveCount == 10)
        #expect(table.row(cid: "bafyD3") == nil)
        #expect(table.row(cid: "bafyD4") != nil)
        #expect(table.pinCount(worst: .pinError) == 0)
        expectCountersConsistent(table)
        // A deleted CID that comes back gets a fresh row.
        try PinFixtures.decode(PinFixtures.allocationLine(cid: "bafyD3"), source: .allocations, into: &table)
        #expect(table.liveCount == 11)
        #expect(table.status(try #require(table.row(cid: "bafyD3")), peer: 0) == .unknown)
        // Every surviving CID is still found after the deletions shifted the hash slots.
        for i in 0..<20 where i % 2 == 0 { #expect(table.row(cid: "bafyD\(i)") != nil) }
    }

    @Test func unfilteredGlobalRefreshDeletesUnlistedPins() throws {
        var table = PinTable()
        try PinFixtures.decode(PinFixtures.entryLine(cid: "bafyG1", peers: [(peers[0], "pinned")])
                               + PinFixtures.entryLine(cid: "bafyG2", peers: [(peers[0], "pinned")]), source: .pins, into: &table)
        let id = table.beginRefresh(RefreshScope(source: .pins(statuses: nil)))
        try PinFixtures.decode(PinFixtures.entryLine(cid: "bafyG2", peers: [(peers[0], "pinned")]), source: .pins, into: &table, refresh: id)
        let outcome = table.endRefresh(id)
        #expect(outcome.deletedPins == 1)
        let deleted = table.deletePin(cid: "bafyG2")
        #expect(deleted)
        #expect(table.liveCount == 0)
        expectCountersConsistent(table)
    }

    @Test func twentyFivePeersAndPeersAddedLater() throws {
        var table = PinTable()
        let (lines, _) = PinFixtures.pinsLines(count: 200, peers: Array(peers.prefix(3)), seed: 9)
        try PinFixtures.decode(Array(lines.joined(separator: "\n").utf8), source: .pins, into: &table)
        #expect(table.peerCount == 3)
        let (more, truth) = PinFixtures.pinsLines(count: 200, peers: peers, seed: 10, cidOffset: 100)
        try PinFixtures.decode(Array(more.joined(separator: "\n").utf8), source: .pins, into: &table)
        #expect(table.peerCount == 25)
        #expect(table.liveCount == 300)
        // Old rows have unknown on the new peers; new rows carry all 25 peers' entries.
        #expect(table.status(0, peer: 24) == .unknown)
        for g in truth.suffix(20) {
            let r = try #require(table.row(cid: g.cid))
            for e in g.entries {
                let p = try #require(table.peerIndex(e.peer))
                #expect(table.statusName(table.status(r, peer: p)) == e.status)
            }
            #expect(Set(table.allocations(r).map { table.peers[$0].id }) == Set(g.allocations))
        }
        expectCountersConsistent(table)
    }

    @Test func snapshotIsIndependentOfLaterWrites() throws {
        var table = PinTable()
        try PinFixtures.decode(PinFixtures.entryLine(cid: "bafyS", peers: [(peers[0], "pinned")]), source: .pins, into: &table)
        let snapshot = table
        try PinFixtures.decode(PinFixtures.entryLine(cid: "bafyS", peers: [(peers[0], "pin_error")]), source: .pins, into: &table)
        #expect(snapshot.status(0, peer: 0) == .pinned)
        #expect(table.status(0, peer: 0) == .pinError)
        #expect(snapshot.version != table.version)
    }
}
