import Foundation

/// Starting the full streams under ``FullStreamSchedule``'s budget, and recording what each
/// call cost.
extension ConsoleUpdate {
    /// On a tick: a forced full stream waiting for another to end, else `/allocations` when
    /// both its interval and the budget allow.
    static func scheduleFullStreams(_ state: inout ConsoleState, now: Date) -> [Effect] {
        guard FullStreamSchedule.running(state) == nil else { return [] }
        if let forced = DataSource.allCases.first(where: { state.forcedFullStreams.contains($0) }) {
            state.forcedFullStreams.remove(forced)
            return start(&state, forced, now: now)
        }
        guard FullStreamSchedule.mayStartOnSchedule(state, now: now) else { return [] }
        if let due = FullStreamSchedule.allocationsDue(state), now < due { return [] }
        return start(&state, .allocations, now: now)
    }

    /// Starts a full stream unless another one runs (a forced one then waits for it; an
    /// unforced one is dropped) or, unforced, the budget says the cluster still rests.
    static func startFull(_ state: inout ConsoleState, _ source: DataSource, forced: Bool, now: Date) -> [Effect] {
        guard !state.freshness(source).inFlight else { return [] }
        if FullStreamSchedule.running(state) != nil {
            if forced { state.forcedFullStreams.insert(source) }
            return []
        }
        if !forced && !FullStreamSchedule.mayStartOnSchedule(state, now: now) { return [] }
        state.forcedFullStreams.remove(source)
        return start(&state, source, now: now)
    }

    /// An operator's recover-all is itself a full pass on every peer: a full stream running
    /// now is stopped (keeping what arrived) so the two never overlap; the scheduler asks
    /// again once the budget allows.
    static func yieldFullStreams(_ state: inout ConsoleState, to action: String, now: Date) -> [Effect] {
        var effects: [Effect] = []
        for s in DataSource.allCases where FullStreamSchedule.isFull(s) && state.freshness(s).inFlight {
            markFailure(&state, s, message: "stopped for \(action)", now: now)
            abandonPinStream(&state, s)
            effects.append(.cancel(s))
        }
        state.forcedFullStreams.removeAll()
        return effects
    }

    /// Notes what the call that just ended cost (answered, failed or cancelled alike: the
    /// cluster worked either way); a full stream's cost paces the next one.
    static func recordCost(_ state: inout ConsoleState, _ f: inout SourceFreshness, _ source: DataSource, now: Date) {
        guard let since = f.inFlightSince else { return }
        let cost = SourceCost(label: source.label, started: since, ended: now, bytes: f.bytesReceived, items: f.itemsReceived)
        f.lastCost = cost
        if FullStreamSchedule.isFull(source) { state.lastFullStream = cost }
    }
}
