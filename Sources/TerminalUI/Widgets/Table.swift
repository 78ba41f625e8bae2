/// Draws a table: a header with the sort indicator, then the visible rows, the selected one in the
/// selection style. Only rows in view are requested from the row provider.
public enum Table {
    /// Sort indicators in the header.
    public static let ascendingMark = "▲"
    public static let descendingMark = "▼"

    /// Renders into `area` of `buffer` and keeps `state` consistent with `rows` (selection by
    /// identity, scroll so the selection is visible).
    public static func render<ID: Hashable & Sendable>(
        columns: [TableColumn], rows: TableRows<ID>, state: inout TableState<ID>,
        area: Rect, into buffer: inout CellBuffer, theme: Theme, showHeader: Bool = true,
        emptyMessage: String = "no rows"
    ) {
        guard !area.isEmpty else { return }
        // The sorted column widens to keep its whole title beside the mark ("ALLOC ▲", not "ALL ▲").
        var sized = columns
        if let s = state.sortColumn, s < sized.count {
            let need = DisplayWidth.of(sized[s].title) + 2
            sized[s].minWidth = max(sized[s].minWidth, need)
            if let m = sized[s].maxWidth { sized[s].maxWidth = max(m, need) }
        }
        let widths = columnWidths(sized, totalWidth: area.width)
        let textStyle = theme.style(.text)
        buffer.fill(area, style: textStyle)
        var body = area
        if showHeader {
            let (head, rest) = area.splitTop(1)
            body = rest
            buffer.fill(head, style: theme.style(.tableHeader))
            var x = head.x
            for (i, col) in columns.enumerated() where i < widths.count && widths[i] > 0 {
                var title = col.title
                if state.sortColumn == i { title += " " + (state.sortAscending ? ascendingMark : descendingMark) }
                let w = widths[i]
                let text: String
                if state.sortColumn == i, DisplayWidth.of(title) > w, w >= 2 {
                    text = TextLayout.fit(col.title, width: w - 2) + " " + (state.sortAscending ? ascendingMark : descendingMark)
                } else {
                    text = TextLayout.fit(title, width: w, alignment: col.alignment)
                }
                buffer.write(text, x: x, y: head.y, style: theme.style(.tableHeader), clip: head)
                x += w + 1
            }
        }
        state.sync(with: rows)
        state.scrollToSelection(visibleRows: body.height, count: rows.count)
        guard !body.isEmpty else { return }
        if rows.count == 0 {
            buffer.write(TextLayout.truncate(emptyMessage, width: body.width), x: body.x + 1, y: body.y,
                         style: theme.style(.dim), clip: body)
            return
        }
        let last = min(rows.count, state.offset + body.height)
        for index in state.offset..<last {
            let y = body.y + index - state.offset
            let row = rows.row(index)
            let selected = index == state.selectedIndex && state.selectedID != nil
            let rowStyle = selected ? theme.style(.selection) : theme.style(row.role ?? .text)
            let line = Rect(x: body.x, y: y, width: body.width, height: 1)
            buffer.fill(line, style: rowStyle)
            var x = body.x
            for (i, col) in columns.enumerated() where i < widths.count && widths[i] > 0 {
                let text = i < row.cells.count ? row.cells[i] : ""
                var style = rowStyle
                if !selected, i < row.cellRoles.count, let r = row.cellRoles[i] { style = theme.style(r) }
                buffer.write(sanitized: TextLayout.fit(text, width: widths[i], alignment: col.alignment), x: x, y: y, style: style, clip: line)
                x += widths[i] + 1
            }
        }
    }

    /// Rows of the body for `area` (the page size for ctrl-d/ctrl-u).
    public static func bodyHeight(area: Rect, showHeader: Bool = true) -> Int {
        max(0, area.height - (showHeader ? 1 : 0))
    }

    /// Widths of each column for a total width, with one space between columns: minimums first,
    /// spare width by weight up to each maximum; when too narrow the last columns shrink to 0.
    public static func columnWidths(_ columns: [TableColumn], totalWidth: Int) -> [Int] {
        guard !columns.isEmpty else { return [] }
        let available = max(0, totalWidth - (columns.count - 1))
        var widths = columns.map { col in min(col.minWidth, col.maxWidth ?? Int.max) }
        var spare = available - widths.reduce(0, +)
        if spare < 0 {
            var i = widths.count - 1
            while spare < 0 && i >= 0 {
                let cut = min(-spare, widths[i])
                widths[i] -= cut
                spare += cut
                i -= 1
            }
            return widths
        }
        // Hand out spare width by weight, repeating while some columns hit their maximum.
        while spare > 0 {
            let open = columns.indices.filter { columns[$0].weight > 0 && widths[$0] < (columns[$0].maxWidth ?? Int.max) }
            if open.isEmpty { break }
            let weightSum = open.reduce(0) { $0 + columns[$1].weight }
            var given = 0
            for i in open {
                let room = (columns[i].maxWidth ?? Int.max) - widths[i]
                let share = min(room, spare * columns[i].weight / weightSum)
                widths[i] += share
                given += share
            }
            if given == 0 {
                // Less spare than columns: one cell each, in order.
                for i in open where spare - given > 0 { widths[i] += 1; given += 1 }
            }
            spare -= given
        }
        return widths
    }
}
