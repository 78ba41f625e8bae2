import ECSState
import Foundation
import LogTail

/// The parts of evidence assembly that the app and the headless snapshot share: joining ECS
/// tasks and log lines to peers. Pure functions over values the app already holds.
public enum TriageEvidenceBuilder {
    /// Sets each peer's current and previous task and its service's recent events from the
    /// ECS snapshot and the task <-> peer correlation.
    public static func attachECS(to peers: inout [PeerEvidence], snapshot ecs: ECSSnapshot, correlation c: PeerTaskCorrelation,
                                 serviceEvents: Int = 20) {
        for i in peers.indices {
            guard let link = c.link(forPeer: peers[i].id) else { continue }
            let tasks = ([link.currentTaskID].compactMap { $0 } + link.previousTaskIDs).compactMap { ecs.task(id: $0) }
            if let cur = link.currentTaskID.flatMap({ ecs.task(id: $0) }) {
                peers[i].currentTask = TaskEvidence(cur)
                peers[i].previousTask = tasks.first { $0.id != cur.id }.map(TaskEvidence.init)
            } else {
                peers[i].currentTask = tasks.first.map(TaskEvidence.init)
                peers[i].previousTask = tasks.dropFirst().first.map(TaskEvidence.init)
            }
            // A peer known only by id (gone before anything named it: /peers drops a frozen peer,
            // its ping metric expires) takes the name its task definition gives it, when unique.
            if peers[i].name.isEmpty, let t = tasks.first, let names = ecs.taskDefinition(for: t)?.clusterPeerNames, names.count == 1 {
                peers[i].name = names[0]
            }
            if let svc = tasks.first?.serviceName, let s = ecs.service(named: svc) {
                peers[i].serviceName = svc
                peers[i].serviceEvents = s.events.prefix(serviceEvents).map { ServiceEventEvidence(time: $0.createdAt, message: $0.message) }
            }
        }
    }

    /// Adds triage-relevant lines (classified, or warn and worse) to the peer that logged them
    /// and to the peer they are about; returns the last `lastLinesPerPeer` raw lines per peer for
    /// a report. Lines without `peer` get it from the correlation by task id. Oldest first in.
    @discardableResult
    public static func attachLogs<S: Sequence>(to peers: inout [PeerEvidence], lines: S, correlation: PeerTaskCorrelation?,
                                               lastLinesPerPeer: Int = 20, maxPerPeer: Int = 200) -> [String: [String]]
    where S.Element == LogLine {
        var index: [String: Int] = [:]
        for (i, p) in peers.enumerated() { index[p.id] = i }
        var lastLines: [String: [String]] = [:]
        // Lists grow to twice their bound before the oldest half is dropped (then once more at
        // the end): amortised O(1) per line over a ring of 100,000, not a shift per line.
        func add(_ ev: LogEvidence, _ i: Int) {
            peers[i].logs.append(ev)
            if peers[i].logs.count > 2 * maxPerPeer { peers[i].logs.removeFirst(peers[i].logs.count - maxPerPeer) }
        }
        defer {
            for i in peers.indices where peers[i].logs.count > maxPerPeer { peers[i].logs.removeFirst(peers[i].logs.count - maxPerPeer) }
        }
        for var line in lines {
            if line.peer == nil, let t = line.taskID { line.peer = correlation?.peerID(forTask: t) }
            if let from = line.peer, index[from] != nil, !line.isContinuation, lastLinesPerPeer > 0 {
                lastLines[from, default: []].append(line.raw)
                if lastLines[from]!.count > 2 * lastLinesPerPeer { lastLines[from]!.removeFirst(lastLines[from]!.count - lastLinesPerPeer) }
            }
            guard line.triage != nil || line.level.isAtLeast(.warn) else { continue }
            var ev = LogEvidence(line)
            if let from = line.peer, let i = index[from] { ev.logger = [peers[i].displayName, line.container].compactMap { $0 }.joined(separator: " ") }
            // A line about another peer is evidence about that one, not about the peer that logged it.
            if let from = line.peer, let i = index[from], line.triage?.peer == nil || line.triage?.peer == from { add(ev, i) }
            if let about = line.triage?.peer, about != line.peer, let i = index[about] { add(ev, i) }
        }
        return lastLines.mapValues { Array($0.suffix(lastLinesPerPeer)) }
    }
}
