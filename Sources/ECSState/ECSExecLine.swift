import Foundation

/// The ready-to-paste `aws ecs execute-command` line for one of a task's containers, running a
/// shell or one command.
///
/// Why here, below the UI: the tasks screen offers the shell line, and the triage rules write
/// lines such as `ipfs routing findprovs <CID>` on a peer's `ipfs` container into their next
/// steps; both must quote the same way.
public enum ECSExecLine {
    /// `aws ecs execute-command --region R --cluster C --task T --container X --interactive --command "CMD"`;
    /// the region comes from the task's ARN, the cluster from its cluster ARN (or a new-style task
    /// ARN). Names are kept to ARN characters and the command to plain words, so nothing on the
    /// line can break out of its shell word.
    public static func make(taskARN: String, clusterARN: String?, taskID: String, container: String,
                            command: String = "/bin/sh") -> String {
        let parts = taskARN.split(separator: ":", omittingEmptySubsequences: false)
        let region = parts.count > 3 ? String(parts[3]) : ""
        let cluster = clusterARN.map(ECSARN.lastSegment) ?? clusterFromTaskARN(taskARN) ?? "CLUSTER"
        var words = ["aws", "ecs", "execute-command"]
        if !region.isEmpty { words += ["--region", safe(region)] }
        words += ["--cluster", safe(cluster), "--task", safe(taskID), "--container", safe(container),
                  "--interactive", "--command", "\"\(safeCommand(command))\""]
        return words.joined(separator: " ")
    }

    /// New-style task ARNs carry the cluster: `arn:aws:ecs:R:A:task/CLUSTER/ID`.
    public static func clusterFromTaskARN(_ arn: String) -> String? {
        let path = arn.split(separator: ":").last.map(String.init) ?? ""
        let segments = path.split(separator: "/")
        return segments.count == 3 ? String(segments[1]) : nil
    }

    /// Only characters AWS allows in these names (letters, digits, `-`, `_`, `.`); anything else
    /// becomes `_`, so an odd export cannot inject shell syntax into the copied line.
    public static func safe(_ s: String) -> String {
        String(s.unicodeScalars.map { c -> Character in
            (c.properties.isAlphabetic && c.isASCII) || ("0"..."9").contains(c) || c == "-" || c == "_" || c == "." ? Character(c) : "_"
        })
    }

    /// A command inside the double quotes: words of name characters and `/`, separated by
    /// single spaces (a CID, a path, a subcommand); anything else becomes `_`.
    public static func safeCommand(_ s: String) -> String {
        s.split(separator: " ").map { w in
            String(w.unicodeScalars.map { c -> Character in
                (c.properties.isAlphabetic && c.isASCII) || ("0"..."9").contains(c) || "-_./".unicodeScalars.contains(c) ? Character(c) : "_"
            })
        }.joined(separator: " ")
    }
}
