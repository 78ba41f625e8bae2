import Foundation
import Testing
@testable import ClusterSimulator

private func peerMap(_ r: RawResponse) -> [String: [String: Any]] {
    ((r.json() as? [String: Any])?["peer_map"] as? [String: [String: Any]]) ?? [:]
}

/// The cluster model's timelines (pins, frozen and stopped peers), at high speed.
extension SimulatorTests {
@Suite struct BehaviourTests {
    static let cid = "bafybeiary2ibmljf3l466qzk5hud3rnlk7zped37oik64zlfh22sa5nrg4"

    @Test func pinLifecycleReachesPinnedWithRemoteOnUnallocatedPeer() async throws {
        try await withSimulator(speed: 20) { _, e in
            let add = await RawHTTP.request(e.peers[0], "POST", "/pins/\(Self.cid)?name=website&replication-min=2&replication-max=2&meta-env=test")
            #expect(add.status == 200)
            #expect(keyOrder(add.text) == ["replication_factor_min", "replication_factor_max", "name", "mode", "shard_size",
                                           "user_allocations", "expire_at", "metadata", "pin_update", "origins", "cid", "type",
                                           "allocations", "max_depth", "reference", "timestamp"])
            let pin = try #require(add.json() as? [String: Any])
            let allocs = try #require(pin["allocations"] as? [String])
            #expect(allocs.count == 2)
            #expect(allocs == allocs.sorted())
            // Right after the commit the allocated peers are queued or pinning, with priority.
            let early = peerMap(await RawHTTP.request(e.peers[1], "GET", "/pins/\(Self.cid)"))
            #expect(early.count == 3)
            let inFlight = early.filter { allocs.contains($0.key) }.map { $0.value["status"] as? String ?? "" }
            #expect(inFlight.allSatisfy { ["pin_queued", "pinning", "pinned"].contains($0) })
            let pinned = await eventually(10) {
                let m = peerMap(await RawHTTP.request(e.peers[2], "GET", "/pins/\(Self.cid)"))
                return m.filter { ($0.value["status"] as? String) == "pinned" }.count == 2
            }
            #expect(pinned)
            let m = peerMap(await RawHTTP.request(e.peers[2], "GET", "/pins/\(Self.cid)"))
            #expect(m.values.filter { ($0["status"] as? String) == "remote" }.count == 1)
            // Listed by /allocations and global /pins; local=true has one entry.
            let allocations = await RawHTTP.request(e.peers[0], "GET", "/allocations")
            #expect(allocations.lines.count == 1 && allocations.text.contains("\"metadata\":{\"env\":\"test\"}"))
            let local = await RawHTTP.request(e.peers[0], "GET", "/pins?local=true")
            #expect(local.lines.count == 1)
            #expect(peerMap(RawResponse(status: 200, headers: [], body: Array(local.lines[0].utf8), chunkSizes: [], trailers: [], complete: true)).count == 1)
            // Unpin returns the pin as it was; afterwards every peer reports unpinned.
            let del = await RawHTTP.request(e.peers[0], "DELETE", "/pins/\(Self.cid)")
            #expect(del.status == 200 && del.text.contains("\"name\":\"website\""))
            let gone = await eventually(10) {
                peerMap(await RawHTTP.request(e.peers[0], "GET", "/pins/\(Self.cid)")).values.allSatisfy { ($0["status"] as? String) == "unpinned" }
            }
            #expect(gone)
            #expect(await RawHTTP.request(e.peers[0], "GET", "/allocations").status == 204)
        }
    }

    @Test func ipfsDownFailsPinsWithRealTextAndRecoverRetries() async throws {
        try await withSimulator(speed: 20) { sim, e in
            try await sim.setIPFSDown(peer: "IpfsCluster0", true)
            let id = await RawHTTP.request(e.peers[0], "GET", "/id")
            let ipfs = try #require((id.json() as? [String: Any])?["ipfs"] as? [String: Any])
            #expect(ipfs["id"] == nil)
            #expect((ipfs["error"] as? String)?.contains("dial tcp 127.0.0.1:5001: connect: connection refused") == true)
            _ = await RawHTTP.request(e.peers[1], "POST", "/pins/\(Self.cid)")
            let failed = await eventually(10) {
                let m = peerMap(await RawHTTP.request(e.peers[1], "GET", "/pins?filter=pin_error").lines.first.map {
                    RawResponse(status: 200, headers: [], body: Array($0.utf8), chunkSizes: [], trailers: [], complete: true)
                } ?? RawResponse(status: 0, headers: [], body: [], chunkSizes: [], trailers: [], complete: true))
                return m[e.peerIDs[0]]?["status"] as? String == "pin_error"
            }
            #expect(failed)
            let status = peerMap(await RawHTTP.request(e.peers[1], "GET", "/pins/\(Self.cid)"))[e.peerIDs[0]]
            #expect((status?["error"] as? String)?.hasPrefix("Post \"http://127.0.0.1:5001/api/v0/pin/add?arg=\(Self.cid)") == true)
            #expect(status?["attempt_count"] as? Int == 1)
            let local = await RawHTTP.request(e.peers[0], "GET", "/pins?local=true")
            #expect(local.status == 500 && local.text.contains("could not get pinset from IPFS"))
            try await sim.setIPFSDown(peer: "IpfsCluster0", false)
            let rec = await RawHTTP.request(e.peers[0], "POST", "/pins/\(Self.cid)/recover")
            #expect(rec.status == 200)
            let recovered = await eventually(10) {
                peerMap(await RawHTTP.request(e.peers[0], "GET", "/pins/\(Self.cid)"))[e.peerIDs[0]]?["status"] as? String == "pinned"
            }
            #expect(recovered)
        }
    }

    /// freeze -> /peers waits ~15 s then `context deadline exceeded` -> alerts ~36 s -> gone from /peers;
    /// alerts are kept after resume. Speed 40: 15 s = 0.375 s real.
    @Test func frozenPeerTimeline() async throws {
        try await withSimulator(speed: 20) { sim, e in
            _ = await RawHTTP.request(e.peers[0], "POST", "/pins/\(Self.cid)")
            try await sim.freeze(peer: "IpfsCluster2")
            let frozenID = e.peerIDs[2]
            let start = Date()
            let peers = await RawHTTP.request(e.peers[0], "GET", "/peers")
            let waited = Date().timeIntervalSince(start) * 20
            try #require(peers.lines.count == 3)
            #expect(waited >= 14)
            let last = try #require(try JSONSerialization.jsonObject(with: Data(peers.lines[2].utf8)) as? [String: Any])
            #expect(last["id"] as? String == frozenID)
            #expect(last["error"] as? String == "context deadline exceeded")
            #expect(last["peername"] as? String == "")
            // Requests to the frozen peer itself hang.
            let direct = await RawHTTP.request(e.peers[2], "GET", "/id", timeout: 0.5)
            #expect(direct.status == 0)
            // Ping expires (~30 s), alerts (~36 s): then the peer is gone from /peers and the ping metrics.
            let alerted = await eventually(10) {
                let a = await RawHTTP.request(e.peers[0], "GET", "/health/alerts")
                return ((a.json() as? [[String: Any]]) ?? []).contains { $0["peer"] as? String == frozenID && $0["name"] as? String == "ping" }
            }
            #expect(alerted)
            let alerts = try #require(await RawHTTP.request(e.peers[1], "GET", "/health/alerts").json() as? [[String: Any]])
            #expect(Set(alerts.compactMap { $0["name"] as? String }) == ["ping", "freespace", "tag:group"])
            #expect(alerts.first?["triggered_at"] is String)
            let after = await RawHTTP.request(e.peers[0], "GET", "/peers")
            #expect(after.lines.count == 2)
            let ping = await RawHTTP.request(e.peers[0], "GET", "/monitor/metrics/ping")
            #expect(!ping.text.contains(frozenID))
            // An "everywhere" pin no longer lists it.
            #expect(peerMap(await RawHTTP.request(e.peers[0], "GET", "/pins/\(Self.cid)")).count == 2)
            // The neighbours logged it.
            let logDir = e.stateDirectory + "/logs/ipfs-cluster/ipfs-cluster"
            let logs = try FileManager.default.contentsOfDirectory(atPath: logDir).map { readFile(logDir + "/" + $0) }.joined()
            #expect(logs.contains("\tWARN\tcluster\tsrc/cluster.go:485\tmetric alert for ping: Peer: \(frozenID)."))
            #expect(logs.contains("error in broadcast response from \(frozenID): context deadline exceeded "))
            // Resume: back in /peers; alerts are not cleared.
            try await sim.resume(peer: "IpfsCluster2")
            let back = await eventually(10) { await RawHTTP.request(e.peers[0], "GET", "/peers").lines.count == 3 }
            #expect(back)
            let still = try #require(await RawHTTP.request(e.peers[0], "GET", "/health/alerts").json() as? [[String: Any]])
            #expect(still.contains { $0["peer"] as? String == frozenID })
        }
    }

    @Test func frozenPeerDelaysGlobalPinsButNotLocal() async throws {
        try await withSimulator(pins: 5, speed: 40) { sim, e in
            try await sim.freeze(peer: "IpfsCluster1")
            let t0 = Date()
            let local = await RawHTTP.request(e.peers[0], "GET", "/pins?local=true")
            #expect(local.lines.count == 5)
            _ = t0
            let t1 = Date()
            let global = await RawHTTP.request(e.peers[0], "GET", "/pins")
            #expect(Date().timeIntervalSince(t1) * 40 >= 25)
            #expect(global.lines.count == 5)
            #expect(global.trailers.first?.1 == "")
        }
    }

    @Test func stoppedPeerRefusesAtOnceAndDropsOut() async throws {
        try await withSimulator(speed: 40) { sim, e in
            try await sim.stopPeer("IpfsCluster1")
            // The listener's close can finish just after stopPeer returns; refusal must follow within moments.
            let refused = await eventually(2) { await RawHTTP.request(e.peers[1], "GET", "/id", timeout: 1).connectError != nil }
            #expect(refused, "a stopped peer refuses connections")
            let peers = await RawHTTP.request(e.peers[0], "GET", "/peers")
            #expect(peers.text.contains("connect: connection refused"))
            let dropped = await eventually(10) { await RawHTTP.request(e.peers[0], "GET", "/peers").lines.count == 2 }
            #expect(dropped)
            let log = readFile(e.stateDirectory + "/logs/ipfs-cluster/ipfs-cluster/" +
                               (try FileManager.default.contentsOfDirectory(atPath: e.stateDirectory + "/logs/ipfs-cluster/ipfs-cluster")
                                   .first { readFile(e.stateDirectory + "/logs/ipfs-cluster/ipfs-cluster/" + $0).contains("shutting down Cluster") } ?? "x"))
            #expect(log.contains("stopping StatelessPinTracker"))
            try await sim.startPeer("IpfsCluster1")
            let back = await eventually(10) { await RawHTTP.request(e.peers[1], "GET", "/id").status == 200 }
            #expect(back)
            #expect(await RawHTTP.request(e.peers[0], "GET", "/peers").lines.count == 3)
        }
    }

    @Test func loadBalancerRoundRobinsAcrossLivePeers() async throws {
        try await withSimulator { sim, e in
            let lb = try #require(e.loadBalancer)
            var names = Set<String>()
            for _ in 0..<6 {
                let r = await RawHTTP.request(lb, "GET", "/id")
                if let n = (r.json() as? [String: Any])?["peername"] as? String { names.insert(n) }
            }
            #expect(names.count == 3)
            try await sim.freeze(peer: "IpfsCluster0")
            var after = Set<String>()
            for _ in 0..<6 {
                let r = await RawHTTP.request(lb, "GET", "/id", timeout: 3)
                if let n = (r.json() as? [String: Any])?["peername"] as? String { after.insert(n) }
            }
            #expect(after == ["IpfsCluster1", "IpfsCluster2"])
        }
    }
}
}
