import Foundation
import LogTail

/// A named rule over one peer's evidence. Rules are plain functions so each can be unit-tested
/// on hand-made evidence, and the screen can show which rule fired.
public struct TriageRule: Sendable {
    public var name: String
    /// True when a peer this rule fires for cannot serve its pins (down, stopped, IPFS down,
    /// split off): such peers are the ones impact is computed for.
    public var makesPeerUnavailable: Bool
    public var evaluate: @Sendable (PeerEvidence, ClusterContext) -> Verdict?

    public init(name: String, makesPeerUnavailable: Bool, evaluate: @escaping @Sendable (PeerEvidence, ClusterContext) -> Verdict?) {
        self.name = name; self.makesPeerUnavailable = makesPeerUnavailable; self.evaluate = evaluate
    }
}

/// Facts several rules share, worded once.
enum RuleFacts {
    /// The peer has a problem right now (not just old alerts, which the cluster never clears).
    static func isCurrentlyTroubled(_ p: PeerEvidence, _ ctx: ClusterContext) -> Bool {
        p.missingSince != nil || !(p.errorText ?? "").isEmpty || (p.pingExpiry.map { $0 < ctx.now } ?? false)
    }

    /// Time of the peer's last READY line: trouble logged before it is history.
    static func lastReady(_ p: PeerEvidence) -> Date? {
        p.logs.filter { $0.kind == .ready && ($0.fromPeer == nil || $0.fromPeer == p.id) }.compactMap(\.time).max()
    }

    /// IPFS refusing a write for lack of space (the disk-full story, not a daemon down).
    static func isDiskFull(_ message: String) -> Bool {
        message.contains("no space left on device") || message.contains("reported freespace is 0")
    }

    /// Lines of `kinds` logged after the last READY (lines without a time are kept).
    static func recentLogs(_ p: PeerEvidence, _ kinds: Set<TriageKind>, fromItself: Bool? = nil) -> [LogEvidence] {
        let ready = lastReady(p)
        return p.logs.filter { l in
            guard let k = l.kind, kinds.contains(k) else { return false }
            if let fromItself {
                let mine = l.fromPeer == nil || l.fromPeer == p.id
                if mine != fromItself { return false }
            }
            guard let ready, let t = l.time else { return true }
            return t > ready
        }
    }

    /// Log lines counted and grouped by (kind, logging peer, message shape): one evidence item
    /// per group, at the time of its newest line, so 40 identical broadcast errors read as one.
    static func grouped(_ logs: [LogEvidence], limit: Int = 8) -> [EvidenceItem] {
        struct Key: Hashable { var kind: UInt8?; var from: String?; var shape: String }
        var groups: [Key: (count: Int, newest: LogEvidence)] = [:]
        var order: [Key] = []
        for l in logs {
            let k = Key(kind: l.kindRaw, from: l.fromPeer, shape: shape(l.message))
            if let g = groups[k] {
                let newer = (l.time ?? .distantPast) >= (g.newest.time ?? .distantPast)
                groups[k] = (g.count + 1, newer ? l : g.newest)
            } else {
                groups[k] = (1, l)
                order.append(k)
            }
        }
        let items = order.map { k -> EvidenceItem in
            let g = groups[k]!
            var it = item(g.newest)
            if g.count > 1 { it.text = "\(g.count)× " + it.text + " (newest shown)" }
            return it
        }
        return Array(EvidenceItem.newestFirst(items).prefix(limit))
    }

    /// The message with CIDs, numbers and quoted parts blanked, so repeats of one error group together.
    static func shape(_ m: String) -> String {
        var out = ""
        var inToken = false
        for w in m.split(separator: " ", omittingEmptySubsequences: false) {
            let digits = w.contains { $0.isNumber }
            if digits && w.count > 3 { if !inToken { out += "# " }; inToken = true } else { out += w + " "; inToken = false }
        }
        return String(out.prefix(120))
    }

    /// Kubo's own shutdown line: the IPFS daemon stopped, not the cluster peer.
    @Sendable static func isKuboShutdown(_ l: LogEvidence) -> Bool {
        l.message.hasPrefix("Received interrupt signal") || l.source.hasPrefix("ipfs/")
    }

