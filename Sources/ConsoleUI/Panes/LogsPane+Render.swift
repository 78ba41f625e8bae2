import Foundation
import LogTail
import TerminalUI

extension LogsPane {
    /// Width of the source column in the merged view.
    static let sourceWidth = 22

    /// The role a level is drawn in (the level word is always written too).
    public static func role(for level: LogLevel) -> Role {
        switch level {
        case .debug: .logDebug
        case .unknown, .info: .logInfo
        case .warn: .logWarn
        case .error: .logError
        case .dpanic, .panic, .fatal: .logFatal
        }
    }

    /// Short source label: the peer when known, else `container/task` (8 chars of the id), else
    /// the file's last two path components.
    public static func sourceLabel(_ line: LogLine) -> String {
        if let peer = line.peer { return peer + (line.container.map { "/" + $0 } ?? "") }
        if let c = line.container, let t = line.taskID { return c + "/" + t.prefix(8) }
        let parts = line.source.split(separator: "/")
        return parts.suffix(2).joined(separator: "/")
    }

    /// One line's prefix pieces (marker, time, level, source) and message, as drawn.
    func pieces(of line: LogLine, now: Date) -> (prefix: [(String, Role)], message: String) {
        var out: [(String, Role)] = []
        if let t = line.triage {
            out.append((t.kind.isProblem ? "!" : "*", t.kind.isProblem ? .warning : .info))
        } else {
            out.append((" ", .text))
        }
        let time = line.time?.addingTimeInterval(-clockOffset)
        switch timestamps {
        case .absolute:
            let text = time.map { String(LogTimestamp.format($0).dropFirst(11).prefix(12)) } ?? "-"
            out.append((" " + TextLayout.fit(text, width: 12), .dim))
        case .relative:
            let text = time.map { PaneTime.age($0, now: now) + " ago" } ?? "-"
            out.append((" " + TextLayout.fit(text, width: 9, alignment: .right), .dim))
        case .hidden:
            break
        }
        let word = line.isContinuation ? "" : line.level.word
        out.append((" " + TextLayout.fit(word, width: 5), Self.role(for: line.level)))
        if sourceMode == .merged {
            out.append((" " + TextLayout.fit(Self.sourceLabel(line), width: Self.sourceWidth), .muted))
        }
        var message = line.message
        if line.isContinuation { message = "  " + message }
        else if let sub = line.subsystem { message = sub + ": " + message }
        return (out, message)
    }

    /// Draws the header (counts, mode, filters, dropped lines), the visible lines, and a footer
    /// (prompt, notice or key hints). Works in any rect; below 3 rows only lines are drawn.
    public mutating func render(into buffer: inout CellBuffer, area: Rect, theme: Theme, now: Date,
                                title: String = "logs") {
        guard !area.isEmpty else { return }
        buffer.fill(area, role: .text, theme: theme)
        var body = area
        if area.height >= 3 {
            let (head, rest) = area.splitTop(1)
            let (mid, foot) = rest.splitBottom(1)
            body = mid
            renderHeader(into: &buffer, area: head, theme: theme, title: title)
            renderFooter(into: &buffer, area: foot, theme: theme)
        }
        lastBodyHeight = max(1, body.height)
        renderLines(into: &buffer, area: body, theme: theme, now: now)
    }

    private func renderHeader(into buffer: inout CellBuffer, area: Rect, theme: Theme, title: String) {
        var left: [StatusSegment] = [StatusSegment(title, role: .title)]
        switch sourceMode {
        case .merged: left.append(StatusSegment("merged"))
        case .single(let s): left.append(StatusSegment("source " + s, role: .info))
        }
        let shown = result.count == ring.count ? "\(ring.count) lines" : "\(result.count)/\(ring.count) lines"
        left.append(StatusSegment(shown))
        left.append(follow ? StatusSegment("FOLLOW", role: .ok) : StatusSegment("PAUSED (G resumes)", role: .warning))
        if !filterText.isEmpty { left.append(StatusSegment("filter " + filterText, role: .keyHint)) }
        if let m = minimumLevel { left.append(StatusSegment("level≥" + m.word, role: .keyHint)) }
        if !searchText.isEmpty { left.append(StatusSegment("search " + searchText, role: .match)) }
        var right: [StatusSegment] = []
        if wrap { right.append(StatusSegment("wrap")) }
        switch timestamps {
        case .absolute: right.append(StatusSegment("time UTC"))
        case .relative: right.append(StatusSegment("time ago"))
        case .hidden: break
        }
        let dropped = ring.dropped + readerDropped
        right.append(StatusSegment("dropped \(dropped)", role: dropped > 0 ? .warning : .dim))
        StatusLine.render(left: left, right: right, area: area, into: &buffer, theme: theme, role: .header)
    }

