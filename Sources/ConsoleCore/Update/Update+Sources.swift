import ClusterAPI
import Foundation

extension ConsoleUpdate {
    static func apply(_ result: SourceResult, from source: DataSource, to state: inout ConsoleState, now: Date) {
        switch result {
        case .id(let peer):
            state.answeringPeer = peer
            if let host = state.answers.lastOrigin[.id]?.host, !peer.id.isEmpty { state.answers.peersByHost[host, default: []].insert(peer.id) }
            merge(peer, into: &state, now: now, listed: true)
        case .peers(let list):
            applyPeers(list, to: &state, now: now)
        case .metrics(let metrics):
            applyMetrics(metrics, source: source, reporter: mainReporter(source, state), to: &state, now: now)
        case .alerts(let alerts):
            takeAlerts(alerts, reporter: mainReporter(source, state), &state, now: now)
        }
    }

    /// Who answered a main-endpoint call: the peer last seen answering `/id` on that host
    /// (behind a load balancer, a hint), else the host.
    static func mainReporter(_ source: DataSource, _ state: ConsoleState) -> String {
        let origin = state.answers.lastOrigin[source]
        return origin?.peer ?? origin?.host ?? "the cluster"
    }

    /// One peer's `/health/alerts` (through the main endpoint or at its own address), merged
    /// with every other answer.
    static func takeAlerts(_ alerts: [Alert], reporter: String, _ state: inout ConsoleState, now: Date) {
        state.answers.take(alerts, reporter: reporter, now: now, keep: AnswerMerge.alertKeep(refresh: state.settings.refresh))
        state.alerts = state.answers.mergedAlerts
        recordAlerts(alerts, &state, now: now)
        // An alert may name a peer nothing else lists any more (a frozen peer's ping expired).
        for a in alerts where !a.metric.peer.isEmpty {
            var p = state.peers[a.metric.peer] ?? PeerInfo(id: a.metric.peer)
            if state.peers[p.id] == nil {
                p.fromElsewhere = true
                state.peerOrder.append(p.id)
            }
            if p.name.isEmpty, let name = a.metric.ping?.peerName { p.name = name }
            state.peers[p.id] = p
        }
    }

    /// Merges one `/peers` (or `/id`) entry. An error entry keeps what we knew (name, version):
    /// unreachable peers come back with empty fields.
    static func merge(_ entry: ClusterPeer, into state: inout ConsoleState, now: Date, listed: Bool) {
        guard !entry.id.isEmpty else { return }
        var p = state.peers[entry.id] ?? PeerInfo(id: entry.id)
        if state.peers[entry.id] == nil { state.peerOrder.append(entry.id) }
        if p.firstSeen == nil { p.firstSeen = now }
        p.fromElsewhere = false
        if listed { p.missingSince = nil }
        if !entry.peername.isEmpty { p.name = entry.peername }
        if !entry.error.isEmpty {
            if p.error.isEmpty { p.errorSince = now }
            p.error = entry.error
        } else {
            p.error = ""
            p.errorSince = nil
            p.lastSeen = now
            if !entry.version.isEmpty { p.version = entry.version }
            p.addresses = entry.addresses
            p.clusterPeers = entry.clusterPeers
            p.ipfsID = entry.ipfs.id ?? ""
            if entry.ipfs.error.isEmpty { p.ipfsErrorSince = nil } else if p.ipfsError.isEmpty { p.ipfsErrorSince = now }
            p.ipfsError = entry.ipfs.error
        }
        state.peers[entry.id] = p
    }

    static func applyPeers(_ list: [ClusterPeer], to state: inout ConsoleState, now: Date) {
        let ids = Set(list.map(\.id).filter { !$0.isEmpty })
        // Two clusters behind one address: a list sharing no peer with the peers present is
        // another cluster's answer. The smaller side is the other cluster; neither side's list
        // makes the other side missing.
        let present = Set(state.peerList.filter { $0.lastSeen != nil && $0.missingSince == nil && $0.error.isEmpty && !$0.otherCluster }.map(\.id))
        let disjoint = !present.isEmpty && !ids.isEmpty && ids.isDisjoint(with: present)
        if disjoint && ids.count < present.count {
            for entry in list where !entry.id.isEmpty {
                merge(entry, into: &state, now: now, listed: true)
                state.peers[entry.id]?.otherCluster = true
            }
            return
        }
        if disjoint { for id in present { state.peers[id]?.otherCluster = true } }
        for entry in list where !entry.id.isEmpty {
            merge(entry, into: &state, now: now, listed: true)
            state.peers[entry.id]?.otherCluster = false
        }
        // CRDT drops a dead peer from /peers silently: a peer we saw before and that is no
        // longer listed is missing, since now (kept until it comes back).
        for id in state.peerOrder where !ids.contains(id) {
            guard var p = state.peers[id], p.firstSeen != nil, !p.fromElsewhere, !p.otherCluster else { continue }
            if p.missingSince == nil { p.missingSince = now }
            state.peers[id] = p
        }
    }

    /// One peer's view of a metric of every peer. Views differ (a peer cut off from another
    /// holds that one's last metric longer): per peer and metric the newest `received_at` wins,
    /// and a reporter's own newer answer replaces its older one.
    static func applyMetrics(_ metrics: [Metric], source: DataSource, reporter: String, to state: inout ConsoleState, now: Date) {
        if let newest = metrics.filter({ $0.receivedAt > 0 }).map(\.receivedDate).max() {
            state.clusterClock.observe(newestReceived: newest, local: now)
        }
        for m in metrics where !m.peer.isEmpty {
            let key = "\(m.peer)|\(source.rawValue)"
            if let known = state.answers.metrics[key], known.reporter != reporter, m.receivedAt < known.receivedAt,
               now.timeIntervalSince(known.reportedAt) < AnswerMerge.alertKeep(refresh: state.settings.refresh) { continue }
            state.answers.metrics[key] = MetricReport(reporter: reporter, receivedAt: m.receivedAt, reportedAt: now)
            if state.peers[m.peer] == nil {
                var p = PeerInfo(id: m.peer)
                p.fromElsewhere = true
                state.peers[m.peer] = p
                state.peerOrder.append(m.peer)
            }
            var p = state.peers[m.peer]!
            switch source {
            case .ping:
                p.pingExpire = m.expireDate
                p.pingReceived = m.receivedAt > 0 ? m.receivedDate : nil
                if p.name.isEmpty, let v = m.ping, !v.peerName.isEmpty { p.name = v.peerName }
                if p.ipfsID.isEmpty, let v = m.ping { p.ipfsID = v.ipfsID }
            case .freespace:
                p.freeSpace = UInt64(m.value)
            case .pinqueue:
                p.pinQueue = Int(m.value)
            default:
                break
            }
            state.peers[m.peer] = p
        }
    }
}
