import ClusterAPI
import Foundation

/// The console's pure state transition: `update(&state, event, now) -> effects`.
///
/// Why pure (with `now` passed in): every rule of the console (when to poll, when a peer is
/// missing, what a failed call leaves on screen, what an action records) is tested as plain
/// values, without a terminal, a clock or a network.
public enum ConsoleUpdate {
    /// Toasts stay this long.
    public static let toastSeconds: Double = 5
    /// Finished actions kept in the history pane.
    public static let historyLimit = 200
    /// Watched CIDs are dropped after this long even if not settled.
    public static let watchSeconds: Double = 120
    /// Below this many pins, one full `/pins` runs by itself after the first `/allocations`
    /// (cheap at that size; larger clusters only refresh it on request).
    public static let autoFullRefreshLimit = 5000
    /// Pin stream lines at least this long are read off the loop in the live console: a 1 MB
    /// line reads in about 10 ms (figure 10 measured 106 ms for 10 MB), under the 50 ms a key may wait.
    public static let offloadLineBytes = 1_000_000
    /// Seconds between saves of the timelines (when the settings persist them).
    public static let timelineSaveInterval: Double = 30

    public static func update(_ state: inout ConsoleState, _ event: ConsoleEvent, now: Date) -> [Effect] {
        state.now = now
        switch event {
        case .tick:
            return tick(&state, now: now)
        case .loaded(let source, let generation, let result):
            guard state.freshness(source).generation == generation else { return [] }
            markSuccess(&state, source, now: now)
            apply(result, from: source, to: &state, now: now)
            state.triageInputVersion += 1
            if source == .peers { peersPolled(&state, now: now) }
            if case .peers(let list) = result { discoverDirect(list, &state, now: now) }
            return []
        case .failed(let source, let generation, let message):
            guard state.freshness(source).generation == generation else { return [] }
            markFailure(&state, source, message: message, now: now)
            if source.isPinStream { abandonPinStream(&state, source) }
            state.triageInputVersion += 1
            return []
        case .responded(let source, let origin):
            state.answers.lastOrigin[source] = origin
            if let date = origin.serverDate { state.clusterClock.observe(serverDate: date, local: now) }
            credentials(answered: origin.status, &state, now: now)
            return []
        case .direct(let answer):
            takeDirect(answer, &state, now: now)
            return []
        case .pinChunk(let source, let generation, let bytes):
            return pinChunk(&state, source, generation: generation, bytes: bytes, now: now)
        case .largeLineDecoded(let source, let generation, let answer):
            return largeLineDecoded(&state, source, generation: generation, answer, now: now)
        case .pinStreamEnded(let source, let generation, let error):
            state.triageInputVersion += 1
            return pinStreamEnded(&state, source, generation: generation, error: error, now: now)
        case .pinDetail(let cid, let status, let pin, let error):
            var d = state.pinDetails[cid] ?? PinDetail()
            d.inFlight = false
            if error == nil || status != nil { d.status = status ?? d.status }
            if pin != nil { d.pin = pin }
            d.error = error
            d.fetchedAt = now
            state.pinDetails[cid] = d
            return []
        case .actionProgress(let id, let done, let total):
            if let i = state.running.firstIndex(where: { $0.id == id }) {
                state.running[i].done = done
                if total > 0 { state.running[i].total = total }
            }
            return []
        case .actionFinished(let id, let outcome):
            return actionFinished(&state, id: id, outcome: outcome, now: now)
        case .intent(let intent):
            return handle(intent, &state, now: now)
        case .notice(let text, let level):
            state.toasts.append(ConsoleToast(text: text, level: level, until: now.addingTimeInterval(toastSeconds)))
            return []
        case .ecsSnapshot(let snapshot):
            takeECS(snapshot, &state, now: now)
            return []
        case .logBatch(let batch):
            takeLogs(batch, &state)
            return []
        case .gatewayProbed(let probe):
            return gatewayProbed(probe, &state, now: now)
        case .impactComputed, .pinQueryComputed:
            return []
        case .timelinesLoaded(let saved):
            state.timelines = saved
            state.triageInputVersion += 1
            return []
        }
    }

    // MARK: - Scheduling

