import Foundation

/// How one file of the export directory stands, for the status line ("3 files, 1 refreshing").
public struct ECSFileStatus: Codable, Sendable, Equatable {
    public var path: String
    /// Kinds found in the last good read (empty if it never read well).
    public var kinds: [ECSExportKind]
    /// The current problem, if any; the file's last good data is still in the snapshot.
    public var problem: ECSExportProblem?
    /// True when the problem looks transient (caught mid-write) and the file is retried next poll.
    public var refreshing: Bool
    public var modified: Date?
    public var fileName: String { (path as NSString).lastPathComponent }
}

/// The merged view of every export file: what the tasks/services screens and the peer join read.
/// A value type, rebuilt on every change, so the UI never sees a half-applied update.
public struct ECSSnapshot: Codable, Sendable, Equatable {
    /// Active tasks first (newest start first), then stopped ones (newest stop first).
    public var tasks: [ECSTask] = []
    /// Sorted by name.
    public var services: [ECSService] = []
    public var clusters: [ECSCluster] = []
    /// Keyed by `family:revision`.
    public var taskDefinitions: [String: ECSTaskDefinition] = [:]
    /// Task ARNs from list-tasks outputs (a listed task without a description is still a fact).
    public var listedTaskARNs: Set<String> = []
    /// Every `failures[]` entry, with its file.
    public var failures: [ECSFailure] = []
    /// Tasks no longer in any file (or reported MISSING) but kept from an earlier snapshot, shown stale.
    public var staleTaskIDs: Set<String> = []
    /// One entry per file seen in the directory, sorted by name.
    public var files: [ECSFileStatus] = []
    /// Problems of files and of the directory itself (directory first).
    public var problems: [ECSExportProblem] = []
    public var notes: [ECSExportNote] = []
    /// Newest modification time among the files: "now" for age columns of an old export.
    public var exportedAt: Date?
    /// EFS, CloudWatch, ELB and Cloud Map exports found beside the ECS files.
    public var aws = AWSSnapshot()

    public init() {}

    public func task(id: String) -> ECSTask? { tasks.first { $0.id == id } }

    public func service(named name: String) -> ECSService? { services.first { $0.name == name } }

    /// Task ids listed by list-tasks but described by no file.
    public var listedButUndescribedTaskIDs: [String] {
        let described = Set(tasks.map(\.id))
        return listedTaskARNs.map(ECSARN.lastSegment).filter { !described.contains($0) }.sorted()
    }

    /// The failure (e.g. MISSING) reported for a task, if any.
    public func failure(forTaskID id: String) -> ECSFailure? {
        failures.first { $0.arn.map(ECSARN.lastSegment) == id }
    }

    /// The task definition a task runs, when it was exported.
    public func taskDefinition(for task: ECSTask) -> ECSTaskDefinition? {
        task.taskDefinitionName.flatMap { taskDefinitions[$0] }
    }

    /// Log group and stream of one container of a task, from its task definition's awslogs options.
    public func logStream(for task: ECSTask, container: String) -> (group: String?, stream: String)? {
        guard let log = taskDefinition(for: task)?.logConfiguration(container: container),
              let prefix = log.streamPrefix else { return nil }
        return (log.group, AWSLogStreams.logStreamName(prefix: prefix, container: container, taskID: task.id))
    }

    /// The tasks of a service (by `group`).
    public func tasks(ofService name: String) -> [ECSTask] { tasks.filter { $0.serviceName == name } }
}
