import ClusterAPI
import Foundation

/// Makes outside text fit for a report that will be pasted into tickets and chat: control
/// characters escaped, credentials removed. Applied to every string of a snapshot when it is
/// built, so both writers emit the same clean facts.
public enum SnapshotSanitizer {
    /// `key=value` / `key: value` where the key names a secret; the value is replaced.
    nonisolated(unsafe) static let keyed = try! Regex(#"(?i)\b([A-Za-z_\-]*(?:password|passwd|secret|token|credential|credentials|authorization|api[_\-]?key|private[_\-]?key|basic[_\-]?auth)[A-Za-z_\-]*)(["']?\s*[=:]\s*["']?)(?!<redacted>)[^\s"',;&]+"#)
    /// `--basic-auth user:pass`, `--secret value`, `--token value` on command lines.
    nonisolated(unsafe) static let flags = try! Regex(#"(?i)(--(?:basic-auth|secret|token|password))([ =])(?!<redacted>)[^\s"',;]+"#)
    /// A JWT (three base64url parts).
    nonisolated(unsafe) static let jwt = try! Regex(#"\beyJ[A-Za-z0-9_\-]{6,}\.[A-Za-z0-9_\-]{6,}\.[A-Za-z0-9_\-]{6,}"#)

    public static func clean(_ text: String, limit: Int = 2000) -> String {
        var s = APISanitizer.line(text)
        s = Redaction.redact(s)
        s = s.replacing(keyed) { m in "\(m.output[1].substring ?? "")\(m.output[2].substring ?? "")\(Redaction.mask)" }
        s = s.replacing(flags) { m in "\(m.output[1].substring ?? "")\(m.output[2].substring ?? "")\(Redaction.mask)" }
        s = s.replacing(jwt) { _ in Redaction.mask }
        if s.count > limit { s = String(s.prefix(limit - 1)) + "…" }
        return s
    }
}

extension EvidenceItem {
    func sanitized() -> EvidenceItem { EvidenceItem(time: time, source: source, text: SnapshotSanitizer.clean(text)) }
}

extension Verdict {
    func sanitized() -> Verdict {
        var v = self
        v.sentence = SnapshotSanitizer.clean(sentence)
        v.evidence = evidence.map { $0.sanitized() }
        return v
    }
}

extension TriageBlock {
    func sanitized() -> TriageBlock {
        var b = self
        b.peerName = SnapshotSanitizer.clean(peerName)
        b.headline = SnapshotSanitizer.clean(headline)
        b.verdicts = verdicts.map { $0.sanitized() }
        b.evidence = evidence.map { $0.sanitized() }
        b.actions = actions.map { SuggestedAction(key: $0.key, label: SnapshotSanitizer.clean($0.label), kind: $0.kind, target: SnapshotSanitizer.clean($0.target)) }
        if var i = impact {
            i.noHealthyCopySamples = i.noHealthyCopySamples.map { .init(cid: SnapshotSanitizer.clean($0.cid), name: SnapshotSanitizer.clean($0.name)) }
            b.impact = i
        }
        return b
    }
}

extension MembershipReport {
    func sanitized() -> MembershipReport {
        var m = self
        m.columns = columns.map { Column(peerID: $0.peerID, peerName: SnapshotSanitizer.clean($0.peerName), sees: $0.sees.map { SnapshotSanitizer.clean($0) }, groupIndex: $0.groupIndex) }
        return m
    }
}

extension TriageResult {
    /// The same result with every text cleaned for a report.
    public func sanitized() -> TriageResult {
        var r = self
        r.blocks = blocks.map { $0.sanitized() }
        r.recovered = recovered.map { $0.sanitized() }
        r.membership = membership.sanitized()
        r.impact.byPeer = r.impact.byPeer.mapValues { i in
            var i = i
            i.noHealthyCopySamples = i.noHealthyCopySamples.map { .init(cid: SnapshotSanitizer.clean($0.cid), name: SnapshotSanitizer.clean($0.name)) }
            return i
        }
        return r
    }
}
