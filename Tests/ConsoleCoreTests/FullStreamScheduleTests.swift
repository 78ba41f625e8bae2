import ClusterAPI
import Foundation
import Testing
@testable import ConsoleCore

/// The full-stream budget as plain values: explicit times, no clock, no network.
@Suite struct FullStreamScheduleTests {
    static let t0 = Fixture.t0
    static func at(_ s: Double) -> Date { t0.addingTimeInterval(s) }

    /// Runs one `/allocations` from `start` for `seconds`, with `bytes` of body.
    /// `chunks` copies of one line stand for the body (the bytes are what is counted).
    static func allocations(_ state: inout ConsoleState, from start: Double, seconds: Double, chunks: Int = 1) {
        let g = state.freshness(.allocations).generation
        let line = Array((Fixture.allocation(Fixture.cidA, name: "a", allocations: [Fixture.p1]) + "\n").utf8)
        for _ in 0..<chunks {
            _ = ConsoleUpdate.update(&state, .pinChunk(.allocations, generation: g, bytes: line), now: at(start + seconds / 2))
        }
        _ = ConsoleUpdate.update(&state, .pinStreamEnded(.allocations, generation: g, error: nil), now: at(start + seconds))
    }

    /// A console whose first tick (at 0 s) started every source, `/allocations` included.
    static func started() -> ConsoleState {
        var s = Fixture.state()
        s.pins.autoFullRefreshDone = true
        _ = ConsoleUpdate.update(&s, .tick, now: at(0))
        return s
    }

    static func startsAllocations(_ effects: [Effect]) -> Bool {
        effects.contains { if case .fetch(.allocations, _) = $0 { return true }; return false }
    }

    @Test func theNextFullStreamWaitsTwentyTimesTheLastOnesDurationAfterItEnded() {
        var s = Fixture.state()
        s.pins.autoFullRefreshDone = true
        #expect(Self.startsAllocations(ConsoleUpdate.update(&s, .tick, now: Self.at(0))))
        let lineBytes = Int64(Fixture.allocation(Fixture.cidA, name: "a", allocations: [Fixture.p1]).utf8.count + 1)
        Self.allocations(&s, from: 0, seconds: 30, chunks: 3)
        #expect(s.lastFullStream?.duration == 30)
        #expect(s.freshness(.allocations).lastCost?.bytes == 3 * lineBytes)
        #expect(s.freshness(.allocations).lastCost?.items == 3)
        // Interval alone (30 s at refresh 2) would start it at 30 s; the budget says 30 + 600.
        #expect(!Self.startsAllocations(ConsoleUpdate.update(&s, .tick, now: Self.at(31))))
        #expect(!Self.startsAllocations(ConsoleUpdate.update(&s, .tick, now: Self.at(629))))
        #expect(FullStreamSchedule.allocationsDue(s) == Self.at(630))
        #expect(Self.startsAllocations(ConsoleUpdate.update(&s, .tick, now: Self.at(630))))
    }

    @Test func aQuickStreamKeepsThePlainInterval() {
        var s = Self.started()
        Self.allocations(&s, from: 0, seconds: 0.2)
        // 20 x 0.2 s = 4 s of rest, less than the 30 s interval: the interval rules.
        #expect(!Self.startsAllocations(ConsoleUpdate.update(&s, .tick, now: Self.at(29.9))))
        #expect(Self.startsAllocations(ConsoleUpdate.update(&s, .tick, now: Self.at(30))))
    }

    @Test func cheapCallsKeepTheirCadenceWhileTheClusterRests() {
        var s = Self.started()
        Self.allocations(&s, from: 0, seconds: 60)
        let g = s.freshness(.alerts).generation
        _ = ConsoleUpdate.update(&s, .loaded(.alerts, generation: g, .alerts([])), now: Self.at(1))
        let later = ConsoleUpdate.update(&s, .tick, now: Self.at(62))
        #expect(later.contains(.fetch(.alerts, generation: g + 1)))
        #expect(!Self.startsAllocations(later))
    }

