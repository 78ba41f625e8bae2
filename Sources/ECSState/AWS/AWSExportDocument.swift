import Foundation

/// One `get-metric-data` result (`MetricDataResults[]`): points named only by query id and label.
public struct MetricDataResult: Sendable, Equatable {
    public var id: String
    public var label: String?
    public var statusCode: String?
    /// Oldest first (the CLI writes newest first unless `--scan-by TimestampAscending`).
    public var points: [MetricPoint]
    /// `MetricDataResults[3]`: where it sits in its file, for messages.
    public var position: String

    public init(id: String, label: String?, statusCode: String?, points: [MetricPoint], position: String) {
        self.id = id; self.label = label; self.statusCode = statusCode; self.points = points; self.position = position
    }
}

/// One entry of a `--metric-data-queries` file: what a result id measures.
public struct MetricDataQuery: Sendable, Equatable {
    public var id: String
    public var identity: MetricIdentity?
    public var expression: String?
    public var label: String?
    public var period: Int?

    public init(id: String, identity: MetricIdentity?, expression: String? = nil, label: String? = nil, period: Int? = nil) {
        self.id = id; self.identity = identity; self.expression = expression; self.label = label; self.period = period
    }
}

/// What an AWS (non-ECS) export document holds, by kind. Only the arrays of its kind are filled.
public struct AWSExportDocument: Sendable, Equatable {
    public var fileSystems: [EFSFileSystem] = []
    public var mountTargets: [EFSMountTarget] = []
    public var metricResults: [MetricDataResult] = []
    public var metricQueries: [MetricDataQuery] = []
    /// `get-metric-statistics`: complete series (identity from the label and, for dimensions,
    /// resource ids in the file name).
    public var statistics: [MetricSeries] = []
    public var alarms: [CloudWatchAlarm] = []
    public var alarmHistory: [AlarmHistoryItem] = []
    public var metricFilters: [LogMetricFilter] = []
    public var loadBalancers: [ALBLoadBalancer] = []
    public var targetGroups: [ALBTargetGroup] = []
    public var targetHealth: [ALBTargetHealth] = []
    public var cloudMapInstances: [CloudMapInstance] = []

    public init() {}
}
