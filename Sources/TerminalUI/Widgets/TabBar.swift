/// A row of tabs; the active one in `.tabActive`. Titles are numbered when `numbered` so the user
/// sees which digit selects which tab.
public enum TabBar {
    public static func render(titles: [String], selected: Int, area: Rect, into buffer: inout CellBuffer,
                              theme: Theme, numbered: Bool = true) {
        guard !area.isEmpty else { return }
        let line = area.row(0)
        buffer.fill(line, style: theme.style(.tabInactive))
        var x = line.x
        for (i, title) in titles.enumerated() {
            let label = numbered ? " \(i + 1) \(title) " : " \(title) "
            let role: Role = i == selected ? .tabActive : .tabInactive
            x = buffer.write(label, x: x, y: line.y, style: theme.style(role), clip: line)
            x = buffer.write("│", x: x, y: line.y, style: theme.style(.tabInactive), clip: line)
        }
    }

    /// Column range of each tab as drawn by `render` (for mouse hit-testing).
    public static func tabRanges(titles: [String], startX: Int = 0, numbered: Bool = true) -> [Range<Int>] {
        var x = startX
        return titles.enumerated().map { i, title in
            let w = DisplayWidth.of(sanitizeForTerminal(numbered ? " \(i + 1) \(title) " : " \(title) "))
            defer { x += w + 1 }
            return x..<(x + w)
        }
    }
}
