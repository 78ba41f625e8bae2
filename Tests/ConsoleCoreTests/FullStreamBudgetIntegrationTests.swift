import ClusterAPI
import ClusterSimulator
import Foundation
import Testing
@testable import ConsoleCore

/// The full-stream budget against the simulator over 127.0.0.1: real client, real streams, real
/// durations. Counts the `/allocations` streams the console asks for.
@Suite(.serialized) struct FullStreamBudgetIntegrationTests {
    struct Run {
        var allocationStarts: [Date] = []
        var peersFetches = 0
        var overlapped = false
    }

    /// Drives the update/effect loop for `seconds`, counting what it asks for.
    /// With `until`, it goes on past `seconds` (up to `atMost`) until `until` holds: on a loaded
    /// machine the first stream can take longer than the whole nominal window.
    func drive(_ state: inout ConsoleState, runner: EffectRunner, inbox: EventInbox, seconds: Double, atMost: Double? = nil,
               until: ((ConsoleState) -> Bool)? = nil, first: [ConsoleEvent] = [.tick], run: inout Run) async {
        let deadline = Date().addingTimeInterval(seconds)
        let hard = Date().addingTimeInterval(atMost ?? seconds)
        var pending = first
        while Date() < deadline || (Date() < hard && !(until?(state) ?? true)) {
            for e in pending {
                let effects = ConsoleUpdate.update(&state, e, now: Date())
                for case .fetch(let s, _) in effects {
                    if s == .allocations { run.allocationStarts.append(Date()) }
                    if s == .peers { run.peersFetches += 1 }
                }
                let full = DataSource.allCases.filter { FullStreamSchedule.isFull($0) && state.freshness($0).inFlight }
                if full.count > 1 { run.overlapped = true }
                await runner.run(effects)
            }
            try? await Task.sleep(for: .milliseconds(20))
            pending = await inbox.drain() + [.tick]
        }
    }

    @Test func fullStreamsKeepTheClusterBusyAtMostTheBudgetWhileCheapCallsKeepTheirCadence() async throws {
        let sim = ClusterSimulator(config: SimulatorConfig(peers: 3, pins: 2000, speed: 20))
        let endpoints = try await sim.start()
        let lb = try #require(endpoints.loadBalancer)
        // Each /allocations takes at least 300 ms: 6 s of rest at 5 %.
        await sim.addFault(Fault(endpoint: "/allocations", kind: .latency, ms: 300))
        let client = try ClusterClient(configuration: ClusterClientConfiguration(hosts: [try ClusterHost.parse(lb, https: false)]))
        let inbox = EventInbox()
        let journal = NSTemporaryDirectory() + "budget-\(UUID().uuidString)/audit.jsonl"
        let service = ActionService(client: client, journal: AuditJournal(path: journal), contextName: "sim", readonly: true)
        let runner = EffectRunner(client: client, actions: service, post: { e in Task { await inbox.add(e) } })
        // refresh 0.1 s: without the budget /allocations would run every 1.5 s.
        var state = ConsoleState(settings: ConsoleSettings(endpoint: lb, refresh: 0.1))
        state.pins.autoFullRefreshDone = true

        var run = Run()
        await drive(&state, runner: runner, inbox: inbox, seconds: 9, atMost: 60,
                    until: { $0.pins.table.liveCount == 2000 && !$0.freshness(.allocations).inFlight }, run: &run)
        #expect(state.pins.table.liveCount == 2000)
        #expect(!run.overlapped)
        #expect(run.peersFetches >= 20, "cheap calls keep their 0.1 s cadence: \(run.peersFetches)")
        #expect((state.lastFullStream?.duration ?? 0) >= 0.3)
        #expect((state.lastFullStream?.bytes ?? 0) > 2000 * 100, "bytes counted: \(String(describing: state.lastFullStream))")
        // At most one start per (duration + 20 x duration): 9 s allows 2 at 0.3 s each.
        #expect((1...2).contains(run.allocationStarts.count), "starts: \(run.allocationStarts.count)")
        if run.allocationStarts.count == 2 {
            #expect(run.allocationStarts[1].timeIntervalSince(run.allocationStarts[0]) >= 21 * 0.3 - 0.1)
        }

        // `r` forces one at once, inside the rest period.
        let before = run.allocationStarts.count
        await drive(&state, runner: runner, inbox: inbox, seconds: 0.1, first: [.intent(.refreshNow)], run: &run)
        #expect(run.allocationStarts.count == before + 1)

        // Control: with the whole wall time allowed, the plain 1.5 s interval rules and the
        // same 9 s see several streams (so the count above is the budget's doing).
        var control = Run()
        state.settings.fullStreamBusyShare = 1
        await drive(&state, runner: runner, inbox: inbox, seconds: 6, run: &control)
        #expect(control.allocationStarts.count >= 3, "starts without the budget: \(control.allocationStarts.count)")
        #expect(!control.overlapped)

        await runner.cancelAll()
        await client.shutdown()
        await sim.stop()
    }
}
