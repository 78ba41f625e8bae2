import Foundation

/// What a CloudWatch series measures. Everything but the metric name may be unknown: a
/// `get-metric-data` result names only its query `Id` and `Label`, so the identity comes from the
/// queries file when one was exported, else from a label written as `Namespace MetricName
/// Dim=Value,... Stat` (what `export-ecs-state` asks for), else the label alone.
public struct MetricIdentity: Codable, Sendable, Hashable {
    public var namespace: String?
    public var metricName: String
    /// Dimension name -> value (`FileSystemId`, `ServiceName`, `ClusterName`, `TargetGroup`, ...).
    public var dimensions: [String: String]
    /// `Minimum`, `Average`, `Sum`, `p99`, ... when known.
    public var stat: String?

    public init(namespace: String? = nil, metricName: String, dimensions: [String: String] = [:], stat: String? = nil) {
        self.namespace = namespace; self.metricName = metricName; self.dimensions = dimensions; self.stat = stat
    }
}

/// One data point.
public struct MetricPoint: Codable, Sendable, Equatable {
    public var time: Date
    public var value: Double
    public init(time: Date, value: Double) { self.time = time; self.value = value }
}

/// A metric's points, oldest first, merged over every file that carried it.
public struct MetricSeries: Codable, Sendable, Equatable {
    public var identity: MetricIdentity
    /// Query ids and label as exported (for the detail view and messages).
    public var queryIDs: [String]
    public var label: String?
    public var unit: String?
    /// `Complete`, `PartialData` (more pages were not fetched), `InternalError`, `Forbidden`.
    public var statusCode: String?
    /// Oldest first, one point per timestamp.
    public var points: [MetricPoint]

    public init(identity: MetricIdentity, queryIDs: [String] = [], label: String? = nil, unit: String? = nil,
                statusCode: String? = nil, points: [MetricPoint]) {
        self.identity = identity; self.queryIDs = queryIDs; self.label = label; self.unit = unit
        self.statusCode = statusCode; self.points = points
    }

    public var latest: MetricPoint? { points.last }

    /// Change per second over the points of the last `window` seconds (first to last point),
    /// nil with fewer than two points. Why not a regression: CloudWatch already averages per
    /// period, and the operator compares the figure with the sparkline's ends.
    public func ratePerSecond(window: TimeInterval = 1800) -> Double? {
        guard let last = points.last else { return nil }
        let recent = points.filter { $0.time >= last.time.addingTimeInterval(-window) }
        guard let first = recent.first, last.time > first.time else { return nil }
        return (last.value - first.value) / last.time.timeIntervalSince(first.time)
    }

    /// Adds points from another copy of the series; on the same timestamp `other` wins (it is the
    /// newer file).
    mutating func merge(_ other: MetricSeries) {
        var byTime: [Date: Double] = [:]
        for p in points { byTime[p.time] = p.value }
        for p in other.points { byTime[p.time] = p.value }
        points = byTime.map { MetricPoint(time: $0.key, value: $0.value) }.sorted { $0.time < $1.time }
        for id in other.queryIDs where !queryIDs.contains(id) { queryIDs.append(id) }
        label = other.label ?? label
        unit = other.unit ?? unit
        statusCode = other.statusCode ?? statusCode
    }
}

/// Every series known, keyed by identity.
public struct MetricStore: Codable, Sendable, Equatable {
    public private(set) var series: [MetricSeries] = []

    public init(series: [MetricSeries] = []) {
        for s in series { add(s) }
    }

    /// Merges `s` into the series of the same identity, or adds it.
    public mutating func add(_ s: MetricSeries) {
        if let i = series.firstIndex(where: { $0.identity == s.identity }) { series[i].merge(s) } else { series.append(s) }
    }

    /// The series of `metricName` (in `namespace` when given) whose dimensions include all of
    /// `dimensions`; with several stats, `preferring` picks one (else the first).
    public func find(_ metricName: String, namespace: String? = nil, dimensions: [String: String],
                     preferring stat: String? = nil) -> MetricSeries? {
        let hits = series.filter { s in
            s.identity.metricName == metricName
                && (namespace == nil || s.identity.namespace == nil || s.identity.namespace == namespace)
                && dimensions.allSatisfy { s.identity.dimensions[$0.key] == $0.value }
        }
        if let stat, let hit = hits.first(where: { $0.identity.stat == stat }) { return hit }
        return hits.first
    }
}
