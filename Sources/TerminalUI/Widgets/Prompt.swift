/// What a key did to a prompt.
public enum PromptOutcome: Hashable, Sendable {
    /// Still editing (the text or cursor may have changed).
    case editing
    /// Enter: the text to act on (also added to the history).
    case submitted(String)
    /// Esc or ctrl-c: the user gave up.
    case cancelled
}

/// A one-line editor with readline habits and history: the `:` command line, the `/` filter and
/// typed confirmations all use it.
///
/// Keys: left/right (ctrl-b/ctrl-f), home/end (ctrl-a/ctrl-e), backspace, delete (ctrl-d),
/// ctrl-u (kill to start), ctrl-k (kill to end), ctrl-w (kill word before), up/down (history),
/// enter (submit), esc/ctrl-c (cancel). Text is edited per character, so wide characters move as one.
public struct PromptState: Sendable, Equatable {
    public private(set) var characters: [Character]
    /// Cursor position in characters (0...count).
    public private(set) var cursor: Int
    /// Earlier submissions, oldest first.
    public private(set) var history: [String]
    private var historyIndex: Int?
    private var draft: [Character] = []

    public init(text: String = "", history: [String] = []) {
        self.characters = Array(sanitizeForTerminal(text))
        self.cursor = characters.count
        self.history = history
    }

    /// The current text.
    public var text: String { String(characters) }

    /// Replaces the text, cursor at the end.
    public mutating func setText(_ s: String) {
        characters = Array(sanitizeForTerminal(s))
        cursor = characters.count
    }

    /// Inserts text at the cursor (pasted or typed).
    public mutating func insert(_ s: String) {
        let chars = Array(sanitizeForTerminal(s))
        characters.insert(contentsOf: chars, at: cursor)
        cursor += chars.count
    }

    public mutating func handle(_ key: Key) -> PromptOutcome {
        switch key {
        case .char(let c): insert(String(c))
        case .left, .ctrl("b"): cursor = max(0, cursor - 1)
        case .right, .ctrl("f"): cursor = min(characters.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = characters.count
        case .backspace, .ctrl("h"):
            if cursor > 0 { characters.remove(at: cursor - 1); cursor -= 1 }
        case .delete, .ctrl("d"):
            if cursor < characters.count { characters.remove(at: cursor) }
        case .ctrl("u"):
            characters.removeSubrange(0..<cursor)
            cursor = 0
        case .ctrl("k"):
            characters.removeSubrange(cursor..<characters.count)
        case .ctrl("w"):
            var start = cursor
            while start > 0 && characters[start - 1] == " " { start -= 1 }
            while start > 0 && characters[start - 1] != " " { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .up: recall(older: true)
        case .down: recall(older: false)
        case .enter:
            let t = text
            if !t.isEmpty && history.last != t { history.append(t) }
            historyIndex = nil
            return .submitted(t)
        case .escape, .ctrl("c"):
            historyIndex = nil
            return .cancelled
        default: break
        }
        return .editing
    }

    /// Clears the text for the next use, keeping the history.
    public mutating func reset() {
        characters = []
        cursor = 0
        historyIndex = nil
    }

    private mutating func recall(older: Bool) {
        guard !history.isEmpty else { return }
        if older {
            if historyIndex == nil { draft = characters; historyIndex = history.count - 1 }
            else if let i = historyIndex, i > 0 { historyIndex = i - 1 }
        } else {
            guard let i = historyIndex else { return }
            if i + 1 < history.count { historyIndex = i + 1 } else {
                historyIndex = nil
                characters = draft
                cursor = characters.count
                return
            }
        }
        if let i = historyIndex { characters = Array(history[i]); cursor = characters.count }
    }
}

/// Draws a prompt line: `prefix`, the text scrolled so the cursor shows, and the cursor as a
/// reversed cell (the terminal cursor stays hidden).
public enum Prompt {
    public static func render(prefix: String, state: PromptState, area: Rect, into buffer: inout CellBuffer,
                              theme: Theme, role: Role = .prompt) {
        guard !area.isEmpty else { return }
        let line = area.row(0)
        let style = theme.style(role)
        buffer.fill(line, style: style)
        let x0 = buffer.write(prefix, x: line.x, y: line.y, style: style, clip: line)
        let room = max(1, line.maxX - x0)
        let before = DisplayWidth.of(String(state.characters[..<state.cursor]))
        let scroll = max(0, before - room + 1)
        buffer.write(TextLayout.slice(state.text, from: scroll, width: room), x: x0, y: line.y, style: style, clip: line)
        let cursorX = x0 + before - scroll
        let cursorRect = Rect(x: cursorX, y: line.y, width: 1, height: 1).intersection(line)
        buffer.setStyle(style.adding(.reverse), in: cursorRect)
        if state.cursor < state.characters.count, DisplayWidth.of(state.characters[state.cursor]) == 2 {
            buffer.setStyle(style.adding(.reverse), in: Rect(x: cursorX + 1, y: line.y, width: 1, height: 1).intersection(line))
        }
    }
}
