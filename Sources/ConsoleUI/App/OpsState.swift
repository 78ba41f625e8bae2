import ConsoleCore
import ECSState
import Foundation
import LogTail
import TerminalUI

/// The ECS and log witnesses of the console, joined to the cluster peers: the tasks, services and
/// logs panes, the session-long task <-> peer correlator, and the per-peer triage log counters.
///
/// Why one value inside `UIState`: the panes are UI values fed by the feeds' events; the join needs
/// the core's peers, so the app hands both in here after every ECS snapshot, log batch and peers
/// poll, and every screen (peers, tasks, logs, triage) reads the same join.
public struct OpsState: Sendable {
    public var tasks = TasksPane()
    public var services = ServicesPane()
    public var logs = LogsPane()
    /// Fed with every peers poll for the whole session: peers keep their identity across task
    /// replacements, so the join needs the history of who was seen where.
    public var correlator = PeerTaskCorrelator()
    /// The latest join (empty until the first snapshot; its initializer is internal to ECSState).
    public private(set) var correlation = PeerTaskCorrelator().correlate(ECSSnapshot())
    /// The latest ECS snapshot (nil until the first one arrives).
    public private(set) var snapshot: ECSSnapshot?
    /// Triage lines counted per peer (by the peer they name, else the peer that logged them).
    public private(set) var counters = TriageCounters()
    /// Whether the logs pane shows as a bottom split on the peers and pins screens.
    public var logsSplit = false
    /// Whether keys go to the logs split instead of the main table.
    public var logsFocused = false
    /// Triage screen state (selection, computed result).
    public var triage = TriageViewState()
    /// Recent warning/error/triage lines per peer: from it, or naming it (a neighbour's
    /// `metric alert for ping: Peer: <id>`), newest last, bounded. Evidence for the triage screen.
    public private(set) var problemLines: [String: [LogLine]] = [:]
    /// The last lines each peer logged, for the incident snapshot.
    public private(set) var recentLines: [String: [String]] = [:]
    static let problemLineLimit = 200
    static let recentLineLimit = 20
    /// Bumped on every input the triage screen depends on, so it recomputes only when needed.
    public private(set) var inputVersion = 0

    public init() {}

    // MARK: feeding

    /// Records the peers the core knows now (present and missing) and re-joins the last snapshot.
    public mutating func observePeers(_ core: ConsoleState, now: Date) {
        let seen = core.peerList.filter { $0.lastSeen != nil || $0.missingSince != nil }
        correlator.observe(seen.map { p in
            PeerEndpoints(peerID: p.id, peerName: p.name.isEmpty ? nil : p.name, addresses: p.addresses,
                          lastSeen: p.lastSeen ?? now, missingSince: p.missingSince)
        })
        rejoin(core, now: now)
    }

    /// Takes a new ECS snapshot from `ECSFeed`.
    public mutating func ingest(_ snapshot: ECSSnapshot, core: ConsoleState, now: Date) {
        self.snapshot = snapshot
        services.update(snapshot: snapshot)
        observePeers(core, now: now)
    }

    /// Takes a log batch from `LogFeed`: lines of tasks already joined get their peer before they
    /// are counted, so the counters credit the right peer.
    public mutating func ingest(_ batch: LogBatch) {
        var b = batch
        for i in b.lines.indices where b.lines[i].peer == nil {
            if let task = b.lines[i].taskID, let peer = correlation.peerID(forTask: task) { b.lines[i].peer = peer }
        }
        counters.record(contentsOf: b.lines)
        for line in b.lines where !line.isContinuation {
            if let from = line.peer {
                recentLines[from, default: []].append(line.raw)
                if recentLines[from]!.count > Self.recentLineLimit { recentLines[from]!.removeFirst() }
            }
            guard line.triage != nil || line.level.isAtLeast(.warn) else { continue }
            let about = line.triage?.peer
            if let from = line.peer, about == nil || about == from { keepProblem(line, for: from) }
            if let about, about != line.peer { keepProblem(line, for: about) }
        }
        logs.append(b)
        if b.lines.contains(where: { $0.triage != nil || $0.level.isAtLeast(.warn) }) { inputVersion &+= 1 }
    }

    private mutating func keepProblem(_ line: LogLine, for peer: String) {
        problemLines[peer, default: []].append(line)
        if problemLines[peer]!.count > Self.problemLineLimit { problemLines[peer]!.removeFirst(problemLines[peer]!.count - Self.problemLineLimit) }
    }

    /// Marks that the cluster state changed (the triage screen recomputes on its next frame).
    public mutating func clusterChanged() { inputVersion &+= 1 }

    private mutating func rejoin(_ core: ConsoleState, now: Date) {
        guard let snapshot else { return }
        let at = max(now, snapshot.exportedAt ?? now)
        correlation = correlator.correlate(snapshot, now: at)
        var names: [String: String] = [:]
        var missing = Set<String>()
        for p in core.peerList {
            names[p.id] = p.displayName
            if p.missingSince != nil { missing.insert(p.id) }
        }
        tasks.update(snapshot: snapshot, correlation: correlation, peerNames: names, missingPeers: missing)
        for (task, match) in correlation.tasks { logs.setPeer(match.peerID, forTaskID: task) }
        inputVersion &+= 1
    }

    // MARK: per-peer facts for the peers screen

    /// The task a peer runs on now, else the task whose stop is the likely cause of its absence,
    /// else its latest earlier task.
    public func task(forPeer id: String) -> ECSTask? {
        guard let snapshot, let link = correlation.link(forPeer: id) else { return nil }
        let pick = link.currentTaskID ?? link.likelyCauseTaskID ?? link.previousTaskIDs.first
        return pick.flatMap(snapshot.task(id:))
    }

    /// True when the peer is missing and its latest task stopped: that stop is the likely cause.
    public func hasLikelyCause(peer id: String) -> Bool { correlation.link(forPeer: id)?.hasLikelyCause ?? false }

    /// The peers-screen cell: short task id, last status, health; "LIKELY CAUSE" with the stop
    /// code when the task stopped while the peer is missing.
    public func taskCell(forPeer id: String) -> (text: String, role: Role?) {
        guard let t = task(forPeer: id) else { return (snapshot == nil ? "-" : "no task", nil) }
        var text = t.shortID + " " + (t.lastStatus?.rawValue ?? "?")
        if hasLikelyCause(peer: id) {
            text = "⚠ " + text + " " + (t.stopCode?.rawValue ?? "stopped") + " (likely cause)"
            return (text, .critical)
        }
        if let h = t.healthStatus, t.isActive { text += " " + h.rawValue }
        let role: Role? = !t.isActive ? .warning : t.healthStatus == .unhealthy ? .error : nil
        return (text, role)
    }

    /// Problem log lines (metric alerts, connection refused, deadline exceeded, IPFS errors...)
    /// from or about the peer.
    public func problemLineCount(peer id: String) -> Int {
        guard let s = counters.stats(forPeer: id) else { return 0 }
        return s.counts.reduce(0) { $0 + ($1.key.isProblem ? $1.value : 0) }
    }
}
