import ClusterAPI
import Foundation
import Testing
@testable import ConsoleCore

@Suite struct UpdateActionsTests {
    @Test func anActionRunsWithProgressAndLandsInHistoryWithAToast() {
        var s = Fixture.state()
        let kind = ActionKind.recoverMany(cids: [Fixture.cidA, Fixture.cidB])
        let effects = ConsoleUpdate.update(&s, .intent(.perform(kind)), now: Fixture.t0)
        #expect(effects == [.perform(id: 1, kind)])
        #expect(s.running.first?.total == 2)
        _ = ConsoleUpdate.update(&s, .actionProgress(id: 1, done: 1, total: 2), now: Fixture.t0)
        #expect(s.running.first?.done == 1)
        let after = ConsoleUpdate.update(&s, .actionFinished(id: 1, outcome: .succeeded("recovered 2 pins")), now: Fixture.t0.addingTimeInterval(1))
        #expect(s.running.isEmpty)
        #expect(s.history.first?.outcome == .succeeded("recovered 2 pins"))
        #expect(s.toasts.first?.text == "recovered 2 pins")
        #expect(after.contains { if case .fetchWatched(let c, _) = $0 { return c.contains(Fixture.cidA) }; return false })
        #expect(after.contains { if case .fetch(.activePins, _) = $0 { return true }; return false })
        _ = ConsoleUpdate.update(&s, .tick, now: Fixture.t0.addingTimeInterval(10))
        #expect(s.toasts.isEmpty, "toasts expire")
        #expect(!s.history.isEmpty, "history stays")
    }

    @Test func failuresAreToastedAsErrorsAndDoNotRepoll() {
        var s = Fixture.state()
        _ = ConsoleUpdate.update(&s, .intent(.perform(.unpin(cid: Fixture.cidA))), now: Fixture.t0)
        let after = ConsoleUpdate.update(&s, .actionFinished(id: 1, outcome: .failed("pin is not part of the pinset")), now: Fixture.t0)
        #expect(after.isEmpty)
        #expect(s.toasts.last?.level == .error)
        #expect(s.toasts.last?.text == "pin is not part of the pinset")
    }

    @Test func cancelGoesToTheRunnerOnlyForRunningActions() {
        var s = Fixture.state()
        #expect(ConsoleUpdate.update(&s, .intent(.cancelAction(7)), now: Fixture.t0).isEmpty)
        _ = ConsoleUpdate.update(&s, .intent(.perform(.repoGC)), now: Fixture.t0)
        #expect(ConsoleUpdate.update(&s, .intent(.cancelAction(1)), now: Fixture.t0) == [.cancelAction(1)])
    }

    @Test func pinDetailIsFetchedOnceAtATime() {
        var s = Fixture.state()
        #expect(ConsoleUpdate.update(&s, .intent(.loadPinDetail(Fixture.cidA)), now: Fixture.t0) == [.fetchPinDetail(Fixture.cidA)])
        #expect(ConsoleUpdate.update(&s, .intent(.loadPinDetail(Fixture.cidA)), now: Fixture.t0).isEmpty)
        _ = ConsoleUpdate.update(&s, .pinDetail(cid: Fixture.cidA, status: GlobalPinInfo(cid: Fixture.cidA, name: "w"), pin: nil, error: nil), now: Fixture.t0)
        #expect(s.pinDetails[Fixture.cidA]?.status?.name == "w")
        #expect(s.pinDetails[Fixture.cidA]?.inFlight == false)
    }
}
