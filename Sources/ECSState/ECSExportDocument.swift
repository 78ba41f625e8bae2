import Foundation

/// The AWS CLI command a document came from, as recognised by its top-level keys.
public enum ECSExportKind: String, Codable, Sendable, Equatable, CaseIterable {
    case listTasks = "list-tasks"
    case listServices = "list-services"
    case listClusters = "list-clusters"
    case describeTasks = "describe-tasks"
    case describeServices = "describe-services"
    case describeClusters = "describe-clusters"
    case describeTaskDefinition = "describe-task-definition"
    // AWS around the cluster (read into `ECSSnapshot.aws`).
    case efsFileSystems = "describe-file-systems"
    case efsMountTargets = "describe-mount-targets"
    case metricData = "get-metric-data"
    case metricDataQueries = "metric-data-queries"
    case metricStatistics = "get-metric-statistics"
    case alarms = "describe-alarms"
    case alarmHistory = "describe-alarm-history"
    case metricFilters = "describe-metric-filters"
    case loadBalancers = "describe-load-balancers"
    case targetGroups = "describe-target-groups"
    case targetHealth = "describe-target-health"
    case cloudMapInstances = "list-instances"

    /// True for the kinds read into `AWSSnapshot` rather than the ECS part.
    public var isAWS: Bool { !Self.ecsKinds.contains(self) }
    static let ecsKinds: Set<ECSExportKind> = [.listTasks, .listServices, .listClusters, .describeTasks, .describeServices,
                                               .describeClusters, .describeTaskDefinition]
}

/// One recognised JSON document (a file normally holds one; `>>` builds files with several).
public struct ECSExportDocument: Sendable, Equatable {
    public var kind: ECSExportKind
    public var tasks: [ECSTask] = []
    public var services: [ECSService] = []
    public var clusters: [ECSCluster] = []
    public var taskDefinitions: [ECSTaskDefinition] = []
    public var listedARNs: [String] = []
    public var failures: [ECSFailure] = []
    /// Set for the AWS kinds.
    public var aws: AWSExportDocument?

    public init(kind: ECSExportKind) { self.kind = kind }
}

/// A successfully read export file.
public struct ECSExportFile: Sendable, Equatable {
    public var path: String
    public var documents: [ECSExportDocument]
    /// What was worked around (leading warning text, reshaped output, skipped items).
    public var notes: [ECSExportNote]
    /// Modification time, the last tie-breaker between copies of a task.
    public var modified: Date?

    public var kinds: [ECSExportKind] { documents.map(\.kind) }
}
