/// A short message shown over the bottom-right corner for a moment ("pinned Qm…", "refresh
/// failed"). The caller decides when it expires (e.g. with a loop tick); errors should also go to
/// a persistent list, a toast is only a notice.
public enum Toast {
    public static func render(_ message: String, role: Role = .toast, area: Rect, into buffer: inout CellBuffer, theme: Theme) {
        guard !area.isEmpty else { return }
        let text = " " + TextLayout.truncate(message, width: max(1, area.width - 2)) + " "
        let w = DisplayWidth.of(text)
        let rect = Rect(x: area.maxX - w, y: area.maxY - 1, width: w, height: 1)
        let style = role == .toast ? theme.style(.toast) : StatusLine.mergeForeground(theme.style(role), onto: theme.style(.toast))
        buffer.fill(rect, style: style)
        buffer.write(text, x: rect.x, y: rect.y, style: style, clip: rect)
    }
}
