import ConsoleCore
import Foundation
import TerminalUI

extension ConsoleApp {
    /// The console on a recording (`--replay FILE`): the recorded settings and events, the
    /// playhead at `from` (default: the first event), moving at `speed`. `makeSink` gets only the
    /// file effects the operator asks for in the replay (`w`, saving logs).
    public init(replaying recording: Recording, path: String, theme: Theme, speed: Double = 1, from: Date? = nil,
                makeSink: (@Sendable (@escaping @Sendable (ConsoleEvent) -> Void) -> any EffectSink)? = nil,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.init(settings: recording.header.settings.consoleSettings, theme: theme, makeSink: makeSink, clock: clock)
        core = ReplayCursor.initialState(recording)
        let start = recording.firstTime ?? recording.header.startedAt
        replay = ReplayControl(path: path, cursor: ReplayCursor(recording), playhead: from ?? start,
                               speed: max(0.25, min(64, speed)))
        if let problem = recording.problem { ui.notice = ("\(problem)", true) }
    }

    mutating func startReplay(_ context: LoopContext<ConsoleEvent>) {
        guard let r = replay else { return }
        seekReplay(to: r.playhead)
        let wall = clock()
        replay?.lastWall = wall
        context.requestTick(after: replayTickInterval)
    }

    /// Applies every recorded event up to `time` (forward only) and puts the playhead there.
    mutating func seekReplay(to time: Date) {
        guard var r = replay else { return }
        r.cursor.apply(upTo: time, to: &core)
        r.playhead = max(r.playhead, time)
        replay = r
        derive()
    }

    /// Moves the playhead by the wall time since the last advance times the speed and applies
    /// the events it passed. At the end the replay pauses. Returns whether it was playing.
    @discardableResult
    mutating func advanceReplay() -> Bool {
        guard var r = replay else { return false }
        let playing = !r.paused
        let wall = clock()
        if !r.paused, let last = r.lastWall {
            r.playhead = r.playhead.addingTimeInterval(max(0, wall.timeIntervalSince(last)) * r.speed)
        }
        r.lastWall = wall
        let applied = r.cursor.apply(upTo: r.playhead, to: &core)
        if r.cursor.atEnd && !r.paused {
            r.paused = true
            ui.notice = ("end of the recording (\(r.path))", false)
        }
        replay = r
        if applied > 0 { derive() }
        return playing
    }

    /// The time controls; nil for keys the screens handle. Keys of actions are refused here so
    /// the replay never opens a form that would act.
    mutating func handleReplayKey(_ key: Key) -> LoopAction? {
        guard var r = replay else { return nil }
        switch key {
        case .char(" "):
            r.paused.toggle()
            r.lastWall = clock()
        case .char("."):
            r.paused = true
            if let e = r.cursor.step(&core) { r.playhead = e.time } else { ui.notice = ("end of the recording", false) }
        case .char(">"):
            r.paused = true
            if let e = r.cursor.applyUntilVerdictChange(&core) {
                r.playhead = e.time
                ui.notice = ("verdicts changed at \(PaneTime.clock(e.time)) UTC", false)
            } else {
                r.playhead = core.now
                ui.notice = ("no verdict changes after this point", false)
            }
        case .char("+"), .char("-"):
            let speeds = ReplayControl.speeds
            let i = speeds.lastIndex { $0 <= r.speed } ?? 0
            r.speed = speeds[key == .char("+") ? min(speeds.count - 1, i + 1) : max(0, i - 1)]
        default:
            let map = ScreenRegistry.entry(for: ui.screen).keyMap
            // Actions, and the calls a replay cannot make (refresh, cancel).
            let calls: Set<UIAction> = [.refresh, .fullRefresh, .cancelAction]
            if map.bindings(readonly: false).contains(where: { $0.keys.contains(key) && ($0.mutating || calls.contains($0.action)) }) {
                ui.notice = ("REPLAY: actions are refused (nothing is sent to the cluster)", true)
                return .redraw
            }
            return nil
        }
        replay = r
        derive()
        return .redraw
    }

    /// An event during a replay. The recording alone changes the core; the operator's own
    /// requests are served only when they write local files (`w`, saving logs), everything else
    /// is refused with a notice.
    mutating func dispatchInReplay(_ event: ConsoleEvent) {
        switch event {
        case .intent(.writeSnapshot), .intent(.saveLogs):
            // These change nothing in the state; they only produce their file effect.
            send(ConsoleUpdate.update(&core, event, now: core.now))
        case .intent(.start), .intent(.stop), .tick:
            break
        case .intent:
            ui.notice = ("REPLAY: actions are refused (nothing is sent to the cluster)", true)
        case .notice(let text, let level):
            ui.notice = (text, level == .error)
        default:
            break
        }
    }
}

/// The replay's effect sink: runs the file effects (snapshot, saved logs) and nothing else.
public struct ReplayEffectSink: EffectSink {
    let post: @Sendable (ConsoleEvent) -> Void

    public init(post: @escaping @Sendable (ConsoleEvent) -> Void) { self.post = post }

    public func run(_ effects: [Effect]) async {
        for e in effects { _ = EffectRunner.runFileEffect(e, post) }
    }
}
