import ClusterAPI
import Foundation
import NIOCore

/// Executes effects with the REST client and the action service; every result comes back as an
/// event through `post` (the run loop's `LoopContext.post` in the TUI).
///
/// Why an actor: it owns the tasks in flight (one per source, one per action) so that a
/// deadline or an operator's cancel can stop exactly the right one; nothing here touches state.
public actor EffectRunner {
    public nonisolated let client: ClusterClient
    public nonisolated let actions: ActionService
    private let post: @Sendable (ConsoleEvent) -> Void
    private var sourceTasks: [DataSource: Task<Void, Never>] = [:]
    private var actionTasks: [Int: Task<Void, Never>] = [:]
    private var detailTasks: [String: Task<Void, Never>] = [:]

    public init(client: ClusterClient, actions: ActionService, post: @escaping @Sendable (ConsoleEvent) -> Void) {
        self.client = client
        self.actions = actions
        self.post = post
    }

    /// Starts every effect; returns at once (the work runs in tasks).
    public func run(_ effects: [Effect]) {
        for e in effects { run(e) }
    }

    /// Cancels everything in flight (on quit or context switch).
    public func cancelAll() {
        for t in sourceTasks.values { t.cancel() }
        for t in actionTasks.values { t.cancel() }
        for t in detailTasks.values { t.cancel() }
        sourceTasks = [:]
        actionTasks = [:]
        detailTasks = [:]
    }

    private func run(_ effect: Effect) {
        let client = self.client
        let post = self.post
        switch effect {
        case .fetch(let source, let generation):
            sourceTasks[source]?.cancel()
            if source.isPinStream {
                let endpoint: Endpoint
                switch source {
                case .allocations: endpoint = .allocations()
                case .fullPins: endpoint = .pins()
                default: endpoint = .pins(filter: ConsoleUpdate.activeFilter)
                }
                sourceTasks[source] = Task { await Self.stream(endpoint, source, generation, client, post) }
            } else {
                sourceTasks[source] = Task { await Self.fetch(source, generation, client, post) }
            }
        case .fetchWatched(let cids, let generation):
            sourceTasks[.watched]?.cancel()
            sourceTasks[.watched] = Task { await Self.stream(.pins(cids: cids), .watched, generation, client, post) }
        case .cancel(let source):
            sourceTasks.removeValue(forKey: source)?.cancel()
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
        }
    }

    private func actionDone(_ id: Int) { actionTasks[id] = nil }

    static func fetch(_ source: DataSource, _ generation: Int, _ client: ClusterClient,
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

    static func stream(_ endpoint: Endpoint, _ source: DataSource, _ generation: Int, _ client: ClusterClient,
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
        if let e = error as? ClusterAPIError { return e.apiMessage ?? e.description }
        return String(describing: error)
    }
}
