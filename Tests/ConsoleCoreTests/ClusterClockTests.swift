import ClusterAPI
import ClusterSimulator
import Foundation
import Testing
@testable import ConsoleCore

/// The cluster's clock: estimated from each response's `Date` (else the metrics' `received_at`),
/// and what every expiry and age is judged against.
@Suite struct ClusterClockTests {
    @Test func medianOfDateHeadersFollowsTheClusterAndIgnoresOneOutlier() {
        var c = ClusterClock()
        let t = Fixture.t0
        #expect(c.headerText == nil && !c.isKnown)
        for i in 0..<5 { c.observe(serverDate: t.addingTimeInterval(Double(i) * 2 + 600), local: t.addingTimeInterval(Double(i) * 2)) }
        c.observe(serverDate: t.addingTimeInterval(5), local: t.addingTimeInterval(12))
        #expect(abs(c.offset - 600.5) < 0.01)
        #expect(c.headerText == "cluster clock +10 min")
        var behind = ClusterClock()
        behind.observe(serverDate: t.addingTimeInterval(-12), local: t)
        #expect(behind.headerText == "cluster clock -12 s")
        var close = ClusterClock()
        close.observe(serverDate: t.addingTimeInterval(3), local: t)
        #expect(close.headerText == nil)
    }

    @Test func receivedAtCountsOnlyWithoutADateHeader() {
        var c = ClusterClock()
        let t = Fixture.t0
        c.observe(newestReceived: t.addingTimeInterval(-10), local: t)
        #expect(c.offset == 0, "a metric 10 s old is its own age, not a skew")
        c.observe(newestReceived: t.addingTimeInterval(-12 * 86_400), local: t)
        #expect(c.offset == -12 * 86_400)
        c.observe(serverDate: t.addingTimeInterval(30), local: t)
        #expect(abs(c.offset - 30.5) < 0.01, "the Date header wins")
    }

    /// A ping that expires in 20 s by the cluster's clock, read by a console 10 min fast: not expired.
    @Test func pingExpiryIsJudgedOnTheClusterClock() {
        var s = Fixture.state()
        let console = Fixture.t0.addingTimeInterval(600)
        _ = ConsoleUpdate.update(&s, .responded(.ping, ResponseOrigin(host: "h", status: 200, serverDate: Fixture.t0)), now: console)
        var p = PeerInfo(id: Fixture.p1)
        p.pingExpire = Fixture.t0.addingTimeInterval(20)
        #expect(!s.pingExpired(p))
        #expect(abs(s.clusterNow.timeIntervalSince(Fixture.t0) - 0.5) < 0.01)
    }
}

/// The console against simulated clusters whose clock is ten minutes ahead and behind.
@Suite(.serialized) struct SkewedClusterClockTests {
    func gather(offset: Double, speed: Double, freeze: String? = nil) async throws -> (GatheredSnapshot, ConsoleState, SimulatorEndpoints) {
        let dir = NSTemporaryDirectory() + "skew-sim-\(UUID().uuidString)"
        var config = SimulatorConfig(peers: 3, pins: 30, speed: speed, stateDirectory: dir)
        config.clockOffset = offset
        let sim = ClusterSimulator(config: config)
        let e = try await sim.start()
        let client = try ClusterClient(configuration: ClusterClientConfiguration(
            hosts: [try ClusterHost.parse(e.peers[0], https: false)], connectTimeout: 5, idleTimeout: 20))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            if let freeze {
                try await sim.freeze(peer: freeze)
                let id = e.peerIDs[e.peerNames.firstIndex(of: freeze)!]
                let deadline = Date().addingTimeInterval(30)
                while Date() < deadline, !((try? await client.alerts()) ?? []).contains(where: { $0.metric.peer == id && $0.metric.name == "ping" }) {
                    try await Task.sleep(for: .milliseconds(100))
                }
            } else {
                try await Task.sleep(for: .milliseconds(500))
            }
            let g = await SnapshotGatherer.gather(client: client, request: SnapshotRequest(
                ecsDirectory: dir + "/ecs", logPaths: [dir + "/logs"]))
            var state = ConsoleState(settings: ConsoleSettings(endpoint: ""))
            for t in g.events { _ = ConsoleUpdate.update(&state, t.event, now: t.time) }
            await client.shutdown()
            await sim.stop()
            return (g, state, e)
        } catch {
            await client.shutdown()
            await sim.stop()
            throw error
        }
    }

    @Test(arguments: [600.0, -600.0])
    func healthyClusterGetsNoVerdict(offset: Double) async throws {
        let (g, state, _) = try await gather(offset: offset, speed: 1)
        // The seeded pins carry a few errors (~3%): those verdicts are real; nothing else may fire.
        let other = g.result.blocks.filter { $0.rules != ["pins-in-error"] }
        #expect(other.isEmpty, "\(other.map { "\($0.peerName): \($0.headline)" })")
        #expect(abs(state.clusterClock.offset - offset) < 3, "offset \(state.clusterClock.offset)")
        // 600 s give "10 min", or "9 min" when the one-second headers and a loaded machine put it at 599.x.
        let header = state.clusterClock.headerText ?? ""
        #expect(header == "cluster clock \(offset > 0 ? "+" : "-")10 min" || header == "cluster clock \(offset > 0 ? "+" : "-")9 min", "\(header)")
        #expect(!SnapshotWriter.markdown(g.snapshot).contains("CRITICAL"))
    }

    /// A frozen peer on a skewed cluster: only it is named, and its ages are seconds, not ten minutes.
    @Test(arguments: [600.0, -600.0])
    func frozenPeerIsTheOnlyVerdictWithItsRealAge(offset: Double) async throws {
        let (g, _, e) = try await gather(offset: offset, speed: 40, freeze: "IpfsCluster2")
        let named = g.result.blocks.filter { $0.rules != ["pins-in-error"] }
        #expect(named.map(\.peerID) == [e.peerIDs[2]], "\(named.map { "\($0.peerName): \($0.headline)" })")
        let block = try #require(g.result.block(for: e.peerIDs[2]))
        #expect(block.rules.first == "peer-unresponsive")
        let since = try #require(block.since)
        let age = g.result.generatedAt.timeIntervalSince(since)
        // Frozen for about 36 simulated seconds (plus the gathering at speed 40): well under 10 min.
        #expect(age >= 0 && age < 300, "age \(age) s")
    }
}
