import Foundation

/// Runs a `TerminalApp` on the real terminal until it quits.
///
/// ctrl-z (SIGTSTP) suspends: the terminal is given back, the process stops, and `fg`/SIGCONT
/// repaints. ctrl-c is SIGINT: the terminal is restored and the process ends (exit status 130), so
/// even a wedged app can be interrupted.
///
/// One thread owns curses: the main actor. It sleeps until the input thread, a signal (resize,
/// suspend) or a posted event wakes it, handles everything pending, then renders one frame if
/// anything asked for it. With nothing happening it uses no CPU. The terminal is given back on
/// every way out (see `TerminalGuard`).
@MainActor
public enum TerminalRunner {
    /// Runs `app` and returns its final state. Throws `TerminalError` when the terminal cannot be
    /// used (no `TERM`, unknown `TERM`, not a TTY) before touching the screen.
    @discardableResult
    public static func run<App: TerminalApp>(_ app: App, options: CursesScreen.Options = .init(),
                                              environment: [String: String] = ProcessInfo.processInfo.environment)
        async throws -> App {
        var app = app
        let queue = WakeQueue<App.Event>()
        let poller = try InputPoller()
        let screen: CursesScreen
        do {
            screen = try CursesScreen(options: options, wakeFD: poller.pipeWrite, environment: environment)
        } catch {
            poller.stop()
            throw error
        }
        poller.start(delivering: queue)
        defer {
            screen.close()
            poller.stop()
        }
        app.start(LoopContext(queue: queue, colorDepth: screen.colorDepth))
        var dirty = true
        while true {
            if dirty {
                var buffer = CellBuffer(width: screen.size.width, height: screen.size.height)
                app.render(into: &buffer)
                screen.draw(buffer)
                for sequence in app.takeTerminalOutput() { screen.passthrough(sequence) }
                dirty = false
            }
            for wake in await queue.next() {
                var actions: [LoopAction] = []
                switch wake {
                case .input:
                    var keys: [Key] = []
                    while let k = screen.readKey() { keys.append(k) }
                    poller.drained()
                    for key in keys {
                        if key == .ctrl("z") {
                            screen.suspend()
                            dirty = true
                            actions.append(app.handle(.resize))
                            continue
                        }
                        if key == .resize {
                            screen.handleResize()
                            dirty = true
                        }
                        actions.append(app.handle(key))
                        if actions.last == .quit { break }
                    }
                case .resize:
                    screen.handleResize()
                    dirty = true
                    actions.append(app.handle(.resize))
                case .suspend:
                    screen.suspend()
                    dirty = true
                    actions.append(app.handle(.resize))
                case .hangup:
                    return app
                case .tick:
                    actions.append(app.tick())
                case .event(let e):
                    actions.append(app.handle(event: e))
                }
                if actions.contains(.quit) { return app }
                if actions.contains(.redraw) { dirty = true }
            }
        }
    }
}
