import ConsoleCore
import Foundation
import TerminalUI

extension ScreenID {
    public static let logs = ScreenID(LogsScreen.name)
}

/// The logs pane, full screen, over where the operator was (`?` searches there; help is F1).
enum LogsScreen: ConsoleScreen {
    nonisolated static let name = "logs"
    static let title = "Logs"
    static let aliases = ["log"]
    static let stacking = ScreenStacking.overlay
    static var keyMap: ScreenKeyMap { KeyMaps.paneGeneral }
    static var paneHelp: KeyMap? { LogsPane.keyMap }

    static func render(_ app: inout ConsoleApp, area: Rect, into buffer: inout CellBuffer) {
        app.logsPane.render(into: &buffer, area: area, theme: app.theme, now: app.core.now)
    }

    static func handle(_ key: Key, _ app: inout ConsoleApp) -> LoopAction? { app.apply(app.logsPane.handle(key)) }
}
