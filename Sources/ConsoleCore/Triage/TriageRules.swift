import Foundation
import LogTail

/// The verdict rules, most specific first (ties in severity keep this order). Each is a small
/// function over one peer's evidence and the cluster context.
public enum TriageRules {
    public static let all: [TriageRule] = [
        TriageRule(name: "split-cluster", makesPeerUnavailable: true, evaluate: splitCluster),
        TriageRule(name: "spot-interruption", makesPeerUnavailable: true, evaluate: spotInterruption),
        TriageRule(name: "peer-stopped", makesPeerUnavailable: true, evaluate: peerStopped),
        TriageRule(name: "efs-credits-exhausted", makesPeerUnavailable: true, evaluate: efsCreditsExhausted),
        TriageRule(name: "peer-unresponsive", makesPeerUnavailable: true, evaluate: peerUnresponsive),
        TriageRule(name: "ipfs-down", makesPeerUnavailable: true, evaluate: ipfsDown),
        TriageRule(name: "peer-missing", makesPeerUnavailable: true, evaluate: peerMissing),
        TriageRule(name: "peer-api-down", makesPeerUnavailable: false, evaluate: peerAPIDown),
        TriageRule(name: "task-unhealthy", makesPeerUnavailable: false, evaluate: taskUnhealthy),
        TriageRule(name: "alb-target-unhealthy", makesPeerUnavailable: false, evaluate: albTargetUnhealthy),
        TriageRule(name: "efs-credits-draining", makesPeerUnavailable: false, evaluate: efsCreditsDraining),
        TriageRule(name: "task-at-reservation", makesPeerUnavailable: false, evaluate: taskAtReservation),
        TriageRule(name: "cloudwatch-alarm", makesPeerUnavailable: false, evaluate: cloudWatchAlarm),
        TriageRule(name: "gateway-not-served", makesPeerUnavailable: false, evaluate: gatewayNotServed),
        TriageRule(name: "disk-full", makesPeerUnavailable: false, evaluate: diskFull),
        TriageRule(name: "pin-queue-growing", makesPeerUnavailable: false, evaluate: pinQueueGrowing),
        TriageRule(name: "pins-in-error", makesPeerUnavailable: false, evaluate: pinsInError),
        TriageRule(name: "version-skew", makesPeerUnavailable: false, evaluate: versionSkew),
    ]

    public static func rule(named name: String) -> TriageRule? { all.first { $0.name == name } }

    // MARK: peer frozen / unresponsive

    /// Frozen or hung: `context deadline exceeded`, ping expired, ping alert, and no sign that it
    /// stopped (those belong to `peer-stopped`).
    @Sendable public static func peerUnresponsive(_ p: PeerEvidence, _ ctx: ClusterContext) -> Verdict? {
        // EFS out of credits explains a hung peer; that verdict carries this evidence instead.
        if p.aws?.efsExhausted == true, p.aws?.fileSystemID != nil { return nil }
        return unresponsiveVerdict(p, ctx)
    }

    /// The unresponsive verdict regardless of its cause (the EFS rule quotes it).
    static func unresponsiveVerdict(_ p: PeerEvidence, _ ctx: ClusterContext) -> Verdict? {
        guard RuleFacts.isCurrentlyTroubled(p, ctx), stopSignals(p, ctx).isEmpty else { return nil }
        var clauses: [String] = []
        var items: [EvidenceItem] = []
        var strong = false
        if let e = p.errorText, e.contains("deadline exceeded") || e.contains("keepalive timeout") || e.contains("stream reset") {
            strong = true
            clauses.append("/peers reports \"\(TriageText.oneLine(e, limit: 60))\"" + (p.errorSince.map { " since \(TriageText.span(ctx.now.timeIntervalSince($0)))" } ?? ""))
            items.append(RuleFacts.errorEntry(p)!)
        }
        if let x = p.pingExpiry, x < ctx.now {
            strong = true
            clauses.append("ping metric expired \(TriageText.ago(x, now: ctx.now))")
            items.append(EvidenceItem(time: x, source: .cluster, text: "ping metric expired"))
        }
        let pingAlerts = p.alerts.filter { $0.metric == "ping" }
        if let a = pingAlerts.max(by: { $0.triggeredAt < $1.triggeredAt }) {
            strong = true
            clauses.append("ping alert \(TriageText.ago(a.triggeredAt, now: ctx.now))")
        }
        for a in p.alerts { items.append(EvidenceItem(time: a.triggeredAt, source: .cluster, text: "alert: \(a.metric) metric expired")) }
        let logs = RuleFacts.recentLogs(p, [.deadlineExceeded, .metricAlert, .broadcastError])
            .filter { $0.kind != .broadcastError || $0.message.contains("deadline exceeded") }
        if !logs.isEmpty {
            strong = true
            let deadline = logs.filter { $0.kind != .metricAlert }.count
            if deadline > 0 { clauses.append("\(TriageText.plural(deadline, "deadline-exceeded log line"))") }
        }
        items += RuleFacts.grouped(logs)
        guard strong else { return nil }
        if let m = RuleFacts.missing(p, ctx) { clauses.append(m.clause); items.append(m.item) }
        return Verdict(rule: "peer-unresponsive", severity: .critical,
                       sentence: "peer unresponsive (frozen or hung): " + clauses.joined(separator: "; "), evidence: items)
    }

