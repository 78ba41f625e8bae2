import ClusterAPI

/// Something an operator asks the cluster to do. Every case changes the cluster, so every case is
/// refused in read-only mode and written to the audit journal.
public enum ActionKind: Codable, Sendable, Equatable {
    /// `POST /pins/{cid or path}` with all of ctl's options.
    case pinAdd(target: String, options: PinAddOptions)
    /// `POST /add`: uploads local files or folders (streamed from disk) and pins the root.
    case add(paths: [String], options: AddOptions)
    /// `DELETE /pins/{cid}`.
    case unpin(cid: String)
    /// `POST /pins/{cid}/recover`.
    case recover(cid: String)
    /// `POST /pins/recover` (cluster-wide recover of everything in error).
    case recoverAll
    /// Recover every pin in error on one peer (one `POST /pins/{cid}/recover` per pin: behind a
    /// load balancer the console cannot address a single peer's `local=true`).
    case recoverPeer(peer: String, peerName: String, cids: [String])
    /// Bulk recover of the pins under the current filter.
    case recoverMany(cids: [String])
    /// Bulk unpin of the pins under the current filter.
    case unpinMany(cids: [String])
    /// `DELETE /peers/{id}`.
    case removePeer(peer: String, peerName: String)
    /// `POST /ipfs/gc`.
    case repoGC

    /// Name used in the audit journal and the history pane.
    public var name: String {
        switch self {
        case .pinAdd: "pin-add"
        case .add: "add"
        case .unpin: "unpin"
        case .recover: "recover"
        case .recoverAll: "recover-all"
        case .recoverPeer: "recover-peer"
        case .recoverMany: "recover-many"
        case .unpinMany: "unpin-many"
        case .removePeer: "remove-peer"
        case .repoGC: "repo-gc"
        }
    }

    /// What it acts on, for the journal and toasts.
    public var target: String {
        switch self {
        case .pinAdd(let t, _): t
        case .add(let paths, _): paths.joined(separator: " ")
        case .unpin(let c), .recover(let c): c
        case .recoverAll: "cluster"
        case .recoverPeer(let p, let n, let cids): "\(n.isEmpty ? p : n) (\(cids.count) pins)"
        case .recoverMany(let cids), .unpinMany(let cids): "\(cids.count) pins"
        case .removePeer(let p, let n): n.isEmpty ? p : "\(n) \(p)"
        case .repoGC: "cluster"
        }
    }

    /// How many items a bulk action touches (progress bar total); 1 for single actions.
    public var itemCount: Int {
        switch self {
        case .recoverPeer(_, _, let cids), .recoverMany(let cids), .unpinMany(let cids): cids.count
        default: 1
        }
    }
}

/// How an action ended.
public enum ActionOutcome: Codable, Sendable, Equatable {
    case succeeded(String)
    case failed(String)
    case cancelled(String)
    case refused(String)

    public var message: String {
        switch self {
        case .succeeded(let m), .failed(let m), .cancelled(let m), .refused(let m): m
        }
    }

    public var isSuccess: Bool { if case .succeeded = self { return true } else { return false } }

    /// The root CID of a successful `add` (its message is `added <root> <name>`, as ctl prints).
    public var addedRoot: String? {
        guard case .succeeded(let m) = self, m.hasPrefix("added ") else { return nil }
        return m.dropFirst(6).split(separator: " ").first.map(String.init)
    }

    /// The journal's outcome column.
    public var journalText: String {
        switch self {
        case .succeeded: "ok"
        case .failed(let m): "failed: \(m)"
        case .cancelled(let m): "cancelled: \(m)"
        case .refused(let m): "refused: \(m)"
        }
    }
}
