import Foundation
import LogTail
import TerminalUI

/// The logs pane: every followed log line in one bounded ring, shown merged by time with a source
/// column or one source at a time, filtered (hides lines) and searched (keeps context).
///
/// Why a value with incremental state: the app owns one, appends each `LogBatch` from `LogFeed` on
/// its loop and renders it into whatever rect it has (a bottom split or the whole screen). Appending
/// costs the ring append plus the filter test of the new lines only (`LogFilterResult`); rendering
/// touches only the rows on screen, so a flood of lines never makes a keypress wait.
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

    /// The retained lines (oldest first).
    public internal(set) var ring: LogRing
    /// The task -> peer map last applied to the ring (see `setPeers`).
    var appliedTaskPeers: [String: String] = [:]
    /// Lines the follower lost because the loop fell behind (`LogBatch.droppedLines`), on top of
    /// the ring's own `dropped` (oldest lines evicted by its bounds).
    public internal(set) var readerDropped = 0
    /// Every source seen, in order of first appearance.
    public internal(set) var sources: [String] = []
    var sourceSet: Set<String> = []
    var lastSource: String?

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

    public init(maxLines: Int = 100_000, maxBytes: Int = 64 << 20,
                saveDirectory: String = FileManager.default.temporaryDirectory.path) {
        let ring = LogRing(maxLines: maxLines, maxBytes: maxBytes)
        self.ring = ring
        self.result = LogFilterResult(filter: LogFilter(), ring: ring)
        self.saveDirectory = saveDirectory
    }

    // MARK: ingestion

    /// Appends a follower batch: lines merged by time within the batch, lost lines counted, and
    /// follower errors shown. Work is proportional to the batch, not to the ring.
    public mutating func append(_ batch: LogBatch) {
        readerDropped += batch.droppedLines
        for notice in batch.notices {
            if case let .error(e) = notice.event { show(e.description, role: .error) }
        }
        append(lines: batch.lines)
    }

    /// Appends lines as they are (already parsed and sanitised by LogTail).
    public mutating func append(lines: [LogLine]) {
        guard !lines.isEmpty else { return }
        let ordered = LogMerge.mergeByTime(lines)
        for l in ordered where l.source != lastSource {
            lastSource = l.source
            if sourceSet.insert(l.source).inserted { sources.append(l.source) }
        }
        ring.append(contentsOf: ordered)
        result.update(from: ring)
    }

    /// Attaches peers to tasks' lines once the ECS correlation knows them (see `LogRing.setPeers`);
    /// re-filters when the filter could depend on it. The app calls this on every peers poll: an
    /// unchanged map costs nothing (new lines get their peer on ingestion), not a ring scan.
    public mutating func setPeers(_ byTask: [String: String]) {
        guard byTask != appliedTaskPeers else { return }
        appliedTaskPeers = byTask
        if ring.setPeers(byTask) > 0, !filterText.isEmpty { refilter() }
    }

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

    /// Writes the lines the view shows now (after filters) with `LogSaver`.
    /// - Returns: the path written and the number of lines.
    public mutating func saveView(now: Date = Date()) -> PaneEvent {
        let stamp = LogTimestamp.format(now).replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "")
        let path = (saveDirectory as NSString).appendingPathComponent("ipfs-cluster-console-logs-\(stamp).log")
        let ring = self.ring
        let lines = result.compactMap { ring.line(sequence: $0) }
        do {
            let n = try LogSaver.save(lines, to: path)
            show("saved \(n) lines to \(path)", role: .ok)
            return .saved(path: path, lines: n)
        } catch {
            show(error.description, role: .error)
            return .failed(error.description)
        }
    }
}
