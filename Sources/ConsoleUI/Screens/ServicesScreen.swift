import ConsoleCore
import Foundation
import TerminalUI

extension ScreenID {
    public static let services = ScreenID(ServicesScreen.name)
}

/// The ECS services pane (deployments and events), full screen, over where the operator was.
enum ServicesScreen: ConsoleScreen {
    nonisolated static let name = "services"
    static let title = "Services"
    static let aliases = ["service", "svc"]
    static let stacking = ScreenStacking.overlay
    static var keyMap: ScreenKeyMap { KeyMaps.paneGeneral }
    static var paneHelp: KeyMap? { ServicesPane.keyMap }

    static func render(_ app: inout ConsoleApp, area: Rect, into buffer: inout CellBuffer) {
        app.servicesPane.render(into: &buffer, area: area, theme: app.theme, now: app.core.ecs.now(app.core.now))
    }

    static func handle(_ key: Key, _ app: inout ConsoleApp) -> LoopAction? { app.apply(app.servicesPane.handle(key)) }
}
