import ClusterAPI
import ConsoleBase
import Foundation

/// A snapshot that could not be written: which file and why.
public struct SnapshotWriteError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot write the incident snapshot to \(path): \(reason)" }
}

/// Writes an ``IncidentSnapshot`` as Markdown (a readable postmortem draft) and JSON (the same
/// facts for tools), under timestamped names so repeated snapshots never overwrite each other.
public enum SnapshotWriter {
    /// `incident-20261121-070312Z`.
    public static func baseName(_ date: Date) -> String { "incident-\(CivilTime(date).compactText)Z" }

    /// Writes both files into `directory` (created if needed); returns their paths (md, json).
    public static func write(_ s: IncidentSnapshot, to directory: String) throws(SnapshotWriteError) -> (markdown: String, json: String) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SnapshotWriteError(path: directory, reason: error.localizedDescription)
        }
        var base = (directory as NSString).appendingPathComponent(baseName(s.generatedAt))
        var n = 1
        while FileManager.default.fileExists(atPath: base + ".md") || FileManager.default.fileExists(atPath: base + ".json") {
            n += 1
            base = (directory as NSString).appendingPathComponent(baseName(s.generatedAt) + "-\(n)")
        }
        let md = base + ".md", js = base + ".json"
        let jsonData: Data
        do { jsonData = try json(s) } catch { throw SnapshotWriteError(path: js, reason: "\(error)") }
        do { try Data(markdown(s).utf8).write(to: URL(fileURLWithPath: md), options: .atomic) } catch {
            throw SnapshotWriteError(path: md, reason: error.localizedDescription)
        }
        do { try jsonData.write(to: URL(fileURLWithPath: js), options: .atomic) } catch {
            throw SnapshotWriteError(path: js, reason: error.localizedDescription)
        }
        return (md, js)
    }

    public static func json(_ s: IncidentSnapshot) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return try e.encode(s)
    }

    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    static func fence(_ s: String) -> String { s.replacingOccurrences(of: "```", with: "'''") }

    static func time(_ d: Date?) -> String { d.map(IncidentSnapshot.utc) ?? "-" }

    public static func markdown(_ s: IncidentSnapshot) -> String {
        var o: [String] = []
        let t = s.triage
        o.append("# Incident snapshot, \(IncidentSnapshot.utc(s.generatedAt))")
        o.append("")
        o.append("_First draft of a postmortem, written by ipfs-cluster-console. Check the facts and add the human story before sharing._")
        o.append("")
        if let offset = s.clusterClockOffset, abs(offset) > ClusterClock.showAbove {
            o.append("Times are this machine's clock (UTC), as its screen showed them; the cluster's clock was \(TriageText.span(abs(offset))) \(offset > 0 ? "ahead of" : "behind") it.")
            o.append("")
        }
        o.append("## Summary")
        o.append("")
        let unhealthy = t.blocks.count
        o.append("- Cluster version: \(s.clusterVersion ?? "unknown"); \(TriageText.plural(s.peers.count, "peer")) known, \(unhealthy) unhealthy.")
        if t.membership.isSplit { o.append("- **Split cluster**: peers report different memberships (see Membership).") }
        if s.peers.isEmpty {
            o.append("- **No peer is known: the cluster API could not be reached** (see Gaps). This is not a clean bill of health.")
        } else if t.blocks.isEmpty {
            o.append("- No unhealthy peer found.")
        }
        for line in s.summary { o.append("- \(line)") }
        o.append("")
        o.append("## Cluster")
        o.append("")
        o.append("| Peer | ID | Version | State | Last seen |")
        o.append("|---|---|---|---|---|")
        for p in s.peers {
            o.append("| \(cell(p.name)) | `\(cell(p.id))` | \(cell(p.version.isEmpty ? "-" : p.version)) | \(p.state)\(p.error.map { ": " + cell($0) } ?? "") | \(time(p.lastSeen)) |")
        }
        o.append("")
        o.append("## Timeline")
        o.append("")
        if s.timeline.isEmpty { o.append("No timed evidence.") } else {
            o.append("| Time | Peer | Source | Event |")
            o.append("|---|---|---|---|")
            for e in s.timeline { o.append("| \(IncidentSnapshot.utc(e.time)) | \(cell(e.peer)) | \(e.source) | \(cell(e.text)) |") }
        }
        o.append("")
        o.append("## Peers")
        for b in t.blocks {
            o.append("")
            o.append("### \(b.peerName) (\(b.severity.label))")
            o.append("")
            o.append("Peer ID `\(b.peerID)`" + (b.since.map { ", problems since \(IncidentSnapshot.utc($0))" } ?? "") + ".")
            o.append("")
            o.append("**Verdict:** \(b.headline)")
            o.append("")
            o.append("Rules that fired:")
            for v in b.verdicts { o.append("- `\(v.rule)` (\(v.severity.label)): \(v.sentence)") }
            o.append("")
            o.append("Evidence, newest first:")
            for e in b.evidence { o.append("- \(time(e.time)) [\(e.source.rawValue)] \(e.text)") }
            if let i = b.impact {
                o.append("")
                o.append("Impact if it stays down: \(TriageText.plural(i.allocatedPins, "pin")) allocated to it, \(TriageText.count(i.underReplicated)) under replication_factor_min, \(TriageText.count(i.noHealthyCopy)) with no healthy copy.")
                for p in i.noHealthyCopySamples { o.append("- no healthy copy: `\(p.cid)`\(p.name.isEmpty ? "" : " (\(p.name))")") }
            }
            o.append("")
            o.append("Suggested next actions:")
            for a in b.actions { o.append("- `\(a.key)` \(a.label)") }
            for step in b.nextSteps { o.append("- \(step)") }
        }
        o.append("")
        o.append("## Deployment")
        o.append("")
        if t.deploymentFindings.isEmpty {
            o.append("No deployment-level problem (every AWS finding, if any, is tied to a peer above).")
        } else {
            o.append("Problems of the deployment that no peer could be tied to:")
            for f in t.deploymentFindings {
                o.append("- \(time(f.since)) [\(f.kind)] \(f.text)")
                for e in f.evidence { o.append("  - \(e)") }
                for step in f.nextSteps { o.append("  - next: `\(step.replacingOccurrences(of: "`", with: "'"))`") }
            }
        }
        o.append("")
        o.append("## Gateway")
        o.append("")
        if let g = t.gateway {
            o.append("Probed `HEAD \(g.url)/ipfs/<CID>` (one every \(GatewayProbe.latency(g.interval)), timeout \(GatewayProbe.latency(g.timeout))).")
            o.append("")
            if let d = g.down {
                o.append("- **Gateway down**: \(d.reason) on the last \(TriageText.plural(d.probes, "probe")) since \(time(d.since)).")
            }
            o.append("- \(g.rollup.summary) in the last \(TriageText.span(g.rollup.window)) (\(TriageText.plural(g.rollup.answers, "answer")) in all).")
            o.append("- Pinned but not served: \(TriageText.count(g.pinnedNotServed)).")
            if let f = g.rollup.lastFailure { o.append("- Last failure: `\(f.cid)` \(f.summary) at \(time(f.at)).") }
        } else {
            o.append("No gateway was probed (give `--gateway URL`, or `gateway = \"URL\"` in the context).")
        }
        o.append("")
        o.append("## Membership")
        o.append("")
        let m = t.membership
        if m.isSplit {
            o.append("Peers report different memberships. A peer that sees only itself was usually started without `--bootstrap` or with an empty peerstore and formed a cluster of its own.")
            o.append("")
            let rows = m.sideBySideRows()
            if let head = rows.first {
                o.append("| " + head.map(cell).joined(separator: " | ") + " |")
                o.append("|" + head.map { _ in "---|" }.joined())
                for r in rows.dropFirst() { o.append("| " + r.map(cell).joined(separator: " | ") + " |") }
            }
        } else if m.groups.isEmpty {
            o.append("No peer reported its membership.")
        } else {
            o.append("All \(TriageText.plural(m.columns.count, "peer")) that answered report the same membership (\(m.groups[0].sees.count) peers).")
        }
        o.append("")
        o.append("## Impact")
        o.append("")
        if t.impact.byPeer.isEmpty { o.append("No impact computed (no unavailable peer, or no pin data).") } else {
            o.append("Scanned \(TriageText.plural(t.impact.pinsScanned, "pin")).")
            o.append("")
            o.append("| Peer | Allocated | Under min | No healthy copy |")
            o.append("|---|---|---|---|")
            for b in t.blocks { if let i = b.impact {
                o.append("| \(cell(b.peerName)) | \(TriageText.count(i.allocatedPins)) | \(TriageText.count(i.underReplicated)) | \(TriageText.count(i.noHealthyCopy)) |")
            } }
        }
        o.append("")
        o.append("## Actions")
        o.append("")
        o.append("Recent actions from the audit journal:")
        if s.audit.isEmpty { o.append("- none recorded") }
        for a in s.audit { o.append("- \(time(a.time)) \(a.text)") }
        o.append("")
        o.append("## Logs")
        for l in s.logs {
            o.append("")
            o.append("### \(l.peerName)")
            o.append("")
            o.append("```")
            for line in l.lines { o.append(fence(line)) }
            o.append("```")
        }
        if !s.notes.isEmpty {
            o.append("")
            o.append("## Gaps")
            o.append("")
            for n in s.notes { o.append("- \(n)") }
        }
        o.append("")
        return o.joined(separator: "\n")
    }
}
