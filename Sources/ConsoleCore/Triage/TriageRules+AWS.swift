import ECSState
import Foundation

/// Rules over what the deployment says (EFS, the load balancer, Container Insights, CloudWatch
/// alarms). Why their own file: they read `PeerEvidence.aws` only, and the EFS rule has to take
/// precedence over the generic "unresponsive" verdict, which is worded here once.
extension TriageRules {
    /// EFS burst credits gone (or I/O at its limit): the deployment's best-known failure. When the
    /// peer also stopped answering this is the cause, so the verdict carries the unresponsive
    /// evidence and `peer-unresponsive` stays silent for the peer.
    @Sendable public static func efsCreditsExhausted(_ p: PeerEvidence, _ ctx: ClusterContext) -> Verdict? {
        guard let a = p.aws, a.efsExhausted, let fs = a.fileSystemID else { return nil }
        var clauses = ["EFS \(fs)\(a.availabilityZone.map { " (\($0))" } ?? "") is out of burst credits"]
        var items = efsItems(a, ctx)
        if let io = a.percentIOLimit, io >= EFSThresholds.ioLimitPercent {
            clauses.append("I/O throttled (PercentIOLimit \(percent(io)))")
        }
        if let t = a.permittedThroughput { clauses.append("throughput down to \(TriageText.bytes(t))/s") }
        let troubled = RuleFacts.isCurrentlyTroubled(p, ctx)
        if troubled {
            if let u = unresponsiveVerdict(p, ctx) {
                clauses.append("so the peer stopped answering (\(u.sentence.replacingOccurrences(of: "peer unresponsive (frozen or hung): ", with: "")))")
                items += u.evidence
            } else if let m = RuleFacts.missing(p, ctx) {
                clauses.append(m.clause); items.append(m.item)
            } else {
                clauses.append("and the peer is in trouble")
                if let e = RuleFacts.errorEntry(p) { items.append(e) }
            }
        } else {
            clauses.append("the peer still answers, but its datastore is throttled: pin operations slow down")
        }
        var v = Verdict(rule: "efs-credits-exhausted", severity: troubled ? .critical : .major,
                        sentence: clauses.joined(separator: "; "), evidence: items, since: exhaustedSince(a))
        v.nextSteps = [
            "switch \(fs) to Elastic throughput (aws efs update-file-system --file-system-id \(fs) --throughput-mode elastic) or provision throughput",
            "then restart the peer's task if it does not recover within a few minutes",
        ]
        return v
    }

    /// Credits still there but going fast: time to exhaustion at the current drain rate.
    @Sendable public static func efsCreditsDraining(_ p: PeerEvidence, _ ctx: ClusterContext) -> Verdict? {
        guard let a = p.aws, !a.efsExhausted, a.efsDraining, let fs = a.fileSystemID, let left = a.timeLeft else { return nil }
        var sentence = "EFS \(fs)\(a.availabilityZone.map { " (\($0))" } ?? "") burst credits draining: "
        if let b = a.burstCreditBalance { sentence += "\(TriageText.bytes(b)) left" }
        if let r = a.drainRatePerSecond { sentence += ", spending \(TriageText.bytes(r))/s more than it earns" }
        sentence += "; out in about \(TriageText.span(left)) at this rate"
        var v = Verdict(rule: "efs-credits-draining", severity: left < 3600 ? .major : .warning, sentence: sentence,
                        evidence: efsItems(a, ctx))
        v.nextSteps = ["find what reads or writes so much (reprovides, GC, a pin storm) or move \(fs) to Elastic throughput before credits run out"]
        return v
    }

    /// The load balancer took the peer's target out of rotation (or is draining it), in AWS's words.
    @Sendable public static func albTargetUnhealthy(_ p: PeerEvidence, _ ctx: ClusterContext) -> Verdict? {
        guard let a = p.aws else { return nil }
        let bad = a.targets.filter(\.isProblem)
        guard !bad.isEmpty else { return nil }
        let parts = bad.map { t in
            "\(t.group ?? "target group")\(t.port.map { ":\($0)" } ?? "") \(t.state)" + (t.reason.map { " (\($0))" } ?? "")
        }
        let items = bad.map { t in
            EvidenceItem(time: nil, source: .aws, text: "ALB target \(t.targetID)\(t.port.map { ":\($0)" } ?? "") in \(t.group ?? "?"): \(t.state)"
                + (t.reason.map { ", \($0)" } ?? "") + (t.description.map { ": \(TriageText.oneLine($0, limit: 120))" } ?? ""))
        }
        let allOut = bad.count == a.targets.count
        var v = Verdict(rule: "alb-target-unhealthy", severity: allOut ? .major : .warning,
                        sentence: "load balancer: " + parts.joined(separator: "; ")
                            + (bad.first?.description.map { " - \(TriageText.oneLine($0, limit: 80))" } ?? ""),
                        evidence: items)
        v.nextSteps = ["check the health check path and port of the target group against what the peer serves (9094 /id, 8080 /ipfs)"]
        return v
    }

