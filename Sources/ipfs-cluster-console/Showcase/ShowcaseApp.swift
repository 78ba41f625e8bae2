import Foundation
import TerminalUI

/// The toolkit showcase shown by `ipfs-cluster-console` until the real console exists: header, tab
/// bar, a sortable table, a log view, dialogs, a prompt, the help overlay and a status line.
/// Everything here is throw-away; it lives in its own folder so it can be deleted in one go.
struct ShowcaseApp: TerminalApp {
    enum Event: Sendable {
        case logLine
    }

    enum Overlay: Equatable {
        case none
        case help
        case dialog(DialogState, pin: String)
        case prompt(PromptState, prefix: String)
    }

    var theme: Theme
    var pins: [ShowcasePin]
    var table = TableState<String>(sortColumn: nil)
    var log = LogViewState()
    var logLines: [StyledLine]
    var logCounter = 0
    var tab = 0
    var focusLog = false
    var overlay: Overlay = .none
    var search: String?
    var toast: (text: String, until: ContinuousClock.Instant)?
    var history: [String] = []
    var context: LoopContext<Event>?
    var lastSize = ScreenSize(width: 0, height: 0)
    let tabs = ["Pins", "Logs", "About"]

    init(theme: Theme, diagnostics: [ThemeDiagnostic]) {
        self.theme = theme
        self.pins = ShowcasePin.samples(count: 200)
        self.logLines = (0..<40).map(ShowcaseLog.line)
        self.logCounter = 40
        for d in diagnostics { logLines.append(StyledLine("theme: \(d.description)", role: .logWarn)) }
    }

    static let columns = [
        TableColumn("CID", minWidth: 16, maxWidth: 62, weight: 3),
        TableColumn("NAME", minWidth: 10, maxWidth: 30, weight: 2),
        TableColumn("STATUS", minWidth: 10, weight: 0),
        TableColumn("PEERS", minWidth: 5, weight: 0, alignment: .right),
        TableColumn("AGE", minWidth: 6, weight: 0, alignment: .right),
    ]

    static let keyMap = KeyMap([
        KeyMapSection("Navigation", [
            KeyBinding("j / ↓", "next row"), KeyBinding("k / ↑", "previous row"),
            KeyBinding("g / G", "first / last row"), KeyBinding("ctrl-d / ctrl-u", "half page down / up"),
            KeyBinding("1 2 3 / tab", "switch tab"), KeyBinding("o", "focus table / log pane"),
        ]),
        KeyMapSection("Table", [
            KeyBinding("s", "sort by next column"), KeyBinding("S", "reverse sort"),
            KeyBinding("d", "unpin (y/n confirmation)"), KeyBinding("D", "unpin (typed confirmation)"),
        ]),
        KeyMapSection("Log", [
            KeyBinding("f / G", "follow new lines"), KeyBinding("w", "wrap on/off"), KeyBinding("/", "highlight text"),
        ]),
        KeyMapSection("General", [
            KeyBinding(":", "command (:q quits, :help)"), KeyBinding("?", "this help"), KeyBinding("q", "quit"),
        ]),
    ])

    /// Runs the showcase on the terminal until the user quits.
    @MainActor
    static func run(theme: Theme, diagnostics: [ThemeDiagnostic], noColor: Bool) async throws {
        let app = ShowcaseApp(theme: theme, diagnostics: diagnostics)
        try await TerminalRunner.run(app, options: CursesScreen.Options(noColor: noColor))
    }

    // MARK: TerminalApp

