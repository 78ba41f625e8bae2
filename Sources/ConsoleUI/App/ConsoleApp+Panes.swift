import ConsoleCore
import Foundation
import TerminalUI

extension ConsoleApp {
    /// What a pane asked for after a key, wherever it is shown (full screen or the logs split);
    /// nil when it ignored the key (the app's key map may have it).
    mutating func apply(_ event: PaneEvent) -> LoopAction? {
        switch event {
        case .ignored:
            return nil
        case .handled:
            break
        case .jumpToPeer(let peer):
            jump(toPeer: peer)
        case .jumpToTask(let id):
            openTask(id)
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

    /// Help for the current screen: an embedded pane's own keys first, then the screen's.
    func helpModel() -> KeyMap {
        let entry = ScreenRegistry.entry(for: ui.screen)
        var general = entry.keyMap.helpModel(readonly: core.settings.readonly)
        general.sections.append(replay != nil ? RecordingKeys.replayHelp : RecordingKeys.recordHelp)
        if ui.ops.logsSplit && ui.ops.logsFocused && (ui.screen == .peers || ui.screen == .pins) {
            return KeyMap(LogsPane.keyMap.sections + general.sections)
        }
        return KeyMap((entry.paneHelp?.sections ?? []) + general.sections)
    }
}
