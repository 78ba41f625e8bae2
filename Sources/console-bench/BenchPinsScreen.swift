import ConsoleCore
import ConsoleUI
import Foundation
import TerminalUI

/// A pins screen as the console draws it (header, tabs, status chips and filter, the pin table,
/// key hints), over a loaded `PinTable`; only the visible rows are materialised with
/// `PinTable.row(at:in:now:)`. Figure (5) renders it into memory and drives it on a pty.
///
/// Keys: `t` ages the data by one second (the header's "pins N s ago" changes one cell: the
/// smallest real change the console makes on its own), `j`/`k` move the selection, `q` quits.
@MainActor
struct BenchPinsScreen: TerminalApp {
    /// Nothing is posted: the screen only reacts to keys.
    enum Event: Sendable { case none }

    let table: PinTable
    let view: PinViewResult
    let now: PinTime
    var theme = Theme.default
    var state = TableState<Int>()
    /// Seconds since the pins were fetched, shown in the header.
    var dataAge = 1

    nonisolated static let columns: [TableColumn] = [
        TableColumn("CID", minWidth: 20, maxWidth: 62, weight: 3),
        TableColumn("NAME", minWidth: 12, maxWidth: 40, weight: 2),
        TableColumn("REPL", minWidth: 5, maxWidth: 5, alignment: .right),
        TableColumn("PEERS", minWidth: 5, maxWidth: 8),
        TableColumn("STATE", minWidth: 12, maxWidth: 14),
        TableColumn("AGE", minWidth: 6, maxWidth: 7, alignment: .right),
        TableColumn("ATT", minWidth: 3, maxWidth: 3, alignment: .right),
        TableColumn("ERROR", minWidth: 10, weight: 3),
    ]

    init(table: PinTable, view: PinViewResult) {
        self.table = table
        self.view = view
        // "Now" is a fixed instant a little after the newest pin, so ages are stable frame to frame.
        var newest = Int64.min
        for r in 0..<min(table.rowCount, 1000) { newest = max(newest, table.createdTime(r).nanoseconds) }
        now = PinTime(nanoseconds: newest == .min ? 0 : newest + 3_600_000_000_000)
        theme = Theme.default.adapted(to: .xterm256)
    }

    mutating func start(_ context: LoopContext<Event>) {
        theme = Theme.default.adapted(to: context.colorDepth)
    }

    mutating func handle(_ key: Key) -> LoopAction {
        switch key {
        case .char("q"): return .quit
        case .char("t"):
            dataAge += 1
            return .redraw
        default:
            let current = rows
            return state.handle(key, rows: current, pageSize: 60) ? .redraw : .continue
        }
    }

    mutating func handle(event: Event) -> LoopAction { .continue }

    var rows: TableRows<Int> {
        let table = self.table, view = self.view, now = self.now
        return TableRows(count: view.count, id: { Int(view.rows[$0]) }, row: { i in
            BenchPinsScreen.tableRow(table.row(at: i, in: view, now: now), table: table)
        }, indexOf: { id in view.rows.firstIndex(of: UInt32(id)) })
    }

    mutating func render(into buffer: inout CellBuffer) {
        let area = buffer.bounds
        let parts = Layout.rows(area, [.fixed(1), .fixed(1), .fixed(1), .fill, .fixed(1), .fixed(1)])
        let t = table
        StatusLine.render(
            left: [StatusSegment("ipfs-cluster-console", role: .title), StatusSegment("ctx bench"),
                   StatusSegment("http://127.0.0.1:9094 (IpfsCluster0)"), StatusSegment("v1.1.6"),
                   StatusSegment("peers \(t.peerCount)/\(t.peerCount)", role: .ok),
                   StatusSegment("pins \(t.liveCount)"),
                   StatusSegment("error \(t.pinCount(worst: .pinError))", role: .error),
                   StatusSegment("queued \(t.pinCount(worst: .pinQueued))", role: .warning),
                   StatusSegment("pinning \(t.pinCount(worst: .pinning))", role: .warning),
                   StatusSegment("pinned \(t.pinCount(worst: .pinned))", role: .ok)],
            right: [StatusSegment("alerts 0"), StatusSegment("pins \(dataAge) s ago")],
            area: parts[0], into: &buffer, theme: theme, role: .header)
        TabBar.render(titles: ["Peers", "Pins", "Alerts", "Logs", "Triage"], selected: 1, area: parts[1],
                      into: &buffer, theme: theme)
        var x = parts[2].x + 1
        for chip in PinStatusChip.allCases {
            let role: Role = chip == view.view.chip ? .tabActive : .dim
            x = buffer.write("[\(chip.rawValue)]", x: x, y: parts[2].y, style: theme.style(role), clip: parts[2]) + 1
        }
        x = buffer.write("/\(view.view.text)", x: x + 2, y: parts[2].y, style: theme.style(.prompt), clip: parts[2])
        let count = "\(view.count) of \(t.liveCount) pins"
        _ = buffer.write(count, x: parts[2].maxX - count.count - 1, y: parts[2].y, style: theme.style(.dim), clip: parts[2])
        state.sortColumn = 0
        let current = rows
        Table.render(columns: Self.columns, rows: current, state: &state, area: parts[3], into: &buffer, theme: theme)
        StatusLine.renderHints([KeyHint("enter", "detail"), KeyHint("/", "filter"), KeyHint("1-7", "chips"),
                                KeyHint("s", "sort"), KeyHint("r", "refresh"), KeyHint("R", "recover"),
                                KeyHint("ctrl-d", "half page"), KeyHint("?", "help"), KeyHint(":", "command")],
                               area: parts[4], into: &buffer, theme: theme)
        StatusLine.render(left: [StatusSegment("full /pins refresh done: \(t.liveCount) items")], area: parts[5],
                          into: &buffer, theme: theme)
    }

    nonisolated static func glyph(_ s: PinStatus) -> String {
        switch s {
        case .pinned: return "●"
        case .pinning, .unpinning: return "◐"
        case .pinQueued, .unpinQueued: return "○"
        case .pinError, .unpinError, .clusterError: return "✗"
        case .remote: return "·"
        case .unexpectedlyUnpinned: return "!"
        case .unknown: return " "
        default: return "?"
        }
    }

    nonisolated static func role(_ s: PinStatus) -> Role {
        switch s {
        case .pinned: return .pinPinned
        case .pinning, .unpinning: return .pinPinning
        case .pinQueued, .unpinQueued: return .pinQueued
        case .pinError, .unpinError, .clusterError: return .pinError
        case .remote: return .pinRemote
        case .unexpectedlyUnpinned: return .pinUnexpected
        default: return .text
        }
    }

    nonisolated static func tableRow(_ r: PinRowSnapshot, table: PinTable) -> TableRow {
        let repl = r.replicationMin < 0 ? "all" : "\(r.replicationMin)/\(r.replicationMax)"
        let worst = table.statusName(r.worst)
        return TableRow([r.cid, r.name, repl, r.statuses.map(glyph).joined(), worst, r.ageSeconds.map { PaneTime.duration(Double(max(0, $0))) } ?? "-",
                         r.attempts > 0 ? "\(r.attempts)" : "", r.errorExcerpt],
                        cellRoles: [nil, nil, nil, role(r.worst), role(r.worst), nil, nil, r.errorExcerpt.isEmpty ? nil : .error])
    }
}
