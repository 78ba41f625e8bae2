import ConsoleCore
import ECSState
import Foundation
import LogTail
import TerminalUI

/// Demo-only control of the in-process simulator (`:sim freeze NAME`...). The executable
/// provides it; ConsoleUI does not know the simulator.
public protocol DemoControl: Sendable {
    /// Runs `verb` (`freeze`, `resume`, `stop`, `start`, `ipfs-down`, `ipfs-up`) on `peer`;
    /// returns a sentence for the toast.
    func perform(_ verb: String, peer: String) async throws -> String
    /// Verbs accepted, for help and error messages.
    var verbs: [String] { get }
}

/// The console as a `TerminalApp`: keys and events in, frames out.
///
/// Why this split: core state changes only through `ConsoleUpdate.update` (pure, tested), UI
/// state (screens, selection, prompts) only through key handling here; effects go to the
/// runner in order through one stream, and results come back as events via the loop.
@MainActor
public struct ConsoleApp: TerminalApp {
    public typealias Event = ConsoleEvent

    public internal(set) var core: ConsoleState
    public internal(set) var ui = UIState()
    public var theme: Theme
    /// Set by `:ctx NAME`: the caller re-opens the console on that context.
    public internal(set) var switchToContext: String?
    /// Effects produced so far when no runner is attached (tests read them).
    public internal(set) var unsentEffects: [Effect] = []

    /// ECS and log panes, fed from files (the demo's state directory or the context's).
    public internal(set) var tasksPane = TasksPane()
    public internal(set) var servicesPane = ServicesPane()
    public internal(set) var logsPane = LogsPane()
    var correlator = PeerTaskCorrelator()
    var correlation: PeerTaskCorrelation?
    var lastSnapshot: ECSSnapshot?
    let feedsConfig: ConsoleFeeds?
    var ecsFeed: ECSFeed?
    var logFeed: LogFeed?

    let makeRunner: (@Sendable (@escaping @Sendable (ConsoleEvent) -> Void) -> EffectRunner)?
    let demo: DemoControl?
    /// Where the triage sparklines persist between runs (nil: this run's only, e.g. the demo).
    let timelineStore: TimelineStore?
    var timelinesSavedAt: Date?
    static let timelineSaveInterval: TimeInterval = 30
    let clock: @Sendable () -> Date
    var loop: LoopContext<ConsoleEvent>?
    var effectQueue: AsyncStream<[Effect]>.Continuation?
    /// Seconds between UI ticks (ages on screen, polling schedule).
    let tickInterval: Duration = .seconds(1)

    public init(settings: ConsoleSettings, theme: Theme,
                makeRunner: (@Sendable (@escaping @Sendable (ConsoleEvent) -> Void) -> EffectRunner)?,
                demo: DemoControl? = nil, feeds: ConsoleFeeds? = nil, timelineStore: TimelineStore? = nil,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.core = ConsoleState(settings: settings)
        self.timelineStore = timelineStore
        self.feedsConfig = feeds
        self.theme = theme
        self.makeRunner = makeRunner
        self.demo = demo
        self.clock = clock
    }

    // MARK: TerminalApp

    public mutating func start(_ context: LoopContext<ConsoleEvent>) {
        loop = context
        theme = theme.adapted(to: context.colorDepth)
        if let makeRunner {
            let runner = makeRunner({ @Sendable event in context.post(event) })
            let (stream, continuation) = AsyncStream.makeStream(of: [Effect].self)
            effectQueue = continuation
            Task.detached {
                for await batch in stream { await runner.run(batch) }
                await runner.cancelAll()
            }
        }
        startFeeds(context)
        if let saved = timelineStore?.load(now: clock()) {
            ui.ops.triage.timelines = saved
            timelinesSavedAt = clock()
        }
        dispatch(.tick)
        context.requestTick(after: tickInterval)
    }

    public mutating func handle(event: ConsoleEvent) -> LoopAction {
        switch event {
        case .ecsSnapshot(let snapshot):
            lastSnapshot = snapshot
            servicesPane.update(snapshot: snapshot)
            refreshCorrelation()
        case .logBatch(let batch):
            ingest(batch)
        case .loaded(.peers, _, _):
            dispatch(event)
            refreshCorrelation()
            recordTimelines()
        case .loaded, .failed, .pinStreamEnded:
            dispatch(event)
            ui.ops.clusterChanged()
        default:
            dispatch(event)
        }
        return .redraw
    }

    public mutating func tick() -> LoopAction {
        dispatch(.tick)
        saveTimelinesIfDue()
        loop?.requestTick(after: tickInterval)
        return .redraw
    }

    /// Every `timelineSaveInterval`, off the main actor (the encode and the write take a few
    /// milliseconds; a frame should not).
    mutating func saveTimelinesIfDue() {
        guard let store = timelineStore else { return }
        let now = clock()
        if let at = timelinesSavedAt, abs(now.timeIntervalSince(at)) < Self.timelineSaveInterval { return }
        timelinesSavedAt = now
        let timelines = ui.ops.triage.timelines
        Task.detached { try? store.save(timelines) }
    }

    /// Applies an event to the core state and sends the resulting effects to the runner.
    public mutating func dispatch(_ event: ConsoleEvent) {
        let effects = ConsoleUpdate.update(&core, event, now: clock())
        guard !effects.isEmpty else { return }
        if let q = effectQueue { q.yield(effects) } else { unsentEffects += effects }
    }

