import Foundation

/// Compares every peer's own `cluster_peers` list. Why: a peer started without `--bootstrap` (or
/// with an empty peerstore) forms a new one-peer cluster and looks healthy from its own API; only
/// comparing the lists shows the split.
public struct MembershipReport: Sendable, Codable, Hashable {
    /// Peers that report the same membership.
    public struct Group: Sendable, Codable, Hashable {
        /// The peers in this group (sorted).
        public var members: [String]
        /// The membership they report, each including itself (sorted).
        public var sees: [String]
    }

    /// One peer's list, for showing the lists side by side.
    public struct Column: Sendable, Codable, Hashable {
        public var peerID: String
        public var peerName: String
        /// Names (or short ids) of the peers it sees, itself included, sorted.
        public var sees: [String]
        public var groupIndex: Int
    }

    /// Largest first; `groups[0]` is taken as the real cluster.
    public var groups: [Group]
    /// Peers whose list holds only themselves while other peers are known.
    public var isolated: [String]
    /// Peers that did not report a list (unreachable): not counted either way.
    public var unknown: [String]
    public var columns: [Column]

    /// More than one distinct membership among the peers that answered.
    public var isSplit: Bool { groups.count > 1 || !isolated.isEmpty }

    /// True when `peer` is outside the majority membership.
    public func isOutsideMajority(_ peer: String) -> Bool {
        guard isSplit, let first = groups.first else { return false }
        return !first.members.contains(peer) && (groups.contains { $0.members.contains(peer) })
    }

    public func group(of peer: String) -> Group? { groups.first { $0.members.contains(peer) } }

    /// Builds the report from the evidence of every known peer.
    public static func analyze(_ peers: [PeerEvidence]) -> MembershipReport {
        let names = Dictionary(peers.map { ($0.id, $0.displayName) }, uniquingKeysWith: { a, _ in a })
        // Peers missing from the cluster or listed only with an error entry (frozen, stopped).
        let absent = Set(peers.filter { $0.missingSince != nil || !($0.errorText ?? "").isEmpty }.map(\.id))
        var bySet: [[String]: [String]] = [:]
        var unknown: [String] = []
        var isolated: [String] = []
        for p in peers {
            // A missing peer's list counts only if it answered after it went missing (it is alive
            // but outside the cluster, as a split peer is); otherwise the list is stale.
            let stale = p.missingSince.map { since in !(p.lastSeen.map { $0 >= since } ?? false) } ?? false
            guard let list = p.clusterPeers, !stale else { unknown.append(p.id); continue }
            // Absent peers are left out of the comparison: a list taken just before and one taken
            // just after a peer froze or dropped out would otherwise look like a split (a CRDT
            // peer's membership is the peers with a valid ping metric, and those expire one
            // peer at a time).
            var set = Set(list).subtracting(absent)
            set.insert(p.id)
            let key = set.sorted()
            bySet[key, default: []].append(p.id)
            if key == [p.id] && peers.count > 1 { isolated.append(p.id) }
        }
        var groups = bySet.map { Group(members: $0.value.sorted(), sees: $0.key) }
        groups.sort { a, b in
            if a.members.count != b.members.count { return a.members.count > b.members.count }
            if a.sees.count != b.sees.count { return a.sees.count > b.sees.count }
            return a.members.lexicographicallyPrecedes(b.members)
        }
        var columns: [Column] = []
        for (gi, g) in groups.enumerated() {
            for m in g.members {
                columns.append(Column(peerID: m, peerName: names[m] ?? PeerInfo.shortID(m),
                                      sees: g.sees.map { names[$0] ?? PeerInfo.shortID($0) }.sorted(), groupIndex: gi))
            }
        }
        return MembershipReport(groups: groups, isolated: isolated.sorted(), unknown: unknown.sorted(), columns: columns)
    }

    /// The lists side by side as text rows (one column per peer), for plain renderers.
    public func sideBySideRows() -> [[String]] {
        guard !columns.isEmpty else { return [] }
        let height = columns.map(\.sees.count).max() ?? 0
        var rows: [[String]] = [columns.map { "\($0.peerName) sees:" }]
        for i in 0..<height { rows.append(columns.map { i < $0.sees.count ? $0.sees[i] : "" }) }
        return rows
    }
}
