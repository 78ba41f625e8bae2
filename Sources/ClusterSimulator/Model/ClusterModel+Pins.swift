import Foundation
import NIOCore

/// Pin, unpin, recover and the per-peer pin lifecycle.
extension ClusterModel {
    enum PinResult {
        case ok(ByteBuffer)
        case failure(status: Int, message: String)
    }

    /// POST /pins/{cid}: commits the pin with allocations chosen by free space; pinning happens later.
    func pin(cid: String, options o: PinOptions, contacted: Int) -> PinResult {
        let t = now
        var opts = o
        var rmin = 0, rmax = 0
        var alloc: UInt32 = 0
        if let from = opts.pinUpdate, let old = store.find(from) {
            let r = store.record(old)
            rmin = Int(r.rmin); rmax = Int(r.rmax); alloc = r.allocations
            if opts.name.isEmpty { opts.name = store.name(old) }
        } else {
            let v = opts.validate(defaultMin: config.replicationMin, defaultMax: config.replicationMax)
            if let e = v.error { return .failure(status: 500, message: e) }
            rmin = v.min; rmax = v.max
            if rmin != -1 {
                let candidates = allocationCandidates(preferred: opts.userAllocations ?? [])
                if candidates.count < rmin {
                    logCluster(contacted, at: t, "ERROR", "cluster", "src/allocate.go:148",
                               "Not enough candidates to allocate \(cid):\n  Needed: \(rmin)\n  Wanted: \(rmax)\n  Available candidates: \(candidates.count):"
                               + candidates.map { "\n    - \(peers[$0].peerID)" }.joined())
                    return .failure(status: 500, message: "not enough peers to allocate CID. Needed at least: \(rmin). Wanted at most: \(rmax). Available candidates: \(candidates.count). See logs for more info.")
                }
                for c in candidates.prefix(rmax) { alloc |= 1 << UInt32(c) }
            }
        }
        var expireAt = opts.expireAt
        if expireAt == nil, let d = opts.expireIn { expireAt = wall(t) + d }
        if let e = expireAt, e < wall(t) { return .failure(status: 500, message: "pin.ExpireAt set before current time") }

        let ex = PinExtras(cid: cid, name: opts.name, metadata: opts.metadata, expireAt: expireAt, origins: opts.origins,
                           userAllocations: opts.userAllocations, pinUpdate: opts.pinUpdate, direct: opts.direct)
        let i = store.add(cid: cid, rmin: rmin, rmax: rmax, allocations: alloc, created: wall(t), extras: ex)
        let allocIDs = allocatedPeerIDs(i)
        logCluster(contacted, at: t, "INFO", "cluster", "src/cluster.go:1662",
                   allocIDs.isEmpty ? "pinning \(cid) everywhere:" : "pinning \(cid) on [\(allocIDs.joined(separator: " "))]:")
        for p in peers.indices {
            if store.isAllocated(i, p) {
                store.setStatus(i, p, .pinQueued)
                let key = PinStore.opKey(i, p)
                store.ops[key] = EntryOp(attempts: 0, priority: true, timestamp: wall(t), phaseEnds: t + 0.3 + Double(rng.next() % 100) / 100)
                inflight.insert(key)
            } else {
                store.setStatus(i, p, .remote)
            }
        }
        var w = JSONWriter()
        encodePin(i, into: &w, responseTime: wall(t), echoUser: true)
        w.newline()
        return .ok(w.buffer)
    }

    /// Peers that can take a new allocation: in the peer set with a valid, non-zero freespace metric;
    /// preferred ones first, then by free space (the `balanced` allocator by `freespace`).
    func allocationCandidates(preferred: [String]) -> [Int] {
        let t = now
        let set = peerSet().filter { p in
            guard let last = peers[p].lastPublish("freespace", now: t), last + SimPeer.metricTTL > t else { return false }
            return peers[p].freespaceValue > 0
        }
        let pref = set.filter { preferred.contains(peers[$0].peerID) }
        let rest = set.filter { !preferred.contains(peers[$0].peerID) }
            .sorted { (peers[$0].freespaceValue, peers[$1].peerID) > (peers[$1].freespaceValue, peers[$0].peerID) }
        return pref + rest
    }

