/// A key and its meaning, as listed in the help overlay.
public struct KeyBinding: Hashable, Sendable {
    public var keys: String
    public var description: String
    public init(_ keys: String, _ description: String) {
        self.keys = keys
        self.description = description
    }
}

/// A titled group of bindings (Navigation, Actions, ...).
public struct KeyMapSection: Hashable, Sendable {
    public var title: String
    public var bindings: [KeyBinding]
    public init(_ title: String, _ bindings: [KeyBinding]) {
        self.title = title
        self.bindings = bindings
    }
}

/// The keys a screen understands. Why a value: the same key map drives dispatch (in the caller)
/// and the help overlay, so help can never drift from behaviour.
public struct KeyMap: Hashable, Sendable {
    public var sections: [KeyMapSection]
    public init(_ sections: [KeyMapSection]) { self.sections = sections }
}

/// Draws the `?` overlay: a centred box listing each section's keys and descriptions.
public enum HelpOverlay {
    /// Lines the overlay would show (for scrolling and tests).
    public static func contentLines(_ keyMap: KeyMap) -> [(text: String, isTitle: Bool, keyWidth: Int)] {
        let keyWidth = keyMap.sections.flatMap(\.bindings).map { DisplayWidth.of(sanitizeForTerminal($0.keys)) }.max() ?? 0
        var out: [(String, Bool, Int)] = []
        for (i, section) in keyMap.sections.enumerated() {
            if i > 0 { out.append(("", false, keyWidth)) }
            out.append((section.title, true, keyWidth))
            for b in section.bindings {
                out.append((TextLayout.fit(b.keys, width: keyWidth) + "  " + b.description, false, keyWidth))
            }
        }
        return out
    }

    public static func render(_ keyMap: KeyMap, title: String = "Help (Esc or ? closes)", area: Rect,
                              into buffer: inout CellBuffer, theme: Theme, scroll: Int = 0) {
        guard !area.isEmpty else { return }
        let lines = contentLines(keyMap)
        let widest = max(DisplayWidth.of(title) + 4, lines.map { DisplayWidth.of(sanitizeForTerminal($0.text)) }.max() ?? 0)
        let box = area.centered(width: widest + 4, height: lines.count + 2)
        let style = theme.style(.dialog)
        buffer.fill(box, style: style)
        buffer.drawBox(box, style: StatusLine.mergeForeground(theme.style(.border), onto: style), title: title,
                       titleStyle: StatusLine.mergeForeground(theme.style(.title), onto: style))
        let inside = box.inset(top: 1, left: 2, bottom: 1, right: 2)
        let start = max(0, min(scroll, lines.count - inside.height))
        for (k, line) in lines.dropFirst(start).prefix(inside.height).enumerated() {
            let y = inside.y + k
            if line.isTitle {
                buffer.write(line.text, x: inside.x, y: y, style: StatusLine.mergeForeground(theme.style(.title), onto: style), clip: inside)
            } else {
                buffer.write(line.text, x: inside.x, y: y, style: style, clip: inside)
                buffer.setStyle(StatusLine.mergeForeground(theme.style(.keyHint), onto: style),
                                in: Rect(x: inside.x, y: y, width: min(line.keyWidth, inside.width), height: 1))
            }
        }
    }
}
