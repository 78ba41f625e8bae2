import ClusterAPI
import Foundation
import LogTail
import NIOCore

/// Where the UI sends the effects the update asked for. The UI knows only this protocol, not the
/// runner: tests collect effects, the console runs them.
public protocol EffectSink: Sendable {
    /// Starts every effect, in order; returns at once (the work runs in tasks).
    func run(_ effects: [Effect]) async
}

/// Executes effects with the REST client, the action service, the file feeds and the local
/// stores; every result comes back as an event through `post` (the run loop's `LoopContext.post`
/// in the TUI).
///
/// Why an actor: it owns the tasks in flight (one per source, one per action) and the feeds, so
/// that a deadline or an operator's cancel can stop exactly the right one; nothing here touches
/// state.
public actor EffectRunner: EffectSink {
    public nonisolated let client: ClusterClient
    public nonisolated let actions: ActionService
    /// Where timelines persist between runs (nil: not persisted).
    public nonisolated let timelineStore: TimelineStore?
    /// The demo's simulator (nil outside `--demo`).
    public nonisolated let simulator: (any SimulatorControl)?
    /// The gateway's prober (nil without `--gateway`: probe effects then answer nothing).
    public nonisolated let gateway: GatewayProber?
    private let post: @Sendable (ConsoleEvent) -> Void
    private var sourceTasks: [DataSource: Task<Void, Never>] = [:]
    private var actionTasks: [Int: Task<Void, Never>] = [:]
    private var detailTasks: [String: Task<Void, Never>] = [:]
    private var gatewayTask: Task<Void, Never>?
    /// Direct per-peer calls by "url|source".
    private var directTasks: [String: Task<Void, Never>] = [:]
    private var ecsFeed: ECSFeed?
    private var logFeed: LogFeed?

    public init(client: ClusterClient, actions: ActionService, timelineStore: TimelineStore? = nil,
                simulator: (any SimulatorControl)? = nil, gateway: GatewayProber? = nil,
                post: @escaping @Sendable (ConsoleEvent) -> Void) {
        self.client = client
        self.actions = actions
        self.timelineStore = timelineStore
        self.simulator = simulator
        self.gateway = gateway
        self.post = post
    }

    public func run(_ effects: [Effect]) {
        for e in effects { run(e) }
    }

    /// Cancels everything in flight (on quit or context switch).
    public func cancelAll() {
        for t in sourceTasks.values { t.cancel() }
        for t in actionTasks.values { t.cancel() }
        for t in detailTasks.values { t.cancel() }
        gatewayTask?.cancel()
        gatewayTask = nil
        for t in directTasks.values { t.cancel() }
        directTasks = [:]
        sourceTasks = [:]
        actionTasks = [:]
        detailTasks = [:]
        stopFeeds()
    }

    private func stopFeeds() {
        ecsFeed?.cancel()
        logFeed?.cancel()
        ecsFeed = nil
        logFeed = nil
    }

    /// The streamed endpoint of a pin source (nil for the plain calls).
    static func endpoint(for source: DataSource) -> Endpoint? {
        switch source {
        case .allocations: .allocations()
        case .fullPins: .pins()
        case .activePins: .pins(filter: ConsoleUpdate.activeFilter)
        default: nil
        }
    }

    private func run(_ effect: Effect) {
        let client = self.client
        let post = self.post
        switch effect {
        case .fetch(let source, let generation):
            sourceTasks[source]?.cancel()
            if let endpoint = Self.endpoint(for: source) {
                sourceTasks[source] = Task { await Self.stream(endpoint, source, generation, client, post) }
            } else {
                sourceTasks[source] = Task { await Self.fetch(source, generation, client, post) }
            }
        case .fetchWatched(let cids, let generation):
            sourceTasks[.watched]?.cancel()
            sourceTasks[.watched] = Task { await Self.stream(.pins(cids: cids), .watched, generation, client, post) }
        case .cancel(let source):
            sourceTasks.removeValue(forKey: source)?.cancel()
        case .fetchDirect(let url, let source, let generation):
            let key = url + "|" + source.rawValue
            directTasks[key]?.cancel()
            directTasks[key] = Task { await Self.fetchDirect(url, source, generation, client, post) }
        case .cancelDirect(let url, let source):
            directTasks.removeValue(forKey: url + "|" + source.rawValue)?.cancel()
        case .fetchPinDetail(let cid):
            detailTasks[cid]?.cancel()
            detailTasks[cid] = Task {
                var status: GlobalPinInfo?
                var pin: Pin?
                var errors: [String] = []
                do { status = try await client.pinStatus(cid) } catch { errors.append(Self.message(error)) }
                do { pin = try await client.allocation(cid) } catch {
                    if let e = error as? ClusterAPIError, case .pinNotFound = e.kind {} else { errors.append(Self.message(error)) }
                }
                post(.pinDetail(cid: cid, status: status, pin: pin, error: errors.isEmpty ? nil : errors.joined(separator: "; ")))
            }
        case .perform(let id, let kind):
            let service = actions
            actionTasks[id] = Task {
                let outcome = await service.perform(kind) { done, total in post(.actionProgress(id: id, done: done, total: total)) }
                post(.actionFinished(id: id, outcome: outcome))
                self.actionDone(id)
            }
        case .cancelAction(let id):
            actionTasks[id]?.cancel()
        case .startFeeds(let feeds):
            stopFeeds()
            if let dir = feeds.ecsDirectory {
                ecsFeed = ECSFeed(directory: dir) { snapshot in post(.ecsSnapshot(snapshot)) }
            }
            if !feeds.logTargets.isEmpty {
                do {
                    logFeed = try LogFeed(targets: feeds.logTargets) { batch in post(.logBatch(batch)) }
                } catch {
                    post(.notice("logs: \(error)", level: .error))
                }
            }
        case .stopFeeds:
            stopFeeds()
        case .loadTimelines:
            guard let store = timelineStore else { return }
            Task.detached { if let saved = store.load(now: Date()) { post(.timelinesLoaded(saved)) } }
        case .saveTimelines(let timelines):
            // Inline on the actor (a few milliseconds, off the UI loop): the save at exit must be
            // done when `run` returns.
            do { try timelineStore?.save(timelines) } catch { post(.notice("timelines not saved: \(error)", level: .warning)) }
        case .writeSnapshot, .saveLogs, .copyRecording:
            _ = Self.runFileEffect(effect, post)
        case .simulator(let verb, let peer):
            guard let simulator else {
                post(.notice(":sim works only with --demo (the in-process simulator)", level: .error))
                return
            }
            Task {
                do {
                    post(.notice(try await simulator.perform(verb, peer: peer), level: .info))
                } catch {
                    post(.notice("simulator: \(error)", level: .error))
                }
            }
        case .probeGateway(let cid):
            guard let gateway else { return }
            // The update never asks for two at once; a new one replaces a stale one.
            gatewayTask?.cancel()
            gatewayTask = Task { if let probe = await gateway.probe(cid) { post(.gatewayProbed(probe)) } }
        case .cancelAll:
            cancelAll()
        case .decodeLargeLine(let source, let generation, let job):
            Task.detached { post(.largeLineDecoded(source, generation: generation, job.run())) }
        }
    }

    private func actionDone(_ id: Int) { actionTasks[id] = nil }

    /// The effects that only write local files (the snapshot, saved logs, a recording's copy):
    /// shared with the replay's sink, which runs these and nothing else. False for any other.
    public static func runFileEffect(_ effect: Effect, _ post: @escaping @Sendable (ConsoleEvent) -> Void) -> Bool {
        switch effect {
        case .writeSnapshot(let snapshot, let directory):
            writeFile(post) {
                let dir = FileManager.default.isWritableFile(atPath: directory) ? directory : FileManager.default.temporaryDirectory.path
                let paths = try SnapshotWriter.write(snapshot, to: dir)
                return "incident snapshot: \(paths.markdown) and \(paths.json)"
            }
        case .saveLogs(let lines, let path):
            writeFile(post) { "saved \(try LogSaver.save(lines, to: path)) log lines to \(path)" }
        case .copyRecording(let path, let directory):
            writeFile(post) { "recording copied to \(try RecordingCopy.copy(path, into: directory))" }
        default:
            return false
        }
        return true
    }

    /// Writes a file off the actor; the notice names what was written, or the error.
    private static func writeFile(_ post: @escaping @Sendable (ConsoleEvent) -> Void, _ write: @escaping @Sendable () throws -> String) {
        Task.detached {
            do { post(.notice(try write(), level: .success)) } catch { post(.notice(String(describing: error), level: .error)) }
        }
    }

    /// Runs `body` with every response's origin posted as `.responded(source, ...)` first.
    static func observing(_ source: DataSource, _ post: @escaping @Sendable (ConsoleEvent) -> Void,
                          _ body: () async -> Void) async {
        let observer = ResponseObserver { origin in post(.responded(source, origin)) }
        await ClusterClient.$responseObserver.withValue(observer, operation: body)
    }

    static func fetch(_ source: DataSource, _ generation: Int, _ client: ClusterClient,
                      _ post: @escaping @Sendable (ConsoleEvent) -> Void) async {
        await observing(source, post) { await fetchObserved(source, generation, client, post) }
    }

    private static func fetchObserved(_ source: DataSource, _ generation: Int, _ client: ClusterClient,
                                      _ post: @Sendable (ConsoleEvent) -> Void) async {
        do {
            let result: SourceResult
            switch source {
            case .id: result = .id(try await client.id())
            case .peers:
                var list: [ClusterPeer] = []
                for try await p in client.peers() { list.append(p) }
                result = .peers(list)
            case .ping, .freespace, .pinqueue: result = .metrics(try await client.metrics(source.rawValue))
            case .alerts: result = .alerts(try await client.alerts())
            default: return
            }
            try Task.checkCancellation()
            post(.loaded(source, generation: generation, result))
        } catch {
            if Task.isCancelled { return }
            post(.failed(source, generation: generation, message: message(error)))
        }
    }

    /// One per-peer call at a peer's own address, answered as one `.direct` event carrying who
    /// answered (status and `Date`, for the clock and the credentials' back-off) and what.
    static func fetchDirect(_ url: String, _ source: DataSource, _ generation: Int, _ client: ClusterClient,
                            _ post: @escaping @Sendable (ConsoleEvent) -> Void) async {
        let (origins, sink) = AsyncStream.makeStream(of: ResponseOrigin.self, bufferingPolicy: .bufferingNewest(1))
        var outcome: DirectAnswer.Outcome?
        let observer = ResponseObserver { sink.yield($0) }
        await ClusterClient.$responseObserver.withValue(observer) {
            do {
                let host = try ClusterHost.parse(url, https: false)
                switch source {
                case .id: outcome = .loaded(.id(try await client.id(on: host)))
                case .ping, .freespace, .pinqueue: outcome = .loaded(.metrics(try await client.metrics(source.rawValue, on: host)))
                case .alerts: outcome = .loaded(.alerts(try await client.alerts(on: host)))
                default: return
                }
            } catch {
                if !Task.isCancelled { outcome = .failed(message(error)) }
            }
        }
        sink.finish()
        var origin: ResponseOrigin?
        for await o in origins { origin = o }
        guard let outcome, !Task.isCancelled else { return }
        post(.direct(DirectAnswer(url: url, source: source, generation: generation, origin: origin, outcome: outcome)))
    }

    static func stream(_ endpoint: Endpoint, _ source: DataSource, _ generation: Int, _ client: ClusterClient,
                       _ post: @escaping @Sendable (ConsoleEvent) -> Void) async {
        await observing(source, post) { await streamObserved(endpoint, source, generation, client, post) }
    }

    private static func streamObserved(_ endpoint: Endpoint, _ source: DataSource, _ generation: Int, _ client: ClusterClient,
                                       _ post: @Sendable (ConsoleEvent) -> Void) async {
        do {
            for try await buffer in client.streamRaw(endpoint) {
                try Task.checkCancellation()
                post(.pinChunk(source, generation: generation, bytes: Array(buffer.readableBytesView)))
            }
            try Task.checkCancellation()
            post(.pinStreamEnded(source, generation: generation, error: nil))
        } catch {
            if Task.isCancelled { return }
            post(.pinStreamEnded(source, generation: generation, error: message(error)))
        }
    }

    /// The sentence shown for a failure: the API's own message when it gave one.
    public static func message(_ error: Error) -> String {
        if let e = error as? ClusterAPIError {
            // A 401's own message is a bare "Unauthorized": say which credentials to check instead.
            if e.status == 401 { return e.description }
            return e.apiMessage ?? e.description
        }
        return String(describing: error)
    }
}
