import Glibc

/// What to follow. Several targets can be followed by one `LogFollower`.
public enum FollowTarget: Sendable, Hashable {
    /// One file, followed by name like `tail -F`: it may not exist yet, may be rotated or deleted.
    case file(String)
    /// A shell glob such as `/var/log/cluster/*.log`, re-expanded on every slow check so that
    /// matching files created later are picked up.
    case glob(String)
    /// A directory followed recursively for files whose name matches `pattern` (default `*.log`).
    /// Paths below it become sources relative to it, so `<root>/<prefix>/<container>/<task>.log`
    /// maps to container and task id.
    case directory(String, pattern: String)

    /// Interprets a command-line argument: a glob when it has wildcard characters, a directory when
    /// it names one, otherwise a file (which may not exist yet).
    public static func from(argument: String) -> FollowTarget {
        if argument.contains(where: { "*?[".contains($0) }) { return .glob(argument) }
        var st = stat()
        if stat(argument, &st) == 0, st.st_mode & S_IFMT == S_IFDIR {
            return .directory(Self.trimSlash(argument), pattern: "*.log")
        }
        return .file(argument)
    }

    static func trimSlash(_ s: String) -> String {
        var s = s
        while s.count > 1, s.hasSuffix("/") { s.removeLast() }
        return s
    }
}

/// Where to start reading files that exist when following starts (files that appear later, or
/// replace a rotated file, are always read from their beginning, as `tail -F` does).
public enum StartPosition: Sendable, Hashable {
    case beginning
    case lastLines(Int)
}

/// Tunables of a follower. Defaults suit an interactive console.
public struct FollowerOptions: Sendable {
    public var start: StartPosition = .lastLines(1000)
    /// Longer lines are cut with a marker (see `LineSanitizer`).
    public var maxLineBytes = 4096
    /// A last line without newline is held this long without new data before it is emitted.
    public var partialLineFlush: Double = 0.5
    /// Slow stat/glob check that catches what inotify misses (or replaces it when unavailable).
    public var rescanInterval: Double = 2.0
    /// Minimum spacing of batches: lines arriving within it are delivered together.
    public var batchInterval: Double = 0.025
    /// A batch is delivered early when it reaches this many lines.
    public var maxBatchLines = 20_000
    /// Batches the stream buffers for a slow consumer; beyond it the oldest batches are dropped
    /// and counted in the next batch's `droppedLines`, so ingestion never blocks.
    public var bufferedBatches = 64
    /// Bytes read from one file per cycle, for fairness between a flooding file and quiet ones.
    public var readBudgetPerFile = 8 << 20

    public init() {}
}

/// Something that happened to a followed file, for the status line.
public struct FollowerNotice: Sendable, Equatable {
    public enum Event: Sendable, Equatable {
        /// A file appeared (late creation or recreation after deletion).
        case created
        /// The path now names a different file; the old one was read to its end first.
        case rotated
        /// The file shrank (copytruncate); reading restarted at its beginning.
        case truncated
        /// The file was deleted; it is followed again if it reappears.
        case deleted
        /// A CloudWatch export was (re)read; `newEvents` were not seen before.
        case exportLoaded(newEvents: Int)
        case error(LogTailError)
    }

    /// The followed path, sanitised for display (file names can hold control characters).
    public var path: String
    public var event: Event

    public init(path: String, event: Event) {
        self.path = LineSanitizer(maxLineBytes: 1024).sanitize(path)
        self.event = event
    }
}

/// What the follower delivers: many lines at once, so a flood costs a few wake-ups per frame.
public struct LogBatch: Sendable {
    public var lines: [LogLine]
    public var notices: [FollowerNotice]
    /// Lines lost because the consumer fell behind (batches dropped from the stream's buffer)
    /// since the previous delivered batch. Shown, never hidden.
    public var droppedLines: Int

    public init(lines: [LogLine] = [], notices: [FollowerNotice] = [], droppedLines: Int = 0) {
        self.lines = lines
        self.notices = notices
        self.droppedLines = droppedLines
    }
}
