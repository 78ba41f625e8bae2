import ConsoleCore
import ECSState
import Foundation
import TerminalUI

/// The console as a `TerminalApp`: keys and events in, frames out; a thin router over the screen
/// stack and the overlays.
///
/// Data flows one way: sources -> events -> `ConsoleUpdate.update` (pure, the whole operational
/// picture) -> `derive()` (what screens need, memoised) -> views (pure functions of core state,
/// derived results and view state) -> the cell buffer. Keys change view state here and turn into
/// intents for the core; every side effect is an `Effect` handed to the sink.
@MainActor
public struct ConsoleApp: TerminalApp {
    public typealias Event = ConsoleEvent

    public internal(set) var core: ConsoleState
    public internal(set) var ui = UIState()
    /// What the screens need, derived from `core` after each change (triage verdicts and impact).
    public internal(set) var derived = TriageDerivation()
    /// The deployment around the cluster (EFS, ALB, Container Insights, alarms) joined to the
    /// peers: the core's, so the overview and the triage rules read the same join.
    public var deployment: DeploymentPicture? { core.ecs.deployment }
    public var theme: Theme
    /// Set by `:ctx NAME`: the caller re-opens the console on that context.
    public internal(set) var switchToContext: String?
    /// Escape sequences for the terminal after the next frame (OSC 52 copies), taken by the runner.
    var terminalOutput: [String] = []
    /// Effects produced so far when no sink is attached (tests read them).
    public internal(set) var unsentEffects: [Effect] = []

    /// View state of the ECS and logs panes, resynced from the core after each change.
    public internal(set) var tasksPane = TasksPane()
    public internal(set) var servicesPane = ServicesPane()
    public internal(set) var logsPane = LogsPane()
    var syncedECSVersion = -1
    var syncedLogsVersion = -1

    let makeSink: (@Sendable (@escaping @Sendable (ConsoleEvent) -> Void) -> any EffectSink)?
    var sink: (any EffectSink)?
    let clock: @Sendable () -> Date
    var loop: LoopContext<ConsoleEvent>?
    var effectQueue: AsyncStream<[Effect]>.Continuation?
    /// Seconds between UI ticks (ages on screen, polling schedule).
    let tickInterval: Duration = .seconds(1)

    /// The flight recorder while recording (`--record`, ctrl-r), and how to start one.
    var recorder: EventRecorder?
    let recordingSetup: RecordingSetup?
    var recordFileUsed = false
    /// The latest answers, kept so a recording started mid-session can begin with them.
    var primer = RecordingPrimer()
    /// Set when the console replays a recording instead of watching a cluster.
    var replay: ReplayControl?
    /// Seconds between replay advances (the playhead moves smoothly at any speed).
    let replayTickInterval: Duration = .milliseconds(100)

    public init(settings: ConsoleSettings, theme: Theme,
                makeSink: (@Sendable (@escaping @Sendable (ConsoleEvent) -> Void) -> any EffectSink)?,
                clock: @escaping @Sendable () -> Date = { Date() }, recorder: EventRecorder? = nil, recordingSetup: RecordingSetup? = nil) {
        self.core = ConsoleState(settings: settings)
        self.theme = theme
        self.makeSink = makeSink
        self.clock = clock
        self.recorder = recorder
        self.recordingSetup = recordingSetup
        recordFileUsed = recorder != nil || recordingSetup?.fileUsed == true
        logsPane.saveDirectory = FileManager.default.currentDirectoryPath
    }

    // MARK: TerminalApp

    public mutating func start(_ context: LoopContext<ConsoleEvent>) {
        loop = context
        theme = theme.adapted(to: context.colorDepth)
        if let makeSink {
            let sink = makeSink({ @Sendable event in context.post(event) })
            self.sink = sink
            let (stream, continuation) = AsyncStream.makeStream(of: [Effect].self)
            effectQueue = continuation
            Task.detached {
                for await batch in stream { await sink.run(batch) }
            }
        }
        if replay != nil {
            startReplay(context)
            return
        }
        // Live, effects run: long pin lines are read off the loop (a replay reads them in place).
        if makeSink != nil { core.pins.offloadLineBytes = ConsoleUpdate.offloadLineBytes }
        dispatch(.intent(.start))
        context.requestTick(after: tickInterval)
    }

    public mutating func handle(event: ConsoleEvent) -> LoopAction {
        switch event {
        case .impactComputed(let answer):
            derived.take(answer)
            if ui.screen == .triage { deriveTriage(force: true) }
        case .pinQueryComputed(let answer):
            PinsScreen.take(answer, ui: &ui)
            derive()
        case .notice(let text, let level) where replay != nil:
            // The replay's state is the recording's: what the replay itself did is a UI notice.
            ui.notice = (text, level == .error)
        default:
            dispatch(event)
        }
        return .redraw
    }

    public mutating func takeTerminalOutput() -> [String] {
        defer { terminalOutput.removeAll() }
        return terminalOutput
    }

    public mutating func tick() -> LoopAction {
        if replay != nil {
            // Paused, nothing moves: no redraw, and a slower wake-up (keys wake the loop anyway).
            let moving = advanceReplay()
            loop?.requestTick(after: moving ? replayTickInterval : .milliseconds(500))
            return moving ? .redraw : .continue
        }
        dispatch(.tick)
        loop?.requestTick(after: tickInterval)
        return .redraw
    }

