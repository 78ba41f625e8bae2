/// Something that happened to a followed file, for the status line.
public struct FollowerNotice: Codable, Sendable, Equatable {
    public enum Event: Codable, Sendable, Equatable {
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
public struct LogBatch: Codable, Sendable {
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
