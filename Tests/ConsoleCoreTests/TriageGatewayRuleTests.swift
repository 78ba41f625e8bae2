import ClusterAPI
import ECSState
import Foundation
import Testing
@testable import ConsoleCore

/// "Pinned but not served": fires for a pin the cluster reports pinned that the gateway did not
/// serve, not for one it served nor one that is not pinned; one finding when the gateway is down;
/// deployment-level unless a single peer holds the pin; the same from the state for the triage
/// screen and the snapshot.
@Suite struct TriageGatewayRuleTests {
    static let now = Date(timeIntervalSince1970: 1_796_304_000)
    static let url = "https://d111111abcdef8.cloudfront.net"
    static let cidA = "bafybeiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    static let cidB = "bafybeibbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

    static func peer(_ n: Int) -> PeerEvidence {
        var p = PeerEvidence(id: "12D3KooWpeer\(n)", name: "IpfsCluster\(n)")
        p.lastSeen = now
        return p
    }

    static func pin(_ cid: String, _ outcome: GatewayOutcome, pinnedOn: [Int], latency: Double = 2.1) -> GatewayEvidence.Pin {
        GatewayEvidence.Pin(cid: cid, name: "site-\(cid.suffix(3))", probe: GatewayProbe(cid: cid, outcome: outcome, latency: latency, at: now.addingTimeInterval(-20)),
                            failingSince: now.addingTimeInterval(-80), probes: 2, pinnedOn: pinnedOn.map { "12D3KooWpeer\($0)" })
    }

    static func run(_ g: GatewayEvidence, peers: [PeerEvidence] = [peer(0), peer(1), peer(2)]) -> TriageResult {
        TriageEngine.run(TriageEvidence(peers: peers, observedAt: now, gateway: g))
    }

    @Test func pinnedButNotServedIsADeploymentFinding() throws {
        let g = GatewayEvidence(url: Self.url, rollup: GatewayRollup(probed: 12, served: 11, p50: 0.08, p95: 0.3),
                                notServed: [Self.pin(Self.cidA, .status(504), pinnedOn: [0, 2])])
        let r = Self.run(g)
        #expect(r.blocks.isEmpty, "behind the load balancer no peer is blamed")
        let f = try #require(r.deploymentFindings.first)
        #expect(r.deploymentFindings.count == 1)
        #expect(f.kind == .gateway && f.subject == Self.cidA && f.isProblem)
        #expect(f.text == "pinned but not served: site-aaa (\(Self.cidA)): the gateway answered HTTP 504 after 2.1 s", "\(f.text)")
        #expect(f.since == Self.now.addingTimeInterval(-80))
        #expect(f.evidence.contains { $0.contains("HEAD \(Self.url)/ipfs/\(Self.cidA): HTTP 504 after 2.1 s") }, "\(f.evidence)")
        #expect(f.evidence.contains { $0.contains("pinned on IpfsCluster0, IpfsCluster2") }, "\(f.evidence)")
        #expect(f.nextSteps.contains("curl -I \(Self.url)/ipfs/\(Self.cidA)"))
        #expect(f.nextSteps.contains { $0.contains("ipfs routing findprovs \(Self.cidA)") })
        #expect(f.nextSteps.contains { $0.contains("target group") })
        #expect(r.gateway?.pinnedNotServed == 1 && r.gateway?.url == Self.url)
    }

    @Test func noAnswerInTimeIsNotServedToo() throws {
        let r = Self.run(GatewayEvidence(url: Self.url, notServed: [Self.pin(Self.cidA, .timeout(seconds: 10), pinnedOn: [0, 1], latency: 10)]))
        let f = try #require(r.deploymentFindings.first)
        #expect(f.text == "pinned but not served: site-aaa (\(Self.cidA)): no answer from the gateway in 10 s", "\(f.text)")
        #expect(f.evidence.first?.contains("HEAD \(Self.url)/ipfs/\(Self.cidA): no answer in 10 s") == true, "\(f.evidence)")
    }

