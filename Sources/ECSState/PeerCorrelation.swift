import Foundation

/// What the console knows about one cluster peer, in plain terms (ECSState does not import
/// ClusterAPI). Pass one per peer per observation; `PeerTaskCorrelator` keeps the history.
public struct PeerEndpoints: Sendable, Equatable {
    public var peerID: String
    public var peerName: String?
    /// Multiaddrs as the peer announces them (`/ip4/10.0.1.5/tcp/9096/p2p/...`, `/dns4/<name>/tcp/9096`).
    public var addresses: [String]
    /// When the console last saw the peer answer with these addresses.
    public var lastSeen: Date
    /// Set while the peer is missing from the cluster (since when); nil while present.
    public var missingSince: Date?

    public init(peerID: String, peerName: String? = nil, addresses: [String], lastSeen: Date, missingSince: Date? = nil) {
        self.peerID = peerID; self.peerName = peerName; self.addresses = addresses
        self.lastSeen = lastSeen; self.missingSince = missingSince
    }

    /// IPv4 addresses of the cluster swarm port (`/ip4/<ip>/tcp/9096`), loopback and 0.0.0.0 dropped.
    public var clusterIPv4s: [String] {
        addresses.compactMap { address in
            let parts = address.split(separator: "/")
            guard parts.count >= 4, parts[0] == "ip4", parts[2] == "tcp", parts[3] == "9096" else { return nil }
            let ip = String(parts[1])
            return ip.hasPrefix("127.") || ip == "0.0.0.0" ? nil : ip
        }
    }

    /// Host names of `/dns*/<host>/tcp/9096` addresses (Cloud Map names such as
    /// `ipfs-cluster-ipfs-node-us-east-1a.ipfs-cluster`).
    public var clusterDNSNames: [String] {
        addresses.compactMap { address in
            let parts = address.split(separator: "/")
            guard parts.count >= 4, parts[0].hasPrefix("dns"), parts[2] == "tcp", parts[3] == "9096" else { return nil }
            return String(parts[1])
        }
    }
}

/// How a task was tied to a peer, strongest first.
public enum PeerMatchMethod: String, Sendable, Equatable {
    /// ENI private IP equals a `/ip4/<ip>/tcp/9096` address seen while the task ran.
    case privateIP
    /// The peer announces the Cloud Map name of the task's service.
    case cloudMapName
    /// The peer's name equals a CLUSTER_PEERNAME of the task's task definition.
    case peerName
}

/// The peer side of the join.
public struct PeerTaskLink: Sendable, Equatable {
    public var peerID: String
    /// The task carrying the peer now (not stopping/stopped), newest start first.
    public var currentTaskID: String?
    /// Earlier tasks of the peer, newest first.
    public var previousTaskIDs: [String]
    /// Set when the peer is missing and its latest task is stopping/stopped: that stop is the
    /// likely cause ("task stopped while peer missing"). Read its stopCode/stoppedReason.
    public var likelyCauseTaskID: String?
    public var hasLikelyCause: Bool { likelyCauseTaskID != nil }
}

/// A task's side of the join.
public struct TaskPeerMatch: Sendable, Equatable {
    public var peerID: String
    public var method: PeerMatchMethod
}

/// The result of one correlation run.
public struct PeerTaskCorrelation: Sendable, Equatable {
    /// Per peer id (every observed peer, matched or not).
    public var peers: [String: PeerTaskLink] = [:]
    /// Per task id, for tasks that could be matched.
    public var tasks: [String: TaskPeerMatch] = [:]

    public func peerID(forTask id: String) -> String? { tasks[id]?.peerID }
    public func link(forPeer id: String) -> PeerTaskLink? { peers[id] }
}

/// Joins ECS tasks to cluster peers. Peer ids survive task replacement (identity on EFS) while task
/// ids and IPs do not, and awsvpc IPs are reused, so the join is time-aware: it remembers when each
/// peer was seen at which IP and only matches a task whose running window overlaps that sighting.
/// Keep one correlator for the session and feed it every peers poll.
public struct PeerTaskCorrelator: Sendable {
    /// One period in which a peer was seen at an IP.
    struct Sighting: Sendable, Equatable {
        var peerID: String
        var ip: String
        var firstSeen: Date
        var lastSeen: Date
    }

    private var sightings: [Sighting] = []
    private var peers: [String: PeerEndpoints] = [:]
    /// Slack around a task's window: a peer list polled just after a task stopped still shows the
    /// old address. Much shorter than the time a replacement task needs to come up on the same IP.
    public var grace: TimeInterval

    public init(grace: TimeInterval = 60) {
        self.grace = grace
    }

