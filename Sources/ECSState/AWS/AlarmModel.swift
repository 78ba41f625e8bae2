import Foundation

/// A CloudWatch alarm (`aws cloudwatch describe-alarms`, metric or composite).
public struct CloudWatchAlarm: Codable, Sendable, Equatable, Identifiable {
    public var id: String { name }
    public var name: String
    public var arn: String?
    public var description: String?
    /// `OK`, `ALARM` or `INSUFFICIENT_DATA`.
    public var state: String
    public var stateReason: String?
    /// `StateReasonData` is JSON inside a string; kept as text (shown in the detail view).
    public var stateReasonData: String?
    public var stateUpdatedAt: Date?
    public var namespace: String?
    public var metricName: String?
    /// Dimensions of the alarm's metric, or of every metric of a metric-math alarm.
    public var dimensions: [String: String]
    public var threshold: Double?
    public var comparison: String?
    public var isComposite: Bool
    public var alarmRule: String?
    /// Metrics of a metric-math alarm (`Metrics[].MetricStat.Metric`).
    public var metrics: [MetricIdentity]

    public init(name: String, arn: String? = nil, description: String? = nil, state: String, stateReason: String? = nil,
                stateReasonData: String? = nil, stateUpdatedAt: Date? = nil, namespace: String? = nil,
                metricName: String? = nil, dimensions: [String: String] = [:], threshold: Double? = nil,
                comparison: String? = nil, isComposite: Bool = false, alarmRule: String? = nil, metrics: [MetricIdentity] = []) {
        self.name = name; self.arn = arn; self.description = description; self.state = state
        self.stateReason = stateReason; self.stateReasonData = stateReasonData; self.stateUpdatedAt = stateUpdatedAt
        self.namespace = namespace; self.metricName = metricName; self.dimensions = dimensions; self.threshold = threshold
        self.comparison = comparison; self.isComposite = isComposite; self.alarmRule = alarmRule; self.metrics = metrics
    }

    public var isInAlarm: Bool { state == "ALARM" }

    /// Every (namespace, metric) the alarm watches, for the join through log metric filters.
    public var watchedMetrics: [MetricIdentity] {
        var out = metrics
        if let metricName { out.append(MetricIdentity(namespace: namespace, metricName: metricName, dimensions: dimensions)) }
        return out
    }
}

/// One `describe-alarm-history` item: state changes, configuration updates, actions.
public struct AlarmHistoryItem: Codable, Sendable, Equatable {
    public var alarmName: String
    public var time: Date?
    /// `StateUpdate`, `ConfigurationUpdate`, `Action`.
    public var type: String?
    public var summary: String
    /// JSON text (old and new state for a StateUpdate).
    public var data: String?

    public init(alarmName: String, time: Date?, type: String?, summary: String, data: String? = nil) {
        self.alarmName = alarmName; self.time = time; self.type = type; self.summary = summary; self.data = data
    }
}

/// A CloudWatch Logs metric filter (`aws logs describe-metric-filters`): the log pattern behind a
/// custom metric, and so behind any alarm on it. Its log group ties the metric to a peer's task.
public struct LogMetricFilter: Codable, Sendable, Equatable {
    public struct Transformation: Codable, Sendable, Equatable {
        public var metricName: String
        public var namespace: String
        public var value: String?
        public init(metricName: String, namespace: String, value: String? = nil) {
            self.metricName = metricName; self.namespace = namespace; self.value = value
        }
    }

    public var name: String
    public var pattern: String
    public var logGroup: String?
    public var transformations: [Transformation]
    public var createdAt: Date?

    public init(name: String, pattern: String, logGroup: String?, transformations: [Transformation], createdAt: Date? = nil) {
        self.name = name; self.pattern = pattern; self.logGroup = logGroup; self.transformations = transformations
        self.createdAt = createdAt
    }
}

/// A Cloud Map instance (`aws servicediscovery list-instances`). For ECS service discovery the
/// instance id is the task id and `AWS_INSTANCE_IPV4` its private IP.
public struct CloudMapInstance: Codable, Sendable, Equatable {
    public var id: String
    public var attributes: [String: String]

    public init(id: String, attributes: [String: String]) { self.id = id; self.attributes = attributes }

    public var ipv4: String? { attributes["AWS_INSTANCE_IPV4"] }
    public var availabilityZone: String? { attributes["AVAILABILITY_ZONE"] }
    public var serviceName: String? { attributes["ECS_SERVICE_NAME"] }
    public var healthStatus: String? { attributes["AWS_INIT_HEALTH_STATUS"] }
}
