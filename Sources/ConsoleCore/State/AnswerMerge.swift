import ClusterAPI
import Foundation

/// One alert as the console keeps it: merged over every answer, with who reported it and when.
///
/// Why merge: behind a load balancer each `/health/alerts` is one peer's own list, and peers'
/// lists differ (a restarted peer has none). Replacing the list with each answer made the count
/// flap 0, 3, 0; keeping each alert (keyed by the peer it is about and its metric) until no
/// answer has reported it for `AnswerMerge.alertKeep` gives one stable picture.
public struct AlertReport: Sendable, Equatable {
    public var alert: Alert
    /// Who answered the call that last reported it: the peer that last answered `/id` on that
    /// host (behind a load balancer, a hint) or the host.
    public var reportedBy: String
    public var firstReported: Date
    public var lastReported: Date
}

/// Who gave the metric the console shows for a peer, and when: the newest view wins (see
/// `ConsoleUpdate.applyMetrics`).
public struct MetricReport: Sendable, Equatable, Codable {
    public var reporter: String
    /// The metric's `received_at` (nanoseconds, the cluster's clock).
    public var receivedAt: Int64
    /// When the console read it (its own clock).
    public var reportedAt: Date
    public init(reporter: String, receivedAt: Int64, reportedAt: Date) {
        self.reporter = reporter; self.receivedAt = receivedAt; self.reportedAt = reportedAt
    }
}

/// Which peers answer the console, per host: the header's mode line and the split detection.
public struct AnswerMerge: Sendable, Equatable {
    /// An alert nobody reported for this long is dropped (at least five polls).
    public static func alertKeep(refresh: Double) -> Double { max(30, refresh * 5) }

    /// Merged alerts by "peer|metric".
    public var alerts: [String: AlertReport] = [:]
    /// The metric shown per "peer|metric": who reported it and when.
    public var metrics: [String: MetricReport] = [:]
    /// The origin of the latest response per source (sent before the answer's own event).
    public var lastOrigin: [DataSource: ResponseOrigin] = [:]
    /// Peer ids that answered `/id`, per host dialled.
    public var peersByHost: [String: Set<String>] = [:]

    public init() {}

    /// Folds one `/health/alerts` answer in and drops what nobody reported for too long.
    public mutating func take(_ answer: [Alert], reporter: String, now: Date, keep: Double) {
        for a in answer {
            let key = "\(a.metric.peer)|\(a.metric.name)"
            if var r = alerts[key] {
                if a.triggeredAt >= r.alert.triggeredAt { r.alert = a }
                r.reportedBy = reporter
                r.lastReported = now
                alerts[key] = r
            } else {
                alerts[key] = AlertReport(alert: a, reportedBy: reporter, firstReported: now, lastReported: now)
            }
        }
        alerts = alerts.filter { now.timeIntervalSince($0.value.lastReported) < keep }
    }

    /// The merged alerts, newest first (ties by peer and metric: the same answers always give
    /// the same order, so the screen and a snapshot agree).
    public var mergedAlerts: [Alert] {
        alerts.values.map(\.alert).sorted { a, b in
            if a.triggeredAt != b.triggeredAt { return a.triggeredAt > b.triggeredAt }
            return (a.metric.peer, a.metric.name) < (b.metric.peer, b.metric.name)
        }
    }

    /// "via load balancer (3 peers answered)", "direct to 3 peers", "direct to IpfsCluster0";
    /// nil before any `/id` answered.
    public func modeText(name: (String) -> String) -> String? {
        guard !peersByHost.isEmpty else { return nil }
        if let shared = peersByHost.values.filter({ $0.count > 1 }).max(by: { $0.count < $1.count }) {
            return "via load balancer (\(shared.count) peers answered)"
        }
        if peersByHost.count > 1 { return "direct to \(peersByHost.count) peers" }
        return peersByHost.values.first?.first.map { "direct to \(name($0))" }
    }
}
