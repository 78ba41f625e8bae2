/// One column of a `Table`.
public struct TableColumn: Hashable, Sendable {
    public var title: String
    /// Never narrower than this (unless the whole table does not fit; later columns go first).
    public var minWidth: Int
    /// Never wider than this; nil = no limit.
    public var maxWidth: Int?
    /// Share of the spare width this column takes; 0 keeps it at `minWidth`.
    public var weight: Int
    public var alignment: TextLayout.Alignment
    /// Holds state words (`UNHEALTHY`, `FARGATE_SPOT`, stop codes): it grows to its widest cell
    /// before other columns do, so free text is cut before a word an operator reads at a glance.
    public var keepWhole: Bool

    public init(_ title: String, minWidth: Int? = nil, maxWidth: Int? = nil, weight: Int = 1,
                alignment: TextLayout.Alignment = .left, keepWhole: Bool = false) {
        self.title = title
        self.keepWhole = keepWhole
        self.minWidth = max(0, minWidth ?? (DisplayWidth.of(title) + 2))
        self.maxWidth = maxWidth
        self.weight = max(0, weight)
        self.alignment = alignment
    }
}

/// The texts of one row as the table shows them, with optional roles (a pin-error row, a red cell).
public struct TableRow: Hashable, Sendable {
    public var cells: [String]
    /// Role for the whole row (default `.text`).
    public var role: Role?
    /// Per-cell roles overriding `role`; shorter than `cells` is fine.
    public var cellRoles: [Role?]

    public init(_ cells: [String], role: Role? = nil, cellRoles: [Role?] = []) {
        self.cells = cells
        self.role = role
        self.cellRoles = cellRoles
    }
}

/// Supplies rows on demand so a table over a million pins builds only the rows on screen.
///
/// Why closures: the caller owns the data (a compact pin table, a filtered index); the table asks
/// for `count`, the identity of a row and the visible rows' text, nothing more.
public struct TableRows<ID: Hashable> {
    public var count: Int
    public var id: (Int) -> ID
    public var row: (Int) -> TableRow
    /// Fast lookup of a row's position by identity; without it the table scans (fine for small
    /// tables, give one for large ones).
    public var indexOf: ((ID) -> Int?)?

    public init(count: Int, id: @escaping (Int) -> ID, row: @escaping (Int) -> TableRow, indexOf: ((ID) -> Int?)? = nil) {
        self.count = count
        self.id = id
        self.row = row
        self.indexOf = indexOf
    }

    /// Rows from an array of (identity, row) pairs.
    public init(_ items: [(ID, TableRow)]) {
        var positions: [ID: Int] = [:]
        for (i, item) in items.enumerated() where positions[item.0] == nil { positions[item.0] = i }
        self.init(count: items.count, id: { items[$0].0 }, row: { items[$0].1 }, indexOf: { positions[$0] })
    }

    /// Position of `id`, or nil when no row has it.
    public func index(of target: ID) -> Int? {
        if let indexOf { return indexOf(target) }
        for i in 0..<count where id(i) == target { return i }
        return nil
    }
}

/// Selection, scroll and sort of a table: a value the caller keeps between frames.
///
/// Why identity: when the data refreshes or is re-sorted, the cursor stays on the same pin or peer
/// (k9s and e1s keep the index, and the cursor jumps to another row under the operator's hand).
public struct TableState<ID: Hashable & Sendable>: Sendable, Equatable {
    /// Identity of the selected row, if any.
    public var selectedID: ID?
    /// Position of the selected row in the current data (kept in sync by `sync(with:)`).
    public private(set) var selectedIndex: Int
    /// First visible row.
    public var offset: Int
    /// Column the data is sorted by, for the header's ▲/▼.
    public var sortColumn: Int?
    public var sortAscending: Bool

    public init(selectedID: ID? = nil, sortColumn: Int? = nil, sortAscending: Bool = true) {
        self.selectedID = selectedID
        self.selectedIndex = 0
        self.offset = 0
        self.sortColumn = sortColumn
        self.sortAscending = sortAscending
    }

    /// Re-finds the selected identity in `rows`; when it is gone, keeps the position (clamped) and
    /// adopts the row now there.
    public mutating func sync(with rows: TableRows<ID>) {
        guard rows.count > 0 else { selectedIndex = 0; offset = 0; return }
        if let sel = selectedID {
            if selectedIndex < rows.count, rows.id(selectedIndex) == sel { return }
            if let i = rows.index(of: sel) { selectedIndex = i; return }
        }
        selectedIndex = min(max(0, selectedIndex), rows.count - 1)
        selectedID = rows.id(selectedIndex)
    }

    /// Selects the row at `index` (clamped).
    public mutating func select(index: Int, in rows: TableRows<ID>) {
        guard rows.count > 0 else { selectedIndex = 0; selectedID = nil; return }
        selectedIndex = min(max(0, index), rows.count - 1)
        selectedID = rows.id(selectedIndex)
    }

    /// Moves the selection by `delta` rows.
    public mutating func move(by delta: Int, in rows: TableRows<ID>) {
        sync(with: rows)
        select(index: selectedIndex + delta, in: rows)
    }

    /// Sorts by `column`, or flips the direction when it is already the sort column.
    public mutating func toggleSort(column: Int) {
        if sortColumn == column { sortAscending.toggle() } else { sortColumn = column; sortAscending = true }
    }

    /// Applies a navigation key (j/k, arrows, g/G, home/end, ctrl-d/ctrl-u half page,
    /// pgup/pgdn and ctrl-f/ctrl-b full page). Returns false when the key is not a navigation key.
    public mutating func handle(_ key: Key, rows: TableRows<ID>, pageSize: Int) -> Bool {
        let page = max(1, pageSize)
        switch key {
        case .char("j"), .down: move(by: 1, in: rows)
        case .char("k"), .up: move(by: -1, in: rows)
        case .char("g"), .home: select(index: 0, in: rows)
        case .char("G"), .end: select(index: rows.count - 1, in: rows)
        case .ctrl("d"): move(by: max(1, page / 2), in: rows)
        case .ctrl("u"): move(by: -max(1, page / 2), in: rows)
        case .pageDown, .ctrl("f"): move(by: page, in: rows)
        case .pageUp, .ctrl("b"): move(by: -page, in: rows)
        default: return false
        }
        return true
    }

    /// Adjusts `offset` so the selected row is among `visibleRows` rows.
    public mutating func scrollToSelection(visibleRows: Int, count: Int) {
        let h = max(1, visibleRows)
        if selectedIndex < offset { offset = selectedIndex }
        if selectedIndex >= offset + h { offset = selectedIndex - h + 1 }
        offset = max(0, min(offset, max(0, count - h)))
    }
}
