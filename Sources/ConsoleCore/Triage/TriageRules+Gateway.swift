import ClusterAPI
import ConsoleBase
import ECSState
import Foundation

/// The gateway's availability as the report states it: where, how often, what it added up to,
/// and whether it answers at all.
public struct GatewayReport: Sendable, Codable, Hashable {
    public var url: String
    public var timeout: Double
    public var interval: Double
    public var rollup: GatewayRollup
    public var down: GatewayEvidence.Down?
    /// Pins the cluster reports pinned that the gateway did not serve.
    public var pinnedNotServed: Int

    public init(_ e: GatewayEvidence) {
        url = e.url; timeout = e.timeout; interval = e.interval; rollup = e.rollup; down = e.down
        pinnedNotServed = e.pinnedNotServed.count
    }
}

/// "Pinned but not served": the deployment's second goal, besides keeping the data, is serving
/// it through the gateway. Why findings are mostly deployment-level: the gateway sits behind a
/// load balancer, so a probe that fails cannot be pinned on one peer, unless the cluster holds
/// the content on one peer only (then that peer is the one the gateway must fetch it from).
extension TriageRules {
    /// Findings listed one by one; the rest are counted in one more.
    public static let gatewayFindingLimit = 8

    /// `gateway-not-served` on a peer: pins it alone holds that the gateway did not serve.
    @Sendable public static func gatewayNotServed(_ p: PeerEvidence, _ ctx: ClusterContext) -> Verdict? {
        guard let g = ctx.gateway, g.down == nil else { return nil }
        let mine = g.pinnedNotServed.filter { $0.pinnedOn == [p.id] }
        guard let first = mine.first else { return nil }
        let what = mine.prefix(3).map { "\(pinLabel($0)) (\($0.probe.summary))" }.joined(separator: ", ")
            + (mine.count > 3 ? " and \(mine.count - 3) more" : "")
        var items: [EvidenceItem] = []
        for pin in mine.prefix(6) {
            items.append(EvidenceItem(time: pin.probe.at, source: .gateway, text: "HEAD \(g.url)/ipfs/\(pin.cid): \(pin.probe.summary)"
                + (pin.probes > 1 ? ", failing for \(pin.probes) probes" : "")))
            items.append(EvidenceItem(time: nil, source: .cluster, text: "\(pinLabel(pin)) is pinned on \(p.displayName) only"))
        }
        var v = Verdict(rule: "gateway-not-served", severity: .warning,
                        sentence: "the gateway does not serve \(TriageText.plural(mine.count, "pin")) only this peer holds: \(what)",
                        evidence: items, since: mine.compactMap(\.failingSince).min())
        v.nextSteps = steps(first, g, holders: [p])
        return v
    }

    /// Deployment-level findings: one "gateway down" when no probe connects; else one per pin
    /// pinned and not served that no single peer explains.
    public static func gatewayFindings(_ ctx: ClusterContext) -> [DeploymentFinding] {
        guard let g = ctx.gateway else { return [] }
        if let d = g.down {
            return [DeploymentFinding(
                kind: .gateway, subject: g.url,
                text: "gateway \(g.url) unreachable: \(d.reason) on the last \(TriageText.plural(d.probes, "probe")) since \(TriageText.ago(d.since, now: ctx.now)); pinned content is not served",
                isProblem: true, since: d.since,
                evidence: ["HEAD \(g.url)/ipfs/<CID>: \(d.reason) on \(d.probes) probes in a row (one every \(GatewayProbe.latency(g.interval)))",
                           "before: \(g.rollup.summary) in the last \(TriageText.span(g.rollup.window))"],
                nextSteps: ["curl -I \(g.url)/ipfs/<CID of a pinned file>: does the gateway answer at all?",
                            "check the load balancer's gateway target group (port 8080): aws elbv2 describe-target-health --target-group-arn <gateway target group>",
                            "check the CloudFront distribution's origin and the ALB listener if the URL is CloudFront"])]
        }
        let known = Set(ctx.peers.map(\.id))
        let loose = g.pinnedNotServed.filter { $0.pinnedOn.count != 1 || !known.contains($0.pinnedOn[0]) }
        var out = loose.prefix(gatewayFindingLimit).map { pin -> DeploymentFinding in
            let holders = pin.pinnedOn.compactMap { id in ctx.peers.first { $0.id == id } }
            let names = pin.pinnedOn.map(ctx.name(of:))
            var evidence = ["HEAD \(g.url)/ipfs/\(pin.cid): \(pin.probe.summary) at \(clock(pin.probe.at))"
                + (pin.probes > 1 ? " (\(pin.probes) probes, failing since \(TriageText.ago(pin.failingSince ?? pin.probe.at, now: ctx.now)))" : "")]
            evidence.append("the cluster reports it pinned on \(names.joined(separator: ", "))"
                + (pin.allocations.isEmpty ? " (allocated everywhere)" : ""))
            return DeploymentFinding(
                kind: .gateway, subject: pin.cid,
                text: "pinned but not served: \(pinLabel(pin)): " + (pin.probe.outcome.answered ? "the gateway answered \(pin.probe.summary)"
                                                                                    : "no answer from the gateway in \(GatewayProbe.latency(pin.probe.latency))"),
                isProblem: true, since: pin.failingSince ?? pin.probe.at, evidence: evidence,
                nextSteps: steps(pin, g, holders: holders))
        }
        if loose.count > gatewayFindingLimit {
            let rest = loose.dropFirst(gatewayFindingLimit)
            out.append(DeploymentFinding(kind: .gateway, subject: g.url,
                                         text: "\(TriageText.plural(rest.count, "more pinned CID")) not served by the gateway: "
                                             + rest.prefix(5).map { $0.cid }.joined(separator: ", ") + (rest.count > 5 ? ", …" : ""),
                                         isProblem: true, since: rest.compactMap(\.failingSince).min()))
        }
        return out
    }

    /// What to run: the probe by hand, who provides it (on a peer holding it, through ECS Exec
    /// when its task is known), the gateway target group.
    static func steps(_ pin: GatewayEvidence.Pin, _ g: GatewayEvidence, holders: [PeerEvidence]) -> [String] {
        var out = ["curl -I \(g.url)/ipfs/\(pin.cid)"]
        let findprovs = "ipfs routing findprovs \(pin.cid)"
        if let h = holders.first(where: { $0.currentTask != nil }), let task = h.currentTask {
            out.append("on \(h.displayName), which holds it: \(task.execLine(container: "ipfs", command: findprovs)) (no provider: its reprovider is not announcing it)")
        } else {
            out.append("\(findprovs), through ECS Exec into the ipfs container of a peer holding it (no provider: the content is not announced)")
        }
        out.append("check the gateway target group's health (port 8080) and its response time: a target in rotation that cannot fetch the content answers 504")
        return out
    }

    static func pinLabel(_ pin: GatewayEvidence.Pin) -> String {
        pin.name.isEmpty ? pin.cid : "\(TriageText.oneLine(pin.name, limit: 64)) (\(pin.cid))"
    }

    /// `07:03:12 UTC`.
    static func clock(_ d: Date) -> String {
        let c = CivilTime(d)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(c.hour)):\(two(c.minute)):\(two(c.second)) UTC"
    }
}
