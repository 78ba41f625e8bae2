import Foundation
import LogTail
import TerminalUI

extension LogsPane {
    /// The keys this pane understands, for the app's `?` help. Note that `?` itself starts a
    /// search here (as in less and k9s logs); the app's help needs another key while this pane
    /// has focus (F1, or `:help`).
    public static let keyMap = KeyMap([
        KeyMapSection("Logs: move", [
            KeyBinding("j/k ↑/↓", "move the cursor (up pauses follow)"),
            KeyBinding("ctrl-d/ctrl-u pgdn/pgup", "half page / page"),
            KeyBinding("g", "oldest line (pauses follow)"),
            KeyBinding("G f", "follow the newest lines again"),
            KeyBinding("h/l ←/→", "scroll sideways (no wrap)"),
            KeyBinding("enter", "jump to the line's peer (or task)"),
        ]),
        KeyMapSection("Logs: view", [
            KeyBinding("/", "filter: text, or re:<regex>; hides other lines"),
            KeyBinding("L", "minimum level: all, INFO, WARN, ERROR"),
            KeyBinding("[ ]", "one source at a time / back to merged"),
            KeyBinding("?", "search (keeps context, highlights)"),
            KeyBinding("n N", "next (older) / previous (newer) match"),
            KeyBinding("esc", "clear the search, then the filters"),
            KeyBinding("w", "wrap long lines"),
            KeyBinding("t", "time: absolute, relative, hidden"),
            KeyBinding("s", "save the lines shown to a file"),
        ]),
    ])

    /// True while a `/` or `?` prompt is open: the app should send every key here first.
    public var isCapturingInput: Bool { prompt != nil }

    /// Applies a key; `.ignored` for keys the app should handle (`q`, `:`, screen switches, Esc
    /// with nothing to clear).
    public mutating func handle(_ key: Key) -> PaneEvent {
        if prompt != nil { return handlePrompt(key) }
        let hadMessage = message != nil
        message = nil
        let page = max(1, lastBodyHeight)
        switch key {
        case .char("/"):
            prompt = PromptState(text: filterText)
            promptKind = .filter
        case .char("?"):
            prompt = PromptState(text: searchText)
            promptKind = .search
        case .char("n"):
            if search == nil { show("no search: press ? first", role: .warning); return .handled }
            moveToMatch(from: cursorIndex, direction: .backward)
        case .char("N"):
            if search == nil { show("no search: press ? first", role: .warning); return .handled }
            moveToMatch(from: cursorIndex, direction: .forward)
        case .char("L"):
            let cycle: [LogLevel?] = [nil, .info, .warn, .error]
            let i = cycle.firstIndex(of: minimumLevel) ?? 0
            setMinimumLevel(cycle[(i + 1) % cycle.count])
        case .char("]"), .char("["):
            let modes: [SourceMode] = [.merged] + sources.map { SourceMode.single($0) }
            let i = modes.firstIndex(of: sourceMode) ?? 0
            let step = key == .char("]") ? 1 : modes.count - 1
            setSource(modes[(i + step) % modes.count])
        case .char("w"):
            wrap.toggle()
            horizontalOffset = 0
        case .char("t"):
            let all = TimestampMode.allCases
            timestamps = all[((all.firstIndex(of: timestamps) ?? 0) + 1) % all.count]
        case .char("s"):
            return saveView()
        case .char("G"), .char("f"), .end:
            follow = true
            cursorSequence = nil
        case .char("g"), .home:
            follow = false
            moveCursor(to: 0)
        case .char("k"), .up:
            pauseAtCursor()
            moveCursor(to: cursorIndex - 1)
        case .char("j"), .down:
            if !follow { moveCursor(to: cursorIndex + 1) }
        case .ctrl("u"), .pageUp, .ctrl("b"):
            pauseAtCursor()
            moveCursor(to: cursorIndex - (key == .ctrl("u") ? max(1, page / 2) : page))
        case .ctrl("d"), .pageDown, .ctrl("f"):
            if !follow { moveCursor(to: cursorIndex + (key == .ctrl("d") ? max(1, page / 2) : page)) }
        case .char("h"), .left:
            if !wrap { horizontalOffset = max(0, horizontalOffset - 8) }
        case .char("l"), .right:
            if !wrap { horizontalOffset += 8 }
        case .enter:
            guard let line = cursorLine else { return .handled }
            if let peer = line.peer { return .jumpToPeer(peer) }
            if let task = line.taskID { return .jumpToTask(task) }
            show("this line names no peer or task (source \(line.source))", role: .warning)
        case .escape:
            if search != nil { clearSearch() }
            else if !currentFilter.isEmpty { clearFilters() }
            else { return hadMessage ? .handled : .ignored }
        default:
            return hadMessage ? .handled : .ignored
        }
        return .handled
    }

    private mutating func handlePrompt(_ key: Key) -> PaneEvent {
        guard var p = prompt else { return .ignored }
        switch p.handle(key) {
        case .editing:
            prompt = p
        case .cancelled:
            prompt = nil
        case .submitted(let text):
            prompt = nil
            do {
                switch promptKind {
                case .filter: try setFilter(text: text)
                case .search: try setSearch(text)
                }
            } catch {
                show(error.description, role: .error)
                return .failed(error.description)
            }
        }
        return .handled
    }
}
