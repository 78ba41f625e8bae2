/// Names one refresh in progress; entries written under it count as "seen this time".
public struct RefreshID: Hashable, Sendable {
    let slot: Int
    let serial: UInt64
}

/// What a refresh covers, so that its end can tell what it should have seen but did not.
///
/// Why: a filtered `/pins?filter=error` only lists pins still in error. Without this, a pin that
/// recovered would stay `pin_error` in the table forever, because nothing ever overwrites it.
public struct RefreshScope: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// `/pins` (global or `local=true`); `statuses` is the `filter=` (nil = unfiltered).
        case pins(statuses: PinStatusSet?)
        /// A full `/allocations`: the authority on which pins exist.
        case allocations
    }
    public enum Peers: Sendable, Equatable {
        /// A global response: every peer answers.
        case all
        /// Only these peer ids (e.g. the peer a `local=true` call went to).
        case only([String])
        /// Whichever peers reported during the refresh (a `local=true` call to an unknown peer).
        case reportedDuringRefresh
    }
    public var source: Source
    public var peers: Peers
    public init(source: Source, peers: Peers = .all) {
        self.source = source
        self.peers = peers
    }
}

/// What ending a refresh changed.
public struct RefreshOutcome: Sendable, Equatable {
    /// Entries in scope that the refresh did not report; now `unknown` (not reported).
    public var clearedEntries = 0
    /// Rows whose entries were cleared.
    public var clearedRows: [UInt32] = []
    /// Pins deleted because a full refresh no longer lists them.
    public var deletedPins = 0
    /// Pins the refresh listed for the first time.
    public var addedPins = 0
    /// Pins already held whose data the refresh changed.
    public var changedPins = 0
}

struct RefreshState: Sendable {
    var id: RefreshID
    var scope: RefreshScope
    /// Bitset over rows: the pin appeared in the refresh.
    var rows: [UInt64] = []
    /// Per peer, bitset over rows: that peer's entry appeared.
    var entries: [[UInt64]] = []
    var peersSeen: Set<Int> = []
    var added = 0
    var changed = 0

    @inline(__always) static func set(_ bits: inout [UInt64], _ i: Int) {
        let w = i >> 6
        if w >= bits.count { bits += [UInt64](repeating: 0, count: max(w + 1 - bits.count, bits.count)) }
        bits[w] |= 1 << UInt64(i & 63)
    }
    @inline(__always) static func get(_ bits: [UInt64], _ i: Int) -> Bool {
        let w = i >> 6
        return w < bits.count && bits[w] & (1 << UInt64(i & 63)) != 0
    }
}

extension PinTable {
    /// Starts a refresh; pass the id to the decoder (``PinStreamDecoder/refresh``).
    public mutating func beginRefresh(_ scope: RefreshScope) -> RefreshID {
        refreshSerial &+= 1
        let slot = refreshes.firstIndex { $0 == nil } ?? refreshes.count
        let id = RefreshID(slot: slot, serial: refreshSerial)
        let state = RefreshState(id: id, scope: scope)
        if slot == refreshes.count { refreshes.append(state) } else { refreshes[slot] = state }
        return id
    }

    @inline(__always)
    mutating func touch(_ id: RefreshID, row: Int, peer: Int?) {
        guard id.slot < refreshes.count, refreshes[id.slot]?.id == id else { return }
        if let peer {
            if refreshes[id.slot]!.entries.count <= peer {
                refreshes[id.slot]!.entries += [[UInt64]](repeating: [], count: peer + 1 - refreshes[id.slot]!.entries.count)
            }
            RefreshState.set(&refreshes[id.slot]!.entries[peer], row)
            refreshes[id.slot]!.peersSeen.insert(peer)
        } else {
            RefreshState.set(&refreshes[id.slot]!.rows, row)
        }
    }

    /// Counts one upserted pin toward the refresh's difference.
    @inline(__always)
    mutating func noteUpsert(_ id: RefreshID, added: Bool, changed: Bool) {
        guard id.slot < refreshes.count, refreshes[id.slot]?.id == id else { return }
        if added { refreshes[id.slot]!.added += 1 } else if changed { refreshes[id.slot]!.changed += 1 }
    }

    /// The difference so far of a refresh in flight (nothing is deleted before its end).
    public func refreshDifference(_ id: RefreshID) -> RefreshOutcome? {
        guard id.slot < refreshes.count, let st = refreshes[id.slot], st.id == id else { return nil }
        var out = RefreshOutcome()
        out.addedPins = st.added
        out.changedPins = st.changed
        return out
    }

    /// Drops a refresh without clearing anything: a cancelled or failed stream keeps what
    /// arrived and must not declare the rest gone.
    public mutating func cancelRefresh(_ id: RefreshID) {
        guard id.slot < refreshes.count, refreshes[id.slot]?.id == id else { return }
        refreshes[id.slot] = nil
    }

    /// Ends a refresh that completed: entries in its scope that it did not report are cleared
    /// to `unknown`, and, for a full `/allocations` or an unfiltered global `/pins`, pins it did
    /// not list are deleted.
    @discardableResult
    public mutating func endRefresh(_ id: RefreshID) -> RefreshOutcome {
        guard id.slot < refreshes.count, let st = refreshes[id.slot], st.id == id else { return RefreshOutcome() }
        refreshes[id.slot] = nil
        var out = RefreshOutcome()
        out.addedPins = st.added
        out.changedPins = st.changed
        switch st.scope.source {
        case .allocations:
            for r in 0..<rowCount where isLive(r) {
                if !RefreshState.get(st.rows, r) {
                    deletePin(row: r)
                    out.deletedPins += 1
                }
            }
        case .pins(let statuses):
            let scopePeers: [Int]
            switch st.scope.peers {
            case .all: scopePeers = Array(columns.indices)
            case .only(let ids): scopePeers = ids.compactMap { peerIndex($0) }
            case .reportedDuringRefresh: scopePeers = st.peersSeen.sorted()
            }
            let deleteMissing = statuses == nil && st.scope.peers == .all
            let mask = statuses ?? .allReported
            for r in 0..<rowCount where isLive(r) {
                let seen = RefreshState.get(st.rows, r)
                if deleteMissing && !seen {
                    deletePin(row: r)
                    out.deletedPins += 1
                    continue
                }
                var cleared = false
                for p in scopePeers {
                    let s = PinStatus(rawValue: columns[p].status[r])
                    guard s != .unknown, mask.contains(s) else { continue }
                    if p < st.entries.count && RefreshState.get(st.entries[p], r) { continue }
                    setEntry(row: r, peer: p, status: 0, time: PinTime.unset.nanoseconds, attempts: 0, errorID: 0)
                    out.clearedEntries += 1
                    cleared = true
                }
                if cleared {
                    recomputeWorst(row: r)
                    out.clearedRows.append(UInt32(r))
                }
            }
        }
        // Deletions bumped the version themselves; cleared entries do here. A refresh that
        // changed nothing leaves the version (and every view computed at it) alone.
        if out.clearedEntries > 0 { version &+= 1 }
        return out
    }
}
