import Foundation

/// The cluster's clock as seen from the console: how far it runs ahead of (or behind) ours.
///
/// Why: every metric expiry, alert age and "since" the cluster reports is in its own time. A
/// console whose clock is ten minutes fast would call every ping expired and every peer
/// CRITICAL; one reading answers recorded days ago would do the same. So the console estimates
/// the offset continuously and judges the cluster's times against `now + offset`.
///
/// Sources, best first: the `Date` header of each response (whole seconds, so each sample is
/// read as the middle of its second), and when no response carried one, the newest metric's
/// `received_at` (a lower bound of the cluster's now, within a ping interval of it).
public struct ClusterClock: Sendable, Equatable {
    /// Samples kept for the median (a sliding window, so a clock that drifts or is reset is
    /// followed within a few polls).
    public static let window = 9
    /// Offsets below this are clock noise (one-second headers, request latency): not shown.
    public static let showAbove: Double = 5

    /// Recent `Date`-header offsets (cluster minus console), oldest first.
    public private(set) var headerSamples: [Double] = []
    /// The offset read from metrics' `received_at`, used only without any `Date` header.
    public private(set) var receivedOffset: Double?

    public init() {}

    /// Seconds the cluster's clock is ahead of the console's (negative: behind); 0 when unknown.
    public var offset: Double {
        if !headerSamples.isEmpty { return Self.median(headerSamples) }
        return receivedOffset ?? 0
    }

    /// Whether anything told the cluster's time yet.
    public var isKnown: Bool { !headerSamples.isEmpty || receivedOffset != nil }

    /// A response's `Date` header read at console time `local`.
    public mutating func observe(serverDate: Date, local: Date) {
        headerSamples.append(serverDate.timeIntervalSince(local) + 0.5)
        if headerSamples.count > Self.window { headerSamples.removeFirst(headerSamples.count - Self.window) }
    }

    /// The newest `received_at` of a metrics answer read at console time `local`. Only moves
    /// the estimate when it says the cluster is behind by more than a minute (a fresh metric is
    /// at most a ping interval old) or ahead of us: anything else is the metric's own age.
    public mutating func observe(newestReceived: Date, local: Date) {
        let d = newestReceived.timeIntervalSince(local)
        if d > 0 || d < -60 {
            receivedOffset = d
        } else if receivedOffset != nil {
            receivedOffset = 0
        }
    }

    /// The cluster's time at console time `local`.
    public func clusterTime(_ local: Date) -> Date { local.addingTimeInterval(offset) }

    /// "cluster clock +12 s" for the header, nil while within `showAbove`.
    public var headerText: String? {
        let o = offset
        guard abs(o) > Self.showAbove else { return nil }
        return "cluster clock \(o > 0 ? "+" : "-")\(TriageText.span(abs(o)))"
    }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}

extension ConsoleState {
    /// The cluster's time at the latest event: what metric expiry, alert ages and "since" are
    /// judged against (views never read a clock).
    public var clusterNow: Date { clusterClock.clusterTime(now) }

    /// A time the console stamped itself (`missingSince`, `lastSeen`...) on the cluster's clock,
    /// so it can be compared with the cluster's own times.
    public func onClusterClock(_ local: Date?) -> Date? { local.map(clusterClock.clusterTime) }

    /// A time the cluster reported (a metric received, an alert triggered, a pin's status, an
    /// ECS or log time), on the console's clock: what the screens and reports show, so every time
    /// of day is comparable with the header's clock. Ages stay judged on the cluster's clock.
    public func onConsoleClock(_ cluster: Date?) -> Date? { cluster.map { $0.addingTimeInterval(-clusterClock.offset) } }

    /// Whether a peer's last `ping` metric has expired by the cluster's clock.
    public func pingExpired(_ p: PeerInfo) -> Bool { p.pingExpire.map { $0 < clusterNow } ?? false }
}
