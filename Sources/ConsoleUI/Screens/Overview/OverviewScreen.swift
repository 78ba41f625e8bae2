import ConsoleCore
import ECSState
import Foundation
import TerminalUI

extension ScreenID {
    public static let overview = ScreenID(OverviewScreen.name)
}

/// Where the overview's cursor is: a peer row (by id) and a column (what Enter opens).
public struct OverviewViewState: Sendable {
    public var table = TableState<String>()
    public var column: OverviewColumn = .peer
    /// The columns the last frame had room for (←/→ move among these).
    public var shown: [OverviewColumn] = OverviewColumn.allCases
    public init() {}
}

/// The home screen: the whole deployment on one screen. One row per peer with what the cluster,
/// ECS, the load balancer, EFS, Container Insights, CloudWatch alarms and the logs say about it;
/// below, whether the gateway serves the pinned content, the alarms in ALARM and the newest events. Every cell drills down (←/→ picks the
/// column, Enter opens it).
///
/// Why a screen of its own rather than more peers columns: the peers screen is the cluster's
/// view (versions, free space, queue, ping); this one answers "what is broken and where" across
/// every source at a glance, and drops columns instead of cutting words on a small terminal.
enum OverviewScreen: ConsoleScreen {
    nonisolated static let name = "overview"
    static let title = "Overview"
    static let aliases = ["ov", "home", "deployment", "dep"]
    static var keyMap: ScreenKeyMap { KeyMaps.overview }

    /// Error lines counted over this window (the ERR column).
    static let errorWindow: TimeInterval = 300

    static func context(_ app: ConsoleApp) -> OverviewCells.Context {
        let now = app.core.now
        return OverviewCells.Context(core: app.core, deployment: app.deployment,
                                     recentErrors: app.core.logs.recentLineCounts(atLeast: .error, since: now.addingTimeInterval(-errorWindow)),
                                     now: now)
    }

    /// Each peer's cells, in peer order.
    static func cells(_ app: ConsoleApp) -> [(id: String, cells: OverviewCells)] {
        let ctx = context(app)
        return app.core.peerList.map { ($0.id, OverviewCells.of($0, ctx)) }
    }

    static func rows(_ cells: [(id: String, cells: OverviewCells)], columns: [OverviewColumn]) -> TableRows<String> {
        TableRows(cells.map { id, c in
            (id, TableRow(columns.map { c[$0] }, cellRoles: columns.map { c.roles[$0] }))
        })
    }

    /// Each column's widest cell (header included, with room for the selection brackets).
    static func wanted(_ cells: [(id: String, cells: OverviewCells)]) -> [OverviewColumn: Int] {
        var out: [OverviewColumn: Int] = [:]
        for col in OverviewColumn.allCases {
            out[col] = cells.reduce(DisplayWidth.of(col.title) + 2) { max($0, DisplayWidth.of($1.cells[col])) }
        }
        return out
    }

