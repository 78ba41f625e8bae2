import ConsoleCore
import Foundation
import TerminalUI

extension ScreenID {
    public static let triage = ScreenID(TriageScreen.name)
}

/// Unhealthy peers worst first: verdict, rules, evidence, impact, next actions (drawn by
/// `ConsoleApp+Triage`), over where the operator was.
enum TriageScreen: ConsoleScreen {
    nonisolated static let name = "triage"
    static let title = "Triage"
    static let aliases = ["tr"]
    static let stacking = ScreenStacking.overlay
    static var keyMap: ScreenKeyMap { KeyMaps.triage }

    static func render(_ app: inout ConsoleApp, area: Rect, into buffer: inout CellBuffer) {
        app.renderTriage(area: area, into: &buffer)
    }

    static func navigate(_ key: Key, _ app: inout ConsoleApp) { app.navigateTriage(key) }
}
