import ClusterAPI
import ECSState
import Foundation
import LogTail

/// The one evidence builder: turns the console state into the triage engine's input.
///
/// Why one: the triage screen and the headless `snapshot` used to assemble evidence in two places
/// with different rules, so they disagreed. Both now feed their answers through `ConsoleUpdate`
/// and call this, so from the same events they give the same verdicts, evidence and times.
public enum IncidentEvidence {
    /// Log lines kept per peer for a report.
    public static let lastLinesPerPeer = 20

    /// The engine's input and the last raw lines per peer (for the snapshot).
    public static func build(_ state: ConsoleState) -> (evidence: TriageEvidence, lastLines: [String: [String]]) {
        let observedAt = observedAt(state)
        var peers: [PeerEvidence] = []
        var idByName: [String: String] = [:]
        for p in state.peerList {
            let pingAlert = state.latestPingAlert(p.id)
            let unlisted = state.unlisted(p)
            guard p.lastSeen != nil || p.missingSince != nil || !p.error.isEmpty || unlisted != nil else { continue }
            let name = state.knownName(p.id)
            if !name.isEmpty { idByName[name] = p.id }
            var e = PeerEvidence(id: p.id, name: name)
            // The console stamped these itself: moved onto the cluster's clock, the one the
            // verdicts judge by.
            e.lastSeen = state.onClusterClock(p.lastSeen)
            e.missingSince = state.onClusterClock(p.missingSince)
            e.errorText = p.error.isEmpty ? nil : p.error
            e.errorSince = state.onClusterClock(p.errorSince)
            // Only a present peer's list counts: a missing peer's last list is stale, not a split.
            if p.missingSince == nil && p.error.isEmpty && !p.clusterPeers.isEmpty { e.clusterPeers = p.clusterPeers }
            e.version = p.version.isEmpty ? nil : p.version
            e.ipfsError = p.ipfsError.isEmpty ? nil : p.ipfsError
            e.ipfsErrorSince = state.onClusterClock(p.ipfsErrorSince)
            e.pingExpiry = p.pingExpire ?? pingAlert.flatMap { $0.metric.expire > 0 ? $0.metric.expireDate : nil }
            if let unlisted {
                e.missingSince = unlisted.since
                e.lastSeen = unlisted.lastReported
            }
            e.alerts = state.alerts.filter { $0.metric.peer == p.id }.compactMap { a in
                a.triggeredAt.date.map { AlertEvidence(metric: a.metric.name, triggeredAt: $0) }
            }
            let sampled = p.pingReceived ?? observedAt
            // Trends from the timeline (the disk-filling and queue-growing rules need history),
            // else the latest metric alone.
            let trends = state.timelines.trends(peer: p.id, shiftedBy: state.clusterClock.offset)
            if !trends.freeSpace.isEmpty { e.freespace = trends.freeSpace } else if let f = p.freeSpace {
                e.freespace = [TimedValue(time: sampled, value: Double(f))]
            }
            if !trends.pinQueue.isEmpty { e.pinQueue = trends.pinQueue } else if let q = p.pinQueue {
                e.pinQueue = [TimedValue(time: sampled, value: Double(q))]
            }
            if let a = state.direct.address(forPeer: p.id), a.inUse {
                let others = state.direct.list.filter { $0.answering && $0.expectedPeer != p.id }.count
                e.directAPI = DirectAPIEvidence(address: a.hostPort, answering: a.answering, failingSince: state.onClusterClock(a.failingSince),
                                                error: a.lastError, lastAnswer: state.onClusterClock(a.lastAnswer),
                                                mainAnswers: state.unreachable == nil && state.freshness(.id).lastSuccess != nil,
                                                viaLoadBalancer: state.mainIsLoadBalancer, othersAnswering: others)
            }
            e.setPinCounts(from: state.pins.table)
            if e.pinsInError > 0 { e.pinErrorSamples = state.pins.table.errorSamples(peer: p.id) }
            peers.append(e)
        }
        if let snapshot = state.ecs.snapshot, let correlation = state.ecs.correlation {
            TriageEvidenceBuilder.attachECS(to: &peers, snapshot: snapshot, correlation: correlation)
        }
        var findings: [DeploymentFinding] = []
        if let picture = state.ecs.deployment {
            findings = TriageEvidenceBuilder.attachDeployment(to: &peers, picture: picture)
        }
        // The ring carries peer names (what the logs pane shows); the engine joins by peer id.
        let lines = state.logs.ring.lazy.map { line -> LogLine in
            var l = line
            if let p = l.peer, let id = idByName[p] { l.peer = id }
            return l
        }
        let lastLines = TriageEvidenceBuilder.attachLogs(to: &peers, lines: lines, correlation: state.ecs.correlation,
                                                         lastLinesPerPeer: lastLinesPerPeer)
        return (TriageEvidence(peers: peers, observedAt: observedAt, clusterVersion: state.majorityVersion,
                               deploymentFindings: findings, gateway: GatewayEvidence.build(state)), lastLines)
    }

    /// "Now" for the verdicts: the cluster's time at the latest event (``ConsoleState/clusterNow``),
    /// or later when its own reports (metrics received, alerts triggered, ECS exports written)
    /// are newer still (a simulator running faster than real time between two `Date` samples).
    /// Log lines do not move it: lines written while answers came in must not make those answers
    /// look expired.
    public static func observedAt(_ state: ConsoleState) -> Date {
        var now = state.clusterNow
        for p in state.peers.values { if let r = p.pingReceived, r > now { now = r } }
        for a in state.alerts { if let d = a.triggeredAt.date, d > now { now = d } }
        // The exports' file times are this machine's clock: moved onto the cluster's.
        if let e = state.onClusterClock(state.ecs.snapshot?.exportedAt), e > now { now = e }
        return now
    }
}

extension ConsoleState {
    /// The newest `ping` alert about a peer (the cluster's word that it stopped answering).
    public func latestPingAlert(_ id: String) -> Alert? {
        alerts.filter { $0.metric.peer == id && $0.metric.name == "ping" }.max { $0.triggeredAt < $1.triggeredAt }
    }

    /// A peer `/peers` never listed although the cluster knows it (a ping metric or alert): it
    /// left before this console started watching (CRDT drops dead peers from `/peers` silently).
    /// Missing since its ping expired (or its alert), last reported when its metric was received.
    public func unlisted(_ p: PeerInfo) -> (since: Date, lastReported: Date?)? {
        guard freshness(.peers).lastSuccess != nil, p.lastSeen == nil, p.missingSince == nil, p.error.isEmpty else { return nil }
        let alert = latestPingAlert(p.id)
        let observed = IncidentEvidence.observedAt(self)
        let expiry = p.pingExpire ?? alert.flatMap { $0.metric.expire > 0 ? $0.metric.expireDate : nil }
        // A live ping metric is a peer joining, not one gone.
        guard alert != nil || (p.pingReceived != nil && expiry.map { $0 <= observed } == true) else { return nil }
        let since = expiry.map { min($0, observed) } ?? alert?.triggeredAt.date ?? observed
        let reported = p.pingReceived ?? alert.flatMap { $0.metric.receivedAt > 0 ? $0.metric.receivedDate : nil }
        return (since, reported)
    }
}
