/// What the app tells the loop after handling something.
public enum LoopAction: Hashable, Sendable {
    /// Nothing visible changed: no redraw.
    case `continue`
    /// State changed: render a new frame.
    case redraw
    /// Leave the loop and give the terminal back.
    case quit
}

/// A full-screen program driven by `TerminalRunner`: keys and app events in, frames out.
///
/// Why this shape (bubbletea/Elm): the app's state changes only in these handlers, all on the loop
/// thread; background tasks send `Event`s through `LoopContext.post`. A console can forward both
/// handlers to one pure `update(state, event) -> effects` function and run effects as tasks.
@MainActor
public protocol TerminalApp {
    /// Messages from background work (network results, file changes, timers).
    associatedtype Event: Sendable

    /// Called once before the first frame; keep `context` to post events and request ticks.
    mutating func start(_ context: LoopContext<Event>)
    /// A key (or `.resize`, after the screen has been resized).
    mutating func handle(_ key: Key) -> LoopAction
    /// An event posted with `LoopContext.post`.
    mutating func handle(event: Event) -> LoopAction
    /// A tick requested with `LoopContext.requestTick(after:)`.
    mutating func tick() -> LoopAction
    /// Draws the whole frame; `buffer` is blank and sized to the screen. Mutating so widgets can
    /// keep their scroll state consistent with the frame (e.g. a table scrolling to its selection).
    mutating func render(into buffer: inout CellBuffer)
    /// Escape sequences to write to the terminal as they are, after the next frame (an OSC 52
    /// clipboard copy); taken once. Only sequences the app built itself, never outside text.
    mutating func takeTerminalOutput() -> [String]
}

extension TerminalApp {
    public mutating func start(_ context: LoopContext<Event>) {}
    public mutating func tick() -> LoopAction { .continue }
    public mutating func takeTerminalOutput() -> [String] { [] }
}