    static func tick(_ state: inout ConsoleState, now: Date) -> [Effect] {
        var effects: [Effect] = []
        state.toasts.removeAll { $0.until <= now }
        for source in DataSource.allCases {
            // Rejected credentials: only the `/id` probe goes out, when the back-off says so.
            if let b = state.authBackoff, state.freshness(source).inFlightSince == nil {
                if source == .id && now >= b.nextTry { effects += start(&state, .id, now: now) }
                continue
            }
            let f = state.freshness(source)
            if let started = f.inFlightSince {
                let since = max(started, f.lastProgress ?? started)
                if now.timeIntervalSince(since) > source.deadline {
                    effects.append(.cancel(source))
                    markFailure(&state, source, message: "no answer within \(Int(source.deadline)) s", now: now)
                    if source.isPinStream { abandonPinStream(&state, source) }
                }
                continue
            }
            guard source.isPolled, !FullStreamSchedule.isFull(source) else { continue }
            // The per-peer calls go to the peers' own addresses while those cover every peer up.
            if source.isPerPeer && source != .id && state.directCoversPeerCalls { continue }
            let interval = source == .activePins ? LivePinsPace.interval(state) : source.interval(refresh: state.settings.refresh)
            let due = f.lastStart.map { now.timeIntervalSince($0) >= interval } ?? true
            if due { effects += start(&state, source, now: now) }
        }
        // While credentials are rejected nothing but the `/id` probe goes out (a full stream
        // or a watched-pin poll would only meet the same 401).
        effects += tickDirect(&state, now: now)
        if state.authBackoff == nil {
            effects += scheduleFullStreams(&state, now: now)
            effects += pollWatched(&state, now: now)
        }
        // The gateway is not the cluster: its probes go on whatever the cluster's credentials.
        effects += gatewayTick(&state, now: now)
        if state.settings.persistTimelines, state.timelinesSavedAt.map({ abs(now.timeIntervalSince($0)) >= timelineSaveInterval }) ?? true {
            state.timelinesSavedAt = now
            effects.append(.saveTimelines(state.timelines))
        }
        return effects
    }

    /// Marks `source` in flight and asks for it; skipped when a call is already running
    /// (overlapping refreshes are dropped, as in k9s).
    static func start(_ state: inout ConsoleState, _ source: DataSource, now: Date) -> [Effect] {
        var f = state.freshness(source)
        guard !f.inFlight else { return [] }
        f.generation += 1
        f.inFlightSince = now
        f.lastStart = now
        f.itemsReceived = 0
        f.bytesReceived = 0
        f.lastProgress = nil
        state.freshness[source] = f
        if source.isPinStream { beginPinStream(&state, source, generation: f.generation) }
        return [.fetch(source, generation: f.generation)]
    }

    static func markSuccess(_ state: inout ConsoleState, _ source: DataSource, now: Date) {
        var f = state.freshness(source)
        recordCost(&state, &f, source, now: now)
        f.inFlightSince = nil
        f.lastSuccess = now
        state.freshness[source] = f
        state.lastContact = now
        if source == .id { state.unreachable = nil }
    }

    static func markFailure(_ state: inout ConsoleState, _ source: DataSource, message: String, now: Date) {
        var f = state.freshness(source)
        recordCost(&state, &f, source, now: now)
        f.inFlightSince = nil
        f.lastError = message
        f.lastErrorAt = now
        state.freshness[source] = f
        if source == .id { state.unreachable = message }
    }

    /// 401 and 403 start (or lengthen) the back-off; any other answer from the cluster ends it.
    static func credentials(answered status: Int, _ state: inout ConsoleState, now: Date) {
        if status == 401 || status == 403 {
            if state.authBackoff == nil { state.authBackoff = AuthBackoff(status: status, at: now) } else {
                state.authBackoff?.rejected(status: status, at: now)
            }
        } else if (200..<300).contains(status) {
            state.authBackoff = nil
        }
    }

    // MARK: - Intents

