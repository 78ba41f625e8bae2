import Foundation
import LogTail

/// The simulator's state directory, seen as the console's inputs:
/// `<state-dir>/ecs/*.json` (AWS CLI exports) and
/// `<state-dir>/logs/<prefix>/<container>/<task-id>.log` (awslogs-style per-task files).
///
/// Why a helper: `--demo` and the end-to-end tests start both feeds from one path; deriving the
/// two inputs here keeps that layout in one place, next to the feeds that consume it.
public struct DemoStateDir: Sendable, Hashable {
    public let root: String

    public init(root: String) {
        var r = root
        while r.count > 1, r.hasSuffix("/") { r.removeLast() }
        self.root = r
    }

    /// Directory for `ECSFeed`.
    public var ecsDirectory: String { (root as NSString).appendingPathComponent("ecs") }
    /// Root of the per-task log files.
    public var logsDirectory: String { (root as NSString).appendingPathComponent("logs") }

    /// One recursive directory target: files appearing later (a replacement task's new stream)
    /// are picked up, and sources are relative to `logs/` so container and task id are known.
    public var logTargets: [FollowTarget] { [.directory(logsDirectory, pattern: "*.log")] }

    /// What is missing, as sentences (empty when both inputs exist). The feeds tolerate missing
    /// inputs (they report and wait), so this is for a clear start-up message, not a gate.
    public func problems() -> [String] {
        var out: [String] = []
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: root, isDirectory: &isDir) || !isDir.boolValue {
            return ["\(root): state directory not found"]
        }
        for (name, path) in [("ECS exports", ecsDirectory), ("logs", logsDirectory)] {
            if !FileManager.default.fileExists(atPath: path, isDirectory: &isDir) || !isDir.boolValue {
                out.append("\(path): no \(name) directory yet")
            }
        }
        return out
    }
}