    @Test func servedOrNotPinnedDoesNotFire() {
        // Served pins never reach `notServed`; a failing pin that no peer reports pinned (still
        // pinning, in error) is not "pinned but not served".
        let notPinned = Self.run(GatewayEvidence(url: Self.url, notServed: [Self.pin(Self.cidA, .status(404), pinnedOn: [])]))
        #expect(notPinned.deploymentFindings.isEmpty)
        #expect(notPinned.blocks.isEmpty)
        let served = Self.run(GatewayEvidence(url: Self.url, rollup: GatewayRollup(probed: 5, served: 5)))
        #expect(served.deploymentFindings.isEmpty)
        #expect(served.gateway?.pinnedNotServed == 0)
        // A single refused connection is the gateway's trouble, not the pin's.
        let refused = Self.run(GatewayEvidence(url: Self.url, notServed: [Self.pin(Self.cidA, .unreachable("connection refused"), pinnedOn: [0, 1])]))
        #expect(refused.deploymentFindings.isEmpty)
        // No gateway: nothing.
        #expect(TriageEngine.run(TriageEvidence(peers: [Self.peer(0)], observedAt: Self.now)).deploymentFindings.isEmpty)
    }

    @Test func wholeGatewayDownIsOneFinding() throws {
        let pins = (0..<6).map { i in Self.pin("bafybeidown\(i)", .unreachable("connection refused"), pinnedOn: [0, 1]) }
            + [Self.pin(Self.cidB, .status(504), pinnedOn: [0, 1])]
        let g = GatewayEvidence(url: Self.url, notServed: pins,
                                down: GatewayEvidence.Down(probes: 6, since: Self.now.addingTimeInterval(-30), reason: "connection refused"))
        let r = Self.run(g)
        #expect(r.deploymentFindings.count == 1, "one finding, not one per pin: \(r.deploymentFindings.map(\.text))")
        let f = try #require(r.deploymentFindings.first)
        #expect(f.kind == .gateway && f.subject == Self.url)
        #expect(f.text.hasPrefix("gateway \(Self.url) unreachable: connection refused on the last 6 probes"), "\(f.text)")
        #expect(f.nextSteps.contains { $0.contains("describe-target-health") })
        #expect(r.blocks.isEmpty)
    }

