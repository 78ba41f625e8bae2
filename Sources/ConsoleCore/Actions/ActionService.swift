import ClusterAPI
import Foundation
import Synchronization

/// Runs actions against the cluster with the read-only guard and the audit journal around them.
///
/// Why one service for the TUI and the headless commands: the guard, the journal lines and the
/// API calls must be identical whichever front end the operator used.
public struct ActionService: Sendable {
    public let client: ClusterClient
    public let journal: AuditJournal?
    /// Context name (or endpoint) written to the journal.
    public let contextName: String
    public let readonly: Bool

    public init(client: ClusterClient, journal: AuditJournal?, contextName: String, readonly: Bool) {
        self.client = client
        self.journal = journal
        self.contextName = contextName
        self.readonly = readonly
    }

    /// The guards before any call, failing closed: `--readonly` refuses every action (and
    /// journals that), and an action whose attempt cannot be journalled does not run (an
    /// unrecorded change to a production cluster is worse than a refused one).
    private func refusal(_ kind: ActionKind) async -> ActionOutcome? {
        if readonly {
            let outcome = ActionOutcome.refused("read-only mode: \(kind.name) is disabled")
            try? await record(kind, outcome.journalText)
            return outcome
        }
        do {
            try await record(kind, "attempt")
        } catch {
            return .refused("\(kind.name) not run: the audit journal cannot be written (\(error)); fix it or point --audit-journal elsewhere")
        }
        return nil
    }

    /// Performs `kind`, reporting progress (done, total: items for bulk actions, file bytes for
    /// `add`); never throws: the outcome says
    /// what happened (API messages verbatim). Cancelling the calling task stops a bulk action
    /// between items.
    public func perform(_ kind: ActionKind, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) async -> ActionOutcome {
        if let refused = await refusal(kind) { return refused }
        let outcome = await execute(kind, progress: progress)
        return await finish(kind, outcome)
    }

    /// Runs `body` inside the same guards with the journal's attempt and outcome lines around
    /// it: for front ends that make the API call and print themselves (the headless commands).
    public func audited<T>(_ kind: ActionKind, _ body: () async throws -> T) async throws -> T {
        if let refused = await refusal(kind) { throw ActionFailure(message: refused.message) }
        let value: T
        do {
            value = try await body()
        } catch {
            _ = await finish(kind, .failed(EffectRunner.message(error)))
            throw error
        }
        if case .failed(let message) = await finish(kind, .succeeded("")) { throw ActionFailure(message: message) }
        return value
    }

    /// Journals the outcome; an outcome line that cannot be written is said in the outcome (the
    /// change happened, the record of it did not).
    private func finish(_ kind: ActionKind, _ outcome: ActionOutcome) async -> ActionOutcome {
        do {
            try await record(kind, outcome.journalText)
            return outcome
        } catch {
            return .failed("\(outcome.message) — but the audit journal could not record the outcome: \(error)")
        }
    }

    private func record(_ kind: ActionKind, _ outcome: String) async throws {
        guard let journal else {
            throw AuditJournalError(path: "-", reason: "no journal path (set XDG_STATE_HOME or HOME, or --audit-journal)")
        }
        try await journal.append(AuditEntry(time: Date(), context: contextName, action: kind.name,
                                            target: kind.target, outcome: outcome))
    }

