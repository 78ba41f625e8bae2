import ClusterAPI
import Foundation
import Testing
@testable import ConsoleCore

/// The instant of a ClusterAPI time as the table stores it.
func pinTime(_ t: ClusterTime) -> PinTime {
    t.isUnset ? .unset : PinTime(nanoseconds: t.unixSeconds * 1_000_000_000 + Int64(t.nanoseconds))
}

@Suite struct PinTableDecoderTests {
    let peers = (0..<4).map(PinFixtures.peerID)

    /// Fuzzily spelled lines, fed in random chunks, must give what the general decoder (JSONDecoder
    /// into ClusterAPI's `GlobalPinInfo`, as `ClusterClient.pins()` does) reads from them.
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func matchesClusterAPIOnFuzzyInput(seed: UInt64) throws {
        let (lines, truth) = PinFixtures.pinsLines(count: 300, peers: peers, seed: seed)
        let body = Array((lines.joined(separator: "\n") + (seed % 2 == 0 ? "\n" : "")).utf8)
        var table = PinTable()
        try PinFixtures.decode(body, source: .pins, into: &table, seed: seed, maxChunk: Int(seed) * 50)
        #expect(table.liveCount == lines.count)
        let decoder = JSONDecoder()
        for (line, g) in zip(lines, truth) {
            let m = try decoder.decode(GlobalPinInfo.self, from: Data(line.utf8))
            let r = try #require(table.row(cid: m.cid))
            #expect(table.cid(r) == m.cid)
            #expect(table.name(r) == m.name)
            #expect(table.name(r) == g.name)
            #expect(table.createdTime(r) == pinTime(m.created))
            #expect(table.createdTime(r) == g.created)
            #expect(Set(table.allocations(r).map { table.peers[$0].id }) == Set(m.allocations))
            #expect((table.extras(r)?.metadata ?? [:]) == m.metadata)
            #expect((table.extras(r)?.origins ?? []) == m.origins)
            for p in peers {
                let pi = try #require(table.peerIndex(p))
                guard let e = m.peerMap[p] else {
                    #expect(table.status(r, peer: pi) == .unknown)
                    continue
                }
                #expect(table.statusName(table.status(r, peer: pi)) == e.status.rawValue)
                #expect(table.errorText(r, peer: pi) == e.error)
                #expect(table.attempts(r, peer: pi) == e.attemptCount)
                #expect(table.isPriority(r, peer: pi) == e.priorityPin)
                #expect(table.entryTime(r, peer: pi) == pinTime(e.timestamp))
                #expect(table.peers[pi].peername == e.peername)
                let t = try #require(g.entries.first { $0.peer == p })
                #expect(table.entryTime(r, peer: pi) == t.time)
            }
        }
        let counts = table.recount()
        #expect(counts.pinsByWorst == table.counters.pinsByWorst)
        #expect(counts.entries == table.counters.entries)
    }

    @Test func stringEscapesAndSurrogates() throws {
        let line = #"{"cid":"bafyX","name":"a\"b\\c\/d\b\f\n\r\t\u00e9\u65E5\ud83d\ude00\u0000!","peer_map":null}"#
        var table = PinTable()
        try PinFixtures.decode(line, source: .pins, into: &table)
        let m = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        #expect(table.name(0) == m["name"] as! String)
        #expect(table.name(0) == "a\"b\\c/d\u{8}\u{c}\n\r\té日😀\u{0}!")
    }

    @Test func acceptsFlatPinInfoAndWhitespaceAndNulls() throws {
        let line = "  {\t\"status\" : \"pin_error\" , \"peer\":\"\(peers[0])\", \"cid\":\"bafyQ\", \"name\":null, \"error\":\"x\", \"attempt_count\":null, \"priority_pin\":true, \"timestamp\":null, \"created\":null, \"allocations\":null, \"metadata\":null, \"origins\":null } \r\n\n   \n"
        var table = PinTable()
        try PinFixtures.decode(line, source: .pins, into: &table)
        #expect(table.liveCount == 1)
        let p = try #require(table.peerIndex(peers[0]))
        #expect(table.status(0, peer: p) == .pinError)
        #expect(table.errorText(0, peer: p) == "x")
        #expect(table.isPriority(0, peer: p))
        #expect(table.entryTime(0, peer: p).isUnset)
    }