    @Test func aPinOnlyOnePeerHoldsIsThatPeersVerdict() throws {
        var holder = Self.peer(1)
        holder.currentTask = TaskEvidence(taskID: "0123456789abcdef0123456789abcdef", lastStatus: "RUNNING")
        holder.currentTask?.arn = "arn:aws:ecs:us-east-1:123456789012:task/ipfs-cluster/0123456789abcdef0123456789abcdef"
        holder.currentTask?.clusterARN = "arn:aws:ecs:us-east-1:123456789012:cluster/ipfs-cluster"
        let g = GatewayEvidence(url: Self.url, notServed: [Self.pin(Self.cidA, .status(504), pinnedOn: [1]),
                                                         Self.pin(Self.cidB, .status(504), pinnedOn: [0, 2])])
        let r = Self.run(g, peers: [Self.peer(0), holder, Self.peer(2)])
        let b = try #require(r.block(for: holder.id))
        #expect(b.rules == ["gateway-not-served"])
        #expect(b.severity == .warning)
        #expect(b.headline.contains("the gateway does not serve 1 pin only this peer holds"), "\(b.headline)")
        #expect(b.evidence.contains { $0.source == .gateway && $0.text.contains(Self.cidA) })
        #expect(b.nextSteps.contains { $0.contains("aws ecs execute-command --region us-east-1 --cluster ipfs-cluster --task 0123456789abcdef0123456789abcdef --container ipfs --interactive --command \"ipfs routing findprovs \(Self.cidA)\"") }, "\(b.nextSteps)")
        #expect(r.deploymentFindings.map(\.subject) == [Self.cidB], "the other pin stays deployment-level")
        #expect(TriageEngine.unavailablePeers(TriageEvidence(peers: [holder], observedAt: Self.now, gateway: g)).isEmpty,
                "not being served does not make the peer unavailable")
    }

    @Test func manyPinsAreCountedPastTheLimit() {
        let pins = (0..<12).map { i in Self.pin("bafybeimany\(i)", .status(504), pinnedOn: [0, 1]) }
        let r = Self.run(GatewayEvidence(url: Self.url, notServed: pins))
        #expect(r.deploymentFindings.count == TriageRules.gatewayFindingLimit + 1)
        #expect(r.deploymentFindings.last?.text.hasPrefix("4 more pinned CIDs not served by the gateway") == true, "\(r.deploymentFindings.last?.text ?? "")")
    }

    /// From the console's state, through the one evidence builder: the triage screen and the
    /// snapshot report name the same pin.
    @Test func fromTheStateIntoTheScreenAndTheReport() throws {
        var settings = ConsoleSettings(endpoint: "http://127.0.0.1:9094")
        settings.gateway = GatewaySettings(url: Self.url)
        var s = ConsoleState(settings: settings)
        let t0 = Fixture.t0
        for (source, result) in [(DataSource.id, SourceResult.id(Fixture.peer(Fixture.p1, "IpfsCluster0"))),
                                 (.peers, .peers([Fixture.peer(Fixture.p1, "IpfsCluster0"), Fixture.peer(Fixture.p2, "IpfsCluster1"),
                                                  Fixture.peer(Fixture.p3, "IpfsCluster2")]))] {
            let g = Fixture.begin(&s, source, at: t0)
            _ = ConsoleUpdate.update(&s, .loaded(source, generation: g, result), now: t0)
        }
        _ = Fixture.stream(&s, .fullPins, [
            Fixture.globalPin(Self.cidA, name: "website", [(Fixture.p1, "pinned", ""), (Fixture.p2, "pinned", ""), (Fixture.p3, "remote", "")]),
            Fixture.globalPin(Self.cidB, name: "queued", [(Fixture.p1, "pin_queued", ""), (Fixture.p2, "pinning", "")]),
            Fixture.globalPin(Fixture.cidA, name: "fine", [(Fixture.p1, "pinned", ""), (Fixture.p2, "pinned", "")]),
        ], at: t0)
        for (cid, outcome) in [(Self.cidA, GatewayOutcome.status(504)), (Self.cidB, .status(404)), (Fixture.cidA, .status(200))] {
            _ = ConsoleUpdate.update(&s, .gatewayProbed(GatewayProbe(cid: cid, outcome: outcome, latency: 0.5, at: t0.addingTimeInterval(1))),
                                     now: t0.addingTimeInterval(2))
        }
        let (evidence, _) = IncidentEvidence.build(s)
        let g = try #require(evidence.gateway)
        #expect(g.pinnedNotServed.map(\.cid) == [Self.cidA], "the queued pin is not pinned yet: \(g.notServed.map(\.cid))")
        #expect(g.rollup.probed == 3 && g.rollup.served == 1)
        let report = IncidentReport.complete(s, audit: [], notes: [])
        let f = try #require(report.result.deploymentFindings.first { $0.kind == .gateway })
        #expect(f.text.contains("website") && f.text.contains(Self.cidA))
        let md = SnapshotWriter.markdown(report.snapshot)
        #expect(md.contains("[gateway] pinned but not served: website (\(Self.cidA)): the gateway answered HTTP 504"), "\(md)")
        #expect(md.contains("  - next: `curl -I \(Self.url)/ipfs/\(Self.cidA)`"))
        #expect(md.contains("## Gateway") && md.contains("served 1/3 probed") && md.contains("Pinned but not served: 1."), "\(md)")
        let json = String(decoding: try SnapshotWriter.json(report.snapshot), as: UTF8.self)
        #expect(json.contains("\"pinnedNotServed\" : 1"))
        // Without a gateway the report says how to give one.
        let none = IncidentReport.complete(Fixture.state(), audit: [], notes: [])
        #expect(SnapshotWriter.markdown(none.snapshot).contains("No gateway was probed"))
    }
}
