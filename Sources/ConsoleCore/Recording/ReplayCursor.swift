import Foundation

/// Plays a recording into a console state: the same `ConsoleUpdate.update` with the recorded
/// times, so the state (and every screen drawn from it) is the one the operator had at that
/// moment. The effects the update asks for are dropped: a replay calls nothing and changes
/// nothing.
///
/// Why the cursor does not own the state: the console keeps one `ConsoleState` and the pin
/// table inside it is large; applying in place avoids a copy per step.
public struct ReplayCursor: Sendable {
    public let recording: Recording
    /// Index of the next event to apply.
    public private(set) var index = 0

    public init(_ recording: Recording) {
        self.recording = recording
    }

    /// The state the recording starts from: its settings, and its checkpoint when the file
    /// starts mid-session.
    public static func initialState(_ recording: Recording) -> ConsoleState {
        var state = ConsoleState(settings: recording.header.settings.consoleSettings)
        if let cp = recording.header.checkpoint { ConsoleUpdate.resume(&state, from: cp) }
        if let first = recording.firstTime ?? recording.header.startedAt as Date? { state.now = first }
        return state
    }

    public var nextTime: Date? { index < recording.events.count ? recording.events[index].time : nil }
    public var atEnd: Bool { index >= recording.events.count }

    /// Applies every event at or before `time`; returns how many.
    @discardableResult
    public mutating func apply(upTo time: Date, to state: inout ConsoleState) -> Int {
        var n = 0
        while let t = nextTime, t <= time {
            _ = step(&state)
            n += 1
        }
        return n
    }

    /// Applies the next event; nil at the end.
    @discardableResult
    public mutating func step(_ state: inout ConsoleState) -> TimedEvent? {
        guard index < recording.events.count else { return nil }
        let e = recording.events[index]
        index += 1
        _ = ConsoleUpdate.update(&state, e.event, now: e.time)
        return e
    }

    /// Applies events until the triage verdicts change (a peer gains, loses or changes a
    /// verdict), at most `limit` events; returns the event that changed them, nil if none did.
    public mutating func applyUntilVerdictChange(_ state: inout ConsoleState, limit: Int = 20_000) -> TimedEvent? {
        let before = Self.verdicts(state)
        var n = 0
        while n < limit, let e = step(&state) {
            n += 1
            // Only answers can change a verdict's inputs; ticks and intents alone rarely do,
            // but deadlines fire on ticks, so every event is checked.
            if Self.verdicts(state) != before { return e }
        }
        return nil
    }

    /// Each peer's verdict rules, the triage screen's substance without its times.
    static func verdicts(_ state: ConsoleState) -> [String: [String]] {
        let result = TriageEngine.run(IncidentEvidence.build(state).evidence)
        var out: [String: [String]] = [:]
        for b in result.blocks { out[b.peerID] = b.verdicts.map(\.rule) }
        return out
    }

    /// The state at `time` (every event at or before it applied), for `snapshot --at`.
    public static func state(of recording: Recording, at time: Date) -> ConsoleState {
        var state = initialState(recording)
        var cursor = ReplayCursor(recording)
        cursor.apply(upTo: time, to: &state)
        return state
    }
}