    /// The cluster peer's own orderly shutdown lines (kubo's are left out).
    static func clusterShutdownLogs(_ p: PeerEvidence) -> [LogEvidence] {
        recentLogs(p, [.shutdown], fromItself: true).filter { !isKuboShutdown($0) }
    }

    static func item(_ l: LogEvidence) -> EvidenceItem {
        if let logger = l.logger, l.fromPeer != nil {
            return EvidenceItem(time: l.time, source: .logs, text: "\(l.level) \(logger): \(TriageText.oneLine(l.message))")
        }
        let who = l.fromPeer.map { " [\(PeerInfo.shortID($0))]" } ?? ""
        return EvidenceItem(time: l.time, source: .logs, text: "\(l.level) \(l.source)\(who): \(TriageText.oneLine(l.message))")
    }

    /// "missing from the cluster since 2 min" evidence, when it is.
    static func missing(_ p: PeerEvidence, _ ctx: ClusterContext) -> (clause: String, item: EvidenceItem)? {
        guard let since = p.missingSince else { return nil }
        let seen = p.lastSeen.map { "; last seen \(TriageText.ago($0, now: ctx.now))" } ?? ""
        return ("peer missing from the cluster since \(TriageText.span(ctx.now.timeIntervalSince(since)))",
                EvidenceItem(time: since, source: .cluster, text: "missing from /peers\(seen)"))
    }

    static func errorEntry(_ p: PeerEvidence) -> EvidenceItem? {
        guard let e = p.errorText, !e.isEmpty else { return nil }
        return EvidenceItem(time: p.errorSince, source: .cluster, text: "/peers error entry: \(TriageText.oneLine(e))")
    }

    static func taskLine(_ t: TaskEvidence, _ ctx: ClusterContext, role: String) -> EvidenceItem {
        var s = "\(role) task \(t.shortID) \(t.lastStatus ?? "?")"
        if let d = t.desiredStatus, d != t.lastStatus { s += " (desired \(d))" }
        if let h = t.health { s += ", health \(h)" }
        if let c = t.capacityProvider { s += ", \(c)" }
        if let code = t.stopCode { s += ", stopCode \(code)" }
        if let r = t.stoppedReason { s += ": \(TriageText.oneLine(r, limit: 160))" }
        for c in t.containers where c.exitCode != nil || c.health == "UNHEALTHY" {
            s += "; container \(c.name)"
            if let h = c.health, h == "UNHEALTHY" { s += " UNHEALTHY" }
            if let e = c.exitCode { s += " exit \(e)" + (TriageText.exitMeaning(e).map { " (\($0))" } ?? "") }
            if let r = c.reason { s += " \(TriageText.oneLine(r, limit: 80))" }
        }
        return EvidenceItem(time: t.stopTime ?? t.startedAt, source: .ecs, text: s)
    }

    static func isSpot(_ t: TaskEvidence) -> Bool {
        t.stopCode == "SpotInterruption" || t.stopCode == "TerminationNotice"
            || (t.stoppedReason?.localizedCaseInsensitiveContains("spot") ?? false)
    }

    /// The task that stopped most recently among current and previous.
    static func stoppedTask(_ p: PeerEvidence) -> TaskEvidence? {
        [p.currentTask, p.previousTask].compactMap { $0 }.filter(\.isStoppingOrStopped)
            .max { ($0.stopTime ?? .distantPast) < ($1.stopTime ?? .distantPast) }
    }

    /// The replacement, if one is meant to run.
    static func runningTask(_ p: PeerEvidence) -> TaskEvidence? {
        guard let c = p.currentTask, !c.isStoppingOrStopped else { return nil }
        return c
    }

    static func replacementClause(_ p: PeerEvidence) -> String {
        guard let r = runningTask(p) else { return "no replacement task yet" }
        let status = r.lastStatus ?? "?"
        switch r.health {
        case "UNHEALTHY": return "replacement task \(status) but unhealthy"
        case "HEALTHY": return "replacement task \(status) and healthy"
        default: return "replacement task \(status)"
        }
    }
}
