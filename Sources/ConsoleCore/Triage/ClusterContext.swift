import Foundation

/// What every rule may know beyond the peer it judges: the time, the other peers, the
/// membership comparison, the version most peers run and the impact numbers.
public struct ClusterContext: Sendable, Hashable {
    public var now: Date
    public var peers: [PeerEvidence]
    public var membership: MembershipReport
    /// The version most peers report (nil when none or a tie with no majority).
    public var majorityVersion: String?
    public var impact: ImpactReport
    /// What the gateway probes say (nil: no gateway configured).
    public var gateway: GatewayEvidence?

    public init(now: Date, peers: [PeerEvidence], impact: ImpactReport = ImpactReport(), gateway: GatewayEvidence? = nil) {
        self.now = now
        self.gateway = gateway
        self.peers = peers
        self.membership = MembershipReport.analyze(peers)
        self.impact = impact
        var counts: [String: Int] = [:]
        for p in peers { if let v = p.version, !v.isEmpty { counts[v, default: 0] += 1 } }
        let sorted = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        if let top = sorted.first, sorted.count == 1 || top.value > sorted[1].value { majorityVersion = top.key }
    }

    public func name(of peerID: String) -> String {
        peers.first { $0.id == peerID }?.displayName ?? PeerInfo.shortID(peerID)
    }
}
