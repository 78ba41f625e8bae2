import ClusterAPI
import ClusterSimulator
import ConsoleCore
import ECSState
import Foundation
import Testing

/// The AWS half of triage against the real simulator over loopback: the `efs-burst` scenario
/// drains us-east-1a's EFS credits, slows then freezes IpfsCluster0; the snapshot core (what the
/// headless `snapshot` command runs) must name EFS burst credits for that peer and that AZ,
/// instead of the generic "unresponsive".
@Suite(.serialized) struct AWSTriageSimulatorTests {
    @Test func efsBurstIsNamedForTheFailingPeersAZ() async throws {
        let dir = NSTemporaryDirectory() + "aws-triage-\(UUID().uuidString)"
        let sim = ClusterSimulator(config: SimulatorConfig(peers: 3, pins: 30, speed: 40, stateDirectory: dir, scenario: "efs-burst"))
        let e = try await sim.start()
        // Ask a peer that stays healthy: IpfsCluster0 (us-east-1a) is the one that hangs.
        let client = try ClusterClient(configuration: ClusterClientConfiguration(
            hosts: [try ClusterHost.parse(e.peers[1], https: false)], connectTimeout: 5, idleTimeout: 20))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let failing = e.peerIDs[0]
            // Wait (bounded) for the cluster's ping alert on the frozen peer (~106 simulated s).
            let deadline = Date().addingTimeInterval(30)
            var alerted = false
            while !alerted && Date() < deadline {
                alerted = ((try? await client.alerts()) ?? []).contains { $0.metric.peer == failing && $0.metric.name == "ping" }
                if !alerted { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(alerted)
            let g = await SnapshotGatherer.gather(client: client, request: SnapshotRequest(
                ecsDirectory: dir + "/ecs", logPaths: [dir + "/logs"]))
            let block = try #require(g.result.block(for: failing), "\(g.result.blocks.map { "\($0.peerName): \($0.rules)" })")
            #expect(block.rules.first == "efs-credits-exhausted", "\(block.rules): \(block.headline)")
            #expect(!block.rules.contains("peer-unresponsive"))
            #expect(block.severity == .critical)
            #expect(block.headline.contains("us-east-1a"))
            #expect(block.headline.contains("burst credits"))
            #expect(block.evidence.contains { $0.source == .aws && $0.text.contains("BurstCreditBalance") })
            #expect(!block.nextSteps.isEmpty)
            // No other peer is blamed for EFS.
            #expect(!g.result.blocks.contains { $0.peerID != failing && $0.rules.contains("efs-credits-exhausted") })
            let md = SnapshotWriter.markdown(g.snapshot)
            #expect(md.contains("`efs-credits-exhausted`"))
            #expect(md.contains("us-east-1a) is out of burst credits"))
        } catch {
            await client.shutdown(); await sim.stop()
            throw error
        }
        await client.shutdown()
        await sim.stop()
    }
}
