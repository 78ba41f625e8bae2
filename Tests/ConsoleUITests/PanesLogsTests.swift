import Foundation
import LogTail
import Testing
import TerminalUI
import ConsoleCore
@testable import ConsoleUI

@Suite struct PanesLogsTests {
    let theme = Theme.default
    let now = Lines.t0.addingTimeInterval(3600)

    func render(_ pane: inout LogsHarness, width: Int = 120, height: Int = 12) -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        pane.render(into: &buffer, area: buffer.bounds, theme: theme, now: now)
        return buffer
    }

    func pane(count: Int, _ message: (Int) -> String = { "line \($0) of the log" }) -> LogsHarness {
        var p = LogsHarness()
        p.append(lines: (0..<count).map { Lines.make($0, message($0)) })
        return p
    }

    @Test func followPausesOnScrollUpAndResumesWithG() throws {
        var p = pane(count: 50) { "entry-\($0)" }
        var b = render(&p)
        #expect(b.text.contains("entry-49"))
        #expect(b.text.contains("FOLLOW"))
        do { let r = p.handle(.char("k")); #expect(r == .handled) }
        #expect(!p.follow)
        b = render(&p)
        #expect(b.text.contains("PAUSED"))
        p.append(lines: (50..<60).map { Lines.make($0, "entry-\($0)") })
        b = render(&p)
        #expect(!b.text.contains("entry-59"))
        #expect(b.text.contains("entry-48"))
        // The cursor line is drawn in the selection style.
        let row = try #require(b.row(containing: "entry-48"))
        #expect(b.style(x: 0, y: row) == theme.style(.selection))
        do { let r = p.handle(.char("G")); #expect(r == .handled) }
        #expect(p.follow)
        b = render(&p)
        #expect(b.text.contains("entry-59"))
        // f resumes too.
        _ = p.handle(.ctrl("u"))
        #expect(!p.follow)
        _ = p.handle(.char("f"))
        #expect(p.follow)
    }

    @Test func filterHidesLinesTextAndRegex() throws {
        var p = LogsHarness()
        p.append(lines: [Lines.make(0, "alpha one"), Lines.make(1, "beta two"), Lines.make(2, "alpha three"),
                         Lines.make(3, "gamma 42")])
        for k: Key in [.char("/"), .char("a"), .char("l"), .char("p"), .char("h"), .char("a"), .enter] { _ = p.handle(k) }
        var b = render(&p)
        #expect(b.text.contains("alpha one"))
        #expect(b.text.contains("alpha three"))
        #expect(!b.text.contains("beta two"))
        #expect(b.text.contains("filter alpha"))
        #expect(b.text.contains("2/4 lines"))
        try p.setFilter(text: "re:^(beta|gamma) [0-9]+$")
        b = render(&p)
        #expect(!b.text.contains("beta two"))
        #expect(b.text.contains("gamma 42"))
        // A bad regex is reported and the previous filter stays.
        _ = p.handle(.char("/"))
        _ = p.handle(.ctrl("u"))
        for c in "re:([" { _ = p.handle(.char(c)) }
        if case .failed(let why) = p.handle(.enter) { #expect(why.contains("invalid regular expression")) } else { Issue.record("no failure") }
        #expect(p.filterText == "re:^(beta|gamma) [0-9]+$")
        // New lines go through the filter incrementally.
        p.append(lines: [Lines.make(4, "gamma 43"), Lines.make(5, "delta 44")])
        b = render(&p)
        #expect(b.text.contains("gamma 43"))
        #expect(!b.text.contains("delta 44"))
        do { let r = p.handle(.escape); #expect(r == .handled) }
        #expect(render(&p).text.contains("delta 44"))
    }

    @Test func levelWordsRolesAndLevelFilter() throws {
        var p = LogsHarness()
        p.append(lines: [Lines.make(0, "debug detail", level: .debug), Lines.make(1, "just info"),
                         Lines.make(2, "careful now", level: .warn), Lines.make(3, "it broke", level: .error)])
        var b = render(&p)
        for word in ["DEBUG", "INFO", "WARN", "ERROR"] { #expect(b.text.contains(word)) }
        let row = try #require(b.row(containing: "it broke"))
        let x = try #require(b.column(of: "ERROR", inRow: row))
        #expect(b.style(x: x, y: row) == theme.style(.logError))
        _ = p.handle(.char("L"))  // INFO+
        _ = p.handle(.char("L"))  // WARN+
        #expect(p.minimumLevel == .warn)
        b = render(&p)
        #expect(!b.text.contains("just info"))
        #expect(!b.text.contains("debug detail"))
        #expect(b.text.contains("careful now"))
        #expect(b.text.contains("level≥WARN"))
    }

    @Test func searchHighlightsAndNMoves() throws {
        var p = LogsHarness()
        p.append(lines: (0..<30).map { Lines.make($0, $0 % 10 == 3 ? "found the needle at \($0)" : "hay \($0)") })
        _ = p.handle(.char("?"))
        for c in "needle" { _ = p.handle(.char(c)) }
        _ = p.handle(.enter)
        #expect(!p.follow)
        #expect(p.cursorLine?.message == "found the needle at 23")
        var b = render(&p)
        #expect(b.text.contains("hay 22"))  // context kept
        let row = try #require(b.row(containing: "needle at 23"))
        let x = try #require(b.column(of: "needle", inRow: row))
        #expect(b.style(x: x, y: row) == theme.style(.match))
        #expect(b.style(x: x - 2, y: row) != theme.style(.match))
        do { let r = p.handle(.char("n")); #expect(r == .handled) }
        #expect(p.cursorLine?.message == "found the needle at 13")
        b = render(&p)
        #expect(b.row(containing: "needle at 13") != nil)
        _ = p.handle(.char("N"))
        #expect(p.cursorLine?.message == "found the needle at 23")
        do { let r = p.handle(.escape); #expect(r == .handled) }
        #expect(p.searchText.isEmpty)
    }

    @Test func droppedCountIsShown() throws {
        var p = LogsHarness(maxLines: 10)
        p.append(lines: (0..<25).map { Lines.make($0, "x \($0)") })
        var b = render(&p)
        #expect(b.line(0).contains("dropped 15"))
        p.append(LogBatch(lines: [Lines.make(30, "late")], droppedLines: 7))
        b = render(&p)
        #expect(b.line(0).contains("dropped 23"))
        let x = try #require(b.column(of: "dropped", inRow: 0))
        #expect(b.style(x: x, y: 0) != theme.style(.header))
    }

    @Test func hostileEscapesNeverReachTheBuffer() throws {
        var p = LogsHarness()
        let evil = "ok \u{1B}[31mred\u{1B}[0m \u{1B}]0;pwned\u{07}title \u{9B}2J end"
        p.append(lines: [LogLine(time: Lines.t0, level: .error, source: "x/\u{1B}[2Jsrc.log", message: evil, raw: evil, format: .raw)])
        _ = p.handle(.char("w"))
        let b = render(&p)
        for y in 0..<b.height {
            for x in 0..<b.width {
                let scalars = b[x, y].text.unicodeScalars
                #expect(!scalars.contains { $0.value == 0x1B || $0.value == 0x9B || $0.value == 0x07 })
            }
        }
        #expect(b.text.contains("red"))
        #expect(!b.text.contains("[31m"))
    }

    @Test func saveWritesTheCurrentView() throws {
        let dir = try PaneTempDir()
        defer { dir.cleanup() }
        var p = LogsHarness(saveDirectory: dir.path)
        p.append(lines: [Lines.make(0, "keep me", level: .error), Lines.make(1, "drop me")])
        p.setMinimumLevel(.error)
        guard case let .save(lines) = p.handle(.char("s")) else { Issue.record("no save asked"); return }
        #expect(lines.map(\.message) == ["keep me"])
        let path = p.pane.savePath(now: Lines.t0)
        #expect(path.hasPrefix(dir.path))
        #expect(path.hasSuffix("ipfs-cluster-console-logs-20261121T044000.000Z.log"))
    }

    @Test func enterJumpsToPeerOrTask() throws {
        var p = LogsHarness()
        p.append(lines: [Lines.make(0, "from a task", taskID: "task-1"), Lines.make(1, "from a peer", peer: "12D3KooWpeer")])
        do { let r = p.handle(.enter); #expect(r == .jumpToPeer("12D3KooWpeer")) }
        _ = p.handle(.char("k"))
        do { let r = p.handle(.enter); #expect(r == .jumpToTask("task-1")) }
        p.setPeers(["task-1": "12D3KooWother"])
        do { let r = p.handle(.enter); #expect(r == .jumpToPeer("12D3KooWother")) }
    }

    @Test func triageLinesMarkedSourcesAndPreset() throws {
        var p = LogsHarness()
        let alert = TriageMatch(kind: .metricAlert, peer: "12D3KooWbad", metric: "ping")
        p.append(lines: [Lines.make(0, "metric alert for ping: Peer: 12D3KooWbad.", level: .error, triage: alert),
                         Lines.make(1, "fine", source: "ipfs/ipfs/bbbb.log", taskID: "bbbb"),
                         Lines.make(2, "a warning about 12D3KooWbad", level: .warn, source: "ipfs/ipfs/bbbb.log", taskID: "bbbb"),
                         Lines.make(3, "unrelated error", level: .error, source: "ipfs/ipfs/bbbb.log", taskID: "bbbb")])
        var b = render(&p)
        let row = try #require(b.row(containing: "metric alert"))
        #expect(b.line(row).hasPrefix("!"))
        #expect(b.style(x: 0, y: row) == theme.style(.warning))
        #expect(p.sources.count == 2)
        _ = p.handle(.char("]"))
        #expect(p.sourceMode == .single(p.sources[0]))
        b = render(&p)
        #expect(!b.text.contains("fine"))
        p.showErrors(forPeer: "12D3KooWbad")
        b = render(&p)
        #expect(b.text.contains("metric alert"))
        #expect(b.text.contains("a warning about"))
        #expect(!b.text.contains("unrelated error"))
        #expect(!b.text.contains("fine"))
    }

    @Test func wrapAndTimestampToggles() throws {
        var p = LogsHarness()
        let long = (0..<40).map { "word\($0)" }.joined(separator: " ")
        p.append(lines: [Lines.make(0, long)])
        var b = render(&p, width: 80)
        #expect(!b.text.contains("word39"))
        _ = p.handle(.char("w"))
        b = render(&p, width: 80)
        #expect(b.text.contains("word39"))
        #expect(b.text.contains("04:40:00.000"))  // 1795236000 = 2026-11-21T04:40:00Z
        _ = p.handle(.char("t"))
        b = render(&p, width: 80)
        #expect(b.text.contains("1h ago"))
        _ = p.handle(.char("t"))
        b = render(&p, width: 80)
        #expect(!b.text.contains("ago"))
        #expect(!b.text.contains("04:40:00"))
        // Tiny rect: just lines, no crash.
        var small = CellBuffer(width: 10, height: 1)
        p.render(into: &small, area: small.bounds, theme: theme, now: now)
        #expect(!small.line(0).isEmpty)
    }

    @Test func floodStaysBoundedAndKeysStillWork() throws {
        var p = LogsHarness(maxLines: 5_000)
        for batch in 0..<20 {
            p.append(LogBatch(lines: (0..<2_500).map { Lines.make(batch * 2_500 + $0, "flood \(batch * 2_500 + $0)") }))
        }
        #expect(p.ring.count == 5_000)
        #expect(p.ring.dropped == 45_000)
        var b = render(&p)
        #expect(b.text.contains("flood 49999"))
        #expect(b.line(0).contains("dropped 45000"))
        _ = p.handle(.char("/"))
        #expect(p.isCapturingInput)
        for c in "flood 4999" { _ = p.handle(.char(c)) }
        _ = p.handle(.enter)
        #expect(!p.isCapturingInput)
        #expect(p.result.count == 10)  // line 4999 was dropped; 49990...49999 remain
        b = render(&p)
        #expect(b.text.contains("10/5000 lines"))
        _ = p.handle(.escape)  // clears the filter
        let r = p.handle(.escape)  // nothing left to clear: the app's Esc
        #expect(r == .ignored)
    }
}


/// The logs pane over a `LogState` grown as the update grows it: lines go into the core's state,
/// then the pane syncs, exactly as the app does after each event.
@dynamicMemberLookup
struct LogsHarness {
    var logs: LogState
    var pane: LogsPane

    init(maxLines: Int = 100_000, saveDirectory: String = FileManager.default.temporaryDirectory.path) {
        logs = LogState(maxLines: maxLines)
        pane = LogsPane(saveDirectory: saveDirectory)
        pane.sync(with: logs)
    }

    subscript<T>(dynamicMember path: KeyPath<LogsPane, T>) -> T { pane[keyPath: path] }

    mutating func append(_ batch: LogBatch) {
        logs.ingest(batch)
        pane.sync(with: logs)
    }

    mutating func append(lines: [LogLine]) { append(LogBatch(lines: lines)) }

    mutating func setPeers(_ byTask: [String: String]) {
        logs.setTaskPeers(byTask)
        pane.sync(with: logs)
    }

    mutating func handle(_ key: Key) -> PaneEvent { pane.handle(key) }
    mutating func render(into buffer: inout CellBuffer, area: Rect, theme: Theme, now: Date) {
        pane.render(into: &buffer, area: area, theme: theme, now: now)
    }
    mutating func setFilter(text: String) throws { try pane.setFilter(text: text) }
    mutating func setMinimumLevel(_ level: LogLevel?) { pane.setMinimumLevel(level) }
    mutating func showErrors(forPeer peer: String) { pane.showErrors(forPeer: peer) }
}
