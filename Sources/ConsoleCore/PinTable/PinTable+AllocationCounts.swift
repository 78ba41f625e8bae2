extension PinTable {
    /// Live pins allocated to each peer index, and live pins allocated everywhere (no
    /// allocations), in one pass over the allocation masks without building a list per pin: at
    /// the end of a 3.6 million-pin `/allocations` stream the per-pin lists held the loop for
    /// ~450 ms CPU (console-bench figure 10).
    public func allocationCounts() -> (perPeer: [Int], everywhere: Int) {
        var perPeer = [Int](repeating: 0, count: peerCount)
        var everywhere = 0
        for row in 0..<rowCount where isLive(row) {
            var mask = allocMask[row]
            let more = allocOverflow.isEmpty ? nil : allocOverflow[UInt32(row)]
            if mask == 0 && (more?.isEmpty ?? true) {
                everywhere += 1
                continue
            }
            while mask != 0 {
                let i = mask.trailingZeroBitCount
                if i < perPeer.count { perPeer[i] += 1 }
                mask &= mask - 1
            }
            for i in more ?? [] where Int(i) < perPeer.count { perPeer[Int(i)] += 1 }
        }
        return (perPeer, everywhere)
    }
}
