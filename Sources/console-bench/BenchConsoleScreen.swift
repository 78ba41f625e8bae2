import ConsoleCore
import ConsoleUI
import Foundation
import TerminalUI

/// The console's own pins screen over a loaded table, for figure (5): `ConsoleApp` with no
/// runner (no network, no polls), on the pins screen, its clock fixed an hour after the newest
/// pin so ages hold still from frame to frame.
///
/// Keys: `t` moves the clock one second (the header's time of day changes: one cell, the
/// smallest change the console makes by itself), `q` quits, anything else goes to the console
/// (`j` moves the selection).
@MainActor
struct BenchConsoleScreen: TerminalApp {
    /// Nothing is posted: the screen only reacts to keys.
    enum Event: Sendable { case none }

    /// The console's clock; only the loop thread moves it.
    final class Clock: @unchecked Sendable {
        var now: Date
        init(_ now: Date) { self.now = now }
    }

    var app: ConsoleApp
    let clock: Clock

    init(table: PinTable, theme: Theme = Theme.default.adapted(to: .xterm256)) {
        var newest = Int64.min
        for r in 0..<min(table.rowCount, 1000) { newest = max(newest, table.createdTime(r).nanoseconds) }
        let start = newest == .min ? Date(timeIntervalSince1970: 1_800_000_000) : Date(timeIntervalSince1970: Double(newest) / 1e9 + 3600)
        let clock = Clock(start)
        self.clock = clock
        app = ConsoleApp(settings: ConsoleSettings(contextName: "bench", endpoint: "http://127.0.0.1:9094"), theme: theme,
                         makeSink: nil, clock: { clock.now })
        app.dispatch(.tick)
        app.loadPins(table)
        // By name, not by tab digit (the tabs move when a screen is added).
        for key in [Key.char(":")] + "pins".map(Key.char) + [.enter] { _ = app.handle(key) }
    }

    mutating func handle(_ key: Key) -> LoopAction {
        switch key {
        case .char("q"): return .quit
        case .char("t"):
            clock.now += 1
            return app.tick()
        default:
            return app.handle(key)
        }
    }

    mutating func handle(event: Event) -> LoopAction { .continue }

    mutating func render(into buffer: inout CellBuffer) { app.render(into: &buffer) }
}
