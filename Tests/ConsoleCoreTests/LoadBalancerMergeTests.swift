import ClusterAPI
import Foundation
import Testing
@testable import ConsoleCore

/// Behind the simulator's round-robin load balancer, peers answer `/health/alerts` with their
/// own lists, and one of them has forgotten its alerts: the raw answers alternate, the count the
/// console shows does not; each alert says who reported it; the header knows it is an LB.
@Suite(.serialized) struct LoadBalancerMergeTests {
    @Test func alertCountStaysStableWhilePeersAnswerDifferently() async throws {
        let d = try await ScenarioDriver(scenario: nil, speed: 40, pins: 0)
        do {
            try await d.sim.stopPeer("IpfsCluster2")
            // Both survivors raise their alerts about IpfsCluster2 (ping expired ~36 simulated s).
            var direct: [ClusterClient] = []
            for url in d.endpoints.peers.prefix(2) {
                direct.append(try ClusterClient(configuration: ClusterClientConfiguration(
                    hosts: [try ClusterHost.parse(url, https: false)], connectTimeout: 2, idleTimeout: 10)))
            }
            let deadline = Date().addingTimeInterval(20)
            var raised = false
            while !raised && Date() < deadline {
                var all = true
                for c in direct {
                    let alerts = (try? await c.alerts()) ?? []
                    if !alerts.contains(where: { $0.metric.name == "ping" }) { all = false }
                }
                raised = all
                if !raised { try await Task.sleep(for: .milliseconds(100)) }
            }
            for c in direct { await c.shutdown() }
            #expect(raised, "both survivors alerted")
            try await d.sim.forgetAlerts(peer: "IpfsCluster0")
            for _ in 0..<16 {
                await d.round()
                try await Task.sleep(for: .milliseconds(300))
            }
        } catch {
            await d.stop()
            throw error
        }
        await d.stop()
        let counts = d.alertCounts
        // The answers really differ: some peers list the alerts, IpfsCluster0 lists none.
        #expect(counts.contains { $0.answered == 0 } && counts.contains { $0.answered > 0 }, "\(counts)")
        let firstSeen = try #require(counts.firstIndex { $0.shown > 0 })
        let shown = Set(counts[firstSeen...].map(\.shown))
        #expect(shown.count == 1, "the shown count flapped: \(counts)")
        let reports = d.state.answers.alerts.values
        #expect(!reports.isEmpty && reports.allSatisfy { !$0.reportedBy.isEmpty })
        #expect(d.state.answers.modeText(name: d.state.peerName)?.hasPrefix("via load balancer (2 peers answered)") == true,
                "\(d.state.answers.peersByHost)")
    }

    @Test func anAlertNobodyReportsAnyMoreIsDroppedAfterTheKeepTime() {
        var m = AnswerMerge()
        let t0 = Fixture.t0
        let alert = Alert(metric: Metric(name: "ping", peer: Fixture.p3), triggeredAt: ClusterTime(date: t0))
        m.take([alert], reporter: "IpfsCluster1", now: t0, keep: 30)
        m.take([], reporter: "IpfsCluster0", now: t0.addingTimeInterval(10), keep: 30)
        #expect(m.mergedAlerts.count == 1)
        #expect(m.alerts.values.first?.reportedBy == "IpfsCluster1")
        m.take([], reporter: "IpfsCluster0", now: t0.addingTimeInterval(31), keep: 30)
        #expect(m.mergedAlerts.isEmpty)
    }
}
