import Foundation

extension ConsoleUpdate {
    /// Brings a fresh state to where a recording file that starts mid-session begins (see
    /// `RecordingCheckpoint`): the primer's answers are applied under the checkpoint's
    /// generations, then every source's schedule is set as it was, so the ticks and answers that
    /// follow in the file apply as they did live.
    ///
    /// A pin stream in flight at the checkpoint is not resumed (its first bytes are in the
    /// previous file): its end is ignored and the next poll starts a new one.
    public static func resume(_ state: inout ConsoleState, from checkpoint: RecordingCheckpoint) {
        if let d = checkpoint.direct { state.direct = d }
        for e in checkpoint.primer {
            // A direct answer of the primer is applied as it was (its address is in the checkpoint).
            if case .direct(let answer) = e.event {
                applyDirect(answer, &state, now: e.time)
                continue
            }
            var event = e.event
            if case .loaded(let s, _, let result) = event {
                var f = state.freshness(s)
                f.generation = checkpoint.freshness[s]?.generation ?? 0
                state.freshness[s] = f
                event = .loaded(s, generation: f.generation, result)
            }
            _ = update(&state, event, now: e.time)
        }
        for s in DataSource.allCases {
            var f = checkpoint.freshness[s] ?? SourceFreshness()
            if s.isPinStream { f.inFlightSince = nil }
            state.freshness[s] = f
        }
        if let d = checkpoint.direct { state.direct = d }
        state.pins.watched = checkpoint.watched
        state.nextActionID = checkpoint.nextActionID
    }
}
