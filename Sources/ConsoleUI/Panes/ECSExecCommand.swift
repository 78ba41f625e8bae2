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

    /// `aws ecs execute-command --region R --cluster C --task T --container X --interactive --command "/bin/sh"`;
    /// the region comes from the task's ARN, the cluster from its cluster ARN. Names are kept to
    /// ARN characters so nothing on the line can break out of the shell word.
    public static func line(task: ECSTask, container: String) -> String {
        let parts = task.arn.split(separator: ":", omittingEmptySubsequences: false)
        let region = parts.count > 3 ? String(parts[3]) : ""
        let cluster = task.clusterARN.map(ECSARN.lastSegment) ?? clusterFromTaskARN(task.arn) ?? "CLUSTER"
        var words = ["aws", "ecs", "execute-command"]
        if !region.isEmpty { words += ["--region", safe(region)] }
        words += ["--cluster", safe(cluster), "--task", safe(task.id), "--container", safe(container),
                  "--interactive", "--command", "\"/bin/sh\""]
        return words.joined(separator: " ")
    }

    /// New-style task ARNs carry the cluster: `arn:aws:ecs:R:A:task/CLUSTER/ID`.
    static func clusterFromTaskARN(_ arn: String) -> String? {
        let path = arn.split(separator: ":").last.map(String.init) ?? ""
        let segments = path.split(separator: "/")
        return segments.count == 3 ? String(segments[1]) : nil
    }

    /// Only characters AWS allows in these names (letters, digits, `-`, `_`, `.`); anything else
    /// becomes `_`, so an odd export cannot inject shell syntax into the copied line.
    static func safe(_ s: String) -> String {
        String(s.unicodeScalars.map { c -> Character in
            (c.properties.isAlphabetic && c.isASCII) || ("0"..."9").contains(c) || c == "-" || c == "_" || c == "." ? Character(c) : "_"
        })
    }
}
