import Foundation

extension PeerEvidence {
    /// Fills the pin counts from the table's per-peer counters: O(1), no scan, so the app can
    /// rebuild evidence on every refresh of a million-pin table.
    public mutating func setPinCounts(from table: PinTable) {
        guard let i = table.peerIndex(id) else { return }
        pinsInError = table.entryCount(peer: i, status: .pinError) + table.entryCount(peer: i, status: .unpinError)
            + (missingSince == nil ? table.entryCount(peer: i, status: .clusterError) : 0)
        pinsPinning = table.entryCount(peer: i, status: .pinning)
        pinsQueued = table.entryCount(peer: i, status: .pinQueued) + (pinsPinning ?? 0)
    }
}

extension PinTable {
    /// Up to `limit` distinct error texts of the pins in error on a peer (e.g. IPFS refusing
    /// connections), for the verdicts. A bounded scan, a sample not a census; deduplicated on
    /// the interned error id, so only the texts kept are decoded (a million pins failing with
    /// one error cost one String, not one per row).
    public func errorSamples(peer id: String, limit: Int = 3, maxRows: Int = 200_000) -> [String] {
        guard let col = peerIndex(id) else { return [] }
        var seen: [UInt32] = []
        for row in 0..<min(rowCount, maxRows) where isLive(row) {
            let st = status(row, peer: col)
            guard st == .pinError || st == .unpinError else { continue }
            let e = columns[col].errorID(row)
            if e != 0, !seen.contains(e) {
                seen.append(e)
                if seen.count >= limit { break }
            }
        }
        return seen.map { errors.string($0) }
    }
}
