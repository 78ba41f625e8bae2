import ECSState
import Foundation

/// The ready-to-paste `aws ecs execute-command` line for a shell in one of a task's containers.
///
/// Why built here and not run: ECS Exec needs the operator's own AWS credentials and an
/// interactive terminal; the console only saves them from assembling cluster, task and
/// container by hand in the middle of an incident.
public enum ECSExecCommand {
    /// The deployment's two containers, cluster first (its shell has `ipfs-cluster-ctl`).
    public static let preferredContainers = ["ipfs-cluster", "ipfs"]

    /// Containers to offer: the deployment's two when the task has them, else the task's own.
    public static func containers(of task: ECSTask) -> [String] {
        let names = task.containers.map(\.name)
        let preferred = preferredContainers.filter { names.isEmpty || names.contains($0) }
        return preferred.isEmpty ? names : preferred
    }

    /// `aws ecs execute-command --region R --cluster C --task T --container X --interactive --command "/bin/sh"`
    /// (see `ECSExecLine`, which quotes it).
    public static func line(task: ECSTask, container: String) -> String {
        ECSExecLine.make(taskARN: task.arn, clusterARN: task.clusterARN, taskID: task.id, container: container)
    }

    static func clusterFromTaskARN(_ arn: String) -> String? { ECSExecLine.clusterFromTaskARN(arn) }

    static func safe(_ s: String) -> String { ECSExecLine.safe(s) }
}
