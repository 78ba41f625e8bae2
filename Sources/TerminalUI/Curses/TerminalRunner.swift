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
///
/// Frames asked for by keys, resizes and resumes are drawn at once; frames asked for only by
/// posted events and ticks at most every `dataFrameInterval`, the last one held back until then.
@MainActor
public enum TerminalRunner {
    /// Why a limit: a pin stream arrives as hundreds of chunks a second, each a posted event, and
    /// drawing after every one kept the pins screen at about 25 frames a second while a 3 MB
    /// `/pins?filter=error,...` answer streamed every 2 s (5 % of a core at 200,000 pins, half the
    /// console's CPU). A live table redrawn five times a second reads the same to an operator.
    public static let dataFrameInterval: Duration = .milliseconds(200)

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
        // A key, a resize or a resume asked for the frame: draw it now, whatever the limit.
        var urgent = true
        var lastFrame = ContinuousClock.now
        var frameWakePending = false
        while true {
            if dirty {
                let now = ContinuousClock.now
                if urgent || now - lastFrame >= dataFrameInterval {
                    var buffer = CellBuffer(width: screen.size.width, height: screen.size.height)
                    app.render(into: &buffer)
                    screen.draw(buffer)
                    for sequence in app.takeTerminalOutput() { screen.passthrough(sequence) }
                    dirty = false
                    urgent = false
                    lastFrame = now
                } else if !frameWakePending {
                    frameWakePending = true
                    let q = queue, delay = dataFrameInterval - (now - lastFrame)
                    Task.detached {
                        try? await Task.sleep(for: delay)
                        q.push(.frame)
                    }
                }
            }
            for wake in await queue.next() {
                var actions: [LoopAction] = []
                switch wake {
                case .frame:
                    frameWakePending = false
                case .input:
                    urgent = true
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
                    urgent = true
                    actions.append(app.handle(.resize))
                case .suspend:
                    screen.suspend()
                    dirty = true
                    urgent = true
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
