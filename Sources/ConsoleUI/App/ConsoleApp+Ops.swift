import ConsoleCore
import Foundation
import LogTail
import TerminalUI

extension ConsoleApp {
    // MARK: keys

    /// Keys before the app's key map: F1 help anywhere, the logs split when it has focus, Tab
    /// between the table and the split, and the triage screen. Nil lets the app handle the key.
    mutating func handleOpsKey(_ key: Key) -> LoopAction? {
        if key == .f(1) { ui.showHelp = true; return .redraw }
        let main = ui.screen == .peers || ui.screen == .pins
        if main, ui.ops.logsSplit, !ui.historyFocused {
            if ui.ops.logsFocused {
                if !logsPane.isCapturingInput && key == .tab {
                    switchSplitFocus()
                    return .redraw
                }
                let capturing = logsPane.isCapturingInput
                let event = logsPane.handle(key)
                if capturing || event != .ignored {
                    _ = apply(event)
                    return .redraw
                }
                return nil
            }
            if key == .tab {
                switchSplitFocus()
                return .redraw
            }
        }
        return nil
    }

    /// Tab on a main screen with the logs split: table -> logs -> action history (when shown) -> table.
    mutating func switchSplitFocus() {
        if ui.ops.logsFocused {
            ui.ops.logsFocused = false
            ui.historyFocused = !core.history.isEmpty || !core.running.isEmpty
        } else {
            ui.ops.logsFocused = true
        }
    }

    /// Shows a peer on the peers screen, by id or by the name a log line carries.
    mutating func jump(toPeer peer: String) {
        guard let id = core.peers[peer] != nil ? peer : core.peerList.first(where: { $0.name == peer })?.id else {
            ui.notice = ("peer \(peer) is not known to the cluster view", true)
            return
        }
        ui.peerFilter = ""
        ui.ops.logsFocused = false
        ui.push(.peers)
        ui.peersTable.selectedID = id
    }

    /// Opens the tasks screen on a task (id or ARN).
    mutating func openTask(_ task: String) {
        if tasksPane.select(task: task) {
            ui.push(.tasks)
        } else {
            ui.notice = ("task \(task) is not in the ECS export", true)
        }
    }

    /// The logs, full screen, filtered to a peer's warnings and errors: lines it logged (they carry
    /// its name) and lines that name its id (a neighbour's `metric alert for ping: Peer: <id>`).
    mutating func openLogs(forPeer id: String) {
        let name = core.peers[id]?.name ?? ""
        let names = [id] + (name.isEmpty ? [] : [name])
        logsPane.showErrors(forPeer: "re:" + names.map(NSRegularExpression.escapedPattern(for:)).joined(separator: "|"))
        ui.push(.logs)
    }

    mutating func toggleLogsSplit() {
        ui.ops.logsSplit.toggle()
        ui.ops.logsFocused = ui.ops.logsSplit
        if ui.ops.logsSplit { ui.historyFocused = false }
    }

    // MARK: rendering

    /// Carves the logs split off the bottom of a main screen's body when it is on.
    mutating func renderLogsSplit(body: Rect, into buffer: inout CellBuffer, now: Date) -> Rect {
        guard ui.ops.logsSplit, ui.screen == .peers || ui.screen == .pins, body.height >= 14 else { return body }
        let (top, bottom) = body.splitBottom(max(6, body.height * 2 / 5))
        let title = ui.ops.logsFocused ? "logs [keys here: tab next pane, F1 help]" : "logs (tab focuses, L hides)"
        logsPane.render(into: &buffer, area: bottom, theme: theme, now: now, title: title)
        return top
    }
}
