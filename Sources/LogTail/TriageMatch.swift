import Foundation

/// The log messages that answer "what is broken and since when" (cluster-api.md §5.2), reduced to
/// a small closed set so the peers and triage screens can count them per peer.
public enum TriageKind: UInt8, Codable, Sendable, Hashable, CaseIterable, Comparable {
    /// `metric alert for <metric>: Peer: <id>.`: a peer's metric expired (`ping` = peer down).
    case metricAlert
    /// `<self>: error in broadcast response from <peer>: <err>`: a fan-out call failed for a peer.
    case broadcastError
    /// `bootstrap to <addr> failed: <err>`.
    case bootstrapFailed
    /// `connection refused` anywhere (not already one of the kinds above).
    case connectionRefused
    /// `context deadline exceeded` anywhere (not already one of the kinds above).
    case deadlineExceeded
    /// Kubo unreachable or failing: `error posting to IPFS`, `ipfs does not seem to be available`,
    /// `IPFS error (...)`, `could not get pinset from IPFS`.
    case ipfsError
    /// `pin/unpin operation queue is full`.
    case queueFull
    /// `Not enough candidates to allocate <cid>` / `not enough peers to allocate`.
    case notEnoughCandidates
    /// `shutting down Cluster`, `stopping ...` components, `peer no longer in peerset`,
    /// kubo's `Received interrupt signal, shutting down...`.
    case shutdown
    /// `** IPFS Cluster is READY **` or kubo's `Daemon is ready`.
    case ready
    /// `consensus start timed out`.
    case startupFailed

    public static func < (a: TriageKind, b: TriageKind) -> Bool { a.rawValue < b.rawValue }

    /// Short label for columns and counters.
    public var label: String {
        switch self {
        case .metricAlert: "metric alert"
        case .broadcastError: "broadcast error"
        case .bootstrapFailed: "bootstrap failed"
        case .connectionRefused: "connection refused"
        case .deadlineExceeded: "deadline exceeded"
        case .ipfsError: "IPFS error"
        case .queueFull: "queue full"
        case .notEnoughCandidates: "not enough candidates"
        case .shutdown: "shutdown"
        case .ready: "ready"
        case .startupFailed: "startup failed"
        }
    }

    /// Whether this kind signals trouble (READY and orderly shutdown are milestones, not trouble).
    public var isProblem: Bool { self != .ready && self != .shutdown }
}

/// What a recognised line says: the kind, the peer it names (when it names one) and the metric
/// of a metric alert.
public struct TriageMatch: Codable, Sendable, Hashable {
    public var kind: TriageKind
    /// The peer the message is about (the alerting peer, the peer that failed to answer), not the
    /// peer that logged the line: that one is `LogLine.peer`.
    public var peer: String?
    public var metric: String?

    public init(kind: TriageKind, peer: String? = nil, metric: String? = nil) {
        self.kind = kind
        self.peer = peer
        self.metric = metric
    }
}
