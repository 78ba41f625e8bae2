import ClusterAPI
import ClusterSimulator
import Foundation
import Testing
@testable import ConsoleCore

/// The gateway probes end to end below the screen, against the simulator over loopback HTTP:
/// the runner probes what the update asks for, and the headless snapshot (the same update, the
/// same evidence builder, the same engine as the triage screen) names the pinned content the
/// `gateway-unserved` scenario leaves unserved.
@Suite(.serialized) struct GatewaySimulatorTests {
    @Test func theRunnerProbesWhatTheUpdateAsksFor() async throws {
        let dir = NSTemporaryDirectory() + "gw-runner-\(UUID().uuidString)"
        let sim = ClusterSimulator(config: SimulatorConfig(peers: 3, pins: 20, speed: 20, stateDirectory: dir, scenario: "quiet"))
        let e = try await sim.start()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lb = try #require(e.loadBalancer)
        let gw = try #require(e.gateway)
        let client = try ClusterClient(configuration: ClusterClientConfiguration(hosts: [try ClusterHost.parse(lb, https: false)]))
        let prober = try GatewayProber(baseURL: gw, timeout: 5)
        let inbox = EventInbox()
        let runner = EffectRunner(client: client, actions: ActionService(client: client, journal: nil, contextName: "t", readonly: true),
                                  gateway: prober, post: { ev in Task { await inbox.add(ev) } })
        var settings = ConsoleSettings(endpoint: lb, refresh: 0.5)
        settings.gateway = GatewaySettings(url: gw, interval: 1, timeout: 5)
        var state = ConsoleState(settings: settings)
        let deadline = Date().addingTimeInterval(30)
        var pending: [ConsoleEvent] = [.tick]
        while Date() < deadline && state.gateway.answers < 3 {
            for ev in pending { await runner.run(ConsoleUpdate.update(&state, ev, now: Date())) }
            try? await Task.sleep(for: .milliseconds(50))
            pending = await inbox.drain() + [.tick]
        }
        await runner.cancelAll()
        await prober.shutdown(); await client.shutdown(); await sim.stop()
        #expect(state.gateway.answers >= 3, "three probes answered")
        let r = state.gateway.rollup(state.pins.table, now: Date())
        #expect(r.probed >= 3 && r.served == r.probed, "seeded pinned content is served: \(r.summary) \(state.gateway.results.map { "\($0.key) \($0.value.probe.summary) live \(state.pins.table.row(cid: $0.key).map(state.pins.table.isLive) ?? false)" })")
        #expect(r.p50 != nil)
    }

    @Test func theSnapshotNamesPinnedContentTheGatewayDoesNotServe() async throws {
        let dir = NSTemporaryDirectory() + "gw-snapshot-\(UUID().uuidString)"
        let sim = ClusterSimulator(config: SimulatorConfig(peers: 3, pins: 30, speed: 20, stateDirectory: dir, scenario: "gateway-unserved",
                                                           replicationMin: 2, replicationMax: 2))
        let e = try await sim.start()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lb = try #require(e.loadBalancer)
        let gw = try #require(e.gateway)
        let client = try ClusterClient(configuration: ClusterClientConfiguration(hosts: [try ClusterHost.parse(lb, https: false)],
                                                                              connectTimeout: 5, idleTimeout: 20))
        let prober = try GatewayProber(baseURL: gw, timeout: 5)
        do {
            // The step comes at 20 simulated s (1 s here); background pins after it are not served.
            let sawUnserved = await eventuallyTrue(20) {
                guard let cid = await sim.pinRandom(replicationMin: 2, replicationMax: 2) else { return false }
                try? await Task.sleep(for: .milliseconds(400))
                return await prober.probe(cid)?.outcome == .status(504)
            }
            #expect(sawUnserved)
            try await Task.sleep(for: .milliseconds(500))
            let g = await SnapshotGatherer.gather(client: client, request: SnapshotRequest(
                ecsDirectory: dir + "/ecs", gateway: GatewaySettings(url: gw, interval: 1, timeout: 5)), gateway: prober)
            let evidence = try #require(g.evidence.gateway)
            #expect(evidence.rollup.answers == SnapshotGatherer.gatewaySample, "\(evidence.rollup)")
            let findings = g.result.deploymentFindings.filter { $0.kind == .gateway }
            #expect(!findings.isEmpty, "the newest pins, probed first, are not served: \(evidence.notServed.map { "\($0.cid) \($0.probe.summary) on \($0.pinnedOn)" })")
            let f = try #require(findings.first)
            #expect(f.text.hasPrefix("pinned but not served: "), "\(f.text)")
            #expect(f.text.contains("HTTP 504"), "\(f.text)")
            #expect(f.evidence.contains { $0.contains("the cluster reports it pinned on IpfsCluster") }, "\(f.evidence)")
            // A pin held by two peers is deployment-level; one only a single peer reports pinned yet
            // (the other still pinning, on a loaded machine) is that peer's verdict, and only then.
            let soleHolders = Set(evidence.notServed.filter { $0.pinnedOn.count == 1 }.flatMap(\.pinnedOn))
            let verdictPeers = Set(g.result.blocks.filter { $0.rules.contains("gateway-not-served") }.map(\.peerID))
            #expect(verdictPeers.isSubset(of: soleHolders), "two holders each: deployment-level (\(verdictPeers) vs \(soleHolders))")
            let md = SnapshotWriter.markdown(g.snapshot)
            #expect(md.contains("[gateway] pinned but not served"))
            #expect(md.contains("## Gateway") && md.contains("Probed `HEAD \(gw)/ipfs/<CID>`"))
            // The screen's path: the same events through the console's update give the same findings.
            var state = ConsoleState(settings: { var s = ConsoleSettings(endpoint: ""); s.gateway = GatewaySettings(url: gw, interval: 1, timeout: 5); return s }())
            for t in g.events { _ = ConsoleUpdate.update(&state, t.event, now: t.time) }
            var derivation = TriageDerivation()
            _ = derivation.refresh(state, force: true)
            #expect(derivation.result?.deploymentFindings.filter { $0.kind == .gateway }.map(\.subject) == findings.map(\.subject))
        } catch {
            await prober.shutdown(); await client.shutdown(); await sim.stop()
            throw error
        }
        await prober.shutdown(); await client.shutdown(); await sim.stop()
    }

    func eventuallyTrue(_ seconds: Double, _ body: () async -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if await body() { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return false
    }
}
