import ClusterAPI
import Foundation

/// How a peer is doing, from worst to best, as the peers screen and header state it.
public enum PeerCondition: Sendable, Equatable {
    /// Seen before, absent from the last `/peers`.
    case missing(since: Date)
    /// Listed in `/peers` with an error entry (unreachable: `context deadline exceeded`...).
    case error(String)
    /// Cluster peer answers but its IPFS daemon does not.
    case ipfsDown(String)
    case ok
    /// Known from configuration, not seen yet.
    case unknown

    public var isHealthy: Bool { self == .ok }

    /// Ordering for "worst first" sorts.
    public var severity: Int {
        switch self {
        case .missing: 4
        case .error: 3
        case .ipfsDown: 2
        case .unknown: 1
        case .ok: 0
        }
    }
}

/// Everything the console knows about one peer, merged from `/peers`, `/id`, the metrics and
/// the alerts, and remembered after the peer leaves `/peers` (CRDT drops dead peers silently).
public struct PeerInfo: Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String = ""
    public var version: String = ""
    public var addresses: [String] = []
    public var clusterPeers: [String] = []
    public var ipfsID: String = ""
    public var ipfsError: String = ""
    /// When `ipfsError` was first seen in this run of errors (for "IPFS down since").
    public var ipfsErrorSince: Date?
    /// Error text of the latest `/peers` entry (empty when fine).
    public var error: String = ""
    public var errorSince: Date?
    public var firstSeen: Date?
    /// Last time the peer was listed in `/peers` without an error.
    public var lastSeen: Date?
    public var missingSince: Date?
    public var freeSpace: UInt64?
    public var pinQueue: Int?
    public var pingExpire: Date?
    public var pingReceived: Date?
    /// Known from configuration, ECS or pins only (never listed in `/peers` yet).
    public var fromElsewhere: Bool = false
    /// Answered from another cluster than the one most peers form (a peer started without
    /// `--bootstrap` behind the same load balancer): its `/peers` never marks the others missing,
    /// and theirs never marks it missing.
    public var otherCluster: Bool = false

    public init(id: String) { self.id = id }

    public var shortID: String { PeerInfo.shortID(id) }

    /// Name, or the short id when the peer never told its name.
    public var displayName: String { name.isEmpty ? shortID : name }

    /// `12D3KooW…V3P8PC`: the one abbreviation of a peer id everywhere (screens, triage, reports),
    /// both ends kept, as operators compare ids by both ends.
    public static func shortID(_ id: String) -> String {
        id.count > 16 ? "\(id.prefix(8))…\(id.suffix(6))" : id
    }

    public var condition: PeerCondition {
        if let m = missingSince { return .missing(since: m) }
        if !error.isEmpty { return .error(error) }
        if !ipfsError.isEmpty { return .ipfsDown(ipfsError) }
        if lastSeen == nil { return .unknown }
        return .ok
    }
}
