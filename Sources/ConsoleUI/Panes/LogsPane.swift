import ConsoleCore
import Foundation
import LogTail
import TerminalUI

/// The logs pane: every followed log line in one bounded ring, shown merged by time with a source
/// column or one source at a time, filtered (hides lines) and searched (keeps context).
///
/// Why view state over the core's lines: the lines live in `ConsoleState.logs` (changed only by the
/// update); the pane keeps what the operator set (filter, search, cursor, follow) and resyncs its
/// incremental filter result after each change (`sync(with:)`): the filter test of the new lines
/// only; rendering touches only the rows on screen, so a flood never makes a keypress wait.
public struct LogsPane: Sendable {
    /// How the time column shows (`t` cycles).
    public enum TimestampMode: Sendable, Hashable, CaseIterable {
        /// `HH:MM:SS.mmm` UTC.
        case absolute
        /// Age relative to now ("12s ago").
        case relative
        /// No time column (more room for the message).
        case hidden
    }

    /// All sources merged, or one source only (`[` / `]` cycle).
    public enum SourceMode: Sendable, Hashable {
        case merged
        case single(String)
    }

    enum PromptKind: Sendable, Equatable { case filter, search }

    /// Seconds the cluster's clock (the peers' hosts, which stamp the lines) is ahead of ours:
    /// the time column shows the console's clock, as the header does.
    public var clockOffset: Double = 0

    /// The core's lines as of the last `sync` (a copy-on-write share of `ConsoleState.logs`: the
    /// pane never mutates it, so it costs no copy). Oldest first.
    public private(set) var ring: LogRing
    /// Lines the follower lost because the loop fell behind, on top of the ring's own `dropped`.
    public private(set) var readerDropped = 0
    /// Every source seen, in order of first appearance.
    public private(set) var sources: [String] = []
    /// Follower problems already shown.
    var shownProblems = 0

    /// Text filter as typed (`re:` prefix = regular expression).
    public internal(set) var filterText = ""
    /// Lines below this level are hidden (`L` cycles); nil = all levels.
    public internal(set) var minimumLevel: LogLevel?
    public internal(set) var sourceMode: SourceMode = .merged
    /// The lines passing the filter, as ring sequence numbers, updated incrementally.
    public internal(set) var result: LogFilterResult

    /// Search as typed after `?`; matches are highlighted and `n`/`N` move between them.
    public internal(set) var searchText = ""
    var search: LogTextMatcher?

    /// Stick to the newest line; scrolling up pauses it, `G`/`f` resumes.
    public internal(set) var follow = true
    public internal(set) var wrap = false
    public internal(set) var timestamps: TimestampMode = .absolute
    /// Sequence number of the cursor line while paused.
    public internal(set) var cursorSequence: Int?
    var topSequence: Int?
    var horizontalOffset = 0
    var lastBodyHeight = 10

    var prompt: PromptState?
    var promptKind: PromptKind = .filter
    /// A one-line notice (saved file, bad regex, follower errors) until the next key.
    public internal(set) var message: String?
    var messageRole: Role = .info
    /// Where `s` writes (a file name with the current UTC time is added).
    public var saveDirectory: String

    public init(saveDirectory: String = FileManager.default.temporaryDirectory.path) {
        let ring = LogState().ring
        self.ring = ring
        self.result = LogFilterResult(filter: LogFilter(), ring: ring)
        self.saveDirectory = saveDirectory
    }

    // MARK: sync

    /// Takes the core's lines after a change: the filter result is extended with the new lines
    /// only (re-filtered when peers were attached to old lines and a text filter could care), and
    /// a new follower problem is shown.
    public mutating func sync(with logs: LogState) {
        let shape = releasedShape ?? (ring.count, ring.endSequence)
        releasedShape = nil
        let relabelled = logs.ring.count == shape.count && logs.ring.endSequence == shape.endSequence
        ring = logs.ring
        readerDropped = logs.readerDropped
        sources = logs.sources
        if relabelled, !filterText.isEmpty { refilter() } else { result.update(from: ring) }
        if logs.problems.count != shownProblems {
            shownProblems = logs.problems.count
            if let last = logs.problems.last { show(last, role: .error) }
        }
    }

    /// Count and end of the ring given up by `releaseRing()`, until the next `sync`.
    private var releasedShape: (count: Int, endSequence: Int)?

    /// Gives up the pane's copy of the core's ring before the core appends to it, so the append
    /// writes in place: while the pane shared the storage, every log batch copied the whole ring
    /// (up to 100,000 lines, each retained): 8 % of the console's CPU samples a quarter of an hour
    /// into a million-pin soak, and growing with the ring.
    /// The next `sync` takes the ring again; nothing renders in between.
    mutating func releaseRing() {
        if releasedShape == nil { releasedShape = (ring.count, ring.endSequence) }
        ring = Self.emptyRing
    }

