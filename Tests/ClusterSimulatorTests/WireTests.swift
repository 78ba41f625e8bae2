import Foundation
import Testing
@testable import ClusterSimulator

/// Wire details checked against the raw recordings of a real v1.1.6 cluster.
extension SimulatorTests {
@Suite struct WireTests {
    @Test func idHasRecordedHeadersFieldOrderAndNewline() async throws {
        try await withSimulator { _, e in
            let r = await RawHTTP.request(e.peers[0], "GET", "/id")
            #expect(r.status == 200)
            #expect(r.headers.map(\.0) == ["Content-Type", "Vary", "Date", "Content-Length"])
            #expect(r.header("Content-Type") == "application/json")
            #expect(r.header("Content-Length") == String(r.body.count))
            #expect(r.body.last == 0x0A)
            #expect(keyOrder(r.text) == ["id", "addresses", "cluster_peers", "cluster_peers_addresses", "version", "commit",
                                         "rpc_protocol_version", "error", "ipfs", "peername"])
            let obj = try #require(r.json() as? [String: Any])
            #expect(obj["peername"] as? String == "IpfsCluster0")
            #expect((obj["id"] as? String)?.hasPrefix("12D3KooW") == true)
            #expect((obj["id"] as? String)?.count == 52)
            #expect((obj["cluster_peers"] as? [String])?.count == 3)
            #expect((obj["addresses"] as? [String])?.first?.hasPrefix("/ip4/10.0.") == true)
            let version = await RawHTTP.request(e.peers[0], "GET", "/version")
            #expect(version.text == "{\"version\":\"1.1.6\"}\n")
        }
    }

    @Test func peersIsChunkedNDJSONWithEmptyTrailer() async throws {
        try await withSimulator { _, e in
            let r = await RawHTTP.request(e.peers[1], "GET", "/peers")
            #expect(r.status == 200)
            #expect(r.headers.map(\.0).prefix(4) == ["Content-Type", "Trailer", "Vary", "Date"])
            #expect(r.header("Trailer") == "X-Stream-Error")
            #expect(r.header("Transfer-Encoding")?.lowercased() == "chunked")
            #expect(r.complete)
            #expect(r.chunkSizes.count == 3)
            #expect(r.lines.count == 3)
            #expect(r.trailers.count == 1 && r.trailers.first?.0 == "X-Stream-Error" && r.trailers.first?.1 == "")
            // The contacted peer answers first.
            let first = try #require(try JSONSerialization.jsonObject(with: Data(r.lines[0].utf8)) as? [String: Any])
            #expect(first["peername"] as? String == "IpfsCluster1")
        }
    }

    @Test func emptyStreamsAre204WithTrailerDeclared() async throws {
        try await withSimulator { _, e in
            for path in ["/pins", "/allocations", "/pins?filter=pin_error"] {
                let r = await RawHTTP.request(e.peers[0], "GET", path)
                #expect(r.status == 204, "\(path)")
                #expect(r.body.isEmpty)
                #expect(r.header("Trailer") == "X-Stream-Error")
                #expect(r.header("Content-Type") == "application/json")
            }
            let rec = await RawHTTP.request(e.peers[0], "POST", "/pins/recover?local=true")
            #expect(rec.status == 204)
        }
    }

    @Test func routingErrorsMatchRecordings() async throws {
        try await withSimulator { _, e in
            let nf = await RawHTTP.request(e.peers[0], "GET", "/doesnotexist")
            #expect(nf.status == 404)
            #expect(nf.text == "{\"code\":404,\"message\":\"not found\"}\n")
            let wm = await RawHTTP.request(e.peers[0], "PUT", "/pins")
            #expect(wm.status == 405)
            #expect(wm.body.isEmpty)
            #expect(wm.header("Content-Type") == nil)
            #expect(wm.header("Vary") == "Origin")
            let redirect = await RawHTTP.request(e.peers[0], "GET", "/pins/?filter=pinned")
            #expect(redirect.status == 307)
            #expect(redirect.header("Location") == "/pins?filter=pinned")
            let badCid = await RawHTTP.request(e.peers[0], "GET", "/pins/notacid")
            #expect(badCid.status == 400)
            #expect(badCid.text == "{\"code\":400,\"message\":\"error decoding Cid: invalid cid: selected encoding not supported\"}\n")
            let badFilter = await RawHTTP.request(e.peers[0], "GET", "/pins?filter=bogus")
            #expect(badFilter.status == 400)
            #expect(badFilter.text.contains("invalid filter value"))
            let unpinUnknown = await RawHTTP.request(e.peers[0], "DELETE", "/pins/QmUaixL92mVoMVGtUUoUtNFJKmPoHberuKiJSD7GFqeGWk")
            #expect(unpinUnknown.status == 404)
            #expect(unpinUnknown.text == "{\"code\":404,\"message\":\"pin is not part of the pinset\"}\n")
            let rmPeer = await RawHTTP.request(e.peers[0], "DELETE", "/peers/\(e.peerIDs[2])")
            #expect(rmPeer.status == 500)
            #expect(rmPeer.text.contains("crdt consensus component cannot remove peers"))
            let tooMany = await RawHTTP.request(e.peers[0], "POST", "/pins/bafkreihujzsooxzzjdu7op4n7kkhehcm5df3j4tfyr4qy4blfva47pzhkm?replication-min=5&replication-max=5")
            #expect(tooMany.status == 500)
            #expect(tooMany.text.contains("not enough peers to allocate CID. Needed at least: 5. Wanted at most: 5. Available candidates: 3."))
        }
    }

    @Test func pinOptionsThroughThePathRoute() async throws {
        try await withSimulator { _, e in
            let cid = "QmXvQLhK2heNz65fWRabTfbzXwYfaBgEBuTdUJNzp69Xjx"
            let r = await RawHTTP.request(e.peers[0], "POST",
                "/pins/ipfs/\(cid)?name=logs&replication-min=1&replication-max=2&user-allocations=\(e.peerIDs[2])&expire-in=720h&meta-env=staging&mode=direct")
            #expect(r.status == 200)
            let pin = try #require(r.json() as? [String: Any])
            #expect(pin["user_allocations"] as? [String] == [e.peerIDs[2]])
            #expect((pin["allocations"] as? [String])?.contains(e.peerIDs[2]) == true)
            #expect(pin["mode"] as? String == "direct" && pin["max_depth"] as? Int == 0)
            #expect((pin["expire_at"] as? String)?.hasPrefix("0001") == false)
            #expect(r.text.contains("\"origins\":null"))
            let alloc = await RawHTTP.request(e.peers[1], "GET", "/allocations/\(cid)")
            #expect(alloc.status == 200 && alloc.text.contains("\"user_allocations\":null") && alloc.text.contains("\"origins\":[]"))
            let bad = await RawHTTP.request(e.peers[0], "POST", "/pins/\(cid)?replication-min=abc")
            #expect(bad.status == 400 && bad.text.contains("parameter replication-min invalid"))
            let order = await RawHTTP.request(e.peers[0], "POST", "/pins/\(cid)?replication-min=3&replication-max=2")
            #expect(order.status == 500 && order.text.contains("cluster.replication_factor_min is larger than max"))
            #expect(await RawHTTP.request(e.peers[0], "DELETE", "/pins/ipfs/\(cid)").status == 200)
        }
    }

    @Test func unknownPinIs200WithEveryPeerUnpinned() async throws {
        try await withSimulator { _, e in
            let r = await RawHTTP.request(e.peers[0], "GET", "/pins/QmUaixL92mVoMVGtUUoUtNFJKmPoHberuKiJSD7GFqeGWk")
            #expect(r.status == 200)
            #expect(keyOrder(r.text) == ["cid", "name", "allocations", "origins", "created", "metadata", "peer_map"])
            #expect(r.text.contains("\"origins\":null"))
            let obj = try #require(r.json() as? [String: Any])
            let map = try #require(obj["peer_map"] as? [String: [String: Any]])
            #expect(map.count == 3)
            #expect(map.values.allSatisfy { $0["status"] as? String == "unpinned" })
        }
    }

    @Test func goEscapingInStrings() {
        var w = JSONWriter()
        w.string("a<b>&c\"d\\e\n\u{1}\u{2028}é")
        #expect(String(buffer: w.buffer) == "\"a\\u003cb\\u003e\\u0026c\\\"d\\\\e\\n\\u0001\\u2028é\"")
    }

    @Test func authBasicTokenAndUnauthenticatedHealth() async throws {
        try await withSimulator(basicAuth: "admin:p@ssw0rd") { _, e in
            let none = await RawHTTP.request(e.peers[0], "GET", "/id")
            #expect(none.status == 401)
            #expect(none.text == "{\"code\":401,\"message\":\"unauthorized: no auth provided\"}\n")
            #expect(none.headerValues("Www-Authenticate") == ["Bearer realm=\"Restricted IPFS Cluster API\"",
                                                              "Basic realm=\"Restricted IPFS Cluster API\""])
            let wrong = await RawHTTP.request(e.peers[0], "GET", "/id",
                                              headers: [("Authorization", "Basic " + Data("admin:nope".utf8).base64EncodedString())])
            #expect(wrong.status == 401)
            #expect(wrong.text.contains("unauthorized: access denied"))
            let good = [("Authorization", "Basic " + Data("admin:p@ssw0rd".utf8).base64EncodedString())]
            #expect(await RawHTTP.request(e.peers[0], "GET", "/id", headers: good).status == 200)
            let tok = await RawHTTP.request(e.peers[0], "POST", "/token", headers: good)
            #expect(tok.status == 200)
            let token = try #require((tok.json() as? [String: Any])?["token"] as? String)
            #expect(token.split(separator: ".").count == 3)
            #expect(await RawHTTP.request(e.peers[1], "GET", "/id", headers: [("Authorization", "Bearer \(token)")]).status == 200)
            let bad = await RawHTTP.request(e.peers[0], "GET", "/id", headers: [("Authorization", "Bearer x.y.z")])
            #expect(bad.status == 401)
            #expect(bad.text.contains("unauthorized: invalid token"))
            let health = await RawHTTP.request(e.peers[0], "GET", "/health")
            #expect(health.status == 204)
        }
        try await withSimulator { _, e in
            let tok = await RawHTTP.request(e.peers[0], "POST", "/token")
            #expect(tok.status == 401)
            #expect(tok.text == "{\"code\":401,\"message\":\"unauthorized\"}\n")
        }
    }

    @Test func metricsAndAlertsShapes() async throws {
        try await withSimulator { _, e in
            let names = await RawHTTP.request(e.peers[0], "GET", "/monitor/metrics")
            #expect(names.text == "[\"pinqueue\",\"tag:group\",\"freespace\",\"ping\"]\n")
            let ping = await RawHTTP.request(e.peers[0], "GET", "/monitor/metrics/ping")
            let arr = try #require(ping.json() as? [[String: Any]])
            #expect(arr.count == 3)
            #expect(arr.map { $0["peer"] as? String ?? "" } == arr.map { $0["peer"] as? String ?? "" }.sorted())
            let value = try #require(arr.first?["value"] as? String)
            #expect(value.hasPrefix("{\"peer_name\":\"IpfsCluster"))
            #expect(ping.text.hasPrefix("[{\"name\":\"ping\",\"peer\":"))
            let unknown = await RawHTTP.request(e.peers[0], "GET", "/monitor/metrics/doesnotexist")
            #expect(unknown.text == "[]\n")
            let alerts = await RawHTTP.request(e.peers[0], "GET", "/health/alerts")
            #expect(alerts.text == "[]\n")
            let graph = await RawHTTP.request(e.peers[0], "GET", "/health/graph")
            #expect(keyOrder(graph.text) == ["cluster_id", "id_to_peername", "ipfs_links", "cluster_links", "cluster_trust_links", "cluster_to_ipfs"])
            let gc = await RawHTTP.request(e.peers[0], "POST", "/ipfs/gc")
            #expect(((gc.json() as? [String: Any])?["peer_map"] as? [String: Any])?.count == 3)
            let bw = await RawHTTP.request(e.peers[0], "GET", "/health/bandwidth")
            #expect(bw.status == 200 && bw.text.contains("total_in"))
        }
    }
}
}