    private func execute(_ kind: ActionKind, progress: @escaping @Sendable (Int, Int) -> Void) async -> ActionOutcome {
        do {
            switch kind {
            case .pinAdd(let target, let options):
                try options.validate()
                let out = try await PinActions.add(client, target: target, options: options, readStatus: false, wait: nil)
                return .succeeded("pinned \(out.pin.cid)" + (out.pin.name.isEmpty ? "" : " (\(out.pin.name))"))
            case .add(let paths, let options):
                return try await add(paths, options: options, progress: progress)
            case .unpin(let cid):
                let out = try await PinActions.remove(client, target: cid, readStatus: false, wait: nil)
                return .succeeded("unpinned \(out.pin.cid)")
            case .recover(let cid):
                let g = try await RecoverActions.one(client, cid: cid, local: false)
                let errors = g.peerMap.values.filter { $0.status.isError }.count
                return .succeeded("recover \(cid): \(errors == 0 ? "no errors left" : "\(errors) peer(s) still in error")")
            case .recoverAll:
                var n = 0
                for try await _ in RecoverActions.all(client, local: false) {
                    n += 1
                    progress(n, 0)
                }
                return .succeeded("recover all: \(n) pins reported")
            case .recoverPeer(_, _, let cids), .recoverMany(let cids):
                return try await bulk(cids, verb: "recovered", progress: progress) { cid in
                    _ = try await RecoverActions.one(self.client, cid: cid, local: false)
                }
            case .unpinMany(let cids):
                return try await bulk(cids, verb: "unpinned", progress: progress) { cid in
                    _ = try await self.client.unpin(cid)
                }
            case .removePeer(let peer, let name):
                try await PeerActions.remove(client, id: peer)
                return .succeeded("removed peer \(name.isEmpty ? peer : name)")
            case .repoGC:
                let gc = try await client.repoGC(local: false)
                let keys = gc.peerMap.values.reduce(0) { $0 + $1.keys.count }
                let errs = gc.peerMap.values.filter { !$0.error.isEmpty }.count
                return .succeeded("repo gc: \(keys) blocks freed on \(gc.peerMap.count) peers" + (errs > 0 ? ", \(errs) peer(s) failed" : ""))
            }
        } catch is CancellationError {
            return .cancelled("\(kind.name) cancelled")
        } catch let e as ActionFailure {
            return .failed(e.message)
        } catch let e as ClusterAPIError {
            if case .cancelled = e.kind { return .cancelled("\(kind.name) cancelled") }
            return .failed(e.apiMessage ?? e.description)
        } catch {
            return .failed(String(describing: error))
        }
    }

    /// Streams the upload from disk; progress is file bytes sent of the total, reported at
    /// most once per percent. Cancelling the calling task ends the stream, which cancels the
    /// request (the upload stops).
    private func add(_ paths: [String], options: AddOptions,
                     progress: @escaping @Sendable (Int, Int) -> Void) async throws -> ActionOutcome {
        try options.validate()
        let upload = try AddUpload.prepare(paths: paths, recursive: options.recursive, hidden: options.hidden)
        let total = Int(upload.fileBytes)
        progress(0, total)
        let reporter = PercentReporter(total: total, report: progress)
        var last: AddedOutput?
        var files = 0
        for try await item in client.add(upload, options: options, progress: { sent in reporter.sent(Int(sent)) })
        where !item.isProgress {
            last = item
            files += 1
        }
        try Task.checkCancellation()
        guard let root = last, let cid = root.cid else { throw ActionFailure(message: "add ended without a CID") }
        progress(total, total)
        let what = files > 1 ? " (\(files) items)" : ""
        return .succeeded("added \(cid) \(root.name)\(what)")
    }

    /// One call per CID, in order, stopping at cancellation; failures are counted, not fatal.
    private func bulk(_ cids: [String], verb: String, progress: @Sendable (Int, Int) -> Void,
                      _ one: @Sendable (String) async throws -> Void) async throws -> ActionOutcome {
        var failed: [String] = []
        for (i, cid) in cids.enumerated() {
            if Task.isCancelled {
                return .cancelled("\(verb) \(i - failed.count) of \(cids.count) before cancel")
            }
            do { try await one(cid) } catch is CancellationError {
                return .cancelled("\(verb) \(i - failed.count) of \(cids.count) before cancel")
            } catch {
                failed.append(cid)
            }
            progress(i + 1, cids.count)
        }
        if failed.isEmpty { return .succeeded("\(verb) \(cids.count) pins") }
        return .failed("\(verb) \(cids.count - failed.count) of \(cids.count) pins; \(failed.count) failed (first: \(failed[0]))")
    }
}

/// Turns a byte counter into progress reports, one per percent (the body writer reports every
/// chunk; an event, and a redraw, per chunk would be wasted). Called from an event loop thread.
private final class PercentReporter: Sendable {
    private let lastPercent = Mutex(-1)
    private let total: Int
    private let report: @Sendable (Int, Int) -> Void

    init(total: Int, report: @escaping @Sendable (Int, Int) -> Void) {
        self.total = total
        self.report = report
    }

    func sent(_ bytes: Int) {
        let percent = total > 0 ? bytes * 100 / total : 100
        let due = lastPercent.withLock { last in
            guard percent != last else { return false }
            last = percent
            return true
        }
        if due { report(bytes, total) }
    }
}
