import Foundation
import Testing
@testable import ECSState

@Suite struct CorrelationTests {
    typealias Spec = ExportText.TaskSpec
    let t0 = 1_795_236_000.0
    func at(_ s: Double) -> Date { Date(timeIntervalSince1970: t0 + s) }

    func snapshot(_ specs: [Spec], style: ExportText.Style = .v1, extra: [String] = []) throws -> ECSSnapshot {
        var files = [try ECSExportReader.parse(bytes: Array(ExportText.describeTasks(specs, style).utf8), file: "tasks.json")]
        for (i, text) in extra.enumerated() { files.append(try ECSExportReader.parse(bytes: Array(text.utf8), file: "extra\(i).json")) }
        return ECSStateMerger.merge(files: files)
    }

    let peerA = "12D3KooWAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    let peerB = "12D3KooWBbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

    func addr(_ ip: String, _ peer: String) -> [String] {
        ["/ip4/\(ip)/tcp/9096/p2p/\(peer)", "/ip4/127.0.0.1/tcp/9096/p2p/\(peer)", "/ip4/\(ip)/udp/4001/quic-v1"]
    }

    var oldTask: Spec {
        Spec(id: "1111aaaa", service: "ipfs-cluster-ipfs-node-us-east-1b", ip: "10.0.1.211", lastStatus: "STOPPED",
             desiredStatus: "STOPPED", startedAt: t0 + 5, stoppedAt: t0 + 3045, stopCode: "ServiceSchedulerInitiated",
             reason: "Task failed ELB health checks in (target-group x)", version: 7)
    }
    var newTask: Spec {
        Spec(id: "2222bbbb", service: "ipfs-cluster-ipfs-node-us-east-1b", ip: "10.0.1.37", startedAt: t0 + 3300, version: 5)
    }

    @Test(arguments: [ExportText.Style.v1, .v2])
    func taskReplacementKeepsThePeer(_ style: ExportText.Style) throws {
        var correlator = PeerTaskCorrelator()
        correlator.observe([PeerEndpoints(peerID: peerA, peerName: "ipfs-cluster-node2", addresses: addr("10.0.1.211", peerA), lastSeen: at(100))])
        correlator.observe([PeerEndpoints(peerID: peerA, peerName: "ipfs-cluster-node2", addresses: addr("10.0.1.211", peerA), lastSeen: at(2000))])

        // The old task is stopped and the peer is missing: that stop is the likely cause.
        var old = oldTask
        let during = try snapshot([old], style: style)
        correlator.observe([PeerEndpoints(peerID: peerA, peerName: "ipfs-cluster-node2", addresses: [], lastSeen: at(2000), missingSince: at(3020))])
        let missing = correlator.correlate(during, now: at(3100))
        #expect(missing.peerID(forTask: old.id) == peerA)
        #expect(missing.tasks[old.id]?.method == .privateIP)
        #expect(missing.link(forPeer: peerA)?.currentTaskID == nil)
        #expect(missing.link(forPeer: peerA)?.likelyCauseTaskID == old.id)

        // Replacement: new task id and IP, same peer id.
        correlator.observe([PeerEndpoints(peerID: peerA, peerName: "ipfs-cluster-node2", addresses: addr("10.0.1.37", peerA), lastSeen: at(3400))])
        old.version = 7
        let after = try snapshot([old, newTask], style: style)
        let result = correlator.correlate(after, now: at(3500))
        let link = try #require(result.link(forPeer: peerA))
        #expect(link.currentTaskID == newTask.id)
        #expect(link.previousTaskIDs == [old.id])
        #expect(link.hasLikelyCause == false)
        #expect(result.peerID(forTask: newTask.id) == peerA)
        #expect(result.peerID(forTask: old.id) == peerA)
    }

