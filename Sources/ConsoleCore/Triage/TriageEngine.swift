import ECSState
import Foundation

/// One unhealthy peer on the triage screen: a verdict line, the rules that fired, the
/// evidence under them, what it puts at risk and what to do next.
public struct TriageBlock: Sendable, Codable, Hashable {
    public var peerID: String
    public var peerName: String
    public var severity: TriageSeverity
    /// The one line at the top: the worst verdict's sentence plus the impact numbers.
    public var headline: String
    /// Worst first (ties in rule order).
    public var verdicts: [Verdict]
    /// Every verdict's evidence, de-duplicated, newest first.
    public var evidence: [EvidenceItem]
    public var impact: PeerImpact?
    public var actions: [SuggestedAction]
    /// Earliest start of the problems, for "since when".
    public var since: Date?

    public var rules: [String] { verdicts.map(\.rule) }
    /// Every verdict's next steps in words, worst verdict first, without repeats.
    public var nextSteps: [String] {
        var seen = Set<String>()
        return verdicts.flatMap(\.nextSteps).filter { seen.insert($0).inserted }
    }
}

/// The output of one triage run, ready to draw or to write into a snapshot.
public struct TriageResult: Sendable, Codable, Hashable {
    public var generatedAt: Date
    /// Worst first.
    public var blocks: [TriageBlock]
    public var membership: MembershipReport
    public var impact: ImpactReport
    /// Peers with no block.
    public var healthyPeers: [String]
    /// Healthy peers whose evidence tells of a problem now over (a task replaced after a Spot
    /// interruption or failed health checks): their INFO verdicts, so the story of what just
    /// happened is not lost once the peer is back.
    public var recovered: [TriageBlock] = []
    /// Problems of the deployment no peer could be tied to (an alarm on no known resource, a file
    /// system no task uses, a target whose IP is no task's): listed under the blocks, never dropped.
    public var deploymentFindings: [DeploymentFinding] = []
    /// The gateway's availability as probed (nil: no gateway configured), for the report.
    public var gateway: GatewayReport?

    public func block(for peerID: String) -> TriageBlock? { blocks.first { $0.peerID == peerID } }
}

/// Runs the rules over the evidence. Pure: the app calls it after each refresh (it is cheap
/// except for the impact pass, which is one scan of the pin table and can run on a copy in a
/// background task).
public enum TriageEngine {
    /// Verdicts per peer, without impact; exposed so the app can decide whether impact is needed.
    public static func verdicts(_ evidence: TriageEvidence, rules: [TriageRule] = TriageRules.all,
                                impact: ImpactReport = ImpactReport()) -> [String: [Verdict]] {
        let ctx = ClusterContext(now: evidence.observedAt, peers: evidence.peers, impact: impact, gateway: evidence.gateway)
        var out: [String: [Verdict]] = [:]
        for p in evidence.peers {
            let vs = rules.compactMap { $0.evaluate(p, ctx) }
            if !vs.isEmpty { out[p.id] = vs }
        }
        return out
    }

    /// Peers that cannot serve their pins (the ones impact is computed for).
    public static func unavailablePeers(_ evidence: TriageEvidence, rules: [TriageRule] = TriageRules.all) -> Set<String> {
        let unavailable = Set(rules.filter(\.makesPeerUnavailable).map(\.name))
        var out = Set<String>()
        for (peer, vs) in verdicts(evidence, rules: rules) where vs.contains(where: { unavailable.contains($0.rule) && $0.severity >= .warning }) {
            out.insert(peer)
        }
        return out
    }

    /// Full run with impact from a pin store (the console's ``PinTable`` or an ``ImpactPinList``).
    public static func run<S: PinImpactSource>(_ evidence: TriageEvidence, pins: S, rules: [TriageRule] = TriageRules.all) -> TriageResult {
        let impact = ImpactCalculator.compute(pins, unhealthy: unavailablePeers(evidence, rules: rules))
        return run(evidence, impact: impact, rules: rules)
    }

    /// Full run with impact already computed (or none).
    public static func run(_ evidence: TriageEvidence, impact: ImpactReport = ImpactReport(), rules: [TriageRule] = TriageRules.all) -> TriageResult {
        let ctx = ClusterContext(now: evidence.observedAt, peers: evidence.peers, impact: impact, gateway: evidence.gateway)
        let order = Dictionary(rules.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        var blocks: [TriageBlock] = []
        var healthy: [String] = []
        var recovered: [TriageBlock] = []
        var sorted: [String: [Verdict]] = [:]
        for p in evidence.peers {
            var vs = rules.compactMap { $0.evaluate(p, ctx) }
            vs.sort { a, b in a.severity != b.severity ? a.severity > b.severity : (order[a.rule] ?? 0) < (order[b.rule] ?? 0) }
            sorted[p.id] = vs
        }
        let tops = sorted.compactMapValues { vs in vs.first.flatMap { $0.severity >= .warning ? $0.rule : nil } }
        let zones = ZoneClause.clauses(evidence, tops: tops)
        for p in evidence.peers {
            let vs = sorted[p.id] ?? []
            guard let top = vs.first, top.severity >= .warning else {
                healthy.append(p.id)
                if let top = vs.first {
                    recovered.append(TriageBlock(peerID: p.id, peerName: p.displayName, severity: top.severity, headline: top.sentence,
                                                 verdicts: vs, evidence: top.evidence, impact: nil, actions: [], since: top.since))
                }
                continue
            }
            let pi = impact.byPeer[p.id]
            var headline = top.sentence
            if let zone = zones[p.id] { headline += "; \(zone)" }
            if let pi, pi.underReplicated > 0 || pi.noHealthyCopy > 0 {
                headline += "; \(TriageText.plural(pi.underReplicated, "pin")) allocated to it \(pi.underReplicated == 1 ? "is" : "are") under-replicated"
                if pi.noHealthyCopy > 0 { headline += ", \(TriageText.count(pi.noHealthyCopy)) with no healthy copy" }
            }
            var seen = Set<EvidenceItem>()
            let merged = EvidenceItem.newestFirst(vs.flatMap(\.evidence).filter { seen.insert($0).inserted })
            blocks.append(TriageBlock(peerID: p.id, peerName: p.displayName, severity: top.severity, headline: headline,
                                      verdicts: vs, evidence: merged, impact: pi, actions: TriageActions.suggest(for: p, verdicts: vs),
                                      since: vs.compactMap(\.since).min()))
        }
        blocks.sort { a, b in
            if a.severity != b.severity { return a.severity > b.severity }
            let ia = a.impact?.underReplicated ?? 0, ib = b.impact?.underReplicated ?? 0
            if ia != ib { return ia > ib }
            switch (a.since, b.since) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.peerName < b.peerName
            }
        }
        return TriageResult(generatedAt: evidence.observedAt, blocks: blocks, membership: ctx.membership, impact: impact, healthyPeers: healthy,
                            recovered: recovered,
                            deploymentFindings: evidence.deploymentFindings.filter(\.isProblem) + TriageRules.gatewayFindings(ctx),
                            gateway: evidence.gateway.map(GatewayReport.init))
    }
}
