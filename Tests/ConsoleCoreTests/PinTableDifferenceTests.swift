import ClusterAPI
import Foundation
import Testing
@testable import ConsoleCore

/// A new `/allocations` (or a repeated `/pins` poll) is merged into the table as a difference:
/// what did not change leaves the version, the views and the row ids alone.
@Suite struct PinTableDifferenceTests {
    static let cids = (0..<6).map { "bafyrei" + String(repeating: Character(UnicodeScalar(UInt8(97 + $0))), count: 52) }
    static func line(_ i: Int, name: String? = nil, allocations: [String] = [Fixture.p1, Fixture.p2]) -> String {
        Fixture.allocation(cids[i], name: name ?? "pin\(i)", allocations: allocations)
    }
    static func first(_ s: inout ConsoleState) {
        s.pins.autoFullRefreshDone = true
        _ = Fixture.stream(&s, .allocations, (0..<4).map { line($0) })
    }

    @Test func aRepeatedStreamChangesNothingNotEvenTheVersion() throws {
        var s = ConsoleState(settings: ConsoleSettings(endpoint: "x"))
        Self.first(&s)
        let version = s.pins.table.version
        let view = try s.pins.table.computeView(PinQuery(sort: .name))
        _ = Fixture.stream(&s, .allocations, (0..<4).map { Self.line($0) }, at: Fixture.t0.addingTimeInterval(60))
        #expect(s.pins.table.version == version, "views computed before stay current: no re-sort")
        #expect(view.tableVersion == s.pins.table.version)
        #expect(s.pins.lastDifference[.allocations] == RefreshOutcome())
    }

    @Test func addedRemovedAndChangedPinsAreCountedAndRowIdsOfTheOthersKept() throws {
        var s = ConsoleState(settings: ConsoleSettings(endpoint: "x"))
        Self.first(&s)
        let t = s.pins.table
        let rowOf = (0..<4).map { t.row(cid: Self.cids[$0])! }
        // 0 unchanged, 1 renamed, 2 reallocated, 3 gone, 4 new.
        _ = Fixture.stream(&s, .allocations, [Self.line(0), Self.line(1, name: "renamed"), Self.line(2, allocations: [Fixture.p3]),
                                              Self.line(4)], at: Fixture.t0.addingTimeInterval(60))
        let d = try #require(s.pins.lastDifference[.allocations])
        #expect(d.addedPins == 1)
        #expect(d.changedPins == 2)
        #expect(d.deletedPins == 1)
        let u = s.pins.table
        #expect(u.liveCount == 4)
        // The selection (a row id) of a kept pin still names it.
        #expect(u.row(cid: Self.cids[0]) == rowOf[0] && u.row(cid: Self.cids[1]) == rowOf[1])
        #expect(u.name(rowOf[1]) == "renamed")
        #expect(u.allocations(rowOf[2]) == [u.peerIndex(Fixture.p3)!])
        #expect(!u.isLive(rowOf[3]))
        #expect(u.version != t.version)
        // Per-peer allocation counts follow (p1 lost pins 2 and 3, gained 4).
        #expect(s.pins.allocatedByPeer[Fixture.p1] == 3)
        #expect(s.pins.allocatedByPeer[Fixture.p3] == 1)
    }

    @Test func countsStayRightWhileTheNextStreamArrives() {
        var s = ConsoleState(settings: ConsoleSettings(endpoint: "x"))
        Self.first(&s)
        let g = Fixture.begin(&s, .allocations, at: Fixture.t0.addingTimeInterval(60))
        // Half of the new stream: one known pin, one new one, split mid-line across chunks.
        let bytes = Array((Self.line(0) + "\n" + Self.line(5) + "\n").utf8)
        let cut = bytes.count - 40
        _ = ConsoleUpdate.update(&s, .pinChunk(.allocations, generation: g, bytes: Array(bytes[..<cut])), now: Fixture.t0.addingTimeInterval(61))
        #expect(s.pins.table.liveCount == 4, "the old pins stay until the stream ends; the half line is not counted")
        _ = ConsoleUpdate.update(&s, .pinChunk(.allocations, generation: g, bytes: Array(bytes[cut...])), now: Fixture.t0.addingTimeInterval(62))
        #expect(s.pins.table.liveCount == 5)
        #expect(s.pins.differenceInFlight(.allocations)?.addedPins == 1)
        #expect(s.pins.table.recount().pinsByWorst == (0..<256).map { s.pins.table.pinCount(worst: PinStatus(rawValue: UInt8($0))) })
        #expect(FullStreamSchedule.summary(s, now: Fixture.t0.addingTimeInterval(63))?.contains("+1 pins") == true)
        _ = ConsoleUpdate.update(&s, .pinStreamEnded(.allocations, generation: g, error: nil), now: Fixture.t0.addingTimeInterval(63))
        #expect(s.pins.table.liveCount == 2)
        #expect(s.pins.lastDifference[.allocations]?.deletedPins == 3)
    }

    @Test func aRepeatedActivePinsPollLeavesTheVersionAlone() {
        var s = ConsoleState(settings: ConsoleSettings(endpoint: "x"))
        Self.first(&s)
        let lines = [Fixture.globalPin(Self.cids[0], name: "pin0", [(Fixture.p1, "pin_error", "boom"), (Fixture.p2, "pinning", "")])]
        _ = Fixture.stream(&s, .activePins, lines, at: Fixture.t0.addingTimeInterval(2))
        let version = s.pins.table.version
        #expect(s.pins.count(worst: .pinError) == 1)
        _ = Fixture.stream(&s, .activePins, lines, at: Fixture.t0.addingTimeInterval(4))
        #expect(s.pins.table.version == version)
        // The pin recovers: it is absent from the filtered poll, its entries are cleared.
        _ = Fixture.stream(&s, .activePins, [], at: Fixture.t0.addingTimeInterval(6))
        #expect(s.pins.table.version != version)
        #expect(s.pins.count(worst: .pinError) == 0)
    }
}