    private func renderFooter(into buffer: inout CellBuffer, area: Rect, theme: Theme) {
        if let p = prompt {
            Prompt.render(prefix: promptKind == .filter ? "/" : "?", state: p, area: area, into: &buffer, theme: theme)
        } else if let message {
            StatusLine.render(left: [StatusSegment(message, role: messageRole)], area: area, into: &buffer, theme: theme)
        } else {
            StatusLine.renderHints([KeyHint("/", "filter"), KeyHint("?", "search"), KeyHint("L", "level"),
                                    KeyHint("[ ]", "source"), KeyHint("f", "follow"), KeyHint("w", "wrap"),
                                    KeyHint("t", "time"), KeyHint("s", "save"), KeyHint("enter", "peer")],
                                   area: area, into: &buffer, theme: theme)
        }
    }

    private mutating func renderLines(into buffer: inout CellBuffer, area: Rect, theme: Theme, now: Date) {
        guard !area.isEmpty else { return }
        guard !result.isEmpty else {
            let text = ring.isEmpty ? "no log lines yet" : "no line matches the filter (esc clears)"
            buffer.write(text, x: area.x + 1, y: area.y, role: .dim, theme: theme, clip: area)
            return
        }
        let cursor = cursorIndex
        // Wrapped rows per line, computed once per frame: the walk back from the cursor measures
        // the lines the draw loop below then draws.
        var wrapped: [Int: [String]] = [:]
        func wrappedRows(_ index: Int, _ message: String, room: Int) -> [String] {
            if let w = wrapped[index] { return w }
            let w = TextLayout.wrap(message, width: room)
            wrapped[index] = w
            return w
        }
        /// Display rows of one line (1 unless wrapping).
        func rowCount(_ index: Int) -> Int {
            guard wrap, let line = ring.line(sequence: result[index]) else { return 1 }
            let p = pieces(of: line, now: now)
            let prefixWidth = p.prefix.reduce(0) { $0 + DisplayWidth.of($1.0) } + 1
            return wrappedRows(index, p.message, room: max(1, area.width - prefixWidth)).count
        }
        // Lowest top that still shows the whole cursor line: walk back from it.
        var minTop = cursor
        var used = rowCount(cursor)
        while minTop > 0 {
            let h = rowCount(minTop - 1)
            if used + h > area.height { break }
            used += h
            minTop -= 1
        }
        var top: Int
        if follow {
            top = minTop
        } else {
            top = topSequence.map { result.index(atOrAfterSequence: $0) } ?? minTop
            if top > cursor { top = cursor }
            if top < minTop { top = minTop }
        }
        topSequence = result[top]

        let matchStyle = theme.style(.match)
        var y = area.y
        var index = top
        while y < area.maxY, index < result.count {
            guard let line = ring.line(sequence: result[index]) else { index += 1; continue }
            let isCursor = !follow && index == cursor
            let p = pieces(of: line, now: now)
            let rowStyle = isCursor ? theme.style(.selection) : nil
            var x = area.x
            for (text, role) in p.prefix {
                x = buffer.write(text, x: x, y: y, style: rowStyle ?? theme.style(role), clip: area)
            }
            x += 1
            let messageRole: Role = line.level >= .warn ? Self.role(for: line.level) : .text
            let messageStyle = rowStyle ?? theme.style(messageRole)
            let room = max(1, area.maxX - x)
            let rows: [String] = wrap ? wrappedRows(index, p.message, room: room)
                : [TextLayout.slice(p.message, from: horizontalOffset, width: room)]
            for (k, text) in rows.enumerated() where y < area.maxY {
                let rowRect = Rect(x: area.x, y: y, width: area.width, height: 1)
                if let rowStyle { buffer.fill(Rect(x: x - 1, y: y, width: area.maxX - x + 1, height: 1).intersection(area), style: rowStyle) }
                if k > 0, let rowStyle { buffer.fill(Rect(x: area.x, y: y, width: x - area.x, height: 1), style: rowStyle) }
                buffer.write(text, x: x, y: y, style: messageStyle, clip: rowRect)
                if search != nil {
                    for r in matchColumns(in: text) {
                        buffer.setStyle(matchStyle, in: Rect(x: x + r.lowerBound, y: y, width: r.count, height: 1).intersection(area))
                    }
                }
                y += 1
            }
            index += 1
        }
    }

    /// Column ranges of search matches in one drawn row of message text.
    func matchColumns(in text: String) -> [Range<Int>] {
        guard let search else { return [] }
        switch search.mode {
        case let .substring(needle, _):
            return LogView.matchColumns(in: text, query: needle)
        case let .regex(re):
            let ns = text as NSString
            return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).compactMap { m in
                guard m.range.length > 0, let r = Range(m.range, in: text) else { return nil }
                let start = DisplayWidth.of(text[..<r.lowerBound])
                return start..<(start + DisplayWidth.of(text[r]))
            }
        }
    }
}
