import ConsoleCore
import ECSState
import Foundation
import LogTail
import TerminalUI

extension ConsoleApp {
    /// Gives a pane screen the key first; nil when the pane ignored it (the app's keys apply).
    mutating func handlePaneKey(_ key: Key) -> LoopAction? {
        let event: PaneEvent
        switch ui.screen {
        case .tasks: event = tasksPane.handle(key)
        case .services: event = servicesPane.handle(key)
        case .logs: event = logsPane.handle(key)
        default: return nil
        }
        switch event {
        case .ignored:
            return nil
        case .handled:
            break
        case .jumpToPeer(let peer):
            jump(toPeer: peer)
        case .jumpToTask(let id):
            if tasksPane.select(task: id) { ui.push(.tasks) }
        case .showTasksOfService(let name):
            tasksPane.filter(service: name)
            ui.push(.tasks)
        case .save(let lines):
            dispatch(.intent(.saveLogs(lines, path: logsPane.savePath(now: core.now))))
        case .failed(let message):
            ui.notice = (message, true)
        }
        return .redraw
    }

    /// Help for the current screen: a pane's own keys first, then the app's.
    func helpModel() -> KeyMap {
        let general = KeyMaps.map(for: ui.screen).helpModel(readonly: core.settings.readonly)
        if ui.ops.logsSplit && ui.ops.logsFocused && (ui.screen == .peers || ui.screen == .pins) {
            return KeyMap(LogsPane.keyMap.sections + general.sections)
        }
        switch ui.screen {
        case .tasks: return KeyMap(TasksPane.keyMap.sections + general.sections)
        case .services: return KeyMap(ServicesPane.keyMap.sections + general.sections)
        case .logs: return KeyMap(LogsPane.keyMap.sections + general.sections)
        default: return general
        }
    }
}
