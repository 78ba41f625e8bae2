import ConsoleCore
import Foundation
import TerminalUI

/// Placeholder until the triage engine lands.
public struct TriageViewState: Sendable {
    public var focusPeer: String?
    public var selected = 0
    public init() {}
}

extension OpsState {
    mutating func recordTimelines(_ core: ConsoleState, now: Date) {}
}

extension ConsoleApp {
    mutating func openTriage(focus: String?) {
        ui.ops.triage.focusPeer = focus
        ui.push(.triage)
    }

    mutating func handleTriageKey(_ key: Key) -> LoopAction? { nil }

    mutating func renderTriage(area: Rect, into buffer: inout CellBuffer, now: Date) {}
}
