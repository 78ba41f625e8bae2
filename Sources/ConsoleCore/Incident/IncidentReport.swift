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
        var allNotes = notes
        if state.settings.feeds?.ecsDirectory != nil || state.ecs.haveSnapshot {
            if !state.ecs.haveSnapshot { allNotes.append("no ECS export was read yet") }
        } else {
            allNotes.append("no ECS export folder given")
        }
        allNotes += state.ecs.snapshot?.problems.map { "ECS: \($0)" } ?? []
        allNotes += state.logs.problems.map { "logs: \($0)" }
        return IncidentSnapshot(triage: result, evidence: evidence, audit: audit ?? Array(session), logLines: triage.lastLines,
                                notes: allNotes)
    }
}
