import Testing
@testable import TerminalUI

private let theme = Theme.default

private func rows(_ items: [(String, [String])]) -> TableRows<String> {
    TableRows(items.map { ($0.0, TableRow($0.1)) })
}

@Suite struct TableTests {
    let columns = [TableColumn("NAME", minWidth: 6, weight: 1), TableColumn("N", minWidth: 3, weight: 0, alignment: .right)]

    @Test func rendersHeaderRowsAndSelection() {
        var buffer = CellBuffer(width: 14, height: 4)
        var state = TableState<String>(sortColumn: 0, sortAscending: true)
        let data = rows([("a", ["alpha", "1"]), ("b", ["beta", "22"]), ("c", ["gamma-long-name", "333"])])
        Table.render(columns: columns, rows: data, state: &state, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.lines() == ["NAME ▲       N", "alpha        1", "beta        22", "gamma-lon… 333"])
        #expect(buffer.style(x: 0, y: 0) == theme.style(.tableHeader))
        #expect(buffer.style(x: 0, y: 1) == theme.style(.selection))
        #expect(buffer.style(x: 13, y: 1) == theme.style(.selection))
        #expect(buffer.style(x: 0, y: 2) == theme.style(.text))
        #expect(state.selectedID == "a")
        state.toggleSort(column: 0)
        Table.render(columns: columns, rows: data, state: &state, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.line(0).hasPrefix("NAME ▼"))
    }

    @Test func selectionFollowsIdentityAcrossResort() {
        var state = TableState<String>()
        let data = rows([("a", ["a"]), ("b", ["b"]), ("c", ["c"]), ("d", ["d"])])
        state.sync(with: data)
        _ = state.handle(.char("j"), rows: data, pageSize: 10)
        _ = state.handle(.down, rows: data, pageSize: 10)
        #expect(state.selectedID == "c")
        #expect(state.selectedIndex == 2)
        let reversed = rows([("d", ["d"]), ("c", ["c"]), ("b", ["b"]), ("a", ["a"])])
        state.sync(with: reversed)
        #expect(state.selectedID == "c")
        #expect(state.selectedIndex == 1)
        // The selected row disappears: the position is kept and the row now there is adopted.
        let without = rows([("d", ["d"]), ("b", ["b"]), ("a", ["a"])])
        state.sync(with: without)
        #expect(state.selectedID == "b")
        #expect(state.selectedIndex == 1)
        _ = state.handle(.char("G"), rows: without, pageSize: 10)
        #expect(state.selectedID == "a")
        _ = state.handle(.char("g"), rows: without, pageSize: 10)
        #expect(state.selectedID == "d")
        let handled = state.handle(.char("x"), rows: without, pageSize: 10)
        #expect(!handled)
    }