    @Test func fullStreamsNeverOverlapAndAForcedOneWaitsForTheRunningOne() {
        var s = Self.started()
        #expect(s.freshness(.allocations).inFlight)
        // A full /pins asked for while /allocations streams does not start now...
        let asked = ConsoleUpdate.update(&s, .intent(.refreshAllPins), now: Self.at(5))
        #expect(!asked.contains { if case .fetch(.fullPins, _) = $0 { return true }; return false })
        #expect(!s.freshness(.fullPins).inFlight)
        #expect(FullStreamSchedule.running(s) == "allocations")
        // ... but as soon as it ends, whatever the budget says.
        Self.allocations(&s, from: 0, seconds: 100)
        let next = ConsoleUpdate.update(&s, .tick, now: Self.at(101))
        #expect(next.contains { if case .fetch(.fullPins, _) = $0 { return true }; return false })
        // And /allocations does not start beside it.
        #expect(!Self.startsAllocations(ConsoleUpdate.update(&s, .intent(.refreshNow), now: Self.at(102))))
        #expect(s.forcedFullStreams == [.allocations])
    }

    @Test func rForcesAFullStreamInsideTheRestPeriod() {
        var s = Self.started()
        Self.allocations(&s, from: 0, seconds: 30)
        #expect(!Self.startsAllocations(ConsoleUpdate.update(&s, .tick, now: Self.at(40))))
        #expect(Self.startsAllocations(ConsoleUpdate.update(&s, .intent(.refreshNow), now: Self.at(41))))
    }

    @Test func recoverAllStopsARunningStreamAndItsDurationPacesTheNext() {
        var s = Self.started()
        let effects = ConsoleUpdate.update(&s, .intent(.perform(.recoverAll)), now: Self.at(3))
        #expect(effects.contains(.cancel(.allocations)))
        #expect(!s.freshness(.allocations).inFlight)
        #expect(FullStreamSchedule.running(s) == "recover-all")
        #expect(!Self.startsAllocations(ConsoleUpdate.update(&s, .tick, now: Self.at(50))))
        let id = s.running[0].id
        _ = ConsoleUpdate.update(&s, .actionFinished(id: id, outcome: .succeeded("recovered")), now: Self.at(63))
        #expect(s.lastFullStream?.label == "recover-all")
        #expect(s.lastFullStream?.duration == 60)
        // Not even the action's own follow-up polls start /allocations inside the rest.
        #expect(!Self.startsAllocations(ConsoleUpdate.update(&s, .tick, now: Self.at(64))))
        #expect(Self.startsAllocations(ConsoleUpdate.update(&s, .tick, now: Self.at(63 + 1200))))
    }

    @Test func aFailedStreamCountsToo() {
        var s = Self.started()
        let g = s.freshness(.allocations).generation
        _ = ConsoleUpdate.update(&s, .pinStreamEnded(.allocations, generation: g, error: "connection reset"), now: Self.at(10))
        #expect(s.lastFullStream?.duration == 10)
        #expect(FullStreamSchedule.earliestNext(s) == Self.at(210))
    }

    @Test func theBudgetIsConfigurable() {
        var s = Fixture.state()
        s.settings.fullStreamBusyShare = 0.5
        s.pins.autoFullRefreshDone = true
        _ = ConsoleUpdate.update(&s, .tick, now: Self.at(0))
        Self.allocations(&s, from: 0, seconds: 100)
        #expect(FullStreamSchedule.earliestNext(s) == Self.at(300), "100 s of stream at 50 %: 200 s of rest")
        s.settings.fullStreamBusyShare = 0
        #expect(FullStreamSchedule.earliestNext(s) == Self.at(100 + 2000), "0 is not a budget: the default applies")
    }

    @Test func theHeaderSaysWhatTheLastCostAndWhenTheNextIsDue() {
        var s = Self.started()
        #expect(FullStreamSchedule.summary(s, now: Self.at(12))?.hasPrefix("allocations streaming: 0 items, 0 MB") == true)
        Self.allocations(&s, from: 0, seconds: 28)
        s.lastFullStream!.bytes = 210_000_000
        #expect(FullStreamSchedule.summary(s, now: Self.at(28 + 120)) == "allocations every 9 min, last 28 s, 210 MB, +1 pins, next in 7 min")
    }

    @Test func theConfigFileSetsTheBudgetInPercent() throws {
        let file = try ConfigFile.parse("""
        current-context = "a"
        [contexts.a]
        hosts = ["http://127.0.0.1:9094"]
        full-stream-budget = 2
        """)
        #expect(file.contexts["a"]?.fullStreamBudget == 2)
        #expect(throws: ConfigError.self) { try ConfigFile.parse("[contexts.a]\nfull-stream-budget = 0\n") }
    }
}