    private static let emptyRing = LogRing(maxLines: 1, maxBytes: 1)

    // MARK: filter and search

    /// The filter the pane applies now.
    public var currentFilter: LogFilter {
        var f = LogFilter(minimumLevel: minimumLevel)
        if case let .single(s) = sourceMode { f.sources = [s] }
        if !filterText.isEmpty { f.text = try? Self.matcher(filterText) }
        return f
    }

    static func matcher(_ text: String) throws(LogTailError) -> LogTextMatcher {
        if text.hasPrefix("re:") { return try LogTextMatcher(regex: String(text.dropFirst(3))) }
        return LogTextMatcher(substring: text)
    }

    /// Sets the text filter (`re:` prefix for a regular expression). Throws on a bad regex and
    /// keeps the previous filter.
    public mutating func setFilter(text: String) throws(LogTailError) {
        if !text.isEmpty { _ = try Self.matcher(text) }
        filterText = text
        refilter()
    }

    public mutating func setMinimumLevel(_ level: LogLevel?) {
        minimumLevel = level
        refilter()
    }

    public mutating func setSource(_ mode: SourceMode) {
        sourceMode = mode
        refilter()
    }

    /// Preset for the peers/triage screens: warnings and worse that the peer logged or that name
    /// it (its neighbours' broadcast errors, metric alerts), merged, following.
    public mutating func showErrors(forPeer peer: String, minimumLevel level: LogLevel = .warn) {
        filterText = peer
        minimumLevel = level
        sourceMode = .merged
        follow = true
        cursorSequence = nil
        refilter()
    }

    /// Clears text, level and source filters.
    public mutating func clearFilters() {
        filterText = ""
        minimumLevel = nil
        sourceMode = .merged
        refilter()
    }

    mutating func refilter() {
        result = LogFilterResult(filter: currentFilter, ring: ring)
    }

    /// Sets the search (`re:` prefix for a regular expression) and moves to the nearest match at or
    /// above the cursor (newest first when following). Returns false when nothing matches.
    @discardableResult
    public mutating func setSearch(_ text: String) throws(LogTailError) -> Bool {
        guard !text.isEmpty else { clearSearch(); return true }
        search = try Self.matcher(text)
        searchText = text
        let from = min(cursorIndex + 1, result.count)
        return moveToMatch(from: from, direction: .backward)
    }

    public mutating func clearSearch() {
        search = nil
        searchText = ""
    }

    /// `n` goes on in the search direction (upward, to older lines, as `?` does in vim and less);
    /// `N` goes back down.
    @discardableResult
    mutating func moveToMatch(from index: Int, direction: SearchDirection) -> Bool {
        guard let search else { return false }
        let query = LogFilter(text: search)
        guard let hit = result.nextMatch(of: query, from: index, direction: direction, in: ring) else {
            show("no line matches \(searchText)", role: .warning)
            return false
        }
        follow = false
        cursorSequence = result[hit]
        return true
    }

    // MARK: cursor

    /// Index (into `result`) of the cursor line: the newest line while following.
    public var cursorIndex: Int {
        guard !result.isEmpty else { return 0 }
        if follow { return result.count - 1 }
        guard let seq = cursorSequence else { return result.count - 1 }
        return min(result.index(atOrAfterSequence: seq), result.count - 1)
    }

    /// The line under the cursor.
    public var cursorLine: LogLine? {
        guard !result.isEmpty else { return nil }
        return ring.line(sequence: result[cursorIndex])
    }

    mutating func moveCursor(to index: Int) {
        guard !result.isEmpty else { return }
        let i = max(0, min(index, result.count - 1))
        cursorSequence = result[i]
    }

    mutating func pauseAtCursor() {
        if follow {
            follow = false
            cursorSequence = result.isEmpty ? nil : result[result.count - 1]
        }
    }

    mutating func show(_ text: String, role: Role) {
        message = text
        messageRole = role
    }

    /// Asks the host to write the lines the view shows now (after filters); the pane does no I/O.
    public func saveView() -> PaneEvent {
        let ring = self.ring
        return .save(result.compactMap { ring.line(sequence: $0) })
    }

    /// Where a save at `now` goes: `ipfs-cluster-console-logs-<UTC time>.log` in `saveDirectory`.
    public func savePath(now: Date) -> String {
        let stamp = LogTimestamp.format(now).replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "")
        return (saveDirectory as NSString).appendingPathComponent("ipfs-cluster-console-logs-\(stamp).log")
    }
}