    @Test func scrollingKeepsSelectionVisible() {
        var buffer = CellBuffer(width: 12, height: 6) // header + 5 rows
        var state = TableState<Int>()
        let data = TableRows<Int>(count: 100, id: { $0 }, row: { TableRow(["row \($0)", ""]) }, indexOf: { $0 })
        for _ in 0..<7 { _ = state.handle(.down, rows: data, pageSize: 5) }
        Table.render(columns: columns, rows: data, state: &state, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(state.selectedIndex == 7)
        #expect(state.offset == 3)
        #expect(buffer.line(5).hasPrefix("row 7"))
        #expect(buffer.style(x: 0, y: 5) == theme.style(.selection))
        _ = state.handle(.ctrl("d"), rows: data, pageSize: 5)
        #expect(state.selectedIndex == 9)
        _ = state.handle(.ctrl("u"), rows: data, pageSize: 5)
        _ = state.handle(.ctrl("u"), rows: data, pageSize: 5)
        #expect(state.selectedIndex == 5)
        _ = state.handle(.pageDown, rows: data, pageSize: 5)
        #expect(state.selectedIndex == 10)
        _ = state.handle(.end, rows: data, pageSize: 5)
        Table.render(columns: columns, rows: data, state: &state, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(state.offset == 95)
        #expect(buffer.line(5).hasPrefix("row 99"))
    }

    @Test func millionRowsMaterialiseOnlyVisibleRows() {
        final class Counter: @unchecked Sendable { var rows = 0 }
        let counter = Counter()
        let data = TableRows<Int>(count: 1_000_000, id: { $0 }, row: { i in counter.rows += 1; return TableRow(["\(i)", ""]) },
                                  indexOf: { $0 < 1_000_000 ? $0 : nil })
        var state = TableState<Int>(selectedID: 500_000)
        var buffer = CellBuffer(width: 20, height: 11)
        Table.render(columns: columns, rows: data, state: &state, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(counter.rows == 10)
        #expect(state.selectedIndex == 500_000)
        #expect(buffer.lines().contains { $0.hasPrefix("500000") })
    }

    @Test func columnWidthsRespectMinMaxAndWeights() {
        let cols = [TableColumn("A", minWidth: 4, maxWidth: 6, weight: 1), TableColumn("B", minWidth: 4, weight: 1), TableColumn("C", minWidth: 3, weight: 0)]
        #expect(Table.columnWidths(cols, totalWidth: 30) == [6, 19, 3])
        #expect(Table.columnWidths(cols, totalWidth: 13) == [4, 4, 3])
        #expect(Table.columnWidths(cols, totalWidth: 8) == [4, 2, 0])
    }

    @Test func emptyTableAndPerCellRoles() {
        var buffer = CellBuffer(width: 20, height: 3)
        var state = TableState<String>()
        Table.render(columns: columns, rows: TableRows<String>([]), state: &state, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.line(1).contains("no rows"))
        let data = TableRows([("x", TableRow(["x", "1"], cellRoles: [.pinError])), ("y", TableRow(["y", "2"], role: .dim))])
        Table.render(columns: columns, rows: data, state: &state, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.style(x: 0, y: 1) == theme.style(.selection)) // selection wins on the selected row
        _ = state.handle(.down, rows: data, pageSize: 2)
        Table.render(columns: columns, rows: data, state: &state, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.style(x: 0, y: 1) == theme.style(.pinError))
        #expect(buffer.style(x: 0, y: 2) == theme.style(.selection))
    }
}

@Suite struct LogViewTests {
    let lines = TextLines((0..<50).map { StyledLine("line \($0)", role: $0 % 10 == 0 ? .logError : nil) })

    @Test func followShowsTheNewestLinesAndPausesWhenScrolledUp() {
        var state = LogViewState()
        var buffer = CellBuffer(width: 10, height: 5)
        LogView.render(lines: lines, state: &state, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.line(4).hasPrefix("line 49"))
        #expect(buffer.style(x: 0, y: 0) == theme.style(.logInfo) || buffer.style(x: 0, y: 0) == theme.style(.text))
        _ = state.handle(.char("k"), lineCount: 50, pageSize: 5)
        #expect(!state.follow)
        LogView.render(lines: lines, state: &state, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.line(4).hasPrefix("line 48"))
        // New lines arrive: the paused view stays where it is.
        let more = TextLines((0..<60).map { StyledLine("line \($0)") })
        LogView.render(lines: more, state: &state, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.line(4).hasPrefix("line 48"))
        _ = state.handle(.char("G"), lineCount: 60, pageSize: 5)
        #expect(state.follow)
        LogView.render(lines: more, state: &state, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.line(4).hasPrefix("line 59"))
        _ = state.handle(.char("g"), lineCount: 60, pageSize: 5)
        LogView.render(lines: more, state: &state, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.line(0).hasPrefix("line 0"))
        #expect(buffer.style(x: 0, y: 0) == theme.style(.text))
        _ = state.handle(.char("f"), lineCount: 60, pageSize: 5)
        #expect(state.follow)
    }

    @Test func levelRolesAreApplied() {
        var state = LogViewState(follow: false)
        var buffer = CellBuffer(width: 10, height: 3)
        LogView.render(lines: lines, state: &state, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.style(x: 0, y: 0) == theme.style(.logError))
        #expect(buffer.style(x: 0, y: 1) == theme.style(.text))
    }

    @Test func wrapAndHorizontalScroll() {
        let long = TextLines([StyledLine("abcdefghijklmnopqrstuvwxyz"), StyledLine("end")])
        var state = LogViewState(follow: false)
        var buffer = CellBuffer(width: 10, height: 4)
        LogView.render(lines: long, state: &state, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.line(0) == "abcdefghij")
        #expect(buffer.line(1) == "end       ")
        _ = state.handle(.char("l"), lineCount: 2, pageSize: 4)
        LogView.render(lines: long, state: &state, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.line(0) == "ijklmnopqr")
        _ = state.handle(.char("w"), lineCount: 2, pageSize: 4)
        LogView.render(lines: long, state: &state, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.lines() == ["abcdefghij", "klmnopqrst", "uvwxyz    ", "end       "])
        state.follow = true
        var small = CellBuffer(width: 10, height: 2)
        LogView.render(lines: long, state: &state, area: small.bounds, into: &small, theme: theme)
        #expect(small.lines() == ["uvwxyz    ", "end       "])
    }

    @Test func highlightsMatchesCaseInsensitively() {
        var state = LogViewState()
        var buffer = CellBuffer(width: 30, height: 1)
        LogView.render(lines: TextLines([StyledLine("Error: peer error 中error")]), state: &state, area: buffer.bounds,
                       into: &buffer, theme: theme, highlight: "error")
        let match = theme.style(.match)
        #expect(buffer.style(x: 0, y: 0) == match)
        #expect(buffer.style(x: 4, y: 0) == match)
        #expect(buffer.style(x: 5, y: 0) != match)
        #expect(buffer.style(x: 12, y: 0) == match)
        #expect(buffer.style(x: 20, y: 0) == match) // after the wide 中 (columns 18-19)
        #expect(LogView.matchColumns(in: "中error", query: "ERROR") == [2..<7])
    }
}

@Suite struct PromptTests {
    func type(_ s: String, into p: inout PromptState) { for c in s { _ = p.handle(.char(c)) } }

    @Test func editingKeys() {
        var p = PromptState()
        type("hello world", into: &p)
        #expect(p.text == "hello world")
        _ = p.handle(.ctrl("a"))
        #expect(p.cursor == 0)
        _ = p.handle(.right)
        _ = p.handle(.delete)
        #expect(p.text == "hllo world")
        _ = p.handle(.ctrl("e"))
        _ = p.handle(.backspace)
        #expect(p.text == "hllo worl")
        _ = p.handle(.ctrl("w"))
        #expect(p.text == "hllo ")
        type("there", into: &p)
        _ = p.handle(.left); _ = p.handle(.left)
        _ = p.handle(.ctrl("k"))
        #expect(p.text == "hllo the")
        _ = p.handle(.ctrl("u"))
        #expect(p.text == "")
        #expect(p.cursor == 0)
    }

    @Test func wideCharactersAndCursorRendering() {
        var p = PromptState()
        type("a中b", into: &p)
        _ = p.handle(.left)
        _ = p.handle(.left)
        #expect(p.cursor == 1)
        _ = p.handle(.delete)
        #expect(p.text == "ab")
        _ = p.handle(.char("文"))
        #expect(p.text == "a文b")
        var buffer = CellBuffer(width: 10, height: 1)
        Prompt.render(prefix: ":", state: p, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.line(0) == ":a文b     ")
        #expect(buffer.style(x: 4, y: 0).attributes.contains(.reverse)) // cursor on "b"
        #expect(!buffer.style(x: 1, y: 0).attributes.contains(.reverse))
    }

    @Test func historyAndOutcomes() {
        var p = PromptState()
        type("first", into: &p)
        #expect(p.handle(.enter) == .submitted("first"))
        p.reset()
        type("second", into: &p)
        #expect(p.handle(.enter) == .submitted("second"))
        p.reset()
        type("draft", into: &p)
        _ = p.handle(.up)
        #expect(p.text == "second")
        _ = p.handle(.up)
        #expect(p.text == "first")
        _ = p.handle(.up)
        #expect(p.text == "first")
        _ = p.handle(.down)
        #expect(p.text == "second")
        _ = p.handle(.down)
        #expect(p.text == "draft")
        #expect(p.handle(.escape) == .cancelled)
        #expect(p.history == ["first", "second"])
    }

    @Test func longTextScrollsToKeepCursorVisible() {
        var p = PromptState()
        type("abcdefghijklmnop", into: &p)
        var buffer = CellBuffer(width: 8, height: 1)
        Prompt.render(prefix: ":", state: p, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.line(0) == ":klmnop ")
        #expect(buffer.style(x: 7, y: 0).attributes.contains(.reverse))
    }
}

@Suite struct DialogTests {
    @Test func yesNo() {
        var d = DialogState(title: "Unpin", message: ["Unpin bafy123 from all 3 peers?"])
        #expect(d.handle(.char("x")) == .pending)
        #expect(d.handle(.char("y")) == .confirmed)
        #expect(d.handle(.escape) == .cancelled)
        #expect(d.handle(.char("n")) == .cancelled)
        var buffer = CellBuffer(width: 60, height: 12)
        Dialog.render(d, area: buffer.bounds, into: &buffer, theme: theme)
        let text = buffer.lines().joined(separator: "\n")
        #expect(text.contains("Unpin bafy123 from all 3 peers?"))
        #expect(text.contains("y confirm"))
        #expect(text.contains("┌ Unpin "))
        let row = buffer.lines().firstIndex { $0.contains("Unpin bafy123") }!
        let col = buffer.lines()[row].distance(from: buffer.lines()[row].startIndex, to: buffer.lines()[row].range(of: "Unpin bafy")!.lowerBound)
        #expect(buffer.style(x: col, y: row) == theme.style(.dialog))
    }

    @Test func typedConfirmation() {
        var d = DialogState(title: "Remove peer", message: ["Remove peer-2?"], kind: .typed(word: "peer-2"))
        #expect(d.handle(.char("y")) == .pending)
        #expect(d.handle(.enter) == .pending)
        #expect(d.mismatch)
        var buffer = CellBuffer(width: 60, height: 12)
        Dialog.render(d, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.lines().joined().contains("That is not peer-2."))
        _ = d.handle(.ctrl("u"))
        for c in "peer-2" { _ = d.handle(.char(c)) }
        #expect(!d.mismatch)
        Dialog.render(d, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.lines().joined().contains("> peer-2"))
        #expect(d.handle(.enter) == .confirmed)
        #expect(d.handle(.escape) == .cancelled)
    }
}

@Suite struct ChromeWidgetTests {
    @Test func statusLineSegmentsAndHints() {
        var buffer = CellBuffer(width: 40, height: 2)
        StatusLine.render(left: [StatusSegment("left"), StatusSegment("ERR", role: .error)], right: [StatusSegment("120x40")],
                          area: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.line(0) == " left ERR" + String(repeating: " ", count: 24) + "120x40 ")
        let bar = theme.style(.statusLine)
        #expect(buffer.style(x: 1, y: 0) == bar)
        #expect(buffer.style(x: 6, y: 0).foreground == theme.style(.error).foreground)
        #expect(buffer.style(x: 6, y: 0).background == bar.background)
        StatusLine.renderHints([KeyHint("q", "quit"), KeyHint("?", "help")], area: buffer.bounds.row(1), into: &buffer, theme: theme)
        #expect(buffer.line(1).hasPrefix(" q quit  ? help"))
        #expect(buffer.style(x: 1, y: 1).foreground == theme.style(.keyHint).foreground)
        #expect(buffer.style(x: 3, y: 1) == bar)
    }

    @Test func tabBar() {
        var buffer = CellBuffer(width: 30, height: 1)
        TabBar.render(titles: ["Peers", "Pins"], selected: 1, area: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.line(0).hasPrefix(" 1 Peers │ 2 Pins │"))
        #expect(buffer.style(x: 1, y: 0) == theme.style(.tabInactive))
        #expect(buffer.style(x: 12, y: 0) == theme.style(.tabActive))
        #expect(TabBar.tabRanges(titles: ["Peers", "Pins"]) == [0..<9, 10..<18])
    }

    @Test func helpOverlayListsTheKeyMap() {
        let map = KeyMap([KeyMapSection("Navigation", [KeyBinding("j", "down"), KeyBinding("ctrl-d", "half page")]),
                          KeyMapSection("General", [KeyBinding("q", "quit")])])
        var buffer = CellBuffer(width: 50, height: 14)
        HelpOverlay.render(map, area: buffer.bounds, into: &buffer, theme: theme)
        let lines = buffer.lines()
        #expect(lines.contains { $0.contains("Navigation") })
        #expect(lines.contains { $0.contains("j       down") })
        #expect(lines.contains { $0.contains("ctrl-d  half page") })
        #expect(lines.contains { $0.contains("q       quit") })
        let row = lines.firstIndex { $0.contains("ctrl-d  half page") }!
        let x = Array(lines[row]).firstIndex(of: "c")!
        #expect(buffer.style(x: x, y: row).foreground == theme.style(.keyHint).foreground)
    }

    @Test func sparkline() {
        #expect(Sparkline.string([0, 1, 2, 3, 4, 5, 6, 7], width: 8) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.string([0, 7], width: 4) == "  ▁█")
        #expect(Sparkline.string([0, 7, 3.5], width: 3, ascii: true) == "_#=")
        #expect(Sparkline.string([5, 5], width: 2, maxValue: 10) == "▅▅")
        var buffer = CellBuffer(width: 5, height: 1)
        Sparkline.render([1, 2, 3], area: buffer.bounds, into: &buffer, theme: theme, role: .ok)
        #expect(buffer.line(0) == "  ▃▆█")
        #expect(buffer.style(x: 4, y: 0) == theme.style(.ok))
    }

    @Test func toastSitsBottomRight() {
        var buffer = CellBuffer(width: 20, height: 4)
        Toast.render("saved", area: buffer.bounds, into: &buffer, theme: theme)
        #expect(buffer.line(3) == String(repeating: " ", count: 14) + "saved ")
        #expect(buffer.style(x: 19, y: 3) == theme.style(.toast))
    }

    @Test func memoryScreenCountsChangedCells() {
        var screen = MemoryScreen(width: 10, height: 2)
        var frame = CellBuffer(width: 10, height: 2)
        frame.write("hi", x: 0, y: 0, style: .plain)
        screen.draw(frame)
        #expect(screen.lastChangeCount == 20)
        frame.write("o", x: 1, y: 0, style: .plain)
        screen.draw(frame)
        #expect(screen.lastChangeCount == 1)
        #expect(screen.trimmedLines() == ["ho", ""])
        screen.resize(width: 10, height: 2)
        screen.draw(frame)
        #expect(screen.lastChangeCount == 20)
    }

    @Test func keyDecoding() {
        #expect(Key.fromCharacter(0x0D) == .enter)
        #expect(Key.fromCharacter(0x0A) == .enter)
        #expect(Key.fromCharacter(0x04) == .ctrl("d"))
        #expect(Key.fromCharacter(0x15) == .ctrl("u"))
        #expect(Key.fromCharacter(0x1B) == .escape)
        #expect(Key.fromCharacter(0x7F) == .backspace)
        #expect(Key.fromCharacter(0x09) == .tab)
        #expect(Key.fromCharacter(0x6A) == .char("j"))
        #expect(Key.fromCharacter(0x4E2D) == .char("中"))
        #expect(Key.fromCharacter(0x9B) == .unknown(0x9B))
    }
}
