import ClusterAPI
import Foundation
import Testing
@testable import ConsoleCore

@Suite struct UpdatePeersTests {
    func load(_ s: inout ConsoleState, _ list: [ClusterPeer], at t: Double) {
        let now = Fixture.t0.addingTimeInterval(t)
        let g = Fixture.begin(&s, .peers, at: now)
        _ = ConsoleUpdate.update(&s, .loaded(.peers, generation: g, .peers(list)), now: now)
    }

    @Test func aPeerGoesFromOkToErrorToMissingAndBack() {
        var s = Fixture.state()
        load(&s, [Fixture.peer(Fixture.p1, "IpfsCluster0"), Fixture.peer(Fixture.p3, "IpfsCluster2")], at: 0)
        #expect(s.peers[Fixture.p3]?.condition == .ok)
        #expect(s.healthyPeerCount == 2)
        // Frozen: /peers lists it with an error and empty fields; we keep its name and version.
        load(&s, [Fixture.peer(Fixture.p1, "IpfsCluster0"), Fixture.peer(Fixture.p3, "", error: "context deadline exceeded")], at: 10)
        #expect(s.peers[Fixture.p3]?.condition == .error("context deadline exceeded"))
        #expect(s.peers[Fixture.p3]?.name == "IpfsCluster2")
        #expect(s.peers[Fixture.p3]?.version == "1.1.6")
        // Its ping expired: CRDT drops it from /peers silently. It stays, missing since then.
        load(&s, [Fixture.peer(Fixture.p1, "IpfsCluster0")], at: 40)
        #expect(s.peers[Fixture.p3]?.condition == .missing(since: Fixture.t0.addingTimeInterval(40)))
        load(&s, [Fixture.peer(Fixture.p1, "IpfsCluster0")], at: 50)
        #expect(s.peers[Fixture.p3]?.missingSince == Fixture.t0.addingTimeInterval(40), "since-when does not move")
        #expect(s.peerList.map(\.id) == [Fixture.p1, Fixture.p3])
        load(&s, [Fixture.peer(Fixture.p1, "IpfsCluster0"), Fixture.peer(Fixture.p3, "IpfsCluster2")], at: 60)
        #expect(s.peers[Fixture.p3]?.condition == .ok)
    }

    @Test func ipfsDownAndVersionSkewAreVisible() {
        var s = Fixture.state()
        var old = Fixture.peer(Fixture.p2, "IpfsCluster1", ipfsError: "connection refused")
        old.version = "1.0.8"
        load(&s, [Fixture.peer(Fixture.p1, "IpfsCluster0"), old, Fixture.peer(Fixture.p3, "IpfsCluster2")], at: 0)
        #expect(s.peers[Fixture.p2]?.condition == .ipfsDown("connection refused"))
        #expect(s.versions == ["1.0.8", "1.1.6"])
        #expect(s.majorityVersion == "1.1.6")
    }

    @Test func peersKnownFromConfigShowBeforeTheyAnswerAndAreNotMissing() {
        var s = ConsoleState(settings: ConsoleSettings(endpoint: "x", expectedPeers: [Fixture.p3]))
        #expect(s.peers[Fixture.p3]?.condition == .unknown)
        load(&s, [Fixture.peer(Fixture.p1, "a")], at: 0)
        #expect(s.peers[Fixture.p3]?.condition == .unknown)
    }

    @Test func metricsAndAlertsAttachToPeers() {
        var s = Fixture.state()
        load(&s, [Fixture.peer(Fixture.p1, "IpfsCluster0")], at: 0)
        var g = Fixture.begin(&s, .freespace)
        _ = ConsoleUpdate.update(&s, .loaded(.freespace, generation: g, .metrics([Metric(name: "freespace", peer: Fixture.p1, value: "52342341632")])), now: Fixture.t0)
        g = Fixture.begin(&s, .pinqueue)
        _ = ConsoleUpdate.update(&s, .loaded(.pinqueue, generation: g, .metrics([Metric(name: "pinqueue", peer: Fixture.p1, value: "12")])), now: Fixture.t0)
        g = Fixture.begin(&s, .ping)
        let ping = Metric(name: "ping", peer: Fixture.p2, value: "{\"peer_name\":\"IpfsCluster1\",\"ipfs_id\":\"12D3KooWX\"}",
                          expire: 1_779_357_630_000_000_000, receivedAt: 1_779_357_600_000_000_000)
        _ = ConsoleUpdate.update(&s, .loaded(.ping, generation: g, .metrics([ping])), now: Fixture.t0)
        #expect(s.peers[Fixture.p1]?.freeSpace == 52_342_341_632)
        #expect(s.peers[Fixture.p1]?.pinQueue == 12)
        #expect(s.peers[Fixture.p2]?.name == "IpfsCluster1", "a peer only seen in metrics is added with its ping name")
        #expect(s.peers[Fixture.p2]?.pingExpire == Date(timeIntervalSince1970: 1_779_357_630))
        g = Fixture.begin(&s, .alerts)
        let older = Alert(metric: Metric(name: "ping", peer: Fixture.p1), triggeredAt: try! ClusterTime(parsing: "2026-05-21T10:00:41Z"))
        let newer = Alert(metric: Metric(name: "freespace", peer: Fixture.p1), triggeredAt: try! ClusterTime(parsing: "2026-05-21T10:05:41Z"))
        let late = Alert(metric: Metric(name: "ping", peer: "12D3KooWLate"), triggeredAt: try! ClusterTime(parsing: "2026-05-21T10:01:41Z"))
        _ = ConsoleUpdate.update(&s, .loaded(.alerts, generation: g, .alerts([older, newer, late])), now: Fixture.t0)
        #expect(s.alerts.first?.metric.name == "freespace", "newest first")
        #expect(s.alertCount(peer: Fixture.p1) == 2)
        // Derived from the alerts, so a peer first listed after the alerts poll counts its alerts.
        _ = ConsoleUpdate.update(&s, .loaded(.peers, generation: Fixture.begin(&s, .peers),
                                             .peers([ClusterPeer(id: "12D3KooWLate", peername: "late")])), now: Fixture.t0)
        #expect(s.peers["12D3KooWLate"] != nil)
        #expect(s.alertCount(peer: "12D3KooWLate") == 1)
    }
}
