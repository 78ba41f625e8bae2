import NIOCore

/// JSON encodings of the wire types, in Cluster's field order.
extension ClusterModel {
    static let zeroTime = "0001-01-01T00:00:00Z"

    /// `ID` of peer `i` as it reports itself.
    func encodeID(_ i: Int, into w: inout JSONWriter) {
        let p = peers[i]
        let set = peerSet()
        var members = set
        if !members.contains(i) { members.append(i) }
        members.sort { peers[$0].peerID < peers[$1].peerID }
        w.beginObject()
        w.member("id", p.peerID)
        var addresses = ["/ip4/\(p.ip)/tcp/9096/p2p/\(p.peerID)", "/ip4/127.0.0.1/tcp/9096/p2p/\(p.peerID)"]
        if config.ownLoopbackAddresses { addresses.insert("/ip4/\(config.peerHost(i))/tcp/9096/p2p/\(p.peerID)", at: 1) }
        w.member("addresses", strings: addresses)
        w.member("cluster_peers", strings: members.map { peers[$0].peerID })
        w.member("cluster_peers_addresses", strings: members.filter { $0 != i }.map { peers[$0].clusterAddress() })
        w.member("version", Self.version)
        w.member("commit", "")
        w.member("rpc_protocol_version", "/ipfscluster/1.0/rpc")
        w.member("error", "")
        w.key("ipfs")
        w.beginObject()
        if p.ipfsDown {
            w.member("addresses", strings: nil)
            w.member("error", "Post \"http://127.0.0.1:5001/api/v0/id\": dial tcp 127.0.0.1:5001: connect: connection refused")
        } else {
            w.member("id", p.ipfsID)
            w.member("addresses", strings: p.ipfsAddresses)
            w.member("error", "")
        }
        w.endObject()
        w.member("peername", p.name)
        w.endObject()
    }

    /// The `/peers` entry for a peer that could not be reached.
    func encodePeerError(_ i: Int, error: String, into w: inout JSONWriter) {
        w.beginObject()
        w.member("id", peers[i].peerID)
        w.member("addresses", strings: nil)
        w.member("cluster_peers", strings: nil)
        w.member("cluster_peers_addresses", strings: nil)
        w.member("version", "")
        w.member("commit", "")
        w.member("rpc_protocol_version", "")
        w.member("error", error)
        w.key("ipfs"); w.beginObject(); w.member("addresses", strings: nil); w.member("error", ""); w.endObject()
        w.member("peername", "")
        w.endObject()
    }

    /// `Pin` (from `/allocations`, `POST`/`DELETE /pins`). `responseTime` set = a fresh commit
    /// (nanosecond timestamp, `origins` null unless given), otherwise as read back from state.
    func encodePin(_ i: Int, into w: inout JSONWriter, responseTime: Double?, echoUser: Bool) {
        let r = store.record(i)
        let ex = store.extra(i)
        w.beginObject()
        w.member("replication_factor_min", Int(r.rmin))
        w.member("replication_factor_max", Int(r.rmax))
        w.member("name", store.name(i))
        w.member("mode", ex?.direct == true ? "direct" : "recursive")
        w.member("shard_size", 0)
        w.member("user_allocations", strings: echoUser ? ex?.userAllocations : nil)
        w.member("expire_at", ex?.expireAt.map { responseTime != nil ? TimeFormat.rfc3339Nano($0) : TimeFormat.rfc3339Seconds($0) } ?? Self.zeroTime)
        w.member("metadata", map: ex?.metadata)
        w.key("pin_update"); if let u = ex?.pinUpdate { w.string(u) } else { w.null() }
        if responseTime != nil { w.member("origins", strings: ex?.origins) } else { w.member("origins", strings: ex?.origins ?? []) }
        w.member("cid", store.cid(i))
        w.member("type", "pin")
        w.member("allocations", strings: allocatedPeerIDs(i))
        w.member("max_depth", ex?.direct == true ? 0 : -1)
        w.key("reference"); w.null()
        w.member("timestamp", responseTime.map { TimeFormat.rfc3339Nano($0) } ?? TimeFormat.rfc3339Seconds(Double(r.created)))
        w.endObject()
    }

    /// One `peer_map` value.
    struct Entry {
        var status: SimPinStatus
        var timestamp: String
        var error = ""
        var attempts = 0
        var priority = false
        var ipfs = true
        var peername: String
    }

