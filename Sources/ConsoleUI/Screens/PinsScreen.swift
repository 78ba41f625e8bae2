import ConsoleCore
import Foundation
import TerminalUI

/// The pins table: only visible rows are materialised from the compact table.
enum PinsScreen {
    static let columns: [TableColumn] = [
        TableColumn("CID", minWidth: 14, maxWidth: 62, weight: 3),
        TableColumn("NAME", minWidth: 8, maxWidth: 30, weight: 2),
        TableColumn("REPL", minWidth: 5, weight: 0, alignment: .right),
        TableColumn("ALLOC", minWidth: 5, weight: 0, alignment: .right),
        TableColumn("PEERS", minWidth: 5, maxWidth: 34, weight: 0),
        TableColumn("STATE", minWidth: 12, weight: 0, keepWhole: true),
        TableColumn("AGE", minWidth: 6, weight: 0, alignment: .right, keepWhole: true),
        TableColumn("ATT", minWidth: 3, weight: 0, alignment: .right),
        TableColumn("ERROR", minWidth: 5, maxWidth: 80, weight: 3),
    ]

    /// Sortable columns and their table sort key.
    static let sortColumns: [(column: Int, key: PinSortKey)] = [
        (0, .cid), (1, .name), (2, .replication), (3, .allocations), (4, .peers), (5, .status), (6, .age),
        (7, .attempts), (8, .error),
    ]

    static let chipLabels: [PinStatusChip: String] = [
        .all: "all", .error: "error", .queued: "queued", .pinning: "pinning", .pinned: "pinned",
        .remote: "remote", .unexpectedlyUnpinned: "unexpectedly unpinned",
    ]

    /// While only the data changes (a stream is adding rows), the view is recomputed at most
    /// this often: a full sort of a million rows per chunk would stall the loop. Row ids stay
    /// valid in between (the table never reuses rows), so the old order is safe to draw.
    static let dataRecomputeInterval: TimeInterval = 1

    /// Tables up to this many rows are queried inline (a few milliseconds); larger ones off the loop.
    static let inlineQueryRows = 50_000

    /// Recomputes the view when the table or the view changed; keeps the old one on a bad regex.
    /// Returns a job when the table is large: run it off the loop and hand its answer to `take`.
    static func refreshView(_ core: ConsoleState, ui: inout UIState, now: Date, inlineRows: Int = inlineQueryRows) -> PinQueryJob? {
        var view = ui.pinView
        view.peer = ui.pinPeer.flatMap { core.pins.table.peerIndex($0) }
        let key = PinResultKey(version: core.pins.table.version, query: view)
        if ui.pinResultKey == key || ui.pinQueryPending == key { return nil }
        if let old = ui.pinResultKey, old.query == key.query, let at = ui.pinResultAt,
           now.timeIntervalSince(at) < dataRecomputeInterval, core.pins.table.rowCount > inlineRows {
            return nil
        }
        ui.pinResultAt = now
        let previous = ui.pinResult?.tableVersion == key.version ? ui.pinResult : nil
        let job = PinQueryJob(key: key, table: core.pins.table, previous: previous)
        if core.pins.table.rowCount > inlineRows {
            ui.pinQueryPending = key
            return job
        }
        take(job.run(), ui: &ui)
        return nil
    }

    /// A computed query: shown unless a newer one was asked for meanwhile.
    static func take(_ answer: PinQueryJob.Answer, ui: inout UIState) {
        if let pending = ui.pinQueryPending {
            guard pending == answer.key else { return }
            ui.pinQueryPending = nil
        }
        switch answer.result {
        case .success(let result):
            ui.pinResult = result
            ui.pinFilterError = nil
        case .failure(let error):
            ui.pinFilterError = String(describing: error)
        }
        ui.pinResultKey = answer.key
    }

