import ConsoleCore
import ECSState
import Foundation
import TerminalUI

/// The view state of the operational screens: the logs split under the main tables, and the
/// triage screen's selection. The data they show (ECS join, log lines, timelines, verdicts) is in
/// the core state and its derivation.
public struct OpsState: Sendable {
    /// Whether the logs pane shows as a bottom split on the peers and pins screens.
    public var logsSplit = false
    /// Whether keys go to the logs split instead of the main table.
    public var logsFocused = false
    /// Triage screen selection and scroll.
    public var triage = TriageViewState()

    public init() {}
}

/// One peer's ECS task as the peers screen shows it.
public struct TaskCell: Sendable, Equatable {
    public var text: String
    public var role: Role?
    /// The task stopped while the peer is missing: the likely cause of its absence.
    public var likelyCause: Bool

    /// "-" before any ECS export, "no task" when none is joined.
    public static func of(_ core: ConsoleState, peer id: String) -> TaskCell {
        guard let (t, link) = core.ecs.task(forPeer: id) else {
            return TaskCell(text: core.ecs.haveSnapshot ? "no task" : "-", role: nil, likelyCause: false)
        }
        if link.hasLikelyCause {
            return TaskCell(text: "⚠ " + t.shortID + " likely cause: " + (t.stopCode?.rawValue ?? t.lastStatus?.rawValue ?? "stopped"),
                            role: .critical, likelyCause: true)
        }
        var text = t.shortID + " " + (t.lastStatus?.rawValue ?? "?")
        if let h = t.healthStatus, t.isActive { text += " " + h.rawValue }
        let role: Role? = !t.isActive ? .warning : t.healthStatus == .unhealthy ? .error : nil
        return TaskCell(text: text, role: role, likelyCause: false)
    }
}