    /// Missing from the cluster with nothing that says why: still a block, so a vanished peer
    /// never disappears from the triage screen.
    @Sendable public static func peerMissing(_ p: PeerEvidence, _ ctx: ClusterContext) -> Verdict? {
        guard let m = RuleFacts.missing(p, ctx), peerUnresponsive(p, ctx) == nil, peerStopped(p, ctx) == nil,
              efsCreditsExhausted(p, ctx) == nil else { return nil }
        var items = [m.item]
        items += p.alerts.map { EvidenceItem(time: $0.triggeredAt, source: .cluster, text: "alert: \($0.metric) metric expired") }
        return Verdict(rule: "peer-missing", severity: .critical,
                       sentence: m.clause + "; cause unknown (no error entry, expired ping, stop or log evidence yet)", evidence: items)
    }

    // MARK: own API down

    /// Polled at its own address, the peer does not answer while the main endpoint (the load
    /// balancer) and the other peers' addresses do: its REST API is down, whatever `/peers`
    /// says yet (a stopped peer is listed for a while; a peer whose API alone died stays listed).
    @Sendable public static func peerAPIDown(_ p: PeerEvidence, _ ctx: ClusterContext) -> Verdict? {
        guard let d = p.directAPI, d.isDownAlone, let since = d.failingSince else { return nil }
        let main = d.viaLoadBalancer ? "the load balancer" : "the main endpoint"
        var items = [directItem(d, since: since)]
        if let last = d.lastAnswer { items.append(EvidenceItem(time: last, source: .cluster, text: "last answer at \(d.address)")) }
        return Verdict(rule: "peer-api-down", severity: .major,
                       sentence: "its own REST API does not answer: \(d.address) \(d.shortError) since \(TriageText.ago(since, now: ctx.now)), while \(main) and \(TriageText.plural(d.othersAnswering, "other peer")) answer",
                       evidence: items, since: since)
    }

    /// The one wording of a failing own address (stop signals and the API-down verdict share it,
    /// so a block lists it once).
    static func directItem(_ d: DirectAPIEvidence, since: Date) -> EvidenceItem {
        EvidenceItem(time: since, source: .cluster, text: "GET /id at its own address \(d.address): \(d.shortError)")
    }

    /// Signs that the peer process went away rather than hung.
    static func stopSignals(_ p: PeerEvidence, _ ctx: ClusterContext) -> [EvidenceItem] {
        var items: [EvidenceItem] = []
        if let d = p.directAPI, d.isDownAlone, d.shortError == "connection refused", let since = d.failingSince {
            items.append(directItem(d, since: since))
        }
        if let e = p.errorText, e.contains("connection refused") || e.contains("dial backoff") || e.contains("failed to dial") {
            items.append(RuleFacts.errorEntry(p)!)
        }
        items += RuleFacts.grouped(RuleFacts.clusterShutdownLogs(p))
        items += RuleFacts.grouped(RuleFacts.recentLogs(p, [.connectionRefused, .broadcastError], fromItself: false)
            .filter { $0.message.contains("connection refused") || $0.message.contains("dial") }, limit: 5)
        if let t = RuleFacts.stoppedTask(p), RuleFacts.runningTask(p) == nil || p.missingSince != nil {
            // Only a stop newer than the peer's disappearance (or with no running replacement) explains it.
            if RuleFacts.runningTask(p) == nil || (t.stopTime.map { s in p.missingSince.map { s <= $0.addingTimeInterval(120) } ?? false } ?? false) {
                items.append(RuleFacts.taskLine(t, ctx, role: "last"))
            }
        }
        return items
    }

