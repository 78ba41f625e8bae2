import ClusterAPI
import ECSState
import Foundation
import LogTail

/// The parts of the update that keep the incident picture: the ECS join, the log lines, the
/// timelines and the alert history. All of it changes here, with the event's time.
extension ConsoleUpdate {
    /// Alerts remembered at most.
    public static let alertHistoryLimit = 500

    static func takeECS(_ snapshot: ECSSnapshot, _ state: inout ConsoleState, now: Date) {
        state.ecs.take(snapshot, observing: peerEndpoints(state, now: now), now: now)
        joinedPeersChanged(&state)
    }

    static func takeLogs(_ batch: LogBatch, _ state: inout ConsoleState) {
        let peers = state.peers
        let relevant = state.logs.ingest(batch, correlation: state.ecs.correlation) { id in
            let name = peers[id]?.name ?? ""
            return name.isEmpty ? id : name
        }
        if relevant { state.triageInputVersion += 1 }
    }

    /// After each peers poll: a sighting per peer for the ECS join, and one timeline sample per
    /// known peer (the triage sparklines and the trend rules).
    static func peersPolled(_ state: inout ConsoleState, now: Date) {
        state.ecs.observe(peerEndpoints(state, now: now), now: now)
        joinedPeersChanged(&state)
        for p in state.peerList where p.lastSeen != nil || p.missingSince != nil {
            state.timelines.record(peer: p.id, TimelineSample(time: now, up: p.condition.isHealthy,
                                                              pinsInError: state.pins.errorCount(peer: p.id),
                                                              pinQueue: p.pinQueue ?? 0, freeSpace: p.freeSpace.map(Double.init)))
        }
    }

    /// Where each peer is (its own addresses, else what the answering peer lists for it). A peer
    /// the cluster knows but `/peers` never listed is seen where and when it was last reported,
    /// then as missing, so its stopped task can still be joined to it by IP.
    static func peerEndpoints(_ state: ConsoleState, now: Date) -> [PeerEndpoints] {
        var viaNeighbour: [String: [String]] = [:]
        for addr in state.answeringPeer?.clusterPeersAddresses ?? [] {
            if let r = addr.range(of: "/p2p/") { viaNeighbour[String(addr[r.upperBound...]), default: []].append(addr) }
        }
        var out: [PeerEndpoints] = []
        for p in state.peerList {
            let addresses = p.addresses.isEmpty ? viaNeighbour[p.id] ?? [] : p.addresses
            let name = p.name.isEmpty ? nil : p.name
            if let unlisted = state.unlisted(p) {
                if let seen = unlisted.lastReported {
                    out.append(PeerEndpoints(peerID: p.id, peerName: name, addresses: addresses, lastSeen: seen))
                }
                out.append(PeerEndpoints(peerID: p.id, peerName: name, addresses: addresses,
                                         lastSeen: unlisted.lastReported ?? now, missingSince: unlisted.since))
                continue
            }
            out.append(PeerEndpoints(peerID: p.id, peerName: name, addresses: addresses,
                                     lastSeen: p.lastSeen ?? p.firstSeen ?? now, missingSince: p.missingSince))
        }
        return out
    }

    /// The join changed: log lines of joined tasks take their peer's name.
    static func joinedPeersChanged(_ state: inout ConsoleState) {
        guard let c = state.ecs.correlation else { return }
        state.logs.setTaskPeers(c.tasks.mapValues { m in
            let name = state.peers[m.peerID]?.name ?? ""
            return name.isEmpty ? m.peerID : name
        })
        state.triageInputVersion += 1
    }

    static func recordAlerts(_ alerts: [Alert], _ state: inout ConsoleState, now: Date) {
        for a in alerts {
            let when = a.triggeredAt.date
            if let i = state.alertHistory.lastIndex(where: { $0.peer == a.metric.peer && $0.metric == a.metric.name && $0.triggeredAt == when }) {
                state.alertHistory[i].lastReported = now
            } else {
                state.alertHistory.append(AlertRecord(peer: a.metric.peer, metric: a.metric.name, triggeredAt: when,
                                                      firstReported: now, lastReported: now))
            }
        }
        if state.alertHistory.count > alertHistoryLimit { state.alertHistory.removeFirst(state.alertHistory.count - alertHistoryLimit) }
    }
}
