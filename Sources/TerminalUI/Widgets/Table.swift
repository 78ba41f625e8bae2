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
        // Selection and scroll first: for a large table the measured rows are the ones in view.
        let bodyRows = bodyHeight(area: area, showHeader: showHeader)
        state.sync(with: rows)
        state.scrollToSelection(visibleRows: bodyRows, count: rows.count)
        let visible = state.offset..<min(rows.count, state.offset + bodyRows)
        let visibleRows = visible.map { rows.row($0) }
        let measured = rows.count <= measureAllRowsUpTo ? (0..<rows.count).map { rows.row($0) } : visibleRows
        let widths = columnWidths(sized, totalWidth: area.width, contentWidths: contentWidths(columns: columns.count, rows: measured))
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
        guard !body.isEmpty else { return }
        if rows.count == 0 {
            buffer.write(TextLayout.truncate(emptyMessage, width: body.width), x: body.x + 1, y: body.y,
                         style: theme.style(.dim), clip: body)
            return
        }
        for (n, index) in visible.enumerated() {
            let y = body.y + n
            let row = visibleRows[n]
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

    /// Rows up to which every row's text is measured for the column widths (widths then do not
    /// jump while scrolling); above it only the rows in view are (a million pins must not be
    /// formatted per frame).
    public static let measureAllRowsUpTo = 2_000

    /// The widest cell of each column, in display cells.
    static func contentWidths(columns: Int, rows: [TableRow]) -> [Int] {
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for c in 0..<min(columns, row.cells.count) {
                widths[c] = max(widths[c], DisplayWidth.of(row.cells[c]))
            }
        }
        return widths
    }

    /// Widths of each column for a total width, with one space between columns: minimums first;
    /// then each column grows to its widest cell (up to its maximum), `keepWhole` columns first,
    /// then the columns that need least, so short state words (`UNHEALTHY`, `FARGATE_SPOT`, stop codes) are whole before a
    /// long free-text column takes the rest; what remains goes by weight up to each maximum.
    /// When too narrow the last columns shrink to 0.
    ///
    /// Why content first: weights alone left `HEALTH` at its minimum on a 200-column terminal and
    /// cut `UNHEALTHY` while the reason column took the spare width.
    public static func columnWidths(_ columns: [TableColumn], totalWidth: Int, contentWidths: [Int] = []) -> [Int] {
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
        // Grow to content, smallest need first; a need that does not fit whole takes what is left.
        let needs = columns.indices.compactMap { i -> (Int, Int)? in
            guard i < contentWidths.count else { return nil }
            let want = min(contentWidths[i], columns[i].maxWidth ?? Int.max)
            return want > widths[i] ? (i, want - widths[i]) : nil
        }.sorted { a, b in
            let wa = columns[a.0].keepWhole, wb = columns[b.0].keepWhole
            if wa != wb { return wa }
            return a.1 != b.1 ? a.1 < b.1 : a.0 < b.0
        }
        for (i, need) in needs where spare > 0 {
            let give = min(need, spare)
            widths[i] += give
            spare -= give
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