    @Test func reusedIPDoesNotJoinAStoppedTaskToANewPeer() throws {
        var correlator = PeerTaskCorrelator()
        // Peer B appears long after the old task stopped, on the IP the old task had.
        let reuse = Spec(id: "3333cccc", service: "ipfs-cluster-ipfs-node-us-east-1c", ip: "10.0.1.211", startedAt: t0 + 9000, version: 2)
        correlator.observe([PeerEndpoints(peerID: peerB, addresses: addr("10.0.1.211", peerB), lastSeen: at(9100))])
        let s = try snapshot([oldTask, reuse])
        let result = correlator.correlate(s, now: at(9200))
        #expect(result.peerID(forTask: oldTask.id) == nil, "stopped at +3045, the peer was first seen at +9100")
        #expect(result.peerID(forTask: reuse.id) == peerB)
        #expect(result.link(forPeer: peerB)?.previousTaskIDs == [])

        // When both peers were seen, each task gets the peer of its own window.
        correlator.observe([PeerEndpoints(peerID: peerA, addresses: [], lastSeen: at(9100), missingSince: at(3100))])
        var withHistory = PeerTaskCorrelator()
        withHistory.observe([PeerEndpoints(peerID: peerA, addresses: addr("10.0.1.211", peerA), lastSeen: at(1000))])
        withHistory.observe([PeerEndpoints(peerID: peerB, addresses: addr("10.0.1.211", peerB), lastSeen: at(9100))])
        withHistory.observe([PeerEndpoints(peerID: peerA, addresses: addr("10.0.1.211", peerA), lastSeen: at(9150), missingSince: at(3100))])
        let both = withHistory.correlate(s, now: at(9200))
        #expect(both.peerID(forTask: oldTask.id) == peerA)
        #expect(both.peerID(forTask: reuse.id) == peerB)
        #expect(both.link(forPeer: peerA)?.likelyCauseTaskID == oldTask.id)
    }

    @Test func fallsBackToCloudMapNameThenPeerName() throws {
        let def = try String(contentsOfFile: Fixtures.path("samples/ecs-describe-task-definition-us-east-1a.json"), encoding: .utf8)
        let a = Spec(id: "4444dddd", service: "ipfs-cluster-ipfs-node-us-east-1a", ip: "10.9.9.9", startedAt: t0, family: "ipfs-cluster-ipfs-node-us-east-1a")
        var t = a; t.id = "5555eeee"; t.service = "other-service"
        let s = try snapshot([a, t], extra: [def.replacingOccurrences(of: "task-definition/ipfs-cluster-ipfs-node-us-east-1a:1", with: "task-definition/ipfs-cluster-ipfs-node-us-east-1a:3")
                                                .replacingOccurrences(of: "\"revision\": 1", with: "\"revision\": 3")])
        #expect(s.taskDefinition(for: s.task(id: t.id)!)?.clusterPeerNames == ["ipfs-cluster-node1"])

        var byName = PeerTaskCorrelator()
        byName.observe([PeerEndpoints(peerID: peerA, peerName: "ipfs-cluster-node1", addresses: addr("10.0.0.1", peerA), lastSeen: at(10))])
        let r1 = byName.correlate(s, now: at(20))
        #expect(r1.tasks[t.id] == TaskPeerMatch(peerID: peerA, method: .peerName))

        var byDNS = PeerTaskCorrelator()
        byDNS.observe([PeerEndpoints(peerID: peerB, addresses: ["/dns4/ipfs-cluster-ipfs-node-us-east-1a.ipfs-cluster/tcp/9096/p2p/\(peerB)"], lastSeen: at(10))])
        let r2 = byDNS.correlate(s, now: at(20))
        #expect(r2.tasks[a.id] == TaskPeerMatch(peerID: peerB, method: .cloudMapName))
        #expect(r2.tasks[t.id] == nil)
    }

    @Test func peerAddressParsing() {
        let p = PeerEndpoints(peerID: peerA, addresses: ["/ip4/10.0.1.5/tcp/9096/p2p/x", "/ip4/0.0.0.0/tcp/9096", "/ip4/10.0.1.5/tcp/4001",
                                                         "/ip6/::1/tcp/9096", "/dns/n1.ns/tcp/9096"], lastSeen: Date())
        #expect(p.clusterIPv4s == ["10.0.1.5"])
        #expect(p.clusterDNSNames == ["n1.ns"])
    }
}