    /// Peer `p`'s status for pin `i` (nil = unknown CID) as a query made at `reqWall` sees it.
    func entry(pin i: Int?, cid: String, peer p: Int, reqWall: Double, fanOut: Bool = true) -> Entry {
        let peer = peers[p]
        // A single-CID status fills unallocated peers in as `remote` without calling them.
        if !fanOut, let i, !store.isAllocated(i, p) {
            return Entry(status: .remote, timestamp: TimeFormat.rfc3339Seconds(Double(store.record(i).created)),
                         ipfs: peer.state == .running, peername: peer.name)
        }
        if peer.state != .running {
            return Entry(status: .clusterError, timestamp: TimeFormat.rfc3339Nano(reqWall), error: rpcErrorInline(p),
                         ipfs: false, peername: peer.name)
        }
        guard let i else {
            if let u = unpinning[cid], u.mask == 0 || u.mask & (1 << UInt32(p)) != 0 {
                let phase = now - u.started
                return Entry(status: phase < 0.5 ? .unpinQueued : .unpinning, timestamp: TimeFormat.rfc3339Nano(wall(u.started)),
                             peername: peer.name)
            }
            return Entry(status: .unpinned, timestamp: TimeFormat.rfc3339Nano(reqWall), peername: peer.name)
        }
        let created = TimeFormat.rfc3339Seconds(Double(store.record(i).created))
        let s = store.status(i, p)
        switch s {
        case .pinned, .remote:
            return Entry(status: s, timestamp: created, peername: peer.name)
        default:
            let op = store.ops[PinStore.opKey(i, p)]
            return Entry(status: s, timestamp: op.map { TimeFormat.rfc3339Nano($0.timestamp) } ?? created,
                         error: op?.error ?? "", attempts: op?.attempts ?? 0, priority: op?.priority ?? false,
                         peername: peer.name)
        }
    }

    func encodeEntry(_ e: Entry, peer p: Int, into w: inout JSONWriter) {
        w.beginObject()
        w.member("peername", e.peername)
        if e.ipfs && !peers[p].ipfsDown { w.member("ipfs_peer_id", peers[p].ipfsID) }
        w.member("status", e.status.wire)
        w.member("timestamp", e.timestamp)
        w.member("error", e.error)
        w.member("attempt_count", e.attempts)
        w.member("priority_pin", e.priority)
        w.endObject()
    }

    /// `GlobalPinInfo` for pin `i` (nil = not in the pinset) over `onPeers`, keeping only entries
    /// matching `filter` (0 = all). Returns false (writes nothing) when no entry matches.
    @discardableResult
    func encodeGlobal(pin i: Int?, cid: String, onPeers: [Int], filter: UInt16, reqWall: Double,
                      into w: inout JSONWriter, fanOut: Bool = true) -> Bool {
        var entries: [(Int, Entry)] = []
        var matched = false
        for p in onPeers {
            let e = entry(pin: i, cid: cid, peer: p, reqWall: reqWall, fanOut: fanOut)
            if filter == 0 || e.status.rawValue & filter != 0 {
                entries.append((p, e))
                if e.status != .clusterError { matched = true }
            } else if e.status == .clusterError {
                entries.append((p, e))
            }
        }
        guard matched || filter == 0 else { return false }
        w.beginObject()
        w.member("cid", cid)
        if let i {
            w.member("name", store.name(i))
            w.member("allocations", strings: allocatedPeerIDs(i))
            w.member("origins", strings: store.extra(i)?.origins ?? [])
            w.member("created", TimeFormat.rfc3339Seconds(Double(store.record(i).created)))
            w.member("metadata", map: store.extra(i)?.metadata)
        } else {
            w.member("name", "")
            w.member("allocations", strings: [])
            w.member("origins", strings: nil)
            w.member("created", TimeFormat.rfc3339Nano(reqWall))
            w.member("metadata", map: nil)
        }
        w.key("peer_map")
        w.beginObject()
        for (p, e) in entries.sorted(by: { peers[$0.0].peerID < peers[$1.0].peerID }) {
            w.key(peers[p].peerID)
            encodeEntry(e, peer: p, into: &w)
        }
        w.endObject()
        w.endObject()
        return true
    }

    static let metricNames = ["pinqueue", "tag:group", "freespace", "ping"]

    /// `/monitor/metrics/{name}`: valid, unexpired metrics of current peers, by peer id.
    func metricsJSON(_ name: String) -> ByteBuffer {
        let t = now
        var w = JSONWriter()
        w.beginArray()
        if Self.metricNames.contains(name) {
            for q in sortedPeers {
                guard let last = peers[q].lastPublish(name, now: t), last + SimPeer.metricTTL > t else { continue }
                encodeMetric(name, peer: q, received: last, into: &w)
            }
        }
        w.endArray()
        w.newline()
        return w.buffer
    }

