/// Where a line came from, mapped to the ECS names the rest of the console joins on.
///
/// awslogs names streams `<prefix>/<container>/<task id>`; the simulator writes files laid out the
/// same way (`<root>/<prefix>/<container>/<task id>.log`). Mapping both to (container, task id)
/// lets the app attach a peer to every line through the ECS task <-> peer correlation.
public struct LogOrigin: Sendable, Hashable {
    /// File path (relative to its followed directory when known) or stream name.
    public var source: String
    public var container: String?
    public var taskID: String?

    /// All three are sanitised: file and stream names come from outside too and are displayed.
    public init(source: String, container: String? = nil, taskID: String? = nil) {
        let clean = LineSanitizer(maxLineBytes: 1024)
        self.source = clean.sanitize(source)
        self.container = container.map(clean.sanitize)
        self.taskID = taskID.map(clean.sanitize)
    }

    /// From a CloudWatch stream name `<prefix>/<container>/<task id>`; other names keep only `source`.
    public static func stream(_ name: String) -> LogOrigin {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[1].isEmpty, !parts[2].isEmpty else { return LogOrigin(source: name) }
        return LogOrigin(source: name, container: String(parts[1]), taskID: String(parts[2]))
    }

    /// From a file path. `source` is the path relative to `root` when the file lies under it.
    /// `<…>/<prefix>/<container>/<task id>.log` maps to container and task id when the file name
    /// looks like an ECS task id (32 hex digits, or a dashed UUID as moto and the simulator use).
    public static func file(path: String, root: String? = nil) -> LogOrigin {
        var relative = path
        if let root, !root.isEmpty {
            let r = root.hasSuffix("/") ? root : root + "/"
            if path.hasPrefix(r) { relative = String(path.dropFirst(r.count)) }
        }
        let comps = path.split(separator: "/")
        guard comps.count >= 3, let last = comps.last else { return LogOrigin(source: relative) }
        var stem = Substring(last)
        if let dot = stem.lastIndex(of: ".") { stem = stem[..<dot] }
        guard isTaskID(stem) else { return LogOrigin(source: relative) }
        return LogOrigin(source: relative, container: String(comps[comps.count - 2]), taskID: String(stem))
    }

    /// From an export file named as ecs-state.md suggests:
    /// `logs-get-log-events-[<az>-]<container>-<task id>.json`. Returns nil when the name does not
    /// end in a task id, because `get-log-events` JSON itself never names its stream.
    public static func getLogEventsFile(name: String) -> LogOrigin? {
        var base = Substring(name.split(separator: "/").last ?? Substring(name))
        if let dot = base.lastIndex(of: ".") { base = base[..<dot] }
        var taskID: Substring?
        var rest = base
        if base.count >= 37 {
            let cand = base.suffix(36)
            let before = base.dropLast(36)
            if isTaskID(cand), before.last == "-" { taskID = cand; rest = before.dropLast() }
        }
        if taskID == nil, base.count >= 33 {
            let cand = base.suffix(32)
            let before = base.dropLast(32)
            if isTaskID(cand), before.last == "-" { taskID = cand; rest = before.dropLast() }
        }
        guard let taskID else { return nil }
        for prefix in ["logs-get-log-events-", "get-log-events-"] where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            break
        }
        // Drop an availability zone such as `us-east-1a-`.
        let pieces = rest.split(separator: "-", omittingEmptySubsequences: false)
        if pieces.count > 3, pieces[0].count == 2, pieces[0].allSatisfy(\.isLetter),
           pieces[2].first?.isNumber == true, pieces[2].last?.isLetter == true {
            rest = rest.dropFirst(pieces[0].count + pieces[1].count + pieces[2].count + 3)
        }
        let container = rest.isEmpty ? nil : String(rest)
        let source = container.map { "\($0)/\($0)/\(taskID)" } ?? String(base)
        return LogOrigin(source: source, container: container, taskID: String(taskID))
    }

    /// 32 lowercase hex digits (real ECS) or a dashed 8-4-4-4-12 UUID (moto, simulator).
    public static func isTaskID(_ s: Substring) -> Bool {
        func hex(_ c: Character) -> Bool { c.isHexDigit }
        if s.count == 32 { return s.allSatisfy(hex) }
        if s.count == 36 {
            for (i, c) in s.enumerated() {
                if [8, 13, 18, 23].contains(i) { if c != "-" { return false } } else if !hex(c) { return false }
            }
            return true
        }
        return false
    }
}
