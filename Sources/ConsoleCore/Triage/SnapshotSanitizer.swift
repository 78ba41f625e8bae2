import ClusterAPI
import ConsoleBase

/// Makes outside text fit for a report that will be pasted into tickets and chat: ConsoleBase's
/// `.report` policy (controls escaped, escape sequences dropped, credentials redacted), cut to a
/// length a report can hold. Applied to every string of a snapshot when it is built, so both
/// writers emit the same clean facts.
public enum SnapshotSanitizer {
    public static func clean(_ text: String, limit: Int = 2000) -> String {
        Sanitizer.clean(text, for: .report, limit: limit)
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

private func gatewayClean(_ p: inout GatewayProbe?) {
    guard var probe = p else { return }
    probe.cid = SnapshotSanitizer.clean(probe.cid)
    if case .unreachable(let why) = probe.outcome { probe.outcome = .unreachable(SnapshotSanitizer.clean(why)) }
    p = probe
}

extension TriageResult {
    /// The same result with every text cleaned for a report.
    public func sanitized() -> TriageResult {
        var r = self
        r.blocks = blocks.map { $0.sanitized() }
        r.recovered = recovered.map { $0.sanitized() }
        r.membership = membership.sanitized()
        r.deploymentFindings = deploymentFindings.map { f in
            var f = f
            f.subject = SnapshotSanitizer.clean(f.subject)
            f.text = SnapshotSanitizer.clean(f.text)
            f.evidence = f.evidence.map { SnapshotSanitizer.clean($0) }
            f.nextSteps = f.nextSteps.map { SnapshotSanitizer.clean($0) }
            return f
        }
        if var g = gateway {
            g.url = SnapshotSanitizer.clean(g.url)
            if var d = g.down {
                d.reason = SnapshotSanitizer.clean(d.reason)
                g.down = d
            }
            gatewayClean(&g.rollup.lastFailure)
            r.gateway = g
        }
        r.impact.byPeer = r.impact.byPeer.mapValues { i in
            var i = i
            i.noHealthyCopySamples = i.noHealthyCopySamples.map { .init(cid: SnapshotSanitizer.clean($0.cid), name: SnapshotSanitizer.clean($0.name)) }
            return i
        }
        return r
    }
}

extension TriageResult {
    /// The same result with every time moved by `seconds` (the report shows the cluster's times
    /// on the clock of the machine that wrote it: `-offset`).
    public func shifted(by seconds: Double) -> TriageResult {
        guard seconds != 0 else { return self }
        func item(_ e: EvidenceItem) -> EvidenceItem {
            EvidenceItem(time: e.time?.addingTimeInterval(seconds), source: e.source, text: e.text)
        }
        func block(_ b: TriageBlock) -> TriageBlock {
            var b = b
            b.since = b.since?.addingTimeInterval(seconds)
            b.evidence = b.evidence.map(item)
            b.verdicts = b.verdicts.map { v in
                var v = v
                v.since = v.since?.addingTimeInterval(seconds)
                v.evidence = v.evidence.map(item)
                return v
            }
            return b
        }
        var r = self
        r.generatedAt = generatedAt.addingTimeInterval(seconds)
        r.blocks = blocks.map(block)
        r.recovered = recovered.map(block)
        r.deploymentFindings = deploymentFindings.map { f in
            var f = f
            f.since = f.since?.addingTimeInterval(seconds)
            return f
        }
        return r
    }
}
