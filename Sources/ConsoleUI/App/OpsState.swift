import ConsoleCore
import ECSState
import Foundation
import LogTail
import TerminalUI

/// What the console adds on top of the ECS and logs panes to answer "what is broken": the
/// peers screen's task and log-problem columns, the logs split under the main tables, and the
/// triage screen's state.
///
/// Why a value inside `UIState`: the peers screen is a function of core and UI state; the join
/// (`PeerTaskCorrelation`) lives with the panes on the app, so the app condenses it here after
/// every correlation, and the screens read plain per-peer facts.
public struct OpsState: Sendable {
    /// Per peer id: the peers-screen cell for its ECS task.
    public private(set) var taskCells: [String: TaskCell] = [:]
    /// Whether any ECS snapshot was joined yet.
    public private(set) var haveSnapshot = false
    /// Triage lines counted per peer (by the peer they name, else the peer that logged them).
    public private(set) var counters = TriageCounters()
    /// Whether the logs pane shows as a bottom split on the peers and pins screens.
    public var logsSplit = false
    /// Whether keys go to the logs split instead of the main table.
    public var logsFocused = false
    /// Triage screen state (selection, computed result, timelines).
    public var triage = TriageViewState()
    /// Bumped on every input the triage screen depends on, so it recomputes only when needed.
    public private(set) var inputVersion = 0

    /// One peer's task as the peers screen shows it.
    public struct TaskCell: Sendable, Equatable {
        public var text: String
        public var role: Role?
        /// The task stopped while the peer is missing: the likely cause of its absence.
        public var likelyCause: Bool
    }

    public init() {}

    /// Condenses a new join into per-peer cells.
    mutating func update(snapshot: ECSSnapshot, correlation: PeerTaskCorrelation) {
        var cells: [String: TaskCell] = [:]
        for (peer, link) in correlation.peers {
            let pick = link.currentTaskID ?? link.likelyCauseTaskID ?? link.previousTaskIDs.first
            guard let t = pick.flatMap(snapshot.task(id:)) else { continue }
            var text = t.shortID + " " + (t.lastStatus?.rawValue ?? "?")
            if link.hasLikelyCause {
                text = "⚠ " + t.shortID + " likely cause: " + (t.stopCode?.rawValue ?? t.lastStatus?.rawValue ?? "stopped")
                cells[peer] = TaskCell(text: text, role: .critical, likelyCause: true)
                continue
            }
            if let h = t.healthStatus, t.isActive { text += " " + h.rawValue }
            let role: Role? = !t.isActive ? .warning : t.healthStatus == .unhealthy ? .error : nil
            cells[peer] = TaskCell(text: text, role: role, likelyCause: false)
        }
        taskCells = cells
        haveSnapshot = true
        inputVersion &+= 1
    }

    /// Counts a batch's triage lines (after the app attached peers from the join).
    mutating func record(_ lines: [LogLine]) {
        counters.record(contentsOf: lines)
        if lines.contains(where: { $0.triage != nil || $0.level.isAtLeast(.warn) }) { inputVersion &+= 1 }
    }

    /// Marks that the cluster state changed (the triage screen recomputes on its next frame).
    mutating func clusterChanged() { inputVersion &+= 1 }

    /// The peers-screen task cell: "-" before any ECS export, "no task" when none is joined.
    func taskCell(forPeer id: String) -> TaskCell {
        taskCells[id] ?? TaskCell(text: haveSnapshot ? "no task" : "-", role: nil, likelyCause: false)
    }

    /// Whether any triage log line was counted (the peers screen shows its column then).
    public var hasLogCounts: Bool { !counters.bySubject.isEmpty }

    /// Problem log lines (metric alerts, connection refused, deadline exceeded, IPFS errors...)
    /// from or about the peer.
    public func problemLineCount(peer id: String) -> Int {
        guard let s = counters.stats(forPeer: id) else { return 0 }
        return s.counts.reduce(0) { $0 + ($1.key.isProblem ? $1.value : 0) }
    }
}