    @Test func unknownStatusIsInternedAsOther() throws {
        var table = PinTable()
        try PinFixtures.decode(PinFixtures.entryLine(cid: "bafyO", peers: [(peers[0], "pin_warped"), (peers[1], "pinned")]),
                               source: .pins, into: &table)
        let s = table.status(0, peer: 0)
        #expect(s.isOther)
        #expect(table.statusName(s) == "pin_warped")
        #expect(table.worstStatus(0) == s)
    }

    /// Each malformed line with the byte offset (in the whole stream) of the problem.
    @Test(arguments: [
        (#"{"cid":"a","name":"x""#, 21, "end of line"),
        (#"{"cid":"a\qb"}"#, 9, "invalid escape"),
        (#"{"cid":"a","name":"\ud800x"}"#, 19, "unpaired high surrogate"),
        (#"{"cid":"a","name":"\udc00"}"#, 19, "unpaired low surrogate"),
        (#"{"cid":"a"} x"#, 12, "after the JSON value"),
        ("{\"cid\":\"a\u{01}\"}", 9, "control character"),
        (#"{"name":"x"}"#, 0, "no \"cid\""),
        (#"{"cid":"a","peer_map":{"p":{"attempt_count":01}}}"#, 44, "leading zero"),
        (#"{"cid":"a","peer_map":{"p":{"attempt_count":1.5}}}"#, 44, "integer"),
        (#"{"cid":"a","created":"2021-13-07T16:24:58Z"}"#, 21, "RFC 3339"),
        (#"{"cid":"a","x":[1,2,]}"#, 20, "a value"),
        (#"{"cid":"a","x":tru}"#, 15, "literal"),
        (#"{"cid":"a","name":"\u12G4"}"#, 23, "hex digit"),
        (#"{"cid":"a",}"#, 11, "key"),
        (#"["cid"]"#, 0, "object"),
        (#"{"cid":"a","name":5}"#, 18, "string or null"),
    ])
    func malformedLineReportsOffset(line: String, offset: Int, reason: String) {
        let good = PinFixtures.entryLine(cid: "bafyGood", peers: [(peers[0], "pinned")])
        var table = PinTable()
        do {
            try PinFixtures.decode(good + line + "\n" + good, source: .pins, into: &table)
            Issue.record("accepted malformed line \(line)")
        } catch {
            #expect(error.offset == good.utf8.count + offset, "\(error)")
            #expect(error.line == 2)
            #expect(error.reason.contains(reason), "\(error.reason)")
        }
        #expect(table.liveCount == 1) // the good line before it stays
    }

    @Test func invalidUTF8IsRejected() {
        var bytes = Array(#"{"cid":"ab"#.utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\"}\n".utf8)
        var table = PinTable()
        #expect(throws: PinDecodeError.self) { try PinFixtures.decode(bytes, source: .pins, into: &table) }
    }

    @Test func allocationsStream() throws {
        var table = PinTable()
        let body = PinFixtures.allocationLine(cid: "bafyA1", name: "one", allocations: [peers[0], peers[2]], rmin: 2, rmax: 3)
            + #"{"cid":"bafyA2","type":"meta-pin","mode":"direct","max_depth":1,"expire_at":"2026-06-20T10:00:00.123456789Z","metadata":{"env":"prod"},"origins":["/ip4/1.1.1.1"],"name":"two","unknown":{"a":[1,{"b":null}]}}"#
        try PinFixtures.decode(body, source: .allocations, into: &table)
        let decoder = JSONDecoder()
        for line in body.split(separator: "\n") {
            let m = try decoder.decode(ClusterAPI.Pin.self, from: Data(line.utf8))
            let r = try #require(table.row(cid: m.cid))
            #expect(table.name(r) == m.name)
            #expect(table.pinType(r).wireName == m.type.rawValue)
            #expect(table.pinMode(r).wireName == m.options.mode.rawValue)
            #expect(Set(table.allocations(r).map { table.peers[$0].id }) == Set(m.allocations))
            #expect((table.extras(r)?.metadata ?? [:]) == m.options.metadata)
            #expect((table.extras(r)?.origins ?? []) == m.options.origins)
            #expect((table.extras(r)?.expireAt ?? .unset) == pinTime(m.options.expireAt))
            #expect(table.createdTime(r) == pinTime(m.timestamp))
        }
        // Replication factors as ClusterAPI reads them (0 when the field is absent).
        let first = try decoder.decode(ClusterAPI.Pin.self, from: Data(body.split(separator: "\n")[0].utf8))
        let r1 = try #require(table.row(cid: first.cid))
        #expect(table.replication(r1).min == first.replicationFactorMin)
        #expect(table.replication(r1).max == first.replicationFactorMax)
        let r2 = try #require(table.row(cid: "bafyA2"))
        #expect(table.pinType(r2) == .metaPin)
        #expect(table.pinMode(r2) == .direct)
        #expect(table.extras(r2)?.maxDepth == 1)
        #expect(table.extras(r2)?.expireAt == PinTime.parse("2026-06-20T10:00:00.123456789Z"))
        #expect(table.extras(r2)?.metadata == ["env": "prod"])
        #expect(table.createdTime(0) == PinTime.parse("2021-12-07T15:24:58Z"))
        #expect(table.extras(0) == nil)
    }

    @Test func peersStream() throws {
        let body = """
        {"id":"\(peers[0])","addresses":["/ip4/10.0.0.71/tcp/9096/p2p/\(peers[0])"],"cluster_peers":["\(peers[0])","\(peers[1])"],"cluster_peers_addresses":[],"version":"1.1.6","commit":"","rpc_protocol_version":"/ipfscluster/1.0/rpc","error":"","ipfs":{"id":"12D3KooWRpU1","addresses":[],"error":""},"peername":"IpfsCluster0"}
        {"id":"\(peers[1])","addresses":null,"cluster_peers":null,"cluster_peers_addresses":null,"version":"","commit":"","rpc_protocol_version":"","error":"context deadline exceeded","ipfs":{"addresses":null,"error":""},"peername":""}
        """
        var table = PinTable()
        try PinFixtures.decode(body, source: .peers, into: &table)
        #expect(table.peerCount == 2)
        for line in body.split(separator: "\n") {
            let m = try JSONDecoder().decode(ClusterPeer.self, from: Data(line.utf8))
            let p = try #require(table.peerIndex(m.id))
            #expect(table.peers[p].peername == m.peername)
            #expect(table.peers[p].version == m.version)
            #expect(table.peers[p].error == m.error)
            #expect(table.peers[p].clusterPeers == m.clusterPeers)
            #expect(table.peers[p].ipfsPeerID == (m.ipfs.id ?? ""))
        }
        #expect(table.peers[0].peername == "IpfsCluster0")
        #expect(table.peers[0].version == "1.1.6")
        #expect(table.peers[0].ipfsPeerID == "12D3KooWRpU1")
        #expect(table.peers[0].clusterPeers == [peers[0], peers[1]])
        #expect(table.peers[1].error == "context deadline exceeded")
    }

    @Test func timeParsing() {
        #expect(PinTime.parse("2021-12-07T16:25:07.48933158+01:00")?.description == "2021-12-07T15:25:07.48933158Z")
        #expect(PinTime.parse("2026-05-21T09:58:12Z")?.description == "2026-05-21T09:58:12Z")
        #expect(PinTime.parse("0001-01-01T00:00:00Z") == .unset)
        #expect(PinTime.parse("1970-01-01T00:00:00.000000001Z")?.nanoseconds == 1)
        #expect(PinTime.parse("2021-12-07 16:25:07") == nil)
        #expect(PinTime.parse("2021-12-07T16:25:07.Z") == nil)
    }
}
