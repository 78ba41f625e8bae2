/// Width-aware string helpers used by widgets: truncation with an ellipsis, padding, wrapping and
/// horizontal slicing. All measure with `DisplayWidth` on sanitised text, so a CJK name or an emoji
/// never pushes a table column out of line.
public enum TextLayout {
    /// `text` cut to at most `width` columns, ending in `ellipsis` when something was cut.
    public static func truncate(_ text: String, width: Int, ellipsis: String = "…") -> String {
        let clean = sanitizeForTerminal(text)
        guard width > 0 else { return "" }
        if DisplayWidth.ofSanitized(clean) <= width { return clean }
        let ew = DisplayWidth.of(ellipsis)
        guard width > ew else { return slice(sanitized: clean, from: 0, width: width) }
        return slice(sanitized: clean, from: 0, width: width - ew) + ellipsis
    }

    /// Columns `from..<from+width` of `text`; a wide character cut by either edge becomes a space.
    public static func slice(_ text: String, from: Int, width: Int) -> String {
        slice(sanitized: sanitizeForTerminal(text), from: from, width: width)
    }

    /// `slice` of text that is already sanitised (one cleaning per cell, not one per helper).
    static func slice(sanitized clean: String, from: Int, width: Int) -> String {
        guard width > 0 else { return "" }
        var out = ""
        var col = 0
        var used = 0
        for piece in CellBuffer.cellTexts(clean) {
            let end = col + piece.width
            defer { col = end }
            if end <= from { continue }
            if col < from { out += " "; used += 1; continue } // wide char cut on the left
            if used + piece.width > width {
                if used < width { out += " "; used += 1 }
                break
            }
            out += piece.text
            used += piece.width
            if used == width { break }
        }
        return out
    }

    /// Where text sits inside a wider column.
    public enum Alignment: Sendable, Hashable { case left, right, center }

    /// `text` truncated or padded with spaces to exactly `width` columns.
    public static func fit(_ text: String, width: Int, alignment: Alignment = .left) -> String {
        let t = truncate(text, width: width)   // sanitised
        let pad = max(0, width - DisplayWidth.ofSanitized(t))
        switch alignment {
        case .left: return t + String(repeating: " ", count: pad)
        case .right: return String(repeating: " ", count: pad) + t
        case .center: return String(repeating: " ", count: pad / 2) + t + String(repeating: " ", count: pad - pad / 2)
        }
    }

    /// Wraps `text` into lines of at most `width` columns, breaking at spaces when possible and
    /// inside long words otherwise. Always returns at least one line.
    public static func wrap(_ text: String, width: Int) -> [String] {
        let pieces = CellBuffer.cellTexts(sanitizeForTerminal(text))
        guard width > 0 else { return [""] }
        var lines: [String] = []
        var current: [(text: String, width: Int)] = []
        var currentWidth = 0
        var lastSpace: Int? = nil
        for piece in pieces {
            if currentWidth + piece.width > width {
                if let sp = lastSpace, sp > 0 {
                    let head = current[..<sp]
                    let tail = Array(current[(sp + 1)...])
                    lines.append(head.map(\.text).joined())
                    current = tail
                    currentWidth = tail.reduce(0) { $0 + $1.width }
                } else {
                    lines.append(current.map(\.text).joined())
                    current = []
                    currentWidth = 0
                }
                lastSpace = nil
                if let idx = current.lastIndex(where: { $0.text == " " }) { lastSpace = idx }
            }
            if piece.text == " " { lastSpace = current.count }
            current.append(piece)
            currentWidth += piece.width
        }
        lines.append(current.map(\.text).joined())
        return lines
    }
}
