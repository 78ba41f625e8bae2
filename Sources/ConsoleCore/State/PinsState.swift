import Foundation

/// One pin stream in flight: its decoder and the table refresh it counts for.
public struct PinStreamProgress: Sendable {
    public var generation: Int
    public var decoder: PinStreamDecoder
    public var refresh: RefreshID?
    /// While two clusters answer: the bytes held until the first line tells which one answered
    /// (nil: fed as they arrive). See `ConsoleUpdate.judgeChunk`.
    public var held: [UInt8]?
    /// The stream ended (nil error) while a long line was read off the loop: it is finished
    /// once that line is written.
    public var endedWhileWaiting = false
}

/// The pins part of the console state: the compact table, the streams feeding it, and the few
/// CIDs followed closely after an action.
public struct PinsState: Sendable {
    public var table = PinTable()
    public var streams: [DataSource: PinStreamProgress] = [:]
    /// CIDs polled with `/pins?cids=` after an action, with the time they were added.
    public var watched: [String: Date] = [:]
    /// The root CID of the latest finished `add`, with its action id: the pins screen selects
    /// it once its row arrives (it is watched so that it does).
    public var lastAdded: (id: Int, cid: String)?
    /// Pins allocated to each peer id (allocations empty = everywhere), as of the last
    /// complete `/allocations`.
    public var allocatedByPeer: [String: Int] = [:]
    /// Pins that are allocated everywhere (replication -1), counted once.
    public var allocatedEverywhere = 0
    /// A full `/pins` ran by itself once after start (small clusters only).
    public var autoFullRefreshDone = false
    /// Pin lines at least this long are read off the loop (``PinStreamDecoder/offloadLineBytes``);
    /// nil reads every line in place. The live console sets it; a replay leaves it nil, so the
    /// recorded chunks alone rebuild the same table.
    public var offloadLineBytes: Int?
    /// What each source's last complete stream changed (pins added, changed, removed).
    public var lastDifference: [DataSource: RefreshOutcome] = [:]
    /// While two clusters answer: the latest answer of each source that was set aside.
    public var setAside: [DataSource: SetAsideAnswer] = [:]
    /// While two clusters answer: since when a source's answers are empty (see `emptyConfirmSeconds`).
    public var emptySince: [DataSource: Date] = [:]

    /// The difference so far of `source`'s stream in flight (added and changed; removals are
    /// only known at its end).
    public func differenceInFlight(_ source: DataSource) -> RefreshOutcome? {
        streams[source]?.refresh.flatMap { table.refreshDifference($0) }
    }

    public init() {}

    /// Pins whose worst entry is `status`.
    public func count(worst status: PinStatus) -> Int { table.pinCount(worst: status) }

    /// Entries in an error state on the peer (pin_error, unpin_error, cluster_error).
    public func errorCount(peer id: String) -> Int {
        guard let i = table.peerIndex(id) else { return 0 }
        return table.entryCount(peer: i, status: .pinError) + table.entryCount(peer: i, status: .unpinError)
            + table.entryCount(peer: i, status: .clusterError)
    }

    /// CIDs whose entry on `peer` is in error (for "recover all pins in error on this peer").
    public func cidsInError(peer id: String) -> [String] {
        guard let p = table.peerIndex(id) else { return [] }
        var out: [String] = []
        for row in 0..<table.rowCount where table.isLive(row) && table.status(row, peer: p).isError {
            out.append(table.cid(row))
        }
        return out
    }

    /// CIDs with any entry in error, cluster-wide.
    public func cidsInError() -> [String] {
        var out: [String] = []
        for row in 0..<table.rowCount where table.isLive(row) && table.worstStatus(row).isError {
            out.append(table.cid(row))
        }
        return out
    }
}
