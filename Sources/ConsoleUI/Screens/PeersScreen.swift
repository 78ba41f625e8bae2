import ConsoleCore
import Foundation
import TerminalUI

/// One row per peer seen since start (or known from config/ECS), missing ones included.
enum PeersScreen {
    static let columns: [TableColumn] = [
        TableColumn("NAME", minWidth: 12, maxWidth: 20, weight: 1),
        TableColumn("ID", minWidth: 15, weight: 0),
        TableColumn("VERSION", minWidth: 7, weight: 0, keepWhole: true),
        TableColumn("STATE", minWidth: 14, maxWidth: 60, weight: 4),
        TableColumn("IPFS", minWidth: 11, maxWidth: 40, weight: 1),
        TableColumn("FREE", minWidth: 7, weight: 0, alignment: .right, keepWhole: true),
        TableColumn("QUEUE", minWidth: 5, weight: 0, alignment: .right),
        TableColumn("PING", minWidth: 12, weight: 0, keepWhole: true),
        TableColumn("ALERTS", minWidth: 6, weight: 0, alignment: .right),
        TableColumn("ALLOC", minWidth: 5, weight: 0, alignment: .right),
        TableColumn("ERRS", minWidth: 4, weight: 0, alignment: .right),
        TableColumn("ECS TASK", minWidth: 16, maxWidth: 48, weight: 2),
        TableColumn("LOG!", minWidth: 4, weight: 0, alignment: .right),
        TableColumn("ADDRESSES", minWidth: 9, maxWidth: 60, weight: 2),
    ]

    /// Peers shown, in screen order (filter then sort); the selection follows the id.
    static func visiblePeers(_ core: ConsoleState, ui: UIState) -> [PeerInfo] {
        var list = core.peerList
        let f = ui.peerFilter.lowercased()
        if !f.isEmpty {
            list = list.filter { p in
                [p.name, p.id, p.version, p.addresses.joined(separator: " ")].contains { $0.lowercased().contains(f) }
            }
        }
        let order = core.peerOrder
        func key(_ p: PeerInfo) -> (Int, String, Double) {
            switch ui.peerSort {
            case .name: (0, p.displayName.lowercased(), 0)
            case .id: (0, p.id, 0)
            case .version: (0, p.version, 0)
            case .state: (-p.condition.severity, p.displayName, 0)
            case .ipfs: (0, p.ipfsError.isEmpty ? p.ipfsID : "!" + p.ipfsError, 0)
            case .free: (0, "", Double(p.freeSpace ?? 0))
            case .queue: (0, "", Double(p.pinQueue ?? 0))
            case .ping: (0, "", p.pingExpire?.timeIntervalSince1970 ?? 0)
            case .alerts: (-core.alertCount(peer: p.id), "", 0)
            case .allocated: (-ConsoleUpdate.allocatedCount(core, peer: p.id), "", 0)
            case .errors: (-core.pins.errorCount(peer: p.id), "", 0)
            case .task: (TaskCell.of(core, peer: p.id).likelyCause ? 0 : 1, TaskCell.of(core, peer: p.id).text, 0)
            case .logs: (-core.logs.problemLineCount(peer: p.id), "", 0)
            case .addresses: (0, p.addresses.first ?? "", 0)
            }
        }
        list.sort { a, b in
            let ka = key(a), kb = key(b)
            if ka != kb { return ui.peerSortDescending ? kb < ka : ka < kb }
            return (order.firstIndex(of: a.id) ?? 0) < (order.firstIndex(of: b.id) ?? 0)
        }
        return list
    }

    /// Columns shown: the ECS task and log-problem columns only once there is ECS or log data,
    /// so a console without those sources keeps its room for the cluster's own columns.
    static func shownColumns(_ core: ConsoleState) -> [Int] {
        PeerColumn.allCases.filter { c in
            switch c {
            case .task: core.ecs.haveSnapshot
            case .logs: core.logs.hasCounts
            default: true
            }
        }.map(\.rawValue)
    }