    /// Records a peers poll (present and missing peers alike).
    public mutating func observe(_ observations: [PeerEndpoints]) {
        for peer in observations {
            let previous = peers[peer.peerID]
            peers[peer.peerID] = peer
            // A missing peer's addresses are its last known ones, not a new sighting.
            guard peer.missingSince == nil else {
                if let previous { peers[peer.peerID]?.addresses = peer.addresses.isEmpty ? previous.addresses : peer.addresses }
                continue
            }
            for ip in peer.clusterIPv4s {
                // Extend the latest sighting of this IP if it is this peer's; any other peer seen at
                // the IP in between (reuse) starts a new period.
                if let index = sightings.lastIndex(where: { $0.ip == ip }), sightings[index].peerID == peer.peerID {
                    sightings[index].lastSeen = max(sightings[index].lastSeen, peer.lastSeen)
                    sightings[index].firstSeen = min(sightings[index].firstSeen, peer.lastSeen)
                } else {
                    sightings.append(Sighting(peerID: peer.peerID, ip: ip, firstSeen: peer.lastSeen, lastSeen: peer.lastSeen))
                }
            }
        }
    }

    /// Joins the snapshot's tasks to the peers observed so far.
    /// - Parameter now: end of the window of tasks that are still running.
    public func correlate(_ snapshot: ECSSnapshot, now: Date = Date()) -> PeerTaskCorrelation {
        var result = PeerTaskCorrelation()
        for task in snapshot.tasks {
            if let match = match(task, snapshot: snapshot, now: now) { result.tasks[task.id] = match }
        }
        for (peerID, peer) in peers {
            let tasks = snapshot.tasks.filter { result.tasks[$0.id]?.peerID == peerID }
            let byRecency = tasks.sorted { recency($0) > recency($1) }
            let current = byRecency.first { $0.isActive }
            var link = PeerTaskLink(peerID: peerID, currentTaskID: current?.id,
                                    previousTaskIDs: byRecency.filter { $0.id != current?.id }.map(\.id),
                                    likelyCauseTaskID: nil)
            if peer.missingSince != nil, let latest = byRecency.first, !latest.isActive {
                link.likelyCauseTaskID = latest.id
            }
            result.peers[peerID] = link
        }
        return result
    }

    private func recency(_ task: ECSTask) -> Date {
        task.startedAt ?? task.createdAt ?? task.stoppedAt ?? .distantPast
    }

    private func match(_ task: ECSTask, snapshot: ECSSnapshot, now: Date) -> TaskPeerMatch? {
        if let ip = task.privateIPv4, let window = runningWindow(task, now: now) {
            let candidates = sightings.filter {
                $0.ip == ip && $0.lastSeen >= window.start.addingTimeInterval(-grace)
                    && $0.firstSeen <= window.end.addingTimeInterval(grace)
            }
            // Prefer the sighting closest to the task's own window (latest first seen inside it).
            if let best = candidates.max(by: { overlap($0, window) < overlap($1, window) }) {
                return .init(peerID: best.peerID, method: .privateIP)
            }
        }
        if let service = task.serviceName?.lowercased() {
            let hit = peers.values.sorted { $0.peerID < $1.peerID }.first { peer in
                peer.clusterDNSNames.contains { $0.lowercased() == service || $0.lowercased().hasPrefix(service + ".") }
            }
            if let hit { return .init(peerID: hit.peerID, method: .cloudMapName) }
        }
        if let names = snapshot.taskDefinition(for: task)?.clusterPeerNames, !names.isEmpty {
            let hit = peers.values.sorted { $0.peerID < $1.peerID }.first { peer in
                peer.peerName.map { !$0.isEmpty && names.contains($0) } ?? false
            }
            if let hit { return .init(peerID: hit.peerID, method: .peerName) }
        }
        return nil
    }

    /// The interval in which the task held its IP: start (or -infinity when ECS omitted it, as moto
    /// does) to stop (or now). A stopped task without any stop time has no usable window: matching
    /// it by IP alone could claim a later peer that reuses the address.
    private func runningWindow(_ task: ECSTask, now: Date) -> (start: Date, end: Date)? {
        let start = task.windowStart ?? .distantPast
        if let end = task.windowEnd ?? task.stoppedAt { return (start, max(end, start)) }
        if task.lastStatus == .stopped || task.lastStatus == .deleted {
            guard let started = task.windowStart else { return nil }
            return (started, started)
        }
        return (start, max(now, start))
    }

    private func overlap(_ s: Sighting, _ window: (start: Date, end: Date)) -> TimeInterval {
        let lo = max(s.firstSeen, window.start)
        let hi = min(s.lastSeen, window.end)
        return hi.timeIntervalSince(lo)
    }
}
