import Foundation

/// Everything read from the AWS (non-ECS) exports of the folder, merged, before any join to
/// peers. Lives inside `ECSSnapshot.aws`, so one watcher and one event carry both.
public struct AWSSnapshot: Codable, Sendable, Equatable {
    public var fileSystems: [EFSFileSystem] = []
    public var mountTargets: [EFSMountTarget] = []
    public var loadBalancers: [ALBLoadBalancer] = []
    public var targetGroups: [ALBTargetGroup] = []
    public var targetHealth: [ALBTargetHealth] = []
    /// Sorted by name.
    public var alarms: [CloudWatchAlarm] = []
    /// Newest first.
    public var alarmHistory: [AlarmHistoryItem] = []
    public var metricFilters: [LogMetricFilter] = []
    public var cloudMapInstances: [CloudMapInstance] = []
    public var metrics = MetricStore()

    public init() {}

    /// True when no AWS export was found (the folder holds only ECS files, or nothing).
    public var isEmpty: Bool {
        fileSystems.isEmpty && mountTargets.isEmpty && loadBalancers.isEmpty && targetGroups.isEmpty
            && targetHealth.isEmpty && alarms.isEmpty && alarmHistory.isEmpty && metricFilters.isEmpty
            && cloudMapInstances.isEmpty && metrics.series.isEmpty
    }

    public func fileSystem(id: String) -> EFSFileSystem? { fileSystems.first { $0.id == id } }
    public func targetGroup(arn: String) -> ALBTargetGroup? { targetGroups.first { $0.arn == arn } }
    public func history(ofAlarm name: String) -> [AlarmHistoryItem] { alarmHistory.filter { $0.alarmName == name } }
}
