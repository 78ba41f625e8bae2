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
        case .copy(let text, let what):
            copyToClipboard(text, what: what)
        }
        return .redraw
    }

    /// OSC 52 when the operator turned it on (`--osc52`, `osc52 = true`); otherwise a notice
    /// saying how, since the line is on screen to select by hand anyway.
    mutating func copyToClipboard(_ text: String, what: String) {
        guard core.settings.osc52Clipboard else {
            ui.notice = ("copying is off: start with --osc52 or set osc52 = true in the context (\(what) is on screen)", true)
            return
        }
        guard let sequence = Clipboard.osc52(text) else {
            ui.notice = ("\(what) is too long for the terminal's clipboard", true)
            return
        }
        terminalOutput.append(sequence)
        ui.notice = ("copied \(what) to the clipboard (OSC 52)", false)
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
