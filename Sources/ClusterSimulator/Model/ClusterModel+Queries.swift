import NIOCore

/// Read paths used by the REST routes, cut into small batches so that a million-pin stream never
/// holds the actor (or the whole response) for long.
extension ClusterModel {
    /// `/peers` fan-out plan: entries available now, and peers whose answer must wait (frozen).
    func peersPlan(contacted: Int) -> (now: [ByteBuffer], waiting: [Int]) {
        var order = peerSet()
        if let at = order.firstIndex(of: contacted) { order.remove(at: at) }
        order.insert(contacted, at: 0)
        var out: [ByteBuffer] = []
        var waiting: [Int] = []
        for q in order {
            var w = JSONWriter(capacity: 1024)
            switch peers[q].state {
            case .running: encodeID(q, into: &w)
            case .stopped: encodePeerError(q, error: rpcErrorInline(q), into: &w)
            case .frozen: waiting.append(q); continue
            }
            w.newline()
            out.append(w.buffer)
        }
        if peers[contacted].state == .running {
            for q in order where peers[q].state == .stopped {
                logCluster(contacted, at: now, "ERROR", "cluster", "src/cluster.go:1967",
                           "Peers: error in broadcast response from \(peers[q].peerID): \(rpcError(q)) ")
            }
        }
        return (out, waiting)
    }

    /// The entry for a peer that did not answer within the deadline (or did, having resumed).
    func peerEntryAfterDeadline(_ q: Int, contacted: Int) -> ByteBuffer {
        var w = JSONWriter(capacity: 1024)
        if peers[q].state == .running { encodeID(q, into: &w) } else {
            encodePeerError(q, error: "context deadline exceeded", into: &w)
            logCluster(contacted, at: now, "ERROR", "cluster", "src/cluster.go:1967",
                       "Peers: error in broadcast response from \(peers[q].peerID): context deadline exceeded ")
        }
        w.newline()
        return w.buffer
    }

    /// Peers a global status call fans out to, and whether any of them is frozen (the call then
    /// waits, as the real one does, before sending anything).
    func fanOut() -> (peers: [Int], frozen: Bool) {
        let set = peerSet()
        return (set, set.contains { peers[$0].state == .frozen })
    }

    func anyFrozen(_ ps: [Int]) -> Bool { ps.contains { peers[$0].state == .frozen } }

    /// Pins query for `GET /pins` (global or local) from index `cursor`.
    func pinsBatch(onPeers: [Int], filter: UInt16, reqWall: Double, cursor: Int, limit: Int) -> (items: [ByteBuffer], next: Int) {
        var out: [ByteBuffer] = []
        out.reserveCapacity(limit)
        var i = cursor
        let n = store.count
        while i < n && out.count < limit {
            if !store.isRemoved(i) {
                var w = JSONWriter(capacity: 256 + 300 * onPeers.count)
                if encodeGlobal(pin: i, cid: store.cid(i), onPeers: onPeers, filter: filter, reqWall: reqWall, into: &w) {
                    w.newline()
                    out.append(w.buffer)
                }
            }
            i += 1
        }
        return (out, i)
    }

    /// `/allocations` batch.
    func allocationsBatch(cursor: Int, limit: Int) -> (items: [ByteBuffer], next: Int) {
        var out: [ByteBuffer] = []
        var i = cursor
        while i < store.count && out.count < limit {
            if !store.isRemoved(i) {
                var w = JSONWriter(capacity: 512)
                encodePin(i, into: &w, responseTime: nil, echoUser: false)
                w.newline()
                out.append(w.buffer)
            }
            i += 1
        }
        return (out, i)
    }

    /// `GlobalPinInfo` for one CID (known or not) over the given peers.
    func statusJSON(cid: String, onPeers: [Int], filter: UInt16 = 0) -> ByteBuffer? {
        var w = JSONWriter(capacity: 1024)
        guard encodeGlobal(pin: store.find(cid), cid: cid, onPeers: onPeers, filter: filter, reqWall: wall(now), into: &w,
                           fanOut: false) else {
            return nil
        }
        w.newline()
        return w.buffer
    }

    /// Peers asked about one CID: the peer set plus allocated peers that left it.
    func statusPeers(cid: String) -> [Int] {
        var ps = peerSet()
        if let i = store.find(cid), !store.isEverywhere(i) {
            for p in peers.indices where store.isAllocated(i, p) && !ps.contains(p) { ps.append(p) }
        }
        return ps
    }

    func allocationJSON(cid: String) -> ByteBuffer? {
        guard let i = store.find(cid) else { return nil }
        var w = JSONWriter(capacity: 512)
        encodePin(i, into: &w, responseTime: nil, echoUser: false)
        w.newline()
        return w.buffer
    }

    func hasPins() -> Bool { store.liveCount > 0 }

    func isIPFSDown(_ p: Int) -> Bool { peers[p].ipfsDown }

    func peerSnapshot() -> [(name: String, id: String, state: PeerRunState, ipfsDown: Bool, diskFull: Bool, inPeerSet: Bool,
                             ip: String, az: String, task: String?)] {
        let t = now
        return peers.map { p in
            (p.name, p.peerID, p.state, p.ipfsDown, p.diskFull, p.inPeerSet(now: t), p.ip, p.az, ecs?.currentTaskID(peer: p.index))
        }
    }

    func pinCounts() -> (total: Int, byStatus: [String: Int]) {
        var counts: [String: Int] = [:]
        for i in 0..<store.count where !store.isRemoved(i) {
            for p in peers.indices { counts[store.status(i, p).wire, default: 0] += 1 }
        }
        return (store.liveCount, counts)
    }

    func recentEvents() -> [String] { Array(scenarioLog.suffix(200)) }

    /// Access log line as gorilla's LoggingHandler writes it (a message ending in a newline).
    func logAccess(peer: Int, remote: String, method: String, uri: String, status: Int, bytes: Int) {
        guard peers[peer].state == .running else { return }
        let t = now
        logCluster(peer, at: t, "INFO", "restapilog", "common/api.go:111",
                   "\(remote) - - [\(TimeFormat.commonLog(wall(t)))] \"\(method) \(uri) HTTP/1.1\" \(status) \(bytes)\n")
        if status >= 400 && status != 405 {
            // sending error response is logged before the access line in the real daemon; order is cosmetic here.
        }
    }

    func logErrorResponse(peer: Int, status: Int, message: String) {
        guard peers[peer].state == .running else { return }
        logCluster(peer, at: now, "ERROR", "restapi", "common/api.go:680", "sending error response: \(status): \(message)")
    }

    func storeCount() -> Int { store.count }

    /// POST /pins/{cid}/recover: re-queues failed entries, then reports the status.
    func recoverOne(cid: String, onPeers: [Int]) -> ByteBuffer {
        if let i = store.find(cid) { recover(i, onPeers: onPeers) }
        return statusJSON(cid: cid, onPeers: onPeers) ?? ByteBuffer()
    }

    /// POST /pins/recover batch: one `GlobalPinInfo` per pin actually re-queued.
    func recoverBatch(onPeers: [Int], reqWall: Double, cursor: Int, limit: Int) -> (items: [ByteBuffer], next: Int) {
        let (found, next) = pinsInError(onPeers: onPeers, from: cursor, limit: limit)
        var out: [ByteBuffer] = []
        for i in found where recover(i, onPeers: onPeers) {
            var w = JSONWriter(capacity: 1024)
            encodeGlobal(pin: i, cid: store.cid(i), onPeers: onPeers, filter: 0, reqWall: reqWall, into: &w)
            w.newline()
            out.append(w.buffer)
        }
        return (out, next)
    }
}