    // MARK: peer stopped

    /// Stopped: connection refused, orderly shutdown in its log, its task stopped.
    @Sendable public static func peerStopped(_ p: PeerEvidence, _ ctx: ClusterContext) -> Verdict? {
        guard RuleFacts.isCurrentlyTroubled(p, ctx) else { return nil }
        let signals = stopSignals(p, ctx)
        guard !signals.isEmpty else { return nil }
        var clauses: [String] = []
        if let t = RuleFacts.stoppedTask(p) {
            var c = "task \(t.shortID) \(t.lastStatus ?? "stopped")"
            if let s = t.stopTime { c += " \(TriageText.ago(s, now: ctx.now))" }
            if let code = t.stopCode { c += " (\(code))" }
            clauses.append(c)
        }
        let shutdown = RuleFacts.clusterShutdownLogs(p)
        if let t = shutdown.compactMap(\.time).min() { clauses.append("orderly shutdown logged \(TriageText.ago(t, now: ctx.now))") }
        else if !shutdown.isEmpty { clauses.append("orderly shutdown logged") }
        if p.errorText?.contains("connection refused") == true || signals.contains(where: { $0.text.contains("connection refused") }) {
            clauses.append("neighbours get connection refused")
        }
        if let d = p.directAPI, d.isDownAlone { clauses.append("its own API \(d.address): \(d.shortError)") }
        var items = signals
        if let m = RuleFacts.missing(p, ctx) { clauses.append(m.clause); items.append(m.item) }
        if let r = RuleFacts.runningTask(p) { items.append(RuleFacts.taskLine(r, ctx, role: "current")) }
        return Verdict(rule: "peer-stopped", severity: .critical, sentence: "peer stopped: " + clauses.joined(separator: "; "), evidence: items)
    }

    // MARK: spot interruption

    /// A Fargate Spot task taken back by AWS (`stopCode` SpotInterruption or the reason text).
    @Sendable public static func spotInterruption(_ p: PeerEvidence, _ ctx: ClusterContext) -> Verdict? {
        guard let t = [p.currentTask, p.previousTask].compactMap({ $0 }).first(where: RuleFacts.isSpot) else { return nil }
        var clauses = ["task \(t.shortID) stopped by a Spot interruption" + (t.stopTime.map { " \(TriageText.ago($0, now: ctx.now))" } ?? "")]
        clauses.append(RuleFacts.replacementClause(p))
        var items = [RuleFacts.taskLine(t, ctx, role: "interrupted")]
        if let r = RuleFacts.runningTask(p), r.taskID != t.taskID { items.append(RuleFacts.taskLine(r, ctx, role: "replacement")) }
        if let m = RuleFacts.missing(p, ctx) { clauses.append(m.clause); items.append(m.item) }
        for e in p.serviceEvents.prefix(3) { items.append(EvidenceItem(time: e.time, source: .ecs, text: "service event: \(TriageText.oneLine(e.message))")) }
        let troubled = RuleFacts.isCurrentlyTroubled(p, ctx) || RuleFacts.runningTask(p)?.health == "UNHEALTHY"
        return Verdict(rule: "spot-interruption", severity: troubled ? .critical : .info,
                       sentence: clauses.joined(separator: "; "), evidence: items, since: t.stopTime)
    }

    // MARK: task health

