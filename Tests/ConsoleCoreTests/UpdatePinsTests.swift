import ClusterAPI
import Foundation
import Testing
@testable import ConsoleCore

@Suite struct UpdatePinsTests {
    @Test func filteredPinsStreamFillsTheTableAndCountsErrorsPerPeer() {
        var s = Fixture.state()
        let effects = Fixture.stream(&s, .activePins, [
            Fixture.globalPin(Fixture.cidA, name: "website", [(Fixture.p1, "pin_error", "context canceled"), (Fixture.p2, "pinning", "")]),
            Fixture.globalPin(Fixture.cidB, name: "logs", [(Fixture.p2, "pin_queued", "")]),
        ])
        #expect(effects.isEmpty)
        #expect(s.pins.table.liveCount == 2)
        #expect(s.pins.errorCount(peer: Fixture.p1) == 1)
        #expect(s.pins.errorCount(peer: Fixture.p2) == 0)
        #expect(s.pins.cidsInError(peer: Fixture.p1) == [Fixture.cidA])
        #expect(s.pins.count(worst: .pinError) == 1)
        #expect(s.freshness(.activePins).lastSuccess == Fixture.t0)
        #expect(s.freshness(.activePins).itemsReceived == 2)
    }

    @Test func aRecoveredPinIsNoLongerInErrorAfterTheNextFilteredPoll() {
        var s = Fixture.state()
        _ = Fixture.stream(&s, .activePins, [Fixture.globalPin(Fixture.cidA, name: "w", [(Fixture.p1, "pin_error", "boom")])])
        #expect(s.pins.errorCount(peer: Fixture.p1) == 1)
        _ = Fixture.stream(&s, .activePins, [], at: Fixture.t0.addingTimeInterval(2))
        #expect(s.pins.errorCount(peer: Fixture.p1) == 0)
    }

    @Test func aFailedStreamKeepsWhatArrivedAndSaysSo() {
        var s = Fixture.state()
        let g = Fixture.begin(&s, .fullPins)
        let line = Fixture.globalPin(Fixture.cidA, name: "w", [(Fixture.p1, "pinned", "")]) + "\n"
        _ = ConsoleUpdate.update(&s, .pinChunk(.fullPins, generation: g, bytes: Array(line.utf8)), now: Fixture.t0)
        #expect(s.freshness(.fullPins).itemsReceived == 1)
        _ = ConsoleUpdate.update(&s, .pinStreamEnded(.fullPins, generation: g, error: "connection reset"), now: Fixture.t0)
        #expect(s.pins.table.liveCount == 1)
        #expect(s.freshness(.fullPins).lastError?.contains("kept 1 items") == true)
        #expect(!s.freshness(.fullPins).inFlight)
    }

    @Test func malformedChunkCancelsTheStreamWithAPosition() {
        var s = Fixture.state()
        let g = Fixture.begin(&s, .activePins)
        let effects = ConsoleUpdate.update(&s, .pinChunk(.activePins, generation: g, bytes: Array("{\"cid\": nope}\n".utf8)), now: Fixture.t0)
        #expect(effects == [.cancel(.activePins)])
        #expect(s.freshness(.activePins).lastError?.contains("byte") == true)
    }

    @Test func allocationsCountPerPeerAndTriggerOneFullRefreshOnSmallClusters() {
        var s = Fixture.state()
        let effects = Fixture.stream(&s, .allocations, [
            Fixture.allocation(Fixture.cidA, name: "a", allocations: [Fixture.p1, Fixture.p2]),
            Fixture.allocation(Fixture.cidB, name: "b", allocations: []),
        ])
        #expect(ConsoleUpdate.allocatedCount(s, peer: Fixture.p1) == 2)
        #expect(ConsoleUpdate.allocatedCount(s, peer: Fixture.p3) == 1, "pin-everywhere counts for every peer")
        #expect(effects.contains { if case .fetch(.fullPins, _) = $0 { return true }; return false })
        let again = Fixture.stream(&s, .allocations, [], at: Fixture.t0.addingTimeInterval(40))
        #expect(!again.contains { if case .fetch(.fullPins, _) = $0 { return true }; return false }, "only once")
        #expect(s.pins.table.liveCount == 0, "a complete /allocations is the authority on which pins exist")
    }

    @Test func fullRefreshIsCancellable() {
        var s = Fixture.state()
        let start = ConsoleUpdate.update(&s, .intent(.refreshAllPins), now: Fixture.t0)
        #expect(start.count == 1)
        let cancel = ConsoleUpdate.update(&s, .intent(.cancelFullRefresh), now: Fixture.t0)
        #expect(cancel == [.cancel(.fullPins)])
        #expect(s.freshness(.fullPins).lastError == "cancelled")
    }
}