    func allocatedPeerIDs(_ i: Int) -> [String] {
        if store.isEverywhere(i) { return [] }
        return sortedPeers.filter { store.isAllocated(i, $0) }.map { peers[$0].peerID }
    }

    /// DELETE /pins/{cid}: returns the pin as it was; unpinning runs on the allocated peers.
    func unpin(cid: String, contacted: Int) -> PinResult {
        guard let i = store.find(cid) else { return .failure(status: 404, message: "pin is not part of the pinset") }
        let t = now
        var w = JSONWriter()
        encodePin(i, into: &w, responseTime: nil, echoUser: false)
        w.newline()
        let r = store.record(i)
        unpinning[cid] = (mask: store.isEverywhere(i) ? 0 : r.allocations, started: t, peers: peers.count)
        logCluster(contacted, at: t, "INFO", "cluster", "src/cluster.go:1740", "IPFS cluster unpinning:\(cid)")
        for p in peers.indices where store.isAllocated(i, p) && peers[p].state == .running {
            logCluster(p, at: t + 1, "INFO", "ipfshttp", "ipfshttp/ipfshttp.go:628", "IPFS Unpin request succeeded:\(cid)")
        }
        for p in peers.indices { inflight.remove(PinStore.opKey(i, p)) }
        store.remove(i)
        return .ok(w.buffer)
    }

    /// Re-queues `pin_error` / `unexpectedly_unpinned` entries of pin `i` on `onPeers`; returns
    /// whether anything was re-queued.
    @discardableResult
    func recover(_ i: Int, onPeers: [Int]) -> Bool {
        let t = now
        var any = false
        for p in onPeers where peers[p].state == .running && store.isAllocated(i, p) {
            let s = store.status(i, p)
            guard s == .pinError || s == .unexpectedlyUnpinned || s == .unpinError else { continue }
            let key = PinStore.opKey(i, p)
            var op = store.ops[key] ?? EntryOp(timestamp: wall(t))
            op.timestamp = wall(t)
            op.error = ""
            op.phaseEnds = t + 0.3
            op.priority = op.attempts <= 5
            store.ops[key] = op
            store.setStatus(i, p, .pinQueued)
            inflight.insert(key)
            logCluster(p, at: t, "INFO", "pintracker", "stateless/stateless.go:636", "Restarting pin operation for \(store.cid(i))")
            any = true
        }
        return any
    }

    /// Indices of live pins with an entry in error on any of `onPeers` (cheap byte scan).
    func pinsInError(onPeers: [Int], from: Int, limit: Int) -> (found: [Int], next: Int) {
        var out: [Int] = []
        var i = from
        while i < store.count && out.count < limit {
            if !store.isRemoved(i) {
                for p in onPeers where store.status(i, p).isError { out.append(i); break }
            }
            i += 1
        }
        return (out, i)
    }

    /// After a restart, failed and interrupted operations of that peer are restarted.
    func requeueAfterRestart(_ p: Int, at t: Double) {
        var restarted = 0
        for i in 0..<store.count where !store.isRemoved(i) {
            let s = store.status(i, p)
            guard s == .pinError || s == .pinning || s == .pinQueued else { continue }
            let key = PinStore.opKey(i, p)
            var op = store.ops[key] ?? EntryOp(timestamp: wall(t))
            op.timestamp = wall(t)
            op.error = ""
            op.phaseEnds = t + 0.5 + Double(restarted % 20) * 0.1
            store.ops[key] = op
            store.setStatus(i, p, .pinQueued)
            inflight.insert(key)
            if restarted < 50 {
                logCluster(p, at: t, "INFO", "pintracker", "stateless/stateless.go:636", "Restarting pin operation for \(store.cid(i))")
            }
            restarted += 1
        }
    }