    /// Failing health checks, or an essential container that exited (with its exit code's meaning).
    @Sendable public static func taskUnhealthy(_ p: PeerEvidence, _ ctx: ClusterContext) -> Verdict? {
        var clauses: [String] = []
        var items: [EvidenceItem] = []
        if let r = RuleFacts.runningTask(p) {
            let bad = r.containers.filter { $0.health == "UNHEALTHY" }
            if r.health == "UNHEALTHY" || !bad.isEmpty {
                let names = bad.map(\.name).joined(separator: ", ")
                clauses.append("task \(r.shortID) \(r.lastStatus ?? "?") but unhealthy" + (names.isEmpty ? "" : " (container \(names))"))
                items.append(RuleFacts.taskLine(r, ctx, role: "current"))
            }
        }
        if let t = RuleFacts.stoppedTask(p), !RuleFacts.isSpot(t) {
            let reason = t.stoppedReason ?? ""
            if t.stopCode == "EssentialContainerExited" {
                let exited = t.containers.filter { ($0.exitCode ?? 0) != 0 }.first ?? t.containers.first { $0.exitCode != nil }
                var c = "essential container"
                if let x = exited { c += " \(x.name) exited with code \(x.exitCode ?? 0)" + (TriageText.exitMeaning(x.exitCode ?? 0).map { " (\($0))" } ?? "") }
                else { c += " exited" }
                if let s = t.stopTime { c += " \(TriageText.ago(s, now: ctx.now))" }
                clauses.append(c)
                items.append(RuleFacts.taskLine(t, ctx, role: "stopped"))
            } else if reason.localizedCaseInsensitiveContains("health check") {
                clauses.append("task \(t.shortID) stopped: \(TriageText.oneLine(reason, limit: 80))" + (t.stopTime.map { " \(TriageText.ago($0, now: ctx.now))" } ?? ""))
                items.append(RuleFacts.taskLine(t, ctx, role: "stopped"))
            }
        }
        let badEvents = p.serviceEvents.prefix(20).filter {
            $0.message.contains("failed container health checks") || $0.message.contains(") is unhealthy in (target-group")
                || $0.message.contains("unable to consistently start tasks")
        }
        if !badEvents.isEmpty {
            clauses.append("\(TriageText.plural(badEvents.count, "service event")) about failing health checks")
            items += badEvents.prefix(5).map { EvidenceItem(time: $0.time, source: .ecs, text: "service event: \(TriageText.oneLine($0.message))") }
        }
        guard !clauses.isEmpty else { return nil }
        // A replacement running healthy and a peer back in the cluster make it history: shown
        // (it explains the gap) but not as a live problem.
        if let r = RuleFacts.runningTask(p), r.health != "UNHEALTHY", !r.containers.contains(where: { $0.health == "UNHEALTHY" }),
           !RuleFacts.isCurrentlyTroubled(p, ctx), p.lastSeen != nil {
            items.append(RuleFacts.taskLine(r, ctx, role: "replacement"))
            return Verdict(rule: "task-unhealthy", severity: .info,
                           sentence: "recovered: " + clauses.joined(separator: "; ") + "; replacement task \(r.shortID) \(r.lastStatus ?? "RUNNING") and the peer is back",
                           evidence: items)
        }
        return Verdict(rule: "task-unhealthy", severity: .major, sentence: clauses.joined(separator: "; "), evidence: items)
    }

    // MARK: IPFS down

    /// The Kubo daemon beside the peer is unreachable: `/id` ipfs error, IPFS error lines, pins
    /// failing with connection refused, or the `ipfs` container unhealthy.
    @Sendable public static func ipfsDown(_ p: PeerEvidence, _ ctx: ClusterContext) -> Verdict? {
        var clauses: [String] = []
        var items: [EvidenceItem] = []
        if let e = p.ipfsError, !e.isEmpty {
            clauses.append("/id reports \"\(TriageText.oneLine(e, limit: 80))\"")
            items.append(EvidenceItem(time: p.ipfsErrorSince ?? p.lastSeen, source: .cluster, text: "/id ipfs error: \(TriageText.oneLine(e))"))
        }
        // IPFS refusing writes for lack of space is a full disk, not a daemon down: it answers.
        let logs = RuleFacts.recentLogs(p, [.ipfsError], fromItself: true).filter { !RuleFacts.isDiskFull($0.message) }
        if !logs.isEmpty {
            let last = logs.compactMap(\.time).max()
            clauses.append("\(TriageText.plural(logs.count, "IPFS error line")) logged" + (last.map { ", last \(TriageText.ago($0, now: ctx.now))" } ?? ""))
            items += RuleFacts.grouped(logs)
        }
        let kuboStop = RuleFacts.recentLogs(p, [.shutdown], fromItself: true).filter(RuleFacts.isKuboShutdown)
        if let t = kuboStop.compactMap(\.time).max() {
            clauses.append("IPFS daemon shut down \(TriageText.ago(t, now: ctx.now))")
            items += RuleFacts.grouped(kuboStop, limit: 2)
        }
        let refused = p.pinErrorSamples.filter { ($0.contains("connection refused") || $0.contains("IPFS")) && !RuleFacts.isDiskFull($0) }
        if p.pinsInError > 0, !refused.isEmpty, !clauses.isEmpty || refused.contains(where: { $0.contains(":5001") || $0.contains("api/v0") }) {
            clauses.append("\(TriageText.plural(p.pinsInError, "pin")) in error (\(TriageText.oneLine(refused[0], limit: 60)))")
            items.append(EvidenceItem(time: nil, source: .cluster, text: "pin error: \(TriageText.oneLine(refused[0]))"))
        }
        if let r = RuleFacts.runningTask(p), let c = r.containers.first(where: { $0.name.lowercased().contains("ipfs") && !$0.name.lowercased().contains("cluster") && $0.health == "UNHEALTHY" }) {
            clauses.append("container \(c.name) UNHEALTHY")
            items.append(RuleFacts.taskLine(r, ctx, role: "current"))
        }
        guard !clauses.isEmpty else { return nil }
        // Since the first sign of IPFS trouble, not since the task started (its line is context).
        let since = ([p.ipfsErrorSince] + logs.map(\.time) + kuboStop.map(\.time)).compactMap { $0 }.min()
            ?? items.filter { $0.source != .ecs }.compactMap(\.time).min()
        return Verdict(rule: "ipfs-down", severity: .critical, sentence: "IPFS daemon down: " + clauses.joined(separator: "; "),
                       evidence: items, since: since)
    }