    /// Applies an event to the core state, sends the resulting effects, and derives.
    /// Every event the core receives passes here, so here is where the recorder sees it.
    public mutating func dispatch(_ event: ConsoleEvent) {
        if replay != nil { dispatchInReplay(event); return }
        let now = clock()
        if case .logBatch = event {
            // The core appends to its ring in place only if the pane's copy is gone; `derive`
            // below gives it back.
            logsPane.releaseRing()
            syncedLogsVersion = -1
        }
        let effects = ConsoleUpdate.update(&core, event, now: now)
        record(TimedEvent(time: now, event: event))
        send(effects)
        derive()
    }

    mutating func send(_ effects: [Effect]) {
        guard !effects.isEmpty else { return }
        if let q = effectQueue { q.yield(effects) } else { unsentEffects += effects }
    }

    /// Replaces the pin table with one decoded elsewhere (the benchmark's generator, a saved
    /// `GET /pins` body), as a completed full refresh would; the screens then draw it as usual.
    public mutating func loadPins(_ table: PinTable) {
        core.pins.table = table
        derive()
    }

    /// Saves the timelines and stops the runner's work (called by the executable after the loop
    /// returns). The stop effects run before the sink's queue closes.
    public mutating func shutdown() async {
        if replay != nil { effectQueue?.finish(); return }
        let now = clock()
        let effects = ConsoleUpdate.update(&core, .intent(.stop), now: now)
        record(TimedEvent(time: now, event: .intent(.stop)))
        await stopRecording()
        effectQueue?.finish()
        // Awaited here, not queued: the timelines must be written before the process exits.
        if let sink { await sink.run(effects) } else { unsentEffects += effects }
    }

    // MARK: Derive

    /// What the screens need, recomputed only when its inputs changed: the panes' rows after a
    /// new ECS snapshot or new log lines, the pin view after the table or the view changed, the
    /// triage result while the triage screen is open. Render never recomputes.
    mutating func derive() {
        let now = core.now
        // The panes show the cluster's (and the exports') times on the console's clock.
        let offset = core.clusterClock.offset
        if tasksPane.clockOffset != offset { tasksPane.clockOffset = offset }
        if servicesPane.clockOffset != offset { servicesPane.clockOffset = offset }
        if logsPane.clockOffset != offset { logsPane.clockOffset = offset }
        if core.ecs.version != syncedECSVersion, let snapshot = core.ecs.snapshot {
            syncedECSVersion = core.ecs.version
            servicesPane.update(snapshot: snapshot)
            var names: [String: String] = [:]
            var missing = Set<String>()
            for p in core.peerList {
                if !p.name.isEmpty { names[p.id] = p.name }
                if case .missing = p.condition { missing.insert(p.id) }
            }
            tasksPane.update(snapshot: snapshot, correlation: core.ecs.correlation, peerNames: names, missingPeers: missing,
                             now: core.ecs.now(now))
        }
        if core.logs.version != syncedLogsVersion {
            syncedLogsVersion = core.logs.version
            logsPane.sync(with: core.logs)
        }
        if ui.screen == .pins, let job = PinsScreen.refreshView(core, ui: &ui, now: now) {
            if let loop {
                Task.detached { loop.post(.pinQueryComputed(job.run())) }
            } else {
                PinsScreen.take(job.run(), ui: &ui)
            }
        }
        selectAddedPin()
        if ui.screen == .triage { deriveTriage(force: false) }
    }

    /// Runs the triage derivation; a large table's impact pass goes off the loop and comes back
    /// as `.impactComputed`.
    mutating func deriveTriage(force: Bool) {
        guard let job = derived.refresh(core, force: force) else { followWorstBlock(); return }
        if let loop {
            Task.detached { loop.post(.impactComputed(job.run())) }
        } else {
            derived.take(job.run())
            _ = derived.refresh(core, force: true)
        }
        followWorstBlock()
    }

    // MARK: Rendering

    public mutating func render(into buffer: inout CellBuffer) {
        let now = core.now
        let area = buffer.bounds
        guard area.width >= 20, area.height >= 8 else {
            buffer.write("window too small", x: 0, y: 0, style: theme.style(.error), clip: area)
            return
        }
        let parts = Layout.rows(area, [.fixed(HeaderView.height), .fill, .fixed(1)])
        HeaderView.render(core, area: parts[0], into: &buffer, theme: theme, now: now, mode: headerMode)
        if HeaderView.banner(core, now: now) == nil {
            let tabs = ScreenRegistry.tabs.map { $0.name }
            let selected = ui.stack.last { tabs.contains($0.name) }.flatMap { tabs.firstIndex(of: $0.name) } ?? 0
            TabBar.render(titles: ScreenRegistry.tabs.map { $0.title }, selected: selected, area: parts[0].row(2), into: &buffer, theme: theme)
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
        renderScreen(area: body, into: &buffer)
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
        let map = ScreenRegistry.entry(for: ui.screen).keyMap
        var seen = Set<String>()
        let hints = map.bindings(readonly: core.settings.readonly).compactMap { b -> KeyHint? in
            guard let h = b.hint, seen.insert(h).inserted else { return nil }
            // In the logs pane `?` searches: help is on F1 there.
            if ui.screen == .logs, b.action == .help { return KeyHint("F1", h) }
            return KeyHint(b.shortLabel, h)
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