    mutating func start(_ context: LoopContext<Event>) {
        self.context = context
        theme = theme.adapted(to: context.colorDepth)
        Task.detached {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(2))
                context.post(.logLine)
            }
        }
    }

    mutating func handle(event: Event) -> LoopAction {
        switch event {
        case .logLine:
            logLines.append(ShowcaseLog.line(logCounter))
            logCounter += 1
            if logLines.count > 5000 { logLines.removeFirst(logLines.count - 5000) }
            return .redraw
        }
    }

    mutating func tick() -> LoopAction {
        if let t = toast, ContinuousClock.now >= t.until { toast = nil; return .redraw }
        return .continue
    }

    mutating func handle(_ key: Key) -> LoopAction {
        if key == .resize { return .redraw }
        switch overlay {
        case .help:
            if key == .ctrl("c") { return .quit }
            if key == .escape || key == .char("?") || key == .char("q") { overlay = .none }
            return .redraw
        case .dialog(var state, let cid):
            switch state.handle(key) {
            case .pending: overlay = .dialog(state, pin: cid)
            case .cancelled: overlay = .none; showToast("kept \(cid.prefix(16))…")
            case .confirmed:
                overlay = .none
                pins.removeAll { $0.cid == cid }
                showToast("unpinned \(cid.prefix(16))…")
            }
            return .redraw
        case .prompt(var state, let prefix):
            switch state.handle(key) {
            case .editing: overlay = .prompt(state, prefix: prefix)
            case .cancelled: overlay = .none
            case .submitted(let text):
                history = state.history
                overlay = .none
                if prefix == "/" { search = text.isEmpty ? nil : text; return .redraw }
                return runCommand(text)
            }
            return .redraw
        case .none:
            break
        }
        switch key {
        case .char("q"), .ctrl("c"): return .quit
        case .char("?"): overlay = .help
        case .char(":"): overlay = .prompt(PromptState(history: history), prefix: ":")
        case .char("/"): overlay = .prompt(PromptState(history: history), prefix: "/")
        case .char("1"): tab = 0
        case .char("2"): tab = 1
        case .char("3"): tab = 2
        case .tab: tab = (tab + 1) % tabs.count
        case .backTab: tab = (tab + tabs.count - 1) % tabs.count
        case .char("o"): focusLog.toggle()
        case .escape: search = nil
        default:
            if tab == 1 || (tab == 0 && focusLog) {
                return log.handle(key, lineCount: logLines.count, pageSize: max(1, lastSize.height - 6)) ? .redraw : .continue
            }
            guard tab == 0 else { return .continue }
            return handleTableKey(key)
        }
        return .redraw
    }

    private mutating func handleTableKey(_ key: Key) -> LoopAction {
        let rows = tableRows()
        switch key {
        case .char("s"):
            table.sortColumn = ((table.sortColumn ?? -1) + 1) % Self.columns.count
            table.sortAscending = true
        case .char("S"):
            table.sortAscending.toggle()
            if table.sortColumn == nil { table.sortColumn = 0 }
        case .char("d"), .char("D"):
            guard let id = table.selectedID else { return .continue }
            let message = ["Unpin \(id)?", "It will be removed from every peer of the cluster."]
            let kind: DialogState.Kind = key == .char("d") ? .yesNo : .typed(word: "unpin")
            overlay = .dialog(DialogState(title: "Unpin", message: message, kind: kind), pin: id)
        default:
            let page = Table.bodyHeight(area: tableArea(for: lastSize))
            return table.handle(key, rows: rows, pageSize: page) ? .redraw : .continue
        }
        return .redraw
    }

    private mutating func runCommand(_ text: String) -> LoopAction {
        switch text.trimmingCharacters(in: .whitespaces) {
        case "q", "q!", "quit": return .quit
        case "help": overlay = .help
        case "": break
        default: showToast("unknown command: \(text)")
        }
        return .redraw
    }

    private mutating func showToast(_ text: String) {
        toast = (text, ContinuousClock.now + .seconds(3))
        context?.requestTick(after: .seconds(3))
    }

    // MARK: data

    func sortedPins() -> [ShowcasePin] {
        guard let col = table.sortColumn else { return pins }
        let asc = table.sortAscending
        func less(_ a: ShowcasePin, _ b: ShowcasePin) -> Bool {
            switch col {
            case 0: return a.cid < b.cid
            case 1: return a.name < b.name
            case 2: return (a.status, a.cid) < (b.status, b.cid)
            case 3: return (a.peers, a.cid) < (b.peers, b.cid)
            default: return (a.ageMinutes, a.cid) < (b.ageMinutes, b.cid)
            }
        }
        return pins.sorted { asc ? less($0, $1) : less($1, $0) }
    }

    func tableRows() -> TableRows<String> {
        let sorted = sortedPins()
        return TableRows(sorted.map { p in
            let age = p.ageMinutes >= 60 ? "\(p.ageMinutes / 60)h\(p.ageMinutes % 60)m" : "\(p.ageMinutes)m"
            return (p.cid, TableRow([p.cid, p.name, p.status, String(p.peers), age], cellRoles: [nil, nil, p.role]))
        })
    }

    // MARK: layout

    func mainAreas(for size: ScreenSize) -> [Rect] {
        Layout.rows(Rect(x: 0, y: 0, width: size.width, height: size.height), [.fixed(1), .fixed(1), .fill, .fixed(1)])
    }

    func tableArea(for size: ScreenSize) -> Rect {
        let body = mainAreas(for: size)[2]
        let parts = Layout.rows(body, [.percent(60, min: 3), .fill])
        return parts[0].inset(by: 1)
    }

    // MARK: render

    mutating func render(into buffer: inout CellBuffer) {
        let size = ScreenSize(width: buffer.width, height: buffer.height)
        lastSize = size
        let areas = mainAreas(for: size)
        buffer.fill(buffer.bounds, style: theme.style(.text))
        let selected = tableRows()
        table.sync(with: selected)
        StatusLine.render(left: [StatusSegment("ipfs-cluster-console"), StatusSegment("toolkit showcase", role: .dim)],
                          right: [StatusSegment("\(size.width)x\(size.height)"), StatusSegment(theme.name, role: .dim)],
                          area: areas[0], into: &buffer, theme: theme, role: .header)
        TabBar.render(titles: tabs, selected: tab, area: areas[1], into: &buffer, theme: theme)
        let body = areas[2]
        switch tab {
        case 0:
            let parts = Layout.rows(body, [.percent(60, min: 3), .fill])
            let tableTitle = "Pins (\(pins.count))" + (focusLog ? "" : " •")
            buffer.drawBox(parts[0], style: theme.style(.border), title: tableTitle, titleStyle: theme.style(.title))
            Table.render(columns: Self.columns, rows: selected, state: &table, area: parts[0].inset(by: 1), into: &buffer, theme: theme)
            renderLog(area: parts[1], into: &buffer)
        case 1:
            renderLog(area: body, into: &buffer)
        default:
            renderAbout(area: body, into: &buffer)
        }
        switch overlay {
        case .prompt(let p, let prefix):
            Prompt.render(prefix: prefix, state: p, area: areas[3], into: &buffer, theme: theme)
        default:
            let sel = selected.count == 0 ? "no rows" : "row \(table.selectedIndex + 1)/\(selected.count)"
            var right = [StatusSegment(sel)]
            if let s = search { right.insert(StatusSegment("/\(s)", role: .match), at: 0) }
            if let col = table.sortColumn { right.insert(StatusSegment("sort:\(Self.columns[col].title)\(table.sortAscending ? "▲" : "▼")"), at: 0) }
            StatusLine.render(left: [], right: right, area: areas[3], into: &buffer, theme: theme)
            let hintsArea = Rect(x: areas[3].x, y: areas[3].y, width: max(0, areas[3].width - 34), height: areas[3].height)
            StatusLine.renderHints([KeyHint("q", "quit"), KeyHint("?", "help"), KeyHint(":", "command"),
                                    KeyHint("s", "sort"), KeyHint("d", "unpin"), KeyHint("tab", "next tab")],
                                   area: hintsArea, into: &buffer, theme: theme)
        }
        if let toast {
            Toast.render(toast.text, area: Rect(x: 0, y: 0, width: size.width, height: max(0, size.height - 1)), into: &buffer, theme: theme)
        }
        switch overlay {
        case .help: HelpOverlay.render(Self.keyMap, area: buffer.bounds, into: &buffer, theme: theme)
        case .dialog(let d, _): Dialog.render(d, area: buffer.bounds, into: &buffer, theme: theme)
        default: break
        }
    }

    private mutating func renderLog(area: Rect, into buffer: inout CellBuffer) {
        let title = "Log" + (log.follow ? " (following)" : " (paused: G/f follows)") + (log.wrap ? " wrap" : "") + (focusLog || tab == 1 ? " •" : "")
        buffer.drawBox(area, style: theme.style(.border), title: title, titleStyle: theme.style(.title))
        LogView.render(lines: TextLines(logLines), state: &log, area: area.inset(by: 1), into: &buffer, theme: theme, highlight: search)
    }

    private func renderAbout(area: Rect, into buffer: inout CellBuffer) {
        buffer.drawBox(area, style: theme.style(.border), title: "About this showcase", titleStyle: theme.style(.title))
        let inside = area.inset(top: 1, left: 2, bottom: 1, right: 2)
        let lines: [(String, Role)] = [
            ("TerminalUI toolkit showcase: the real console replaces this screen.", .text),
            ("Wide text: 中文字符テスト | emoji 👍🎉 | combining é", .text),
            ("Sanitised: \u{1B}]0;title\u{07}\u{1B}[2Jno escape reaches the terminal", .text),
            ("Status roles: ok warning error critical info muted", .text),
        ]
        var y = inside.y
        for (text, role) in lines {
            buffer.write(text, x: inside.x, y: y, style: theme.style(role), clip: inside)
            y += 1
        }
        var x = inside.x
        for role in [Role.ok, .warning, .error, .critical, .info, .muted, .pinPinned, .pinError, .peerMissing] {
            x = buffer.write(role.rawValue, x: x, y: y, style: theme.style(role), clip: inside) + 1
        }
        y += 2
        let values = (0..<60).map { i in Double((i * 37) % 23) + Double(i % 7) }
        buffer.write("Sparkline:", x: inside.x, y: y, style: theme.style(.dim), clip: inside)
        Sparkline.render(values, area: Rect(x: inside.x + 11, y: y, width: 60, height: 1).intersection(inside), into: &buffer, theme: theme)
        y += 1
        buffer.write("ASCII:", x: inside.x, y: y, style: theme.style(.dim), clip: inside)
        Sparkline.render(values, area: Rect(x: inside.x + 11, y: y, width: 60, height: 1).intersection(inside), into: &buffer, theme: theme, ascii: true)
    }
}
