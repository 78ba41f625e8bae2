/// One line of a text or log view, with an optional role (a log level colour).
public struct StyledLine: Hashable, Sendable {
    public var text: String
    public var role: Role?
    public init(_ text: String, role: Role? = nil) {
        self.text = text
        self.role = role
    }
}

/// Supplies lines on demand, so a view over a 100,000-line ring buffer touches only what it shows.
public struct TextLines {
    public var count: Int
    public var line: (Int) -> StyledLine

    public init(count: Int, line: @escaping (Int) -> StyledLine) {
        self.count = count
        self.line = line
    }

    public init(_ lines: [StyledLine]) {
        self.init(count: lines.count, line: { lines[$0] })
    }
}

/// Scroll, follow and wrap state of a `LogView`, owned by the caller.
///
/// Why follow pauses: an operator who scrolls up to read must not be yanked back to the bottom by
/// new lines; `G` or `f` resumes following (as in k9s and `less +F`).
public struct LogViewState: Sendable, Equatable {
    /// Stick to the newest line.
    public var follow: Bool
    /// Wrap long lines instead of cutting them (then there is no horizontal scroll).
    public var wrap: Bool
    /// First line shown (maintained while following too, so scrolling up starts from the view).
    public var topLine: Int
    /// Columns scrolled right when not wrapping.
    public var horizontalOffset: Int

    public init(follow: Bool = true, wrap: Bool = false) {
        self.follow = follow
        self.wrap = wrap
        self.topLine = 0
        self.horizontalOffset = 0
    }

    /// Applies a key: j/k/arrows scroll a line, ctrl-d/ctrl-u half a page, pgup/pgdn a page,
    /// g/home top, G/end/f follow, w wrap, h/l/left/right scroll sideways. Scrolling up pauses
    /// follow. Returns false for other keys.
    public mutating func handle(_ key: Key, lineCount: Int, pageSize: Int) -> Bool {
        let page = max(1, pageSize)
        let maxTop = max(0, lineCount - page)
        switch key {
        case .char("k"), .up: scroll(by: -1, maxTop: maxTop)
        case .char("j"), .down: scroll(by: 1, maxTop: maxTop)
        case .ctrl("u"): scroll(by: -max(1, page / 2), maxTop: maxTop)
        case .ctrl("d"): scroll(by: max(1, page / 2), maxTop: maxTop)
        case .pageUp, .ctrl("b"): scroll(by: -page, maxTop: maxTop)
        case .pageDown, .ctrl("f"): scroll(by: page, maxTop: maxTop)
        case .char("g"), .home: follow = false; topLine = 0
        case .char("G"), .end, .char("f"): follow = true; topLine = maxTop
        case .char("w"): wrap.toggle(); horizontalOffset = 0
        case .char("h"), .left: if !wrap { horizontalOffset = max(0, horizontalOffset - 8) }
        case .char("l"), .right: if !wrap { horizontalOffset += 8 }
        default: return false
        }
        return true
    }

    private mutating func scroll(by delta: Int, maxTop: Int) {
        if delta < 0 { follow = false }
        topLine = max(0, min(maxTop, topLine + delta))
    }
}

/// Draws lines of text: a log pane or any scrollable text. Matches of `highlight` are drawn in the
/// `.match` role (case-insensitive).
public enum LogView {
    public static func render(lines: TextLines, state: inout LogViewState, area: Rect,
                              into buffer: inout CellBuffer, theme: Theme, highlight: String? = nil) {
        guard !area.isEmpty else { return }
        buffer.fill(area, style: theme.style(.text))
        let h = area.height
        var rows: [(text: String, role: Role?)] = []
        if state.wrap {
            if state.follow {
                var i = lines.count - 1
                var collected: [[(String, Role?)]] = []
                var total = 0
                while i >= 0 && total < h {
                    let l = lines.line(i)
                    let wrapped = TextLayout.wrap(l.text, width: area.width).map { ($0, l.role) }
                    collected.append(wrapped)
                    total += wrapped.count
                    i -= 1
                }
                state.topLine = max(0, i + 1)
                rows = collected.reversed().flatMap { $0 }.map { (text: $0.0, role: $0.1) }
                if rows.count > h { rows = Array(rows.suffix(h)) }
            } else {
                var i = min(state.topLine, max(0, lines.count - 1))
                while i < lines.count && rows.count < h {
                    let l = lines.line(i)
                    rows += TextLayout.wrap(l.text, width: area.width).map { (text: $0, role: l.role) }
                    i += 1
                }
                if rows.count > h { rows = Array(rows.prefix(h)) }
            }
        } else {
            if state.follow { state.topLine = max(0, lines.count - h) }
            state.topLine = max(0, min(state.topLine, max(0, lines.count - h)))
            let end = min(lines.count, state.topLine + h)
            if state.topLine < end {
                for i in state.topLine..<end {
                    let l = lines.line(i)
                    rows.append((TextLayout.slice(l.text, from: state.horizontalOffset, width: area.width), l.role))
                }
            }
        }
        let matchStyle = theme.style(.match)
        for (k, row) in rows.enumerated() {
            let y = area.y + k
            buffer.write(row.text, x: area.x, y: y, style: theme.style(row.role ?? .text), clip: area)
            if let q = highlight, !q.isEmpty {
                for r in matchColumns(in: row.text, query: q) {
                    buffer.setStyle(matchStyle, in: Rect(x: area.x + r.lowerBound, y: y, width: r.count, height: 1).intersection(area))
                }
            }
        }
    }

    /// Column ranges where `query` occurs in `text` (case-insensitive, non-overlapping).
    public static func matchColumns(in text: String, query: String) -> [Range<Int>] {
        let pieces = CellBuffer.cellTexts(sanitizeForTerminal(text))
        let needle = CellBuffer.cellTexts(sanitizeForTerminal(query)).map { $0.text.lowercased() }
        guard !needle.isEmpty, pieces.count >= needle.count else { return [] }
        let hay = pieces.map { $0.text.lowercased() }
        var starts: [Int] = []
        var col = 0
        for p in pieces { starts.append(col); col += p.width }
        var out: [Range<Int>] = []
        var i = 0
        while i <= hay.count - needle.count {
            if Array(hay[i..<(i + needle.count)]) == needle {
                let last = i + needle.count - 1
                out.append(starts[i]..<(starts[last] + pieces[last].width))
                i += needle.count
            } else {
                i += 1
            }
        }
        return out
    }
}
