import ClusterAPI
import Foundation

extension ConsoleUpdate {
    /// The `filter=` of the cheap live pins poll.
    public static let activeFilter: [TrackerStatus] = [.error, .queued, .pinning]

    static func beginPinStream(_ state: inout ConsoleState, _ source: DataSource, generation: Int) {
        if let old = state.pins.streams[source], let r = old.refresh { state.pins.table.cancelRefresh(r) }
        var refresh: RefreshID?
        var decoderSource = PinStreamSource.pins
        switch source {
        case .activePins:
            refresh = state.pins.table.beginRefresh(RefreshScope(
                source: .pins(statuses: PinStatusSet(filterValue: activeFilter.map(\.rawValue).joined(separator: ",")))))
        case .fullPins:
            refresh = state.pins.table.beginRefresh(RefreshScope(source: .pins(statuses: nil)))
        case .allocations:
            decoderSource = .allocations
            refresh = state.pins.table.beginRefresh(RefreshScope(source: .allocations))
        default:
            // Watched CIDs: entries are written but nothing is declared gone at the end.
            refresh = nil
        }
        let judged = judgesStreams(state)
        if !judged { state.pins.emptySince = [:] }
        var decoder = PinStreamDecoder(source: decoderSource, refresh: refresh)
        decoder.offloadLineBytes = state.pins.offloadLineBytes
        state.pins.streams[source] = PinStreamProgress(generation: generation, decoder: decoder, refresh: refresh,
                                                       held: judged ? [] : nil)
    }

    /// Drops a stream without clearing anything: a failed or cancelled stream keeps what arrived.
    static func abandonPinStream(_ state: inout ConsoleState, _ source: DataSource) {
        guard let s = state.pins.streams.removeValue(forKey: source) else { return }
        if let r = s.refresh { state.pins.table.cancelRefresh(r) }
    }

    static func pinChunk(_ state: inout ConsoleState, _ source: DataSource, generation: Int, bytes: [UInt8], now: Date) -> [Effect] {
        let (stream, effects) = advance(&state, source, generation: generation, now: now) { (st, s) throws(PinDecodeError) in
            // Two clusters answer: held until the first line says which one this is.
            if s.held != nil { return try judgeChunk(&st, &s, source, bytes, now: now) }
            try s.decoder.feed(bytes, into: &st.pins.table)
            return false
        }
        if stream != nil { state.freshness[source, default: SourceFreshness()].bytesReceived += Int64(bytes.count) }
        return effects
    }

    /// Writes a long line read off the loop, then what arrived after it; finishes the stream if
    /// it ended meanwhile.
    static func largeLineDecoded(_ state: inout ConsoleState, _ source: DataSource, generation: Int,
                                 _ answer: LargeLineJob.Answer, now: Date) -> [Effect] {
        let (stream, effects) = advance(&state, source, generation: generation, now: now) { (st, s) throws(PinDecodeError) in
            try s.decoder.finishLargeLine(answer, into: &st.pins.table)
            return false
        }
        guard let stream, effects.isEmpty, stream.endedWhileWaiting else { return effects }
        return pinStreamEnded(&state, source, generation: generation, error: nil, now: now)
    }

    /// Feeds the current stream of `source` with `feed` (true: the answer was set aside); a
    /// malformed line fails the stream. Returns the stream (nil when not current, failed or set
    /// aside) and the effects: `.cancel` on failure or set aside, `.decodeLargeLine` when a long
    /// line now waits to be read off the loop.
    private static func advance(_ state: inout ConsoleState, _ source: DataSource, generation: Int, now: Date,
                                _ feed: (inout ConsoleState, inout PinStreamProgress) throws(PinDecodeError) -> Bool)
        -> (PinStreamProgress?, [Effect]) {
        // Taken out of the dictionary while it is fed: a copy left there would make the
        // decoder's partial-line buffer copy itself on every chunk (a 10 MB line arriving in
        // 16 KB chunks copied gigabytes and froze the loop for seconds).
        guard state.pins.streams[source]?.generation == generation,
              var s = state.pins.streams.removeValue(forKey: source) else { return (nil, []) }
        do {
            if try feed(&state, &s) { return (nil, [.cancel(source)]) }
        } catch {
            state.pins.streams[source] = s
            abandonPinStream(&state, source)
            markFailure(&state, source, message: String(describing: error), now: now)
            return (nil, [.cancel(source)])
        }
        let next = s.decoder.takeLargeLine()
        state.pins.streams[source] = s
        state.freshness[source, default: SourceFreshness()].itemsReceived = s.decoder.itemsDecoded
        state.freshness[source, default: SourceFreshness()].lastProgress = now
        return (s, next.map { [.decodeLargeLine(source, generation: generation, $0)] } ?? [])
    }