    static func handle(_ intent: ConsoleIntent, _ state: inout ConsoleState, now: Date) -> [Effect] {
        switch intent {
        case .refreshNow:
            if state.authBackoff != nil {
                state.authBackoff?.retryNow(now)
                return start(&state, .id, now: now)
            }
            var effects: [Effect] = []
            for s in DataSource.allCases where s.isPolled {
                if s.isPerPeer && s != .id && state.directCoversPeerCalls { continue }
                effects += FullStreamSchedule.isFull(s) ? startFull(&state, s, forced: true, now: now) : start(&state, s, now: now)
            }
            refreshDirect(&state)
            return effects + tickDirect(&state, now: now)
        case .refreshAllPins:
            return startFull(&state, .fullPins, forced: true, now: now)
        case .cancelFullRefresh:
            guard state.freshness(.fullPins).inFlight else { return [] }
            markFailure(&state, .fullPins, message: "cancelled", now: now)
            abandonPinStream(&state, .fullPins)
            return [.cancel(.fullPins)]
        case .perform(let kind):
            var effects: [Effect] = []
            if case .recoverAll = kind { effects += yieldFullStreams(&state, to: kind.name, now: now) }
            let id = state.nextActionID
            state.nextActionID += 1
            state.running.append(RunningAction(id: id, kind: kind, started: now))
            return effects + [.perform(id: id, kind)]
        case .cancelAction(let id):
            guard state.running.contains(where: { $0.id == id }) else { return [] }
            return [.cancelAction(id)]
        case .loadPinDetail(let cid):
            var d = state.pinDetails[cid] ?? PinDetail()
            guard !d.inFlight else { return [] }
            d.inFlight = true
            state.pinDetails[cid] = d
            return [.fetchPinDetail(cid)]
        case .start:
            var effects: [Effect] = []
            if state.settings.persistTimelines {
                effects.append(.loadTimelines)
                // The first save waits a full interval: the loaded history must arrive first.
                state.timelinesSavedAt = now
            }
            if let feeds = state.settings.feeds { effects.append(.startFeeds(feeds)) }
            return effects + tick(&state, now: now)
        case .stop:
            var effects: [Effect] = [.stopFeeds, .cancelAll]
            if state.settings.persistTimelines { effects.insert(.saveTimelines(state.timelines), at: 0) }
            return effects
        case .writeSnapshot(let snapshot, let directory):
            return [.writeSnapshot(snapshot, directory: directory)]
        case .saveLogs(let lines, let path):
            return [.saveLogs(lines, path: path)]
        case .copyRecording(let path, let directory):
            return [.copyRecording(path: path, directory: directory)]
        case .simulator(let verb, let peer):
            guard state.settings.demo else {
                state.toasts.append(ConsoleToast(text: ":sim works only with --demo (the in-process simulator)", level: .error,
                                                 until: now.addingTimeInterval(toastSeconds)))
                return []
            }
            return [.simulator(verb: verb, peer: peer)]
        case .probeGatewayNow:
            return startGatewayProbe(&state, now: now)
        }
    }

    // MARK: - Actions

    static func actionFinished(_ state: inout ConsoleState, id: Int, outcome: ActionOutcome, now: Date) -> [Effect] {
        guard let i = state.running.firstIndex(where: { $0.id == id }) else { return [] }
        let running = state.running.remove(at: i)
        state.history.insert(ActionRecord(id: id, name: running.kind.name, target: running.kind.target,
                                          started: running.started, finished: now, outcome: outcome), at: 0)
        if state.history.count > historyLimit { state.history.removeLast(state.history.count - historyLimit) }
        let level: ConsoleToast.Level
        switch outcome {
        case .succeeded: level = .success
        case .failed: level = .error
        case .cancelled, .refused: level = .warning
        }
        state.toasts.append(ConsoleToast(text: outcome.message, level: level, until: now.addingTimeInterval(toastSeconds)))
        if case .recoverAll = running.kind {
            state.lastFullStream = SourceCost(label: running.kind.name, started: running.started, ended: now)
        }
        guard outcome.isSuccess else { return [] }
        // Show the effect of the action promptly: follow the CIDs it touched and re-poll.
        var cids: [String] = []
        switch running.kind {
        case .pinAdd(let target, _): cids = [target]
        case .add:
            if let root = outcome.addedRoot {
                cids = [root]
                state.pins.lastAdded = (id, root)
            }
        case .unpin(let c), .recover(let c): cids = [c]
        case .recoverPeer(_, _, let list), .recoverMany(let list), .unpinMany(let list): cids = Array(list.prefix(100))
        default: break
        }
        for c in cids where !c.hasPrefix("/") { state.pins.watched[c] = now }
        var effects: [Effect] = []
        for s in [DataSource.activePins, .peers] { effects += start(&state, s, now: now) }
        // The full stream only when the budget allows: the watched CIDs show the action's effect.
        effects += startFull(&state, .allocations, forced: false, now: now)
        effects += pollWatched(&state, now: now, force: true)
        for c in cids where state.pinDetails[c] != nil { effects += handle(.loadPinDetail(c), &state, now: now) }
        return effects
    }
}
