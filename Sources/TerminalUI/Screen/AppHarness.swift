/// Drives a `TerminalApp` without a terminal: keys and events in, frames into a `MemoryScreen`.
///
/// Why: the console's behaviour (key maps, dialogs, what a screen shows after an event) can then
/// be unit-tested exactly as the run loop would drive it, with no TTY and no timing.
@MainActor
public struct AppHarness<App: TerminalApp> {
    public private(set) var app: App
    public private(set) var screen: MemoryScreen
    /// True once the app asked to quit.
    public private(set) var quit = false
    let queue = WakeQueue<App.Event>()

    /// Starts `app` (calls `start`) and renders the first frame.
    public init(_ app: App, width: Int = 80, height: Int = 24, colorDepth: ColorDepth = .xterm256) {
        self.app = app
        self.screen = MemoryScreen(width: width, height: height)
        self.app.start(LoopContext(queue: queue, colorDepth: colorDepth))
        render()
    }

    /// Sends keys in order (stopping at a quit), then renders. Returns the last action.
    @discardableResult
    public mutating func send(_ keys: Key...) -> LoopAction {
        var last = LoopAction.continue
        for key in keys where !quit {
            last = app.handle(key)
            if last == .quit { quit = true }
        }
        render()
        return last
    }

    /// Types each character of `text` as a `.char` key.
    @discardableResult
    public mutating func type(_ text: String) -> LoopAction {
        var last = LoopAction.continue
        for c in text where !quit { last = send(.char(c)) }
        return last
    }

    /// Delivers an event as if posted from a background task, then renders.
    @discardableResult
    public mutating func post(_ event: App.Event) -> LoopAction {
        let action = app.handle(event: event)
        if action == .quit { quit = true }
        render()
        return action
    }

    /// Delivers events and ticks the app posted to its context so far (in order), then renders.
    public mutating func processPosted() {
        for wake in queue.takePending() where !quit {
            switch wake {
            case .event(let e): if app.handle(event: e) == .quit { quit = true }
            case .tick: if app.tick() == .quit { quit = true }
            default: break
            }
        }
        render()
    }

    /// Resizes the screen and tells the app, as a SIGWINCH would.
    public mutating func resize(width: Int, height: Int) {
        screen.resize(width: width, height: height)
        if app.handle(.resize) == .quit { quit = true }
        render()
    }

    /// Renders a frame at the screen's size.
    public mutating func render() {
        var buffer = CellBuffer(width: screen.size.width, height: screen.size.height)
        app.render(into: &buffer)
        screen.draw(buffer)
    }

    /// The last frame's text, trailing spaces trimmed.
    public var text: String { screen.text }
}