    /// Replaces the pin table with one decoded elsewhere (the benchmark's generator, a saved
    /// `GET /pins` body), as a completed full refresh would; the screens then draw it as usual.
    public mutating func loadPins(_ table: PinTable) {
        core.pins.table = table
    }

    /// Stops the runner's work (called by the executable after the loop returns).
    public func shutdown() {
        try? timelineStore?.save(ui.ops.triage.timelines)
        effectQueue?.finish()
        ecsFeed?.cancel()
        logFeed?.cancel()
    }

    // MARK: Rendering

    public mutating func render(into buffer: inout CellBuffer) {
        let now = clock()
        let area = buffer.bounds
        guard area.width >= 20, area.height >= 8 else {
            buffer.write("window too small", x: 0, y: 0, style: theme.style(.error), clip: area)
            return
        }
        let parts = Layout.rows(area, [.fixed(HeaderView.height), .fill, .fixed(1)])
        HeaderView.render(core, area: parts[0], into: &buffer, theme: theme, now: now)
        if HeaderView.banner(core, now: now) == nil {
            let tabs: [ScreenID] = [.peers, .pins, .alerts, .history, .tasks, .services, .logs, .triage]
            let selected = ui.stack.last(where: tabs.contains).flatMap(tabs.firstIndex(of:)) ?? 0
            TabBar.render(titles: tabs.map(\.title), selected: selected, area: parts[0].row(2), into: &buffer, theme: theme)
        }
        var body = parts[1]
        let showHistoryPane: Bool = {
            switch ui.screen {
            case .peers, .pins: return ui.historyFocused || !core.history.isEmpty || !core.running.isEmpty
            default: return false
            }
        }()
        if showHistoryPane && body.height > 12 {
            let (top, bottom) = body.splitBottom(min(7, body.height / 3))
            body = top
            HistoryScreen.render(core, state: &ui.historyTable, title: "Actions (tab focuses)", focused: ui.historyFocused,
                                 area: bottom, into: &buffer, theme: theme)
        }
        body = renderLogsSplit(body: body, into: &buffer, now: now)
        switch ui.screen {
        case .peers: PeersScreen.render(core, ui: &ui, area: body, into: &buffer, theme: theme, now: now)
        case .pins: PinsScreen.render(core, ui: &ui, area: body, into: &buffer, theme: theme, now: now)
        case .pinDetail(let cid): PinDetailScreen.render(cid: cid, core, ui: &ui, area: body, into: &buffer, theme: theme, now: now)
        case .alerts: AlertsScreen.render(core, ui: &ui, area: body, into: &buffer, theme: theme, now: now)
        case .history:
            HistoryScreen.render(core, state: &ui.historyTable, title: "Action history (newest first)", focused: false,
                                 area: body, into: &buffer, theme: theme)
        case .tasks: tasksPane.render(into: &buffer, area: body, theme: theme, now: opsNow(now))
        case .services: servicesPane.render(into: &buffer, area: body, theme: theme, now: opsNow(now))
        case .logs: logsPane.render(into: &buffer, area: body, theme: theme, now: now)
        case .triage: renderTriage(area: body, into: &buffer, now: now)
        }
        renderBottom(area: parts[2], into: &buffer)
        if let t = core.toasts.last {
            let role: Role = switch t.level {
            case .info: .toast
            case .success: .ok
            case .warning: .warning
            case .error: .error
            }
            Toast.render(t.text, role: role, area: Rect(x: area.x, y: area.y, width: area.width, height: area.height - 1),
                         into: &buffer, theme: theme)
        }
        if let form = ui.form { PinFormView.render(form, area: area, into: &buffer, theme: theme) }
        if let c = ui.confirmation { Dialog.render(c.dialog, area: area, into: &buffer, theme: theme) }
        if ui.showHelp {
            HelpOverlay.render(helpModel(),
                               title: "Help: \(ui.screen.title) (Esc, ? or F1 closes)", area: area, into: &buffer, theme: theme,
                               scroll: ui.helpScroll)
        }
    }

    mutating func renderBottom(area: Rect, into buffer: inout CellBuffer) {
        if let p = ui.prompt {
            Prompt.render(prefix: p.kind == .command ? ":" : "/", state: p.state, area: area, into: &buffer, theme: theme)
            return
        }
        if let n = ui.notice {
            StatusLine.render(left: [StatusSegment(n.text, role: n.isError ? .error : .info)], area: area, into: &buffer, theme: theme)
            return
        }
        if ui.ops.logsFocused && ui.ops.logsSplit && (ui.screen == .peers || ui.screen == .pins) {
            StatusLine.renderHints([KeyHint("tab", "next pane"), KeyHint("F1", "help"), KeyHint("L", "hide logs"), KeyHint(":", "cmd"),
                                    KeyHint("q", "quit")], area: area, into: &buffer, theme: theme)
            return
        }
        let map = KeyMaps.map(for: ui.screen)
        var seen = Set<String>()
        let hints = map.bindings(readonly: core.settings.readonly).compactMap { b -> KeyHint? in
            guard let h = b.hint, seen.insert(h).inserted else { return nil }
            // In the logs pane `?` searches: help is on F1 there.
            if ui.screen == .logs, b.action == .help { return KeyHint("F1", h) }
            return KeyHint(b.label.components(separatedBy: " ").first ?? b.label, h)
        }
        StatusLine.renderHints(Array(hints), area: area, into: &buffer, theme: theme)
    }
}

extension ConsoleApp {
    /// Shows a line at the bottom before the first key (e.g. why a context switch failed).
    public mutating func showNotice(_ text: String, isError: Bool) {
        ui.notice = (text, isError)
    }
}