    /// Pins a peer works on at once, as IPFS Cluster's stateless tracker (`concurrent_pins`,
    /// default 10): the rest wait queued, so a burst becomes a backlog that drains over time.
    static let concurrentPins = 10

    func advancePins(at t: Double) {
        var done: [Int] = []
        var pinning = [Int](repeating: 0, count: 64)
        for key in inflight where key >> 6 < store.count && store.status(key >> 6, key & 63) == .pinning { pinning[key & 63] += 1 }
        for key in inflight {
            let i = key >> 6, p = key & 63
            guard i < store.count, !store.isRemoved(i), var op = store.ops[key] else { done.append(key); continue }
            guard peers[p].state == .running, t >= op.phaseEnds else { continue }
            let cid = store.cid(i)
            switch store.status(i, p) {
            case .pinQueued:
                guard pinning[p] < Self.concurrentPins else { continue }
                pinning[p] += 1
                op.attempts += 1
                op.timestamp = wall(t)
                op.phaseEnds = t + 0.5 + Double(rng.next() % 250) / 100
                op.willFail = peers[p].ipfsDown || peers[p].diskFull || failNext.remove(key) != nil
                    || (config.pinErrorRate > 0 && Double(rng.next() % 10_000) / 10_000 < config.pinErrorRate)
                op.priority = op.attempts <= 5
                store.setStatus(i, p, .pinning)
                store.ops[key] = op
            case .pinning:
                if op.willFail || peers[p].ipfsDown || peers[p].diskFull {
                    op.timestamp = wall(t)
                    op.error = pinErrorText(cid: cid, peer: p)
                    store.setStatus(i, p, .pinError)
                    store.ops[key] = op
                    if !peers[p].ipfsDown {
                        logCluster(p, at: t, "ERROR", "pintracker", "stateless/stateless.go:353", "\(cid): \(op.error)")
                    }
                } else {
                    store.setStatus(i, p, .pinned)
                    store.ops[key] = nil
                    logCluster(p, at: t, "INFO", "ipfshttp", "ipfshttp/ipfshttp.go:562", "IPFS Pin request succeeded: \(cid)")
                }
                done.append(key)
            default:
                done.append(key)
            }
        }
        for k in done { inflight.remove(k) }
    }

    func pinErrorText(cid: String, peer p: Int) -> String {
        if peers[p].ipfsDown {
            return "Post \"http://127.0.0.1:5001/api/v0/pin/add?arg=\(cid)&recursive=true&progress=true\": dial tcp 127.0.0.1:5001: connect: connection refused"
        }
        if peers[p].diskFull {
            return "IPFS error (pin/add?arg=\(cid)&recursive=true&progress=true). Code: 500. Message: write /data/ipfs/blocks/.temp/temp-123: no space left on device"
        }
        return "context canceled"
    }

    func expirePins(at t: Double) {
        let w = wall(t)
        var expired: [Int] = []
        for (i, ex) in storeExtrasWithExpiry() where ex < w { expired.append(i) }
        for i in expired where !store.isRemoved(i) {
            let cid = store.cid(i)
            logCluster(0, at: t, "INFO", "cluster", "src/cluster.go:611",
                       "Unpinning \(cid): pin expired at \(TimeFormat.rfc3339Seconds(store.extra(i)?.expireAt ?? w))")
            _ = unpin(cid: cid, contacted: 0)
        }
    }

    private func storeExtrasWithExpiry() -> [(Int, Double)] {
        var out: [(Int, Double)] = []
        for i in expiringPins() { if let e = store.extra(i)?.expireAt { out.append((i, e)) } }
        return out
    }

    private func expiringPins() -> [Int] {
        // Only run-time pins can carry an expiry; they are the ones with extras.
        var out: [Int] = []
        for i in stride(from: store.count - 1, through: store.generatedCount, by: -1) where store.extra(i)?.expireAt != nil && !store.isRemoved(i) {
            out.append(i)
        }
        return out
    }
}
