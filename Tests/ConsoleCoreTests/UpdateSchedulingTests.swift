import ClusterAPI
import Foundation
import Testing
@testable import ConsoleCore

@Suite struct UpdateSchedulingTests {
    @Test func firstTickPollsEveryCheapSourceOnceAndSkipsOverlaps() {
        var s = Fixture.state()
        let effects = ConsoleUpdate.update(&s, .tick, now: Fixture.t0)
        let fetched = Set(effects.compactMap { e -> DataSource? in if case .fetch(let src, _) = e { return src }; return nil })
        #expect(fetched == Set(DataSource.allCases.filter(\.isPolled)))
        #expect(!fetched.contains(.fullPins))
        // Everything is in flight: a tick a second later starts nothing new.
        let again = ConsoleUpdate.update(&s, .tick, now: Fixture.t0.addingTimeInterval(1))
        #expect(again.isEmpty)
    }

    @Test func answeredSourcesArePolledAgainAfterTheirInterval() {
        var s = Fixture.state()
        _ = ConsoleUpdate.update(&s, .tick, now: Fixture.t0)
        let g = s.freshness(.alerts).generation
        _ = ConsoleUpdate.update(&s, .loaded(.alerts, generation: g, .alerts([])), now: Fixture.t0.addingTimeInterval(0.5))
        #expect(ConsoleUpdate.update(&s, .tick, now: Fixture.t0.addingTimeInterval(1)).isEmpty)
        let later = ConsoleUpdate.update(&s, .tick, now: Fixture.t0.addingTimeInterval(2.1))
        #expect(later == [.fetch(.alerts, generation: g + 1)])
        // /allocations is slower: not yet due even though it also answered.
        #expect(DataSource.allocations.interval(refresh: 2) >= 30)
    }

    @Test func aCallPastItsDeadlineIsCancelledAndMarkedFailed() {
        var s = Fixture.state()
        _ = ConsoleUpdate.update(&s, .tick, now: Fixture.t0)
        let late = Fixture.t0.addingTimeInterval(DataSource.id.deadline + 1)
        let effects = ConsoleUpdate.update(&s, .tick, now: late)
        #expect(effects.contains(.cancel(.id)))
        #expect(s.freshness(.id).lastError?.contains("no answer within") == true)
        #expect(s.unreachable != nil)
        // A late answer from the abandoned call is ignored.
        let old = s.freshness(.id).generation
        _ = ConsoleUpdate.update(&s, .tick, now: late.addingTimeInterval(3))
        _ = ConsoleUpdate.update(&s, .loaded(.id, generation: old, .id(Fixture.peer(Fixture.p1, "a"))), now: late.addingTimeInterval(3))
        #expect(s.answeringPeer == nil)
    }

    @Test func failuresKeepTheLastGoodDataMarkedStaleAndRecover() {
        var s = Fixture.state()
        var g = Fixture.begin(&s, .peers)
        _ = ConsoleUpdate.update(&s, .loaded(.peers, generation: g, .peers([Fixture.peer(Fixture.p1, "a")])), now: Fixture.t0)
        g = Fixture.begin(&s, .peers, at: Fixture.t0.addingTimeInterval(5))
        _ = ConsoleUpdate.update(&s, .failed(.peers, generation: g, message: "connection refused"), now: Fixture.t0.addingTimeInterval(5))
        #expect(s.peers[Fixture.p1]?.name == "a")
        #expect(s.freshness(.peers).isStale)
        #expect(s.freshness(.peers).age(now: Fixture.t0.addingTimeInterval(9)) == 9)
        g = Fixture.begin(&s, .id, at: Fixture.t0.addingTimeInterval(6))
        _ = ConsoleUpdate.update(&s, .failed(.id, generation: g, message: "connection refused"), now: Fixture.t0.addingTimeInterval(6))
        #expect(s.unreachable == "connection refused")
        g = Fixture.begin(&s, .id, at: Fixture.t0.addingTimeInterval(8))
        _ = ConsoleUpdate.update(&s, .loaded(.id, generation: g, .id(Fixture.peer(Fixture.p1, "a"))), now: Fixture.t0.addingTimeInterval(8))
        #expect(s.unreachable == nil)
        #expect(s.answeringPeer?.peername == "a")
    }

    @Test func refreshNowStartsOnlyIdleSources() {
        var s = Fixture.state()
        _ = Fixture.begin(&s, .peers)
        let effects = ConsoleUpdate.update(&s, .intent(.refreshNow), now: Fixture.t0)
        #expect(!effects.contains { if case .fetch(.peers, _) = $0 { return true }; return false })
        #expect(effects.contains { if case .fetch(.id, _) = $0 { return true }; return false })
    }
}

@Suite struct StreamDeadlineTests {
    @Test func aStreamThatKeepsDeliveringIsNotCutButAStalledOneIs() {
        var s = Fixture.state()
        let g = Fixture.begin(&s, .allocations)
        let line = Fixture.allocation(Fixture.cidA, name: "a", allocations: []) + "\n"
        var t = Fixture.t0
        // Bytes every 30 s for longer than the deadline: still running.
        for _ in 0..<4 {
            t = t.addingTimeInterval(30)
            _ = ConsoleUpdate.update(&s, .pinChunk(.allocations, generation: g, bytes: Array(line.utf8)), now: t)
            #expect(!ConsoleUpdate.update(&s, .tick, now: t).contains(.cancel(.allocations)))
        }
        #expect(s.freshness(.allocations).inFlight)
        // Then nothing for longer than the deadline: cancelled, what arrived is kept.
        let stalled = t.addingTimeInterval(DataSource.allocations.deadline + 1)
        #expect(ConsoleUpdate.update(&s, .tick, now: stalled).contains(.cancel(.allocations)))
        #expect(s.pins.table.liveCount == 1)
    }
}
