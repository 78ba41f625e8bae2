/// A one-row chart of recent values (request latency, pins per second).
public enum Sparkline {
    /// Eight levels, lowest to highest.
    public static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    /// For terminals or fonts without block glyphs.
    public static let asciiLevels: [Character] = ["_", ".", "-", ":", "=", "+", "*", "#"]

    /// The chart text for the last `width` values, scaled to `maxValue` (default: the largest
    /// shown). Missing values on the left are spaces.
    public static func string(_ values: [Double], width: Int, maxValue: Double? = nil, ascii: Bool = false) -> String {
        guard width > 0 else { return "" }
        let shown = values.suffix(width)
        let glyphs = ascii ? asciiLevels : blocks
        let top = maxValue ?? shown.max() ?? 0
        var s = String(repeating: " ", count: width - shown.count)
        for v in shown {
            guard top > 0, v.isFinite, v > 0 else { s.append(glyphs[0]); continue }
            let level = Int((min(v, top) / top) * Double(glyphs.count - 1) + 0.5)
            s.append(glyphs[max(0, min(glyphs.count - 1, level))])
        }
        return s
    }

    public static func render(_ values: [Double], area: Rect, into buffer: inout CellBuffer, theme: Theme,
                              role: Role = .info, maxValue: Double? = nil, ascii: Bool = false) {
        guard !area.isEmpty else { return }
        buffer.write(string(values, width: area.width, maxValue: maxValue, ascii: ascii), x: area.x, y: area.y,
                     style: theme.style(role), clip: area.row(0))
    }
}
