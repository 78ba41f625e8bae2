/// How a simulated peer's process is doing.
public enum PeerRunState: String, Sendable, Codable {
    /// Answers, publishes metrics, pins.
    case running
    /// SIGSTOP: its listener accepts and never answers; its metrics stop.
    case frozen
    /// Exited cleanly: its listener is closed (connection refused).
    case stopped
}

/// One alert as held in a peer's in-memory `/health/alerts` list.
struct SimAlert: Sendable {
    var metric: String
    var peer: Int
    var value: String
    var expire: Double
    var receivedAt: Double
    var triggeredAt: Double
}

/// One simulated cluster peer (an ECS task pair `ipfs` + `ipfs-cluster`).
struct SimPeer: Sendable {
    let index: Int
    let name: String
    let peerID: String
    let ipfsID: String
    let az: String
    var ip: String
    var state: PeerRunState = .running
    /// Elapsed sim time of the last process start (or resume).
    var startedAt: Double = 0
    /// Elapsed sim time metrics stopped being published (freeze or stop); nil while running.
    var publishStoppedAt: Double?
    var ipfsDown = false
    var ipfsDownSince: Double?
    var diskFull = false
    var freeSpace: Int64
    /// Alerts this peer holds, newest first (Cluster keeps them per contacted peer).
    var alerts: [SimAlert] = []
    /// (peer index, metric) pairs this peer has alerted about; an alert fires once.
    var alerted: Set<String> = []
    /// Elapsed time of the last "lost contact" log lines this peer wrote about others.
    var lastContactLog: [Int: Double] = [:]

    static let metricTTL = 30.0
    static let publishInterval = 15.0
    static let alertCheckDelay = 6.0

    var isLive: Bool { state == .running }

    var freespaceValue: Int64 { diskFull ? 0 : freeSpace }

    func clusterAddress(peerID: String? = nil) -> String { "/ip4/\(ip)/tcp/9096/p2p/\(self.peerID)" }
    var ipfsAddresses: [String] { ["/ip4/\(ip)/tcp/4001/p2p/\(ipfsID)", "/ip4/127.0.0.1/tcp/4001/p2p/\(ipfsID)"] }

    /// When metric `name` was last received (elapsed sim seconds), or nil if never.
    func lastPublish(_ name: String, now: Double) -> Double? {
        var end = publishStoppedAt ?? now
        if name == "freespace", ipfsDown, let since = ipfsDownSince { end = min(end, since) }
        guard end >= startedAt else { return publishStoppedAt }
        if let stop = publishStoppedAt, end == stop { return stop }
        if name == "freespace", ipfsDown, let since = ipfsDownSince, end == since { return since }
        let k = ((end - startedAt) / Self.publishInterval).rounded(.down)
        return startedAt + k * Self.publishInterval
    }

    /// Whether the ping metric is unexpired: in CRDT mode this is peer-set membership.
    func inPeerSet(now: Double) -> Bool {
        guard let last = lastPublish("ping", now: now) else { return false }
        return last + Self.metricTTL > now
    }
}