    static func render(_ app: inout ConsoleApp, area: Rect, into buffer: inout CellBuffer) {
        let theme = app.theme
        let now = app.core.now
        let all = cells(app)
        let columns = OverviewColumn.fitting(width: area.width, wanted: wanted(all))
        app.ui.overview.shown = columns
        if !columns.contains(app.ui.overview.column) { app.ui.overview.column = columns.first ?? .peer }
        let rows = rows(all, columns: columns)
        let (titleLine, rest) = area.splitTop(1)
        // Selection first: the title names the selected peer on the very first frame too (a
        // replayed console draws its first frame at any moment of the recording).
        app.ui.overview.table.sync(with: rows)
        let selectedName = app.ui.overview.table.selectedID.map(app.core.peerName) ?? "-"
        let dropped = OverviewColumn.allCases.count - columns.count
        // Narrow: the summary and how many columns are hidden; wide: also where Enter leads.
        var right = dropped > 0 ? "\(dropped) column\(dropped == 1 ? "" : "s") hidden (widen)" : ""
        if area.width >= 140 {
            right = "\(app.ui.overview.column.title) of \(selectedName): enter opens \(app.ui.overview.column.drillLabel)"
                + (right.isEmpty ? "" : "  " + right)
        }
        StatusLine.render(left: [StatusSegment(summary(app), role: .title)], right: [StatusSegment(right, role: .dim)],
                          area: titleLine, into: &buffer, theme: theme, role: .text)
        // The peer rows take what they need (up to half), the feeds the rest.
        let tableHeight = min(rows.count + 1, max(3, rest.height / 2))
        let (tableArea, below) = rest.splitTop(max(2, tableHeight))
        var tableColumns = columns.map(\.column)
        if let i = columns.firstIndex(of: app.ui.overview.column) { tableColumns[i].title = "[" + tableColumns[i].title + "]" }
        Table.render(columns: tableColumns, rows: rows, state: &app.ui.overview.table, area: tableArea, into: &buffer, theme: theme,
                     emptyMessage: app.core.peers.isEmpty ? "waiting for the first answer from the cluster…" : "no peers")
        // The gateway under the rows: its summary line always, failing pins as room allows.
        let gatewayArea = below.inset(top: 1)
        guard gatewayArea.height >= 1 else { return }
        let pinRoom = max(0, min(OverviewGateway.maxPins, (gatewayArea.height - 1) / 4))
        let gateway = OverviewGateway.lines(app.core, width: gatewayArea.width, maxPinLines: pinRoom)
        let (gatewayRows, afterGateway) = gatewayArea.splitTop(min(gateway.count, gatewayArea.height))
        OverviewGateway.render(gateway, area: gatewayRows, into: &buffer, theme: theme)
        let feeds = afterGateway.inset(top: 1)
        guard feeds.height >= 2 else { return }
        let alarms = OverviewFeed.alarmLines(app.core, app.deployment, now: now)
        if feeds.width >= 110 {
            let parts = Layout.columns(feeds, [.percent(40), .fixed(1), .fill])
            OverviewFeed.render(title: "Alarms in ALARM", alarms, area: parts[0], into: &buffer, theme: theme, now: now)
            let events = OverviewFeed.eventLines(app.core, app.deployment, now: now, limit: parts[2].height)
            OverviewFeed.render(title: "Newest events (ECS, ALB, cluster)", events, area: parts[2], into: &buffer, theme: theme, now: now)
        } else {
            let alarmHeight = min(OverviewFeed.height(alarms, width: feeds.width), max(2, feeds.height / 3))
            let (top, bottom) = feeds.splitTop(alarmHeight)
            OverviewFeed.render(title: "Alarms in ALARM", alarms, area: top, into: &buffer, theme: theme, now: now)
            let events = OverviewFeed.eventLines(app.core, app.deployment, now: now, limit: max(0, bottom.height - 1))
            OverviewFeed.render(title: "Newest events (ECS, ALB, cluster)", events, area: bottom, into: &buffer, theme: theme, now: now)
        }
    }

    /// The title line: counts per source, in words.
    static func summary(_ app: ConsoleApp) -> String {
        let core = app.core
        var parts = ["Deployment", "peers \(core.healthyPeerCount)/\(core.peers.count) ok"]
        if let d = app.deployment {
            let targets = d.targetGroups.flatMap(\.targets)
            if !targets.isEmpty { parts.append("ALB \(targets.filter { $0.state == .healthy }.count)/\(targets.count) healthy") }
            let efsBad = d.fileSystems.filter { $0.isExhausted || $0.isDraining }.count
            if !d.fileSystems.isEmpty { parts.append(efsBad > 0 ? "EFS \(efsBad) low on credits" : "EFS ok") }
            if !d.alarms.isEmpty { parts.append("\(d.firing.count) alarm\(d.firing.count == 1 ? "" : "s") in ALARM") }
        }
        if let g = OverviewGateway.summary(core) { parts.append(g) }
        return parts.joined(separator: "  ")
    }

    static func handle(_ key: Key, _ app: inout ConsoleApp) -> LoopAction? {
        let columns = app.ui.overview.shown
        let i = columns.firstIndex(of: app.ui.overview.column) ?? 0
        switch key {
        case .left, .char("<"):
            app.ui.overview.column = columns[max(0, i - 1)]
        case .right, .char(">"):
            app.ui.overview.column = columns[min(columns.count - 1, i + 1)]
        case .enter:
            guard let id = app.ui.overview.table.selectedID else { return .redraw }
            app.drillOverview(peer: id, column: app.ui.overview.column)
        default:
            return nil
        }
        return .redraw
    }

    static func navigate(_ key: Key, _ app: inout ConsoleApp) {
        _ = app.ui.overview.table.handle(key, rows: rows(cells(app), columns: [.peer]), pageSize: 10)
    }
}

extension ConsoleApp {
    /// Enter on an overview cell: the peer's row on the peers screen, its ECS task, its triage
    /// block (EFS, ALB, CPU, memory and alarm evidence with their history) or its error logs.
    mutating func drillOverview(peer id: String, column: OverviewColumn) {
        switch column {
        case .peer, .cluster:
            jump(toPeer: id)
        case .task, .zone, .capacity:
            _ = perform(.peerTask, key: .enter)
        case .alb, .efs, .cpu, .memory, .alarms:
            openTriage(focus: id)
        case .errors:
            openLogs(forPeer: id)
        }
    }
}