    static func rows(_ core: ConsoleState, ui: UIState, now: Date) -> TableRows<String> {
        let peers = visiblePeers(core, ui: ui)
        let shown = shownColumns(core)
        let majority = core.majorityVersion
        return TableRows(peers.map { p in
            let c = p.condition
            let skew = !p.version.isEmpty && majority != nil && p.version != majority
            let ipfs = p.ipfsError.isEmpty ? (p.ipfsID.isEmpty ? "-" : PeerInfo.shortID(p.ipfsID)) : "down: \(p.ipfsError)"
            let errs = core.pins.errorCount(peer: p.id)
            let task = TaskCell.of(core, peer: p.id)
            let logProblems = core.logs.problemLineCount(peer: p.id)
            // Polled at its own address: that address and whether it answers come first.
            let direct = core.direct.address(forPeer: p.id).flatMap { $0.inUse ? $0 : nil }
            let listed = p.addresses.first { !$0.contains("/127.0.0.1/") } ?? p.addresses.first ?? "-"
            var address = listed
            var apiDown: String?
            if let d = direct {
                apiDown = d.answering ? nil : d.failingSince.map { "DOWN \(PaneTime.duration(max(0, now.timeIntervalSince($0))))" }
                let state = d.answering ? "" : " " + (apiDown ?? "probing")
                address = "API \(d.hostPort)\(state)  \(listed)"
            }
            // Also in STATE: the addresses column comes last and is the first cut (at 200 columns
            // a long state left "API 127.0.…" of it).
            let condition = Format.condition(c, now: now)
            let state = apiDown.map { "API \($0) · \(condition)" } ?? condition
            let cells = [
                p.displayName, p.shortID, p.version.isEmpty ? "-" : p.version + (skew ? " (skew)" : ""),
                state, ipfs, Format.bytes(p.freeSpace), p.pinQueue.map(String.init) ?? "-",
                Format.expiry(p.pingExpire, now: core.clusterNow), String(core.alertCount(peer: p.id)),
                String(ConsoleUpdate.allocatedCount(core, peer: p.id)), String(errs),
                task.text, String(logProblems), address,
            ]
            var roles: [Role?] = Array(repeating: nil, count: cells.count)
            roles[PeerColumn.state.rawValue] = apiDown != nil && c == .ok ? .warning : c.role
            if skew { roles[PeerColumn.version.rawValue] = .warning }
            if !p.ipfsError.isEmpty { roles[PeerColumn.ipfs.rawValue] = .peerIPFSDown }
            if errs > 0 { roles[PeerColumn.errors.rawValue] = .pinError }
            if core.alertCount(peer: p.id) > 0 { roles[PeerColumn.alerts.rawValue] = .warning }
            roles[PeerColumn.task.rawValue] = task.role
            if logProblems > 0 { roles[PeerColumn.logs.rawValue] = .warning }
            if let d = direct, !d.answering { roles[PeerColumn.addresses.rawValue] = .warning }
            if core.pingExpired(p) { roles[PeerColumn.ping.rawValue] = .warning }
            return (p.id, TableRow(shown.map { cells[$0] }, role: nil, cellRoles: shown.map { roles[$0] }))
        })
    }

    static func render(_ core: ConsoleState, ui: inout UIState, area: Rect, into buffer: inout CellBuffer, theme: Theme, now: Date) {
        let rows = rows(core, ui: ui, now: now)
        let shown = shownColumns(core)
        ui.peersTable.sortColumn = shown.firstIndex(of: ui.peerSort.rawValue)
        ui.peersTable.sortAscending = !ui.peerSortDescending
        let (title, body) = area.splitTop(1)
        // The header's own count, so the two never disagree; the filter's count is said as such.
        let filter = ui.peerFilter.isEmpty ? "" : "  \(rows.count) shown, filter: \(ui.peerFilter)"
        StatusLine.render(left: [StatusSegment("Peers: \(core.peerSummary.text(now: now))\(filter)", role: .title)],
                          right: [StatusSegment("enter/p pins  t task  l logs  T triage  L log split  s sort  ? help", role: .dim)],
                          area: title, into: &buffer, theme: theme, role: .text)
        Table.render(columns: shown.map { columns[$0] }, rows: rows, state: &ui.peersTable, area: body, into: &buffer, theme: theme,
                     emptyMessage: core.peers.isEmpty ? "waiting for the first answer from the cluster…" : "no peer matches the filter")
    }
}

extension ScreenID {
    public static let peers = ScreenID(PeersScreen.name)
}

extension PeersScreen: ConsoleScreen {
    nonisolated static let name = "peers"
    static let title = "Peers"
    static let aliases = ["peer", "pe", "p"]
    static var keyMap: ScreenKeyMap { KeyMaps.peers }

    static func render(_ app: inout ConsoleApp, area: Rect, into buffer: inout CellBuffer) {
        render(app.core, ui: &app.ui, area: area, into: &buffer, theme: app.theme, now: app.core.now)
    }

    static func navigate(_ key: Key, _ app: inout ConsoleApp) {
        _ = app.ui.peersTable.handle(key, rows: rows(app.core, ui: app.ui, now: app.core.now), pageSize: 10)
    }

    static func clear(_ app: inout ConsoleApp) -> Bool {
        guard !app.ui.peerFilter.isEmpty else { return false }
        app.ui.peerFilter = ""
        return true
    }
}
