import Foundation

/// One parsed, sanitised log line: the unit the ring buffer stores and the logs pane draws.
///
/// Every text field is already sanitised (no escape sequences, control characters or invalid UTF-8),
/// so views, search and saved files can use them as they are. Multi-line go-log entries are kept as
/// one `LogLine` per physical line: continuation lines inherit the head's time, level and subsystem
/// and set `isContinuation`, because a stream cannot wait for an entry to end and a fixed
/// one-row-per-line model keeps the ring and the view simple.
public struct LogLine: Codable, Sendable, Hashable {
    /// When the line was logged: the logger's own time if present, else the envelope's
    /// (CloudWatch event time, `aws logs tail` prefix), else a best-effort guess, else nil.
    public var time: Date?
    public var level: LogLevel
    /// File path (relative to the followed directory when there is one) or CloudWatch stream name.
    public var source: String
    /// ECS container name, from `<prefix>/<container>/<task id>` stream names or directory layout.
    public var container: String?
    /// ECS task id (last segment of the task ARN), from the stream name or file layout.
    public var taskID: String?
    /// The cluster peer that wrote this line. LogTail never sets it: the app fills it in from the
    /// ECS task <-> peer correlation, which lives in another module.
    public var peer: String?
    /// go-log logger name (`cluster`, `restapi`, `ipfshttp`, ...).
    public var subsystem: String?
    /// `dir/file.go:line` of the log call.
    public var caller: String?
    public var message: String
    /// The whole sanitised line as received (tabs kept, so saved raw lines keep their layout).
    public var raw: String
    public var format: LogFormat
    /// True for prefix-less lines glued to the previous go-log entry of the same source.
    public var isContinuation: Bool
    /// Triage classification, computed once at ingestion so counters and highlights are cheap.
    public var triage: TriageMatch?

    public init(time: Date?, level: LogLevel, source: String, container: String? = nil,
                taskID: String? = nil, peer: String? = nil, subsystem: String? = nil,
                caller: String? = nil, message: String, raw: String, format: LogFormat,
                isContinuation: Bool = false, triage: TriageMatch? = nil) {
        self.time = time
        self.level = level
        self.source = source
        self.container = container
        self.taskID = taskID
        self.peer = peer
        self.subsystem = subsystem
        self.caller = caller
        self.message = message
        self.raw = raw
        self.format = format
        self.isContinuation = isContinuation
        self.triage = triage
    }

    /// Approximate memory held by this line, used by the ring buffer's byte cap.
    public var byteCost: Int {
        var n = 160 + raw.utf8.count
        if message.utf8.count != raw.utf8.count { n += message.utf8.count }
        return n
    }
}
