import ClusterAPI
import ClusterSimulator
import Foundation
import Testing
@testable import ConsoleCore

/// Collects what the runner posts, so a test can drive the pure update with real answers.
actor EventInbox {
    private var events: [ConsoleEvent] = []
    func add(_ e: ConsoleEvent) { events.append(e) }
    func drain() -> [ConsoleEvent] { defer { events = [] }; return events }
}

/// The effect runner against the simulator over loopback HTTP: real client, real streams.
@Suite(.serialized) struct EffectRunnerIntegrationTests {
    /// Runs the update/effect loop until `done(state)` holds (bounded by `timeout`).
    func drive(_ state: inout ConsoleState, runner: EffectRunner, inbox: EventInbox, timeout: Double = 20,
               first: [ConsoleEvent] = [.tick], until done: (ConsoleState) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var pending = first
        while Date() < deadline {
            for e in pending { await runner.run(ConsoleUpdate.update(&state, e, now: Date())) }
            if done(state) { return true }
            try? await Task.sleep(for: .milliseconds(50))
            pending = await inbox.drain() + [.tick]
        }
        return done(state)
    }

    @Test func pollsPeersMetricsAndPinsThenRunsAnActionWithAJournal() async throws {
        let sim = ClusterSimulator(config: SimulatorConfig(peers: 3, pins: 30, speed: 20, replicationMin: 2, replicationMax: 3))
        let endpoints = try await sim.start()
        let lb = try #require(endpoints.loadBalancer)
        let client = try ClusterClient(configuration: ClusterClientConfiguration(hosts: [try ClusterHost.parse(lb, https: false)]))
        let journalPath = NSTemporaryDirectory() + "runner-\(UUID().uuidString)/audit.jsonl"
        let service = ActionService(client: client, journal: AuditJournal(path: journalPath), contextName: "sim", readonly: false)
        let inbox = EventInbox()
        let runner = EffectRunner(client: client, actions: service, post: { e in Task { await inbox.add(e) } })
        var state = ConsoleState(settings: ConsoleSettings(endpoint: lb, refresh: 0.5))

        let loaded = await drive(&state, runner: runner, inbox: inbox) { s in
            s.healthyPeerCount == 3 && s.answeringPeer != nil && s.freshness(.allocations).lastSuccess != nil
                && s.freshness(.fullPins).lastSuccess != nil && s.peers.values.allSatisfy { $0.pingExpire != nil && $0.freeSpace != nil }
        }
        #expect(loaded, "state: peers \(state.peers.count) healthy \(state.healthyPeerCount) pins \(state.pins.table.liveCount)")
        #expect(state.pins.table.liveCount == 30)
        #expect(Set(state.peers.values.map(\.name)) == Set(endpoints.peerNames))

        // Pin a new CID with replication 2 and watch it reach pinned on two peers.
        let cid = "bafybeiary2ibmljf3l466qzk5hud3rnlk7zped37oik64zlfh22sa5nrg4"
        let pinned = await drive(&state, runner: runner, inbox: inbox,
                                 first: [.intent(.perform(.pinAdd(target: cid, options: PinAddOptions(replicationMin: 2, replicationMax: 2))))]) { s in
            guard let row = s.pins.table.row(cid: cid), s.pins.table.isLive(row) else { return false }
            return (0..<s.pins.table.peerCount).filter { s.pins.table.status(row, peer: $0) == .pinned }.count == 2
        }
        #expect(pinned, "history: \(state.history.map(\.outcome))")
        #expect(state.history.first?.outcome.isSuccess == true)

        // A frozen peer goes to error, then missing (simulated time runs 20x).
        try await sim.freeze(peer: endpoints.peerNames[2])
        let missing = await drive(&state, runner: runner, inbox: inbox, timeout: 30) { s in
            if case .missing = s.peers[endpoints.peerIDs[2]]?.condition { return true }
            return false
        }
        #expect(missing, "condition: \(String(describing: state.peers[endpoints.peerIDs[2]]?.condition))")

        let journal = try AuditJournal(path: journalPath).readAll()
        #expect(journal.map(\.outcome) == ["attempt", "ok"])
        #expect(journal.first?.action == "pin-add")
        await runner.cancelAll()
        await client.shutdown()
        await sim.stop()
    }
}
