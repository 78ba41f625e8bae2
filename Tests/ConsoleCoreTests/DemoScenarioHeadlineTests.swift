import Foundation
import Testing
@testable import ConsoleCore

/// One demo scenario and what its triage headline must say: the broken peer, the real cause
/// and (for a zone outage) the zone; no other peer may be called CRITICAL meanwhile.
struct HeadlineCase: Sendable, CustomTestStringConvertible {
    var scenario: String
    var speed: Double
    var peer: String
    var rule: String
    /// Every one of these is in the headline.
    var phrases: [String]
    /// Rules that must not be on the peer (the wrong cause).
    var notRules: [String] = []
    var testDescription: String { scenario }

    static let all: [HeadlineCase] = [
        HeadlineCase(scenario: "healthy", speed: 5, peer: "IpfsCluster1", rule: "peer-unresponsive", phrases: ["peer unresponsive (frozen or hung)"]),
        HeadlineCase(scenario: "az-outage", speed: 5, peer: "IpfsCluster1", rule: "peer-unresponsive",
                     phrases: ["peer unresponsive", "AZ us-east-1b"]),
        HeadlineCase(scenario: "spot-interruption", speed: 5, peer: "IpfsCluster2", rule: "spot-interruption",
                     phrases: ["stopped by a Spot interruption"]),
        HeadlineCase(scenario: "ipfs-down", speed: 5, peer: "IpfsCluster0", rule: "ipfs-down", phrases: ["IPFS daemon down"]),
        HeadlineCase(scenario: "disk-full", speed: 5, peer: "IpfsCluster2", rule: "disk-full",
                     phrases: ["disk full", "no space left on device"], notRules: ["ipfs-down"]),
        HeadlineCase(scenario: "pin-storm", speed: 5, peer: "", rule: "pin-queue-growing",
                     phrases: ["pin queue growing", "queued", "pinning", "/min"]),
        // The replacement IpfsCluster2 has a new id: matched by rule, named by the headline's block.
        HeadlineCase(scenario: "split-cluster", speed: 5, peer: "", rule: "split-cluster",
                     phrases: ["split cluster: it sees only itself", "IpfsCluster0", "--bootstrap"]),
        // us-east-1a's EFS credits run out and its peer hangs: the cause is EFS, named with its zone.
        HeadlineCase(scenario: "efs-burst", speed: 10, peer: "IpfsCluster0", rule: "efs-credits-exhausted",
                     phrases: ["EFS burst credits exhausted in us-east-1a"], notRules: ["peer-unresponsive"]),
        HeadlineCase(scenario: "alb-unhealthy", speed: 5, peer: "IpfsCluster1", rule: "alb-target-unhealthy",
                     phrases: ["load balancer:", "unhealthy", "Target.Timeout"]),
        HeadlineCase(scenario: "memory-pressure", speed: 5, peer: "IpfsCluster2", rule: "task-at-reservation",
                     phrases: ["memory at 9", "of its reservation"]),
    ]
}

@Suite(.serialized) struct DemoScenarioHeadlineTests {
    @Test(arguments: HeadlineCase.all)
    func headlineNamesThePeerAndTheRealCause(_ c: HeadlineCase) async throws {
        let d = try await ScenarioDriver(scenario: c.scenario, speed: c.speed)
        let (r, ok) = await d.until(30) { r in
            guard let b = r.blocks.first(where: { c.peer.isEmpty ? $0.rules.first == c.rule : $0.peerID == d.id(c.peer) }) else { return false }
            return b.rules.first == c.rule && c.phrases.allSatisfy(b.headline.contains) && !b.rules.contains(where: c.notRules.contains)
        }
        if c.scenario == "split-cluster" {
            // The console says two clusters answer, naming the replacement; the counts leave it out.
            let text = d.state.clustersAnsweringText ?? ""
            #expect(text.hasPrefix("TWO CLUSTERS ANSWERING: IpfsCluster2 ("), "\(text)")
            #expect(text.contains("--bootstrap"))
            #expect(r.blocks.first { $0.rules.first == "split-cluster" }?.peerName == "IpfsCluster2")
            #expect(d.state.peerSummary.total == 3, "\(d.state.peerSummary)")
        }
        await d.stop()
        if let b = r.blocks.first(where: { $0.rules.first == c.rule }) { print("headline \(c.scenario): \(b.peerName): \(b.headline)") }
        #expect(ok, "\(c.scenario): no headline naming \(c.peer) with \(c.rule) and \(c.phrases) in\n\(r.summary)")
        let others = r.blocks.filter { $0.severity == .critical && !(c.peer.isEmpty || $0.peerID == d.id(c.peer)) }
        #expect(others.isEmpty, "only \(c.peer) is CRITICAL:\n\(r.summary)")
    }
}
