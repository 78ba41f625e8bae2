import Foundation

extension PinTable {
    mutating func updateExtras(row: Int, _ body: (inout PinExtras) -> Void) {
        var x = extras[UInt32(row)] ?? PinExtras()
        body(&x)
        replaceExtras(row: row, x)
    }

    /// A row's extras; looked up only when its flag says it has some (most rows have none, and
    /// every `/pins` line with `"origins":[]` hashed its row into the dictionary: ~2% in `perf`).
    @inline(__always) func storedExtras(_ row: Int) -> PinExtras {
        flags[row] & PinFlags.hasExtras == 0 ? PinExtras() : extras[UInt32(row)] ?? PinExtras()
    }

    mutating func replaceExtras(row: Int, _ x: PinExtras) {
        if x.isEmpty {
            if flags[row] & PinFlags.hasExtras != 0 {
                extras[UInt32(row)] = nil
                flags[row] &= ~PinFlags.hasExtras
            }
        } else {
            extras[UInt32(row)] = x
            flags[row] |= PinFlags.hasExtras
        }
    }

    /// Keeps the peer's latest `peername` / `ipfs_peer_id`; compares bytes so the common case
    /// (unchanged) allocates nothing.
    @inline(__always)
    mutating func notePeerNames(peer: Int, peername: ByteString, ipfsID: ByteString) {
        if let p = peername.p, peername.n > 0 {
            let same = peers[peer].peernameBytes.withUnsafeBufferPointer { $0.count == peername.n && memcmp($0.baseAddress!, p, peername.n) == 0 }
            if !same {
                peers[peer].peernameBytes = Array(UnsafeBufferPointer(start: p, count: peername.n))
                peers[peer].peernamePlain = isPlainJSON(peers[peer].peernameBytes)
                peers[peer].peername = peername.string
            }
        }
        if let p = ipfsID.p, ipfsID.n > 0 {
            let same = peers[peer].ipfsPeerIDBytes.withUnsafeBufferPointer { $0.count == ipfsID.n && memcmp($0.baseAddress!, p, ipfsID.n) == 0 }
            if !same {
                peers[peer].ipfsPeerIDBytes = Array(UnsafeBufferPointer(start: p, count: ipfsID.n))
                peers[peer].ipfsPeerIDPlain = isPlainJSON(peers[peer].ipfsPeerIDBytes)
                peers[peer].ipfsPeerID = ipfsID.string
            }
        }
    }

    /// Stores what `/peers` said about a peer (the id is already interned).
    mutating func updatePeer(_ peer: Int, from rec: PeerRecord) {
        var p = peers[peer]
        if !rec.peername.isEmpty {
            p.peername = rec.peername
            p.peernameBytes = Array(rec.peername.utf8)
            p.peernamePlain = isPlainJSON(p.peernameBytes)
        }
        if !rec.ipfsPeerID.isEmpty {
            p.ipfsPeerID = rec.ipfsPeerID
            p.ipfsPeerIDBytes = Array(rec.ipfsPeerID.utf8)
            p.ipfsPeerIDPlain = isPlainJSON(p.ipfsPeerIDBytes)
        }
        p.version = rec.version
        p.error = rec.error
        p.addresses = rec.addresses
        p.clusterPeers = rec.clusterPeers
        p.ipfsError = rec.ipfsError
        peers[peer] = p
        version &+= 1
    }
}

extension PinTable {
    /// An empty table that interns peers and unknown statuses as `other` does (same indices and
    /// codes): what a ``LargeLineJob`` reads its line against, off the loop.
    init(peersOf other: PinTable) {
        self.init()
        peers = other.peers
        columns = other.peers.map { _ in PeerColumn(rows: 0) }
        entryCounts = other.peers.map { _ in [Int](repeating: 0, count: 256) }
        otherStatuses = other.otherStatuses
    }

    /// Hands the text of an unknown status code to `body` (to intern it in another table).
    func otherStatusText<R>(_ code: UInt8, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
        var text = statusName(PinStatus(rawValue: code))
        return text.withUTF8 { body($0.baseAddress!, $0.count) }
    }
}
