import ClusterAPI
import Foundation

/// The gateway probes' schedule: one `HEAD` at a time, at most one every `interval` seconds,
/// from the ticks; answers come back as `.gatewayProbed`.
extension ConsoleUpdate {
    /// Starts the next probe when one is due (none configured: nothing ever happens).
    static func gatewayTick(_ state: inout ConsoleState, now: Date) -> [Effect] {
        guard let settings = state.settings.gateway else { return [] }
        if let f = state.gateway.inFlight {
            // The runner answers every probe within its timeout; one that never came back (a
            // cancelled session) must not stop the probes for good.
            guard now.timeIntervalSince(f.since) > settings.timeout + GatewayState.lostProbeGrace else { return [] }
            state.gateway.inFlight = nil
        }
        if let last = state.gateway.lastStart, now >= last, now.timeIntervalSince(last) < settings.interval { return [] }
        return startGatewayProbe(&state, now: now)
    }

    /// Picks the next pin and asks for it, unless a probe is in flight or there is no pin yet.
    static func startGatewayProbe(_ state: inout ConsoleState, now: Date) -> [Effect] {
        guard state.settings.gateway != nil, state.gateway.inFlight == nil else { return [] }
        guard let (cid, reason) = state.gateway.pick(state.pins.table, now: now) else { return [] }
        state.gateway.inFlight = GatewayState.InFlight(cid: cid, since: now, reason: reason)
        state.gateway.lastStart = now
        return [.probeGateway(cid: cid)]
    }

    /// An answer (recorded, or replayed: it is taken even when the state did not send it). A pin
    /// not served whose status the console does not know (no peer reported on it yet) is
    /// watched, so `/pins?cids=` says at once whether the cluster has it pinned.
    static func gatewayProbed(_ probe: GatewayProbe, _ state: inout ConsoleState, now: Date) -> [Effect] {
        state.gateway.record(probe, table: state.pins.table)
        if state.gateway.inFlight?.cid == probe.cid { state.gateway.inFlight = nil }
        state.triageInputVersion += 1
        let table = state.pins.table
        guard !probe.served, !probe.outcome.isUnreachable, let row = table.row(cid: probe.cid), table.isLive(row),
              GatewayState.isUnreported(table, row: row), state.pins.watched[probe.cid] == nil else { return [] }
        state.pins.watched[probe.cid] = now
        return pollWatched(&state, now: now, force: true)
    }
}
