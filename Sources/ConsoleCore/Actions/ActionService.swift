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

    /// Every action changes the cluster, so `--readonly` refuses each one, and journals that.
    private func refusedInReadonly(_ kind: ActionKind) async -> ActionOutcome? {
        guard readonly else { return nil }
        let outcome = ActionOutcome.refused("read-only mode: \(kind.name) is disabled")
        await record(kind, outcome.journalText)
        return outcome
    }

    /// Performs `kind`, reporting progress (done, total: items for bulk actions, file bytes for
    /// `add`); never throws: the outcome says
    /// what happened (API messages verbatim). Cancelling the calling task stops a bulk action
    /// between items.
    public func perform(_ kind: ActionKind, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) async -> ActionOutcome {
        if let refusal = await refusedInReadonly(kind) { return refusal }
        await record(kind, "attempt")
        let outcome = await execute(kind, progress: progress)
        await record(kind, outcome.journalText)
        return outcome
    }

    /// Runs `body` inside the read-only guard with the journal's attempt and outcome lines around
    /// it: for front ends that make the API call and print themselves (the headless commands).
    public func audited<T>(_ kind: ActionKind, _ body: () async throws -> T) async throws -> T {
        if let refusal = await refusedInReadonly(kind) { throw ActionFailure(message: refusal.message) }
        await record(kind, "attempt")
        do {
            let value = try await body()
            await record(kind, ActionOutcome.succeeded("").journalText)
            return value
        } catch {
            await record(kind, ActionOutcome.failed(EffectRunner.message(error)).journalText)
            throw error
        }
    }

    private func record(_ kind: ActionKind, _ outcome: String) async {
        guard let journal else { return }
        // A journal that cannot be written must not stop an operator mid-incident; the failure
        // is reported by the caller that opened it (first write) and here swallowed per line.
        try? await journal.append(AuditEntry(time: Date(), context: contextName, action: kind.name,
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
