import ClusterAPI
import ConsoleCore
import Foundation
import TerminalUI

/// `/health/alerts` (newest first, names resolved) above the per-peer metric values.
enum AlertsScreen {
    static let alertColumns: [TableColumn] = [
        TableColumn("TRIGGERED", minWidth: 16, weight: 0, keepWhole: true),
        TableColumn("PEER", minWidth: 12, maxWidth: 24, weight: 1),
        TableColumn("METRIC", minWidth: 10, weight: 0, keepWhole: true),
        TableColumn("EXPIRED", minWidth: 16, weight: 0, keepWhole: true),
        TableColumn("REPORTED BY", minWidth: 16, maxWidth: 40, weight: 1),
        TableColumn("PEER ID", minWidth: 11, maxWidth: 56, weight: 2),
    ]
    static let metricColumns: [TableColumn] = [
        TableColumn("PEER", minWidth: 12, maxWidth: 24, weight: 1),
        TableColumn("FREESPACE", minWidth: 10, weight: 0, alignment: .right),
        TableColumn("PIN QUEUE", minWidth: 9, weight: 0, alignment: .right),
        TableColumn("PING RECEIVED", minWidth: 14, weight: 0),
        TableColumn("PING EXPIRES", minWidth: 16, weight: 0),
        TableColumn("STATE", minWidth: 10, maxWidth: 50, weight: 2),
    ]

    static func render(_ core: ConsoleState, ui: inout UIState, area: Rect, into buffer: inout CellBuffer, theme: Theme, now: Date) {
        let parts = Layout.rows(area, [.fixed(1), .percent(55, min: 3), .fixed(1), .fill])
        StatusLine.render(left: [StatusSegment("Alerts \(core.alerts.count) (newest first, merged over every peer that answered; the cluster keeps them after recovery)", role: .title)],
                          area: parts[0], into: &buffer, theme: theme, role: .text)
        // The cluster's times are judged on its clock, not ours (a skewed laptop must not age them).
        let clusterNow = core.clusterNow
        let alertRows = TableRows(core.alerts.enumerated().map { i, a in
            // Shown on the console's clock (as the header's), aged on the cluster's.
            let trig = a.triggeredAt.date.map { "\(PaneTime.clock(core.onConsoleClock($0))) (\(TriageText.ago($0, now: clusterNow)))" } ?? a.triggeredAt.rfc3339
            // Merged over every answer: who last reported it, and when (the console's clock).
            let report = core.answers.alerts["\(a.metric.peer)|\(a.metric.name)"]
            let by = report.map { "\($0.reportedBy) \(PaneTime.clock($0.lastReported))" } ?? "-"
            return (i, TableRow([trig, core.peerName(a.metric.peer), a.metric.name,
                                 Format.expiry(a.metric.expireDate, now: clusterNow), by, a.metric.peer], role: .warning))
        })
        Table.render(columns: alertColumns, rows: alertRows, state: &ui.alertsTable, area: parts[1], into: &buffer, theme: theme,
                     emptyMessage: "no alerts")
        StatusLine.render(left: [StatusSegment("Metrics per peer", role: .title)], area: parts[2], into: &buffer, theme: theme, role: .text)
        var metricsState = TableState<String>()
        let metricRows = TableRows(core.peerList.map { p in
            (p.id, TableRow([p.displayName, Format.bytes(p.freeSpace), p.pinQueue.map(String.init) ?? "-",
                             PaneTime.clock(core.onConsoleClock(p.pingReceived)), Format.expiry(p.pingExpire, now: clusterNow),
                             Format.condition(p.condition, now: now)],
                            cellRoles: [nil, nil, nil, nil, core.pingExpired(p) ? .warning : nil, p.condition.role]))
        })
        Table.render(columns: metricColumns, rows: metricRows, state: &metricsState, area: parts[3], into: &buffer, theme: theme,
                     emptyMessage: "no metrics yet")
    }
}

/// Finished and running actions, newest first.
enum HistoryScreen {
    static let columns: [TableColumn] = [
        TableColumn("WHEN", minWidth: 8, weight: 0),
        TableColumn("ACTION", minWidth: 12, weight: 0),
        TableColumn("TARGET", minWidth: 12, maxWidth: 60, weight: 2),
        TableColumn("OUTCOME", minWidth: 10, weight: 3),
    ]

    /// Running actions first, then finished ones; rows are built only for what is drawn (the
    /// history keeps hundreds, the split pane shows a handful).
    static func rows(_ core: ConsoleState) -> TableRows<Int> {
        let running = core.running, history = core.history
        return TableRows(count: running.count + history.count, id: { i in
            i < running.count ? running[i].id : history[i - running.count].id
        }, row: { i in
            if i < running.count {
                let a = running[i]
                return TableRow([PaneTime.clock(a.started), a.kind.name, a.kind.target,
                                 "running" + (a.progressText.map { " " + $0 } ?? "")], role: .warning)
            }
            let r = history[i - running.count]
            let role: Role = r.outcome.isSuccess ? .ok : (r.outcome == .failed(r.outcome.message) ? .error : .warning)
            return TableRow([PaneTime.clock(r.finished), r.name, r.target, r.outcome.journalText], cellRoles: [nil, nil, nil, role])
        }, indexOf: { id in
            running.firstIndex { $0.id == id } ?? history.firstIndex { $0.id == id }.map { $0 + running.count }
        })
    }

    static func render(_ core: ConsoleState, state: inout TableState<Int>, title: String, focused: Bool, area: Rect,
                       into buffer: inout CellBuffer, theme: Theme) {
        let (head, body) = area.splitTop(1)
        StatusLine.render(left: [StatusSegment(title + (focused ? "  (focused: tab returns)" : ""), role: .title)],
                          area: head, into: &buffer, theme: theme, role: .text)
        Table.render(columns: columns, rows: rows(core), state: &state, area: body, into: &buffer, theme: theme,
                     emptyMessage: "no actions yet")
    }
}

extension ScreenID {
    public static let alerts = ScreenID(AlertsScreen.name)
    public static let history = ScreenID(HistoryScreen.name)
}

extension AlertsScreen: ConsoleScreen {
    nonisolated static let name = "alerts"
    static let title = "Alerts"
    static let aliases = ["alert", "al", "metrics"]
    static var keyMap: ScreenKeyMap { KeyMaps.alerts }

    static func render(_ app: inout ConsoleApp, area: Rect, into buffer: inout CellBuffer) {
        render(app.core, ui: &app.ui, area: area, into: &buffer, theme: app.theme, now: app.core.now)
    }

    static func navigate(_ key: Key, _ app: inout ConsoleApp) {
        let rows = TableRows(app.core.alerts.indices.map { ($0, TableRow([])) })
        _ = app.ui.alertsTable.handle(key, rows: rows, pageSize: 10)
    }
}

extension HistoryScreen: ConsoleScreen {
    nonisolated static let name = "history"
    static let title = "History"
    static let aliases = ["hist", "actions"]
    static var keyMap: ScreenKeyMap { KeyMaps.history }

    static func render(_ app: inout ConsoleApp, area: Rect, into buffer: inout CellBuffer) {
        render(app.core, state: &app.ui.historyTable, title: "Action history (newest first)", focused: false,
               area: area, into: &buffer, theme: app.theme)
    }

    static func navigate(_ key: Key, _ app: inout ConsoleApp) {
        _ = app.ui.historyTable.handle(key, rows: rows(app.core), pageSize: 10)
    }
}