    func encodeMetric(_ name: String, peer q: Int, received: Double, into w: inout JSONWriter, triggeredAt: Double? = nil,
                      value: String? = nil) {
        let recvNS = Int64(wall(received) * 1e9) + Int64(q * 7919 + 123)
        let ttlNS = Int64(SimPeer.metricTTL * 1e9)
        let v = value ?? metricValue(name, q)
        w.beginObject()
        w.member("name", name)
        w.member("peer", peers[q].peerID)
        w.member("value", v)
        w.member("expire", recvNS + ttlNS)
        w.member("valid", true)
        let weight: Int64 = name == "freespace" ? (Int64(v) ?? 0) : 0
        w.member("weight", weight)
        w.member("partitionable", name.hasPrefix("tag:"))
        w.member("received_at", recvNS)
        if let triggeredAt { w.member("triggered_at", TimeFormat.rfc3339Nano(wall(triggeredAt))) }
        w.endObject()
    }

    func alertsJSON(_ observer: Int) -> ByteBuffer {
        var w = JSONWriter()
        w.beginArray()
        for a in peers[observer].alerts {
            encodeMetric(a.metric, peer: a.peer, received: a.receivedAt, into: &w, triggeredAt: a.triggeredAt, value: a.value)
        }
        w.endArray()
        w.newline()
        return w.buffer
    }

    func graphJSON(_ observer: Int) -> ByteBuffer {
        let set = peerSet()
        var w = JSONWriter()
        w.beginObject()
        w.member("cluster_id", peers[observer].peerID)
        w.key("id_to_peername"); w.beginObject()
        for q in set { w.member(peers[q].peerID, peers[q].name) }
        w.endObject()
        w.key("ipfs_links"); w.beginObject()
        let ipfsUp = set.filter { peers[$0].state == .running && !peers[$0].ipfsDown }.sorted { peers[$0].ipfsID < peers[$1].ipfsID }
        for q in ipfsUp { w.member(peers[q].ipfsID, strings: ipfsUp.filter { $0 != q }.map { peers[$0].ipfsID }) }
        w.endObject()
        w.key("cluster_links"); w.beginObject()
        for q in set {
            w.member(peers[q].peerID, strings: peers[q].state == .running ? set.filter { $0 != q }.map { peers[$0].peerID } : [])
        }
        w.endObject()
        w.key("cluster_trust_links"); w.beginObject()
        for q in set { w.member(peers[q].peerID, true) }
        w.endObject()
        w.key("cluster_to_ipfs"); w.beginObject()
        for q in set where !peers[q].ipfsDown { w.member(peers[q].peerID, peers[q].ipfsID) }
        w.endObject()
        w.endObject()
        w.newline()
        return w.buffer
    }

    func bandwidthJSON() -> ByteBuffer {
        let t = now
        let base = Int64(max(t, 1) * 40_000)
        var w = JSONWriter()
        w.beginObject()
        for (proto, scale) in [("/ipfs/id/1.0.0", 1), ("/ipfscluster/1.0/rpc", 20), ("/meshsub/1.1.0", 5)] {
            w.key(proto); w.beginObject()
            w.member("total_in", base * Int64(scale)); w.member("total_out", base * Int64(scale) + 1234)
            w.key("rate_in"); w.double(Double(scale) * 1203.5); w.key("rate_out"); w.double(Double(scale) * 1388.25)
            w.endObject()
        }
        w.endObject()
        w.newline()
        return w.buffer
    }

    func repoGCJSON(onPeers: [Int]) -> ByteBuffer {
        var w = JSONWriter()
        w.beginObject()
        w.key("peer_map"); w.beginObject()
        for q in onPeers.sorted(by: { peers[$0].peerID < peers[$1].peerID }) {
            w.key(peers[q].peerID); w.beginObject()
            w.member("peer", peers[q].peerID)
            w.member("peername", peers[q].name)
            if peers[q].ipfsDown || peers[q].state != .running {
                w.key("keys"); w.null()
                w.member("error", peers[q].state != .running ? rpcErrorInline(q)
                         : "Post \"http://127.0.0.1:5001/api/v0/repo/gc?stream-errors=true\": dial tcp 127.0.0.1:5001: connect: connection refused")
            } else {
                var r = SeededRandom(seed: UInt64(q) &+ UInt64(now * 10))
                w.key("keys"); w.beginArray()
                for _ in 0..<Int(r.next() % 3) {
                    w.beginObject(); w.member("key", Identifiers.cidV0(digest: r.bytes(32))); w.endObject()
                }
                w.endArray()
            }
            w.endObject()
        }
        w.endObject()
        w.endObject()
        w.newline()
        return w.buffer
    }

    func idJSON(_ i: Int) -> ByteBuffer {
        var w = JSONWriter(capacity: 1024)
        encodeID(i, into: &w)
        w.newline()
        return w.buffer
    }
}
