import ConsoleCore
import Foundation
import TerminalUI

extension ScreenID {
    public static let tasks = ScreenID(TasksScreen.name)
}

/// The ECS tasks pane, full screen, opened over where the operator was.
enum TasksScreen: ConsoleScreen {
    nonisolated static let name = "tasks"
    static let title = "Tasks"
    static let aliases = ["task", "ecs"]
    static let stacking = ScreenStacking.overlay
    static var keyMap: ScreenKeyMap { KeyMaps.paneGeneral }
    static var paneHelp: KeyMap? { TasksPane.keyMap }

    static func render(_ app: inout ConsoleApp, area: Rect, into buffer: inout CellBuffer) {
        app.tasksPane.render(into: &buffer, area: area, theme: app.theme, now: app.core.ecs.now(app.core.now))
    }

    static func handle(_ key: Key, _ app: inout ConsoleApp) -> LoopAction? { app.apply(app.tasksPane.handle(key)) }
}