    static func pinStreamEnded(_ state: inout ConsoleState, _ source: DataSource, generation: Int, error: String?,
                               now: Date) -> [Effect] {
        guard state.pins.streams[source]?.generation == generation,
              var s = state.pins.streams.removeValue(forKey: source) else { return [] }
        state.pins.streams[source] = s
        if let error {
            abandonPinStream(&state, source)
            markFailure(&state, source, message: "\(error) (kept \(s.decoder.itemsDecoded) items received)", now: now)
            return []
        }
        do {
            if s.held != nil, try judgeEnd(&state, &s, source, now: now) { return [] }
            if !s.decoder.isWaiting { try s.decoder.finish(into: &state.pins.table) }
        } catch {
            state.pins.streams[source] = s
            abandonPinStream(&state, source)
            markFailure(&state, source, message: String(describing: error), now: now)
            return []
        }
        if s.decoder.isWaiting {
            // A long line is being read off the loop: the end is taken when it is written.
            s.endedWhileWaiting = true
            let job = s.decoder.takeLargeLine()
            state.pins.streams[source] = s
            return job.map { [.decodeLargeLine(source, generation: generation, $0)] } ?? []
        }
        state.pins.streams[source] = nil
        if let r = s.refresh { state.pins.lastDifference[source] = state.pins.table.endRefresh(r) }
        state.freshness[source, default: SourceFreshness()].itemsReceived = s.decoder.itemsDecoded
        markSuccess(&state, source, now: now)
        var effects: [Effect] = []
        switch source {
        case .allocations:
            recountAllocations(&state)
            if !state.pins.autoFullRefreshDone {
                state.pins.autoFullRefreshDone = true
                if state.pins.table.liveCount <= autoFullRefreshLimit { effects += startFull(&state, .fullPins, forced: true, now: now) }
            }
        case .watched:
            settleWatched(&state, now: now)
        default:
            break
        }
        return effects
    }

    static func recountAllocations(_ state: inout ConsoleState) {
        let t = state.pins.table
        let (perIndex, everywhere) = t.allocationCounts()
        var byPeer: [String: Int] = [:]
        for (i, n) in perIndex.enumerated() { byPeer[t.peers[i].id] = n }
        state.pins.allocatedByPeer = byPeer
        state.pins.allocatedEverywhere = everywhere
    }

    /// Pins allocated to a peer, counting pin-everywhere pins.
    public static func allocatedCount(_ state: ConsoleState, peer: String) -> Int {
        (state.pins.allocatedByPeer[peer] ?? 0) + state.pins.allocatedEverywhere
    }

    /// Polls the watched CIDs when due (or now, after an action).
    static func pollWatched(_ state: inout ConsoleState, now: Date, force: Bool = false) -> [Effect] {
        state.pins.watched = state.pins.watched.filter { now.timeIntervalSince($0.value) < watchSeconds }
        guard !state.pins.watched.isEmpty else { return [] }
        var f = state.freshness(.watched)
        guard !f.inFlight else { return [] }
        if !force, let last = f.lastStart, now.timeIntervalSince(last) < state.settings.refresh { return [] }
        f.generation += 1
        f.inFlightSince = now
        f.lastStart = now
        f.lastProgress = nil
        state.freshness[.watched] = f
        beginPinStream(&state, .watched, generation: f.generation)
        return [.fetchWatched(state.pins.watched.keys.sorted(), generation: f.generation)]
    }

    /// Stops watching CIDs whose every reported entry is settled (pinned, remote, unpinned or
    /// gone), a little after the action so the last transition is seen.
    static func settleWatched(_ state: inout ConsoleState, now: Date) {
        let t = state.pins.table
        for (cid, since) in state.pins.watched where now.timeIntervalSince(since) > 3 * state.settings.refresh {
            guard let row = t.row(cid: cid), t.isLive(row) else { state.pins.watched[cid] = nil; continue }
            let settled = (0..<t.peerCount).allSatisfy { p in
                let s = t.status(row, peer: p)
                return s == .pinned || s == .remote || s == .unpinned || s == .unknown || s == .sharded
            }
            if settled { state.pins.watched[cid] = nil }
        }
    }
}