    static func rows(_ core: ConsoleState, ui: UIState, now: Date) -> TableRows<UInt32> {
        guard let result = ui.pinResult else { return TableRows([]) }
        let table = core.pins.table
        // Status ages against the cluster's clock: its timestamps are on it.
        let nowTime = PinTime(nanoseconds: Int64(core.onClusterClock(now)!.timeIntervalSince1970 * 1e9))
        return TableRows(count: result.count, id: { result.rows[$0] }, row: { i in
            let r = table.row(at: i, in: result, now: nowTime)
            let strip = String(r.statuses.map(Format.glyph))
            let cells = [
                r.cid, r.name, Format.replication(r.replicationMin, r.replicationMax),
                r.allocations.isEmpty ? "all" : String(r.allocations.count), strip,
                Format.statusName(r.worst), r.ageSeconds.map { PaneTime.duration(Double(max(0, $0))) } ?? "-",
                String(r.attempts), r.errorExcerpt,
            ]
            var roles: [Role?] = Array(repeating: nil, count: cells.count)
            roles[5] = r.worst.role
            roles[4] = r.worst.role
            if !r.errorExcerpt.isEmpty { roles[8] = .pinError }
            return TableRow(cells, cellRoles: roles)
        // Looked up only when the selected pin moved in the view (TableState.sync's fast path
        // covers every other frame): a scan of the row ids then, not a dictionary of a million
        // positions rebuilt on every keystroke.
        }, indexOf: { result.rows.firstIndex(of: $0) })
    }

    static func render(_ core: ConsoleState, ui: inout UIState, area: Rect, into buffer: inout CellBuffer, theme: Theme, now: Date) {
        let rows = rows(core, ui: ui, now: now)
        if let col = sortColumns.first(where: { $0.key == ui.pinView.sort })?.column {
            ui.pinsTable.sortColumn = col
            ui.pinsTable.sortAscending = !ui.pinView.descending
        }
        let (chipsLine, rest) = area.splitTop(1)
        // Chips: the active one in brackets so it reads without colour.
        var x = chipsLine.x
        buffer.fill(chipsLine, style: theme.style(.text))
        for chip in PinStatusChip.allCases {
            let label = chipLabels[chip] ?? chip.rawValue
            let active = chip == ui.pinView.chip
            x = buffer.write(active ? "[\(label)]" : " \(label) ", x: x, y: chipsLine.y,
                             style: theme.style(active ? .tabActive : .tabInactive), clip: chipsLine) + 1
        }
        var info = "\(rows.count) shown / \(core.pins.table.liveCount) total"
        if let p = ui.pinPeer { info += "  peer: \(core.peerName(p))" }
        if !ui.pinView.text.isEmpty { info += "  filter: \(ui.pinView.text)" }
        if let e = ui.pinFilterError { info += "  (\(e))" }
        let infoWidth = DisplayWidth.of(info)
        buffer.write(info, x: max(x + 1, chipsLine.maxX - infoWidth - 1), y: chipsLine.y,
                     style: theme.style(ui.pinFilterError == nil ? .dim : .error), clip: chipsLine)
        // Peer strip legend: which column is which peer.
        let (legendLine, body) = rest.splitTop(1)
        let names = core.pins.table.peers.enumerated().map { "\($0.offset + 1)=\(core.peerName($0.element.id))" }
        buffer.write("PEERS strip order: " + names.joined(separator: " ") + "   P pinned  > pinning  q queued  E error  ! unreachable  - remote  · not reported",
                     x: legendLine.x, y: legendLine.y, style: theme.style(.dim), clip: legendLine)
        let empty: String
        if core.pins.table.liveCount == 0 {
            empty = core.freshness(.allocations).lastSuccess == nil ? "loading pins…"
                : core.settings.readonly ? "the cluster has no pins" : "the cluster has no pins (a pins a CID)"
        } else {
            empty = "no pin matches (c changes the status chip, / the filter)"
        }
        Table.render(columns: columns, rows: rows, state: &ui.pinsTable, area: body, into: &buffer, theme: theme, emptyMessage: empty)
    }
}

extension ScreenID {
    public static let pins = ScreenID(PinsScreen.name)
}

extension PinsScreen: ConsoleScreen {
    nonisolated static let name = "pins"
    static let title = "Pins"
    static let aliases = ["pi"]
    static var keyMap: ScreenKeyMap { KeyMaps.pins }

    static func render(_ app: inout ConsoleApp, area: Rect, into buffer: inout CellBuffer) {
        render(app.core, ui: &app.ui, area: area, into: &buffer, theme: app.theme, now: app.core.now)
    }

    static func navigate(_ key: Key, _ app: inout ConsoleApp) {
        _ = app.ui.pinsTable.handle(key, rows: rows(app.core, ui: app.ui, now: app.core.now), pageSize: 10)
    }

    static func clear(_ app: inout ConsoleApp) -> Bool {
        guard app.ui.pinPeer != nil || !app.ui.pinView.text.isEmpty || app.ui.pinView.chip != .all else { return false }
        app.ui.pinPeer = nil
        app.ui.pinView.text = ""
        app.ui.pinView.chip = .all
        return true
    }
}