    /// A task near its memory (or CPU) reservation, from Container Insights.
    @Sendable public static func taskAtReservation(_ p: PeerEvidence, _ ctx: ClusterContext) -> Verdict? {
        guard let a = p.aws else { return nil }
        var clauses: [String] = []
        var items: [EvidenceItem] = []
        var severity = TriageSeverity.warning
        if let m = a.memoryShare, m >= 0.9 {
            clauses.append("memory at \(percent(m * 100)) of its reservation (\(Int(a.memoryUtilized ?? 0)) of \(Int(a.memoryReserved ?? 0)) MiB)")
            items.append(EvidenceItem(time: a.insightsSampledAt, source: .aws, text: "Container Insights MemoryUtilized \(Int(a.memoryUtilized ?? 0)) MiB of MemoryReserved \(Int(a.memoryReserved ?? 0)) MiB"))
            severity = .major
        }
        if let c = a.cpuShare, c >= 0.9 {
            clauses.append("CPU at \(percent(c * 100)) of its reservation (\(Int(a.cpuUtilized ?? 0)) of \(Int(a.cpuReserved ?? 0)) units)")
            items.append(EvidenceItem(time: a.insightsSampledAt, source: .aws, text: "Container Insights CpuUtilized \(Int(a.cpuUtilized ?? 0)) of CpuReserved \(Int(a.cpuReserved ?? 0)) units"))
        }
        guard !clauses.isEmpty else { return nil }
        var v = Verdict(rule: "task-at-reservation", severity: severity,
                        sentence: "task of \(a.serviceName ?? "its service"): " + clauses.joined(separator: "; "), evidence: items)
        v.nextSteps = ["raise the task definition's memory/CPU, or lower IPFS's caches (Datastore.BloomFilterSize, ConnMgr.HighWater)"]
        return v
    }

    /// A CloudWatch alarm on one of the peer's resources is in ALARM.
    @Sendable public static func cloudWatchAlarm(_ p: PeerEvidence, _ ctx: ClusterContext) -> Verdict? {
        guard let firing = p.aws?.alarms.filter({ $0.state == "ALARM" }), !firing.isEmpty else { return nil }
        let items = firing.map { a in
            EvidenceItem(time: a.since, source: .aws, text: "alarm \(a.name) ALARM" + (a.metric.map { " on \($0)" } ?? "")
                + (a.reason.map { ": \(TriageText.oneLine($0, limit: 160))" } ?? ""))
        }
        let names = firing.map(\.name).joined(separator: ", ")
        var v = Verdict(rule: "cloudwatch-alarm", severity: .major,
                        sentence: "CloudWatch alarm\(firing.count == 1 ? "" : "s") in ALARM: \(names)"
                            + (firing.first?.since.map { " since \(TriageText.ago($0, now: ctx.now))" } ?? ""),
                        evidence: items)
        v.nextSteps = ["open the alarm's history (aws cloudwatch describe-alarm-history --alarm-name \(firing[0].name))"]
        return v
    }

    // MARK: shared

    static func efsItems(_ a: AWSPeerEvidence, _ ctx: ClusterContext) -> [EvidenceItem] {
        var items: [EvidenceItem] = []
        let fs = a.fileSystemID ?? "?"
        if let b = a.burstCreditBalance {
            var text = "EFS \(fs) BurstCreditBalance \(TriageText.bytes(b))"
            if let first = a.burstCredits.first, first.value > b {
                text += ", down from \(TriageText.bytes(first.value)) \(TriageText.ago(first.time, now: ctx.now))"
            }
            items.append(EvidenceItem(time: a.efsSampledAt, source: .aws, text: text))
        }
        if let io = a.percentIOLimit {
            items.append(EvidenceItem(time: a.efsSampledAt, source: .aws, text: "EFS \(fs) PercentIOLimit \(percent(io))"))
        }
        if let t = a.permittedThroughput {
            items.append(EvidenceItem(time: a.efsSampledAt, source: .aws, text: "EFS \(fs) PermittedThroughput \(TriageText.bytes(t))/s"))
        }
        if let how = a.efsMatch {
            items.append(EvidenceItem(time: nil, source: .aws, text: "EFS \(fs) is this peer's volume (matched by \(how))"))
        }
        return items
    }

    /// When the balance first reached the exhausted level (or nil).
    static func exhaustedSince(_ a: AWSPeerEvidence) -> Date? {
        guard let last = a.burstCredits.last, last.value <= EFSThresholds.exhaustedBytes else { return a.efsSampledAt }
        var since = last.time
        for p in a.burstCredits.reversed() { if p.value <= EFSThresholds.exhaustedBytes { since = p.time } else { break } }
        return since
    }

    static func percent(_ v: Double) -> String { "\(Int(v.rounded())) %" }
}