    // MARK: disk full

    /// Free space at 0 (`reported freespace is 0`), or falling fast enough to reach 0 within 30 min.
    @Sendable public static func diskFull(_ p: PeerEvidence, _ ctx: ClusterContext) -> Verdict? {
        var items: [EvidenceItem] = []
        let logs = p.logs.filter { $0.message.contains("reported freespace is 0") }
        items += logs.prefix(3).map(RuleFacts.item)
        let samples = p.freespace
        if let last = samples.last {
            items.append(EvidenceItem(time: last.time, source: .cluster, text: "freespace metric \(TriageText.bytes(last.value))"))
        }
        // Pins failing for lack of space: the daemon answers, it cannot write.
        let noSpace = p.pinErrorSamples.first(where: RuleFacts.isDiskFull)
        if let e = noSpace { items.append(EvidenceItem(time: nil, source: .cluster, text: "pin error: \(TriageText.oneLine(e))")) }
        let failing = noSpace == nil ? "" : "; \(TriageText.plural(p.pinsInError, "pin")) on it fail with \"no space left on device\""
        if let last = samples.last, last.value <= 0 {
            return Verdict(rule: "disk-full", severity: .major,
                           sentence: "disk full: free space 0 B since \(TriageText.ago(firstZero(samples) ?? last.time, now: ctx.now)); it receives no new allocations\(failing)",
                           evidence: items)
        }
        if samples.isEmpty, let l = logs.first {
            return Verdict(rule: "disk-full", severity: .major, sentence: "disk full: \"reported freespace is 0\"" + (l.time.map { " \(TriageText.ago($0, now: ctx.now))" } ?? "") + failing, evidence: items)
        }
        if let first = samples.first, let last = samples.last, samples.count >= 3, last.value < first.value {
            let dt = last.time.timeIntervalSince(first.time)
            guard dt > 0 else { return nil }
            let rate = (first.value - last.value) / dt
            let eta = last.value / rate
            if eta < 1800 {
                items.append(EvidenceItem(time: first.time, source: .cluster, text: "freespace metric \(TriageText.bytes(first.value))"))
                return Verdict(rule: "disk-full", severity: .warning,
                               sentence: "disk filling: free space \(TriageText.bytes(first.value)) → \(TriageText.bytes(last.value)) in \(TriageText.span(dt)); full in about \(TriageText.span(eta))",
                               evidence: items)
            }
        }
        return nil
    }

    static func firstZero(_ s: [TimedValue]) -> Date? {
        var t: Date?
        for v in s.reversed() { if v.value <= 0 { t = v.time } else { break } }
        return t
    }

    // MARK: pin queue

