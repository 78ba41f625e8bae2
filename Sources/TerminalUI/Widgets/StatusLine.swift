/// A piece of text in a status line or header, with its role.
public struct StatusSegment: Hashable, Sendable {
    public var text: String
    public var role: Role?
    public init(_ text: String, role: Role? = nil) {
        self.text = text
        self.role = role
    }
}

/// A key and what it does, shown in status lines (`q quit`) and the help overlay.
public struct KeyHint: Hashable, Sendable {
    public var key: String
    public var label: String
    public init(_ key: String, _ label: String) {
        self.key = key
        self.label = label
    }
}

/// One line with segments on the left and on the right (right wins the space it needs first,
/// up to half the width); used for the header and the bottom status line.
public enum StatusLine {
    public static func render(left: [StatusSegment], right: [StatusSegment] = [], area: Rect,
                              into buffer: inout CellBuffer, theme: Theme, role: Role = .statusLine) {
        guard !area.isEmpty else { return }
        let line = area.row(0)
        let base = theme.style(role)
        buffer.fill(line, style: base)
        let rightText = right.map(\.text).joined(separator: " ")
        let rightWidth = min(DisplayWidth.of(sanitizeForTerminal(rightText)), line.width / 2)
        var x = line.x + 1
        let leftClip = Rect(x: line.x, y: line.y, width: max(0, line.width - rightWidth - 2), height: 1)
        for seg in left {
            let style = seg.role.map { mergeForeground(theme.style($0), onto: base) } ?? base
            x = buffer.write(seg.text, x: x, y: line.y, style: style, clip: leftClip) + 1
        }
        if rightWidth > 0 {
            var rx = line.maxX - 1 - rightWidth
            let rightClip = Rect(x: rx, y: line.y, width: rightWidth, height: 1)
            for seg in right {
                let style = seg.role.map { mergeForeground(theme.style($0), onto: base) } ?? base
                rx = buffer.write(seg.text, x: rx, y: line.y, style: style, clip: rightClip) + 1
            }
        }
    }

    /// Key hints as `key label` pairs, keys in the `.keyHint` role.
    public static func renderHints(_ hints: [KeyHint], area: Rect, into buffer: inout CellBuffer, theme: Theme,
                                   role: Role = .statusLine) {
        guard !area.isEmpty else { return }
        let line = area.row(0)
        let base = theme.style(role)
        buffer.fill(line, style: base)
        let keyStyle = mergeForeground(theme.style(.keyHint), onto: base)
        var x = line.x + 1
        for hint in hints {
            x = buffer.write(hint.key, x: x, y: line.y, style: keyStyle, clip: line) + 1
            x = buffer.write(hint.label, x: x, y: line.y, style: base, clip: line) + 2
        }
    }

    /// A role's foreground and attributes on the bar's background (so a red "error" stays on the
    /// bar colour instead of punching a hole in it).
    static func mergeForeground(_ style: Style, onto base: Style) -> Style {
        var s = base
        s.foreground = style.foreground == .default ? base.foreground : style.foreground
        if style.background != .default { s.background = style.background }
        s.attributes.formUnion(style.attributes)
        return s
    }
}
