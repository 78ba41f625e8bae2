import ConsoleBase
import ConsoleCore
import Foundation

/// How the console records (`--record FILE`, ctrl-r): where, with which bounds and secrets, and
/// whether to start with the session.
public struct RecordingSetup: Sendable {
    /// The file `--record` named; ctrl-r without it writes `console-<time>.iccrec` in the
    /// current folder.
    public var options: RecordingOptions?
    public var maxFileBytes: Int
    public var keepRotated: Int
    /// Credentials of this session (basic-auth password, token): masked wherever they appear.
    public var secrets: [String]
    public var writerVersion: String
    /// True once `options.path` holds this run's recording (a later session of the same run,
    /// after `:ctx`, must not truncate it).
    public var fileUsed: Bool

    public init(options: RecordingOptions? = nil, maxFileBytes: Int = RecordingOptions.defaultMaxFileBytes, keepRotated: Int = 3,
                secrets: [String] = [], writerVersion: String, fileUsed: Bool = false) {
        self.options = options; self.maxFileBytes = maxFileBytes; self.keepRotated = keepRotated
        self.secrets = secrets; self.writerVersion = writerVersion; self.fileUsed = fileUsed
    }

    /// Options for a recording started now by key: `--record`'s file the first time, else a
    /// new timestamped file beside it (never overwriting an earlier recording of the session).
    func optionsForKey(now: Date, used: Bool) -> RecordingOptions {
        if let o = options, !used { return o }
        let dir = options.map { ($0.path as NSString).deletingLastPathComponent } ?? FileManager.default.currentDirectoryPath
        let name = "console-\(CivilTime(now).compactText)Z.iccrec"
        return RecordingOptions(path: ((dir.isEmpty ? "." : dir) as NSString).appendingPathComponent(name), maxFileBytes: maxFileBytes,
                                keepRotated: keepRotated, secrets: secrets)
    }
}

/// A replay in progress: the recording, where the playhead is and how fast it moves.
struct ReplayControl {
    var path: String
    var cursor: ReplayCursor
    /// Recording time shown; events at or before it are applied.
    var playhead: Date
    var speed: Double
    var paused = false
    /// Wall-clock time of the last advance (nil: paused or not started).
    var lastWall: Date?

    static let speeds: [Double] = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64]

    /// `REPLAY of <day> (x4, paused)`: the banner's words.
    var label: String {
        let t = CivilTime(cursor.recording.firstTime ?? cursor.recording.header.startedAt)
        let day = String(format: "%04d-%02d-%02d %02d:%02d UTC", t.year, t.month, t.day, t.hour, t.minute)
        let speedText = speed == speed.rounded() ? "x\(Int(speed))" : "x\(speed)"
        var s = "REPLAY of \(day) \(speedText)"
        if paused { s += " PAUSED" }
        if cursor.atEnd { s += " END" }
        if cursor.recording.header.checkpoint != nil { s += " (starts mid-session)" }
        return s
    }
}
