import Foundation

extension PeerEvidence {
    /// Fills the pin counts from the table's per-peer counters: O(1), no scan, so the app can
    /// rebuild evidence on every refresh of a million-pin table.
    public mutating func setPinCounts(from table: PinTable) {
        guard let i = table.peerIndex(id) else { return }
        pinsInError = table.entryCount(peer: i, status: .pinError) + table.entryCount(peer: i, status: .unpinError)
            + (missingSince == nil ? table.entryCount(peer: i, status: .clusterError) : 0)
        pinsQueued = table.entryCount(peer: i, status: .pinQueued) + table.entryCount(peer: i, status: .pinning)
    }
}
