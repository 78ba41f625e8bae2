import Foundation

/// awslogs stream naming: `<awslogs-stream-prefix>/<container name>/<ECS task id>`. Log streams (and
/// the logs helper's files `<state-dir>/logs/<prefix>/<container>/<task-id>.log`) are the only
/// record of a task after describe-tasks forgets it, so both directions are needed.
public enum AWSLogStreams {
    public struct StreamName: Sendable, Equatable {
        public var prefix: String
        public var container: String
        public var taskID: String
    }

    public static func logStreamName(prefix: String, container: String, taskID: String) -> String {
        "\(prefix)/\(container)/\(taskID)"
    }

    /// Reverse of `logStreamName`. The prefix may itself contain `/`, so the last two segments are
    /// the container and task id. A trailing `.log` (file form) is removed.
    public static func parse(_ name: String) -> StreamName? {
        var text = Substring(name)
        if text.hasSuffix(".log") { text = text.dropLast(4) }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        return StreamName(prefix: parts.dropLast(2).joined(separator: "/"),
                          container: String(parts[parts.count - 2]), taskID: String(parts[parts.count - 1]))
    }
}