    /// The pin queue grows steadily (or the queue-full error was logged).
    @Sendable public static func pinQueueGrowing(_ p: PeerEvidence, _ ctx: ClusterContext) -> Verdict? {
        let full = RuleFacts.recentLogs(p, [.queueFull], fromItself: true)
        let s = p.pinQueue.filter { ctx.now.timeIntervalSince($0.time) <= 1800 }
        let growing = PinBacklog.isGrowing(s)
        guard growing || !full.isEmpty else { return nil }
        var items = full.prefix(3).map(RuleFacts.item)
        var clauses: [String] = []
        if growing, let first = s.first, let last = s.last {
            let backlog = PinBacklog(samples: s, queued: p.pinsQueued - (p.pinsPinning ?? 0), pinning: p.pinsPinning)
            clauses.append("pin queue growing: \(TriageText.count(Int(first.value))) → \(TriageText.count(Int(last.value))) in \(TriageText.span(last.time.timeIntervalSince(first.time)))")
            clauses.append(backlog.sentence)
            items.append(EvidenceItem(time: last.time, source: .cluster, text: "pinqueue metric \(Int(last.value))"))
            items.append(EvidenceItem(time: first.time, source: .cluster, text: "pinqueue metric \(Int(first.value))"))
            items.append(EvidenceItem(time: nil, source: .cluster, text: "backlog: " + backlog.sentence))
        }
        if !full.isEmpty { clauses.append("\"operation queue is full\" logged \(TriageText.plural(full.count, "time"))") }
        let severe = !full.isEmpty || (s.last?.value ?? 0) >= 100
        return Verdict(rule: "pin-queue-growing", severity: severe ? .major : .warning, sentence: clauses.joined(separator: "; "), evidence: items)
    }

    // MARK: pins in error

    /// Pins allocated to the peer are in error there.
    @Sendable public static func pinsInError(_ p: PeerEvidence, _ ctx: ClusterContext) -> Verdict? {
        guard p.pinsInError > 0 else { return nil }
        var s = "\(TriageText.plural(p.pinsInError, "pin")) allocated to it in error"
        if let e = p.pinErrorSamples.first { s += " (e.g. \"\(TriageText.oneLine(e, limit: 70))\")" }
        if p.pinsQueued > 0 { s += "; \(TriageText.count(p.pinsQueued)) queued" }
        var items = [EvidenceItem(time: nil, source: .cluster, text: "\(TriageText.plural(p.pinsInError, "pin")) in error, \(TriageText.count(p.pinsQueued)) queued")]
        items += p.pinErrorSamples.prefix(3).map { EvidenceItem(time: nil, source: .cluster, text: "pin error: \(TriageText.oneLine($0))") }
        return Verdict(rule: "pins-in-error", severity: p.pinsInError >= 100 ? .major : .warning, sentence: s, evidence: items)
    }

    // MARK: membership

    /// The peer reports a different membership than the majority (or only itself).
    @Sendable public static func splitCluster(_ p: PeerEvidence, _ ctx: ClusterContext) -> Verdict? {
        let m = ctx.membership
        guard m.isolated.contains(p.id) || m.isOutsideMajority(p.id), let own = m.group(of: p.id) else { return nil }
        let majority = m.groups.first { $0 != own }
        let names = { (ids: [String]) in ids.map(ctx.name(of:)).joined(separator: ", ") }
        var s = m.isolated.contains(p.id) ? "split cluster: it sees only itself" : "split cluster: it sees \(names(own.sees))"
        if let majority {
            s += " while \(names(majority.members)) see \(names(majority.sees))"
        }
        s += "; usual cause: started without --bootstrap or with an empty peerstore, so it formed a new cluster of its own"
        var items = [EvidenceItem(time: p.lastSeen ?? ctx.now, source: .cluster, text: "its cluster_peers: \(names(own.sees))")]
        if let majority {
            items.append(EvidenceItem(time: ctx.now, source: .cluster, text: "cluster_peers of \(names(majority.members)): \(names(majority.sees))"))
        }
        items += RuleFacts.recentLogs(p, [.bootstrapFailed]).prefix(3).map(RuleFacts.item)
        return Verdict(rule: "split-cluster", severity: .critical, sentence: s, evidence: items)
    }

    // MARK: version skew

    /// The peer runs another version than most peers (mixed `latest`/`master-latest` tags).
    @Sendable public static func versionSkew(_ p: PeerEvidence, _ ctx: ClusterContext) -> Verdict? {
        guard let v = p.version, !v.isEmpty, let major = ctx.majorityVersion, v != major else { return nil }
        let others = ctx.peers.filter { $0.version == major }.count
        return Verdict(rule: "version-skew", severity: .warning,
                       sentence: "version skew: runs \(v) while \(TriageText.plural(others, "peer")) run \(major) (mixed image tags such as latest / master-latest?)",
                       evidence: [EvidenceItem(time: p.lastSeen, source: .cluster, text: "/peers version \(v); majority \(major)")])
    }
}
