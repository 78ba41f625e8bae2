import Foundation

/// The incident snapshot of the console state, as `w` writes it and as the headless `snapshot`
/// writes it: one function, so both reports say the same from the same events.
public enum IncidentReport {
    /// Actions of this session included in a report.
    public static let auditLimit = 50

    /// The report, or nil when nothing has answered yet (no peer to report on).
    /// - Parameters:
    ///   - audit: actions to list; nil takes this session's action history.
    ///   - notes: what could not be gathered, so gaps are visible.
    public static func make(_ state: ConsoleState, triage: TriageDerivation, audit: [IncidentSnapshot.AuditEntry]? = nil,
                            notes: [String] = []) -> IncidentSnapshot? {
        guard let result = triage.result, let evidence = triage.evidence, !evidence.peers.isEmpty else { return nil }
        let session = state.history.prefix(auditLimit).reversed().map { r in
            IncidentSnapshot.AuditEntry(time: r.finished, text: "\(r.name) \(r.target): \(r.outcome)")
        }
        return IncidentSnapshot(triage: result, evidence: evidence, audit: audit ?? Array(session), logLines: triage.lastLines,
                                notes: self.notes(state, extra: notes), clusterClockOffset: state.clusterClock.offset)
    }

    /// The headless report of a state (the `snapshot` command, live or from a recording): the
    /// triage derivation run to completion (impact included), then `make`; with no peer to
    /// report on, a report that says so and still lists every note.
    /// `audit` nil: the session's own action history (as `make`).
    public static func complete(_ state: ConsoleState, audit: [IncidentSnapshot.AuditEntry]?, notes: [String])
        -> (evidence: TriageEvidence, result: TriageResult, snapshot: IncidentSnapshot) {
        var triage = TriageDerivation()
        if let job = triage.refresh(state, force: true) { triage.take(job.run()); _ = triage.refresh(state, force: true) }
        let evidence = triage.evidence ?? TriageEvidence(peers: [], observedAt: state.now, clusterVersion: nil)
        let result = triage.result ?? TriageEngine.run(evidence)
        let snapshot = make(state, triage: triage, audit: audit, notes: notes)
            ?? IncidentSnapshot(triage: result, evidence: evidence, audit: audit ?? [],
                                notes: self.notes(state, extra: notes) + ["no peer answered"], clusterClockOffset: state.clusterClock.offset)
        return (evidence, result, snapshot)
    }

    /// `extra` and what the state says could not be read: the ECS folder's state and every
    /// export problem, and the log followers' problems, each naming its input.
    public static func notes(_ state: ConsoleState, extra: [String] = []) -> [String] {
        var all = extra
        if state.settings.feeds?.ecsDirectory != nil || state.ecs.haveSnapshot {
            if !state.ecs.haveSnapshot { all.append("no ECS export was read yet") }
        } else {
            all.append("no ECS export folder given")
        }
        all += state.ecs.snapshot?.problems.map { "ECS: \($0)" } ?? []
        all += state.logs.problems.map { "logs: \($0)" }
        return all
    }
}
