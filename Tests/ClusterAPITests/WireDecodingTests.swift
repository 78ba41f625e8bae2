import Foundation
import Testing
@testable import ClusterAPI

private let decoder = JSONDecoder()

private func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
    try decoder.decode(T.self, from: Data(json.utf8))
}

/// Re-encodes and decodes again: `--json` output must carry the same wire field names.
private func roundTrip<T: Codable & Equatable>(_ value: T) throws -> T {
    try decoder.decode(T.self, from: JSONEncoder().encode(value))
}

@Suite("Wire types against the raw recordings")
struct RecordedWireTests {
    @Test func idRecordingParsesAsOnTheWire() throws {
        let r = try RecordedHTTP.load("recorded/01-id.http")
        #expect(r.status == 200)
        #expect(r.header("Content-Type") == ["application/json"])
        #expect(r.header("Content-Length") == ["819"])
        #expect(r.body.count == 819)
        let id = try decoder.decode(ClusterPeer.self, from: Data(r.body))
        #expect(id.id == "12D3KooWSF7s6w197jQHbGzc5G7WrDDruK8cxM885V7eA7HzNuDP")
        #expect(id.peername == "p1")
        #expect(id.clusterPeers.count == 3)
        #expect(id.version == "1.1.6")
        #expect(id.commit == "")
        #expect(id.rpcProtocolVersion == "/ipfscluster/1.0/rpc")
        #expect(id.ipfs.id == "12D3KooWKJj5VzGfuyRouCnkcrNUwUdNMtcmjjLUa82iKpnL2bWo")
        #expect(id.ipfs.error.isEmpty)
        #expect(try roundTrip(id) == id)
    }

    @Test func versionRecording() throws {
        let r = try RecordedHTTP.load("recorded/02-version.http")
        #expect(try decoder.decode(ClusterVersion.self, from: Data(r.body)).version == "1.1.6")
    }

    @Test func peersStreamChunksAndTrailer() throws {
        let r = try RecordedHTTP.load("recorded/03-peers.http")
        #expect(r.isChunked)
        #expect(r.header("Trailer") == ["X-Stream-Error"])
        #expect(r.chunkSizes == [0x333, 0x333, 0x333, 0])
        #expect(r.trailers.count == 1)
        #expect(r.trailers.first?.0 == "X-Stream-Error")
        #expect(r.trailers.first?.1 == "")
        let peers = try r.lines.map { try decoder.decode(ClusterPeer.self, from: Data($0)) }
        #expect(peers.map(\.peername) == ["p1", "p3", "p2"])
        #expect(peers.allSatisfy { $0.error.isEmpty && $0.clusterPeers.count == 3 })
    }

    @Test func emptyPinsIs204WithDeclaredTrailer() throws {
        let r = try RecordedHTTP.load("recorded/04-pins-empty.http")
        #expect(r.status == 204)
        #expect(r.header("Trailer") == ["X-Stream-Error"])
        #expect(r.body.isEmpty)
    }

    @Test func metricsRecordingsDecodeNanosecondsAndPing() throws {
        let free = try decoder.decode([Metric].self, from: Data(try RecordedHTTP.load("recorded/07-monitor-metrics-freespace.http").body))
        #expect(free.count == 3)
        #expect(free[0].expire == 1_795_237_962_333_194_787)
        #expect(free[0].receivedAt == 1_795_237_932_333_992_554)
        #expect(free[0].weight == 107_374_182_400)
        #expect(free[0].ping == nil)
        let year = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: free[0].expireDate).year
        #expect(year == 2026)
        let ping = try decoder.decode([Metric].self, from: Data(try RecordedHTTP.load("recorded/08-monitor-metrics-ping.http").body))
        #expect(ping.map { $0.ping?.peerName } == ["p3", "p2", "p1"])
        #expect(ping[0].ping?.ipfsID == "12D3KooWCL5mHsu6eFzD9z4MnhZvCqyLHac9TdC3KqRLFnM9Tgxk")
        #expect(ping[0].ping?.ipfsAddresses == [])
    }

    @Test func errorRecordings() throws {
        let nf = try RecordedHTTP.load("recorded/17-not-found-route.http")
        #expect(nf.status == 404)
        #expect(try decoder.decode(APIErrorBody.self, from: Data(nf.body)) == APIErrorBody(code: 404, message: "not found"))
        let wm = try RecordedHTTP.load("recorded/18-wrong-method.http")
        #expect(wm.status == 405)
        #expect(wm.body.isEmpty)
        #expect(wm.header("Content-Type").isEmpty)
        let unk = try RecordedHTTP.load("recorded/54-unpin-unknown.http")
        #expect(try decoder.decode(APIErrorBody.self, from: Data(unk.body)).message == "pin is not part of the pinset")
        let auth = try RecordedHTTP.load("recorded/80-auth-no-credentials.http")
        #expect(auth.status == 401)
        #expect(auth.header("Www-Authenticate").count == 2)
        #expect(try decoder.decode(APIErrorBody.self, from: Data(auth.body)).message == "unauthorized: no auth provided")
    }

    @Test func pinAddRecording() throws {
        let pin = try decoder.decode(Pin.self, from: Data(try RecordedHTTP.load("recorded/21-pin-add-options.http").body))
        #expect(pin.name == "beta-pin")
        #expect(pin.options.replicationFactorMin == 2)
        #expect(pin.options.metadata == ["env": "test", "owner": "console"])
        #expect(pin.options.userAllocations == [])      // was null
        #expect(pin.options.origins == [])              // was null
        #expect(pin.options.expireAt.isUnset)
        #expect(pin.options.pinUpdate == nil)
        #expect(pin.type == .pin)
        #expect(pin.allocations.count == 2)
        #expect(pin.timestamp.nanoseconds == 676_356_870) // 8 fraction digits on the wire
        #expect(pin.timestamp.rfc3339 == "2026-11-21T05:12:38.67635687Z")
        #expect(try roundTrip(pin) == pin)
    }

    @Test func pinsStreamRecording() throws {
        let r = try RecordedHTTP.load("recorded/28-pins-all.http")
        #expect(r.chunkSizes == [0x3b6, 0x3c7, 0x41f, 0x381, 0x63b, 0])
        let items = try r.lines.map { try decoder.decode(GlobalPinInfo.self, from: Data($0)) }
        #expect(items.count == 5)
        let gamma = try #require(items.first { $0.name == "gamma-fails" })
        #expect(gamma.peerMap.values.allSatisfy { $0.status == .pinError && $0.attemptCount == 1 && $0.priorityPin })
        // Go escapes & as \u0026 inside strings.
        #expect(gamma.peerMap.values.first?.error.contains("&recursive=true&progress=true") == true)
        let eps = try #require(items.first { $0.name == "eps" })
        #expect(eps.sortedEntries.map(\.info.status) == [.pinned, .remote, .remote])
        #expect(eps.metadata.isEmpty)
        for item in items { #expect(try roundTrip(item) == item) }
    }

    @Test func filteredAndUnknownCIDRecordings() throws {
        let f = try RecordedHTTP.load("recorded/30-pins-filter-pin_error.http")
        #expect(try f.lines.map { try decoder.decode(GlobalPinInfo.self, from: Data($0)).name } == ["gamma-fails"])
        let u = try decoder.decode(GlobalPinInfo.self, from: Data(try RecordedHTTP.load("recorded/38-pin-status-unknown-cid.http").body))
        #expect(u.origins == [])
        #expect(u.peerMap.count == 3)
        #expect(u.peerMap.values.allSatisfy { $0.status == .unpinned })
    }

    @Test func allocationsAndUnpinRecordings() throws {
        let r = try RecordedHTTP.load("recorded/40-allocations.http")
        let pins = try r.lines.map { try decoder.decode(Pin.self, from: Data($0)) }
        #expect(pins.count == 5)
        #expect(pins.filter { $0.replicationFactorMin == -1 }.count == 3)
        #expect(pins.allSatisfy { $0.options.mode == .recursive && $0.maxDepth == -1 })
        let unpinned = try decoder.decode(Pin.self, from: Data(try RecordedHTTP.load("recorded/53-unpin-alpha.http").body))
        #expect(unpinned.cid == "QmXxC4gWwta8M211tpZ4r3kQE7jRKEeKd2qzXRBrPd67zo")
    }
}

@Suite("Wire types against constructed examples and edge cases")
struct ConstructedWireTests {
    @Test func idVariants() throws {
        let down = try decoder.decode(ClusterPeer.self, from: try fixtureLines("id-ipfs-down")[0])
        #expect(down.ipfs.id == nil)
        #expect(down.ipfs.addresses == [])
        #expect(down.ipfs.error.contains("connection refused"))
        let unreachable = try decoder.decode(ClusterPeer.self, from: try fixtureLines("peers-unreachable")[0])
        #expect(unreachable.error == "context deadline exceeded")
        #expect(unreachable.addresses == [] && unreachable.clusterPeers == [])
        let healthy = try decoder.decode(ClusterPeer.self, from: try fixtureLines("id-healthy")[0])
        #expect(healthy.peername == "IpfsCluster0")
    }

    @Test func pinVariants() throws {
        let a = try decoder.decode(Pin.self, from: try fixtureLines("pin-allocations")[0])
        #expect(a.timestamp.offsetSeconds == 3600)
        #expect(a.timestamp.ctlDateTime == "2021-12-07 16:24:58")
        #expect(a.timestamp.unixSeconds == 1_638_890_698)
        let p = try decoder.decode(Pin.self, from: try fixtureLines("pin-post-expire")[0])
        #expect(!p.options.expireAt.isUnset)
        #expect(p.options.expireAt.nanoseconds == 123_456_789)
        #expect(p.options.metadata == ["env": "staging"])
        #expect(p.allocations == [])
    }

    @Test func globalPinInfoOmittedFields() throws {
        let g = try decoder.decode(GlobalPinInfo.self, from: try fixtureLines("globalpininfo-mixed")[0])
        #expect(g.peerMap.count == 3)
        let err = try #require(g.peerMap["12D3KooWH7w2NDcZWxnS885rZgaPz65NAXhv45JkMLdK1x5aJi2C"])
        #expect(err.ipfsPeerID == nil)
        #expect(err.ipfsPeerAddresses == [])
        #expect(err.status == .pinError)
        let states = try fixtureLines("pininfoshort-states").map { try decoder.decode(PinInfoShort.self, from: $0) }
        #expect(states.map(\.status) == [.remote, .unexpectedlyUnpinned, .pinQueued, .pinError])
        #expect(states[2].timestamp.nanoseconds == 500_000_000)
    }

    @Test func unknownEnumValuesAreKept() throws {
        let json = #"{"peername":"x","status":"pin_teleporting","timestamp":"2026-05-21T10:06:00Z","error":"","attempt_count":0,"priority_pin":false}"#
        let s = try decode(PinInfoShort.self, json)
        #expect(s.status.rawValue == "pin_teleporting")
        #expect(!s.status.isKnown)
        #expect(s.status.ctlName == "PIN_TELEPORTING")
        let pin = try decode(Pin.self, #"{"cid":"Qm1","type":"quantum-pin","mode":"sideways","allocations":null}"#)
        #expect(pin.type.rawValue == "quantum-pin")
        #expect(pin.options.mode.rawValue == "sideways")
        let back = try roundTrip(pin)
        #expect(back.type == pin.type && back.options.mode == pin.options.mode)
    }

    @Test func nullsAndEmptyCollectionsAreAlike() throws {
        let a = try decode(GlobalPinInfo.self, #"{"cid":"Qm1","name":"","allocations":null,"origins":null,"created":"0001-01-01T00:00:00Z","metadata":null,"peer_map":null}"#)
        let b = try decode(GlobalPinInfo.self, #"{"cid":"Qm1","name":"","allocations":[],"origins":[],"created":"0001-01-01T00:00:00Z","metadata":{},"peer_map":{}}"#)
        let c = try decode(GlobalPinInfo.self, #"{"cid":"Qm1"}"#)
        #expect(a == b)
        #expect(b == c)
        #expect(a.created.isUnset)
        #expect(a.created.date == nil)
    }

    @Test(arguments: [
        ("2021-12-07T15:24:58Z", Int64(1_638_890_698), Int32(0)),
        ("2021-12-07T15:24:58.1Z", 1_638_890_698, 100_000_000),
        ("2021-12-07T15:24:58.12Z", 1_638_890_698, 120_000_000),
        ("2021-12-07T15:24:58.123Z", 1_638_890_698, 123_000_000),
        ("2021-12-07T15:24:58.1234Z", 1_638_890_698, 123_400_000),
        ("2021-12-07T15:24:58.12345Z", 1_638_890_698, 123_450_000),
        ("2021-12-07T15:24:58.123456Z", 1_638_890_698, 123_456_000),
        ("2021-12-07T15:24:58.1234567Z", 1_638_890_698, 123_456_700),
        ("2021-12-07T15:24:58.12345678Z", 1_638_890_698, 123_456_780),
        ("2021-12-07T15:24:58.123456789Z", 1_638_890_698, 123_456_789),
        ("2021-12-07T16:25:07.48933158+01:00", 1_638_890_707, 489_331_580),
        ("2021-12-07T10:24:58-05:00", 1_638_890_698, 0),
        ("2021-12-07T21:09:58+05:45", 1_638_890_698, 0),
        ("1970-01-01T00:00:00Z", 0, 0),
        ("2024-02-29T23:59:59.999999999Z", 1_709_251_199, 999_999_999),
    ])
    func rfc3339Variants(text: String, seconds: Int64, nanos: Int32) throws {
        let t = try ClusterTime(parsing: text)
        #expect(t.unixSeconds == seconds)
        #expect(t.nanoseconds == nanos)
        #expect(t.rfc3339 == text)
        #expect(!t.isUnset)
    }

    // More than 9 fractional digits are accepted and truncated, as Go's time.Parse does (see ConsoleBaseTests).
    @Test(arguments: ["", "2021-12-07", "2021-12-07T15:24:58", "2021-12-07T15:24:58.Z",
                      "2021-13-07T15:24:58Z", "2021-12-07T15:24:58+0100",
                      "2021-12-07T15:24:58Zjunk", "garbage"])
    func rfc3339Rejects(text: String) {
        #expect(throws: ClusterTimeError.self) { try ClusterTime(parsing: text) }
    }

    @Test func badTimeInsideAPinIsADecodingErrorNotACrash() {
        #expect(throws: DecodingError.self) { try decode(Pin.self, #"{"cid":"Qm1","timestamp":"yesterday"}"#) }
    }

    @Test func goZeroTimeMeansUnset() throws {
        #expect(ClusterTime.goZero.isUnset)
        #expect(try ClusterTime(parsing: "0001-01-01T00:00:00Z").isUnset)
        #expect(!(try ClusterTime(parsing: "0001-01-01T00:00:01Z")).isUnset)
    }

    @Test func metricsAlertsAndHealth() throws {
        let lines = try fixtureLines("metrics")
        let arr = try decoder.decode([Metric].self, from: lines[0])
        #expect(arr[0].expire == 1_779_357_630_123_456_789)
        let ping = try decoder.decode(Metric.self, from: lines[1])
        #expect(ping.ping?.peerName == "IpfsCluster0")
        #expect(ping.ping?.ipfsAddresses.count == 1)
        #expect(try decoder.decode(Metric.self, from: lines[2]).partitionable)

        let alerts = try decoder.decode([Alert].self, from: try fixtureLines("alerts")[0])
        #expect(alerts[0].metric.name == "ping")
        #expect(alerts[0].triggeredAt.nanoseconds == 888_311_440)
        #expect(alerts[0].metric.ping?.peerName == "IpfsCluster2")
        let alertJSON = String(decoding: try JSONEncoder().encode(alerts[0]), as: UTF8.self)
        #expect(alertJSON.contains(#""triggered_at":"2026-05-21T10:00:41.88831144Z""#))
        #expect(alertJSON.contains(#""received_at":1779357604000000000"#))
        #expect(try roundTrip(alerts[0]) == alerts[0])

        let g = try decoder.decode(ConnectGraph.self, from: try fixtureLines("connectgraph")[0])
        #expect(g.clusterLinks["12D3KooWBhEzKxgj5CMSriTXPXtjdpkoXxuHZAJvZ77NAQqNijXW"] == [])
        #expect(g.idToPeername.count == 2)
        #expect(try roundTrip(g) == g)

        let gc = try decoder.decode(GlobalRepoGC.self, from: try fixtureLines("globalrepogc")[0])
        #expect(gc.peerMap.count == 2)
        let failed = try #require(gc.peerMap["12D3KooWH7w2NDcZWxnS885rZgaPz65NAXhv45JkMLdK1x5aJi2C"])
        #expect(failed.keys == [])
        #expect(failed.error.contains("connection refused"))
        #expect(try roundTrip(gc) == gc)

        let bw = try decoder.decode(BandwidthReport.self, from: try fixtureLines("bandwidth")[0])
        #expect(bw.byProtocol["/ipfscluster/1.0/rpc"]?.totalIn == 48_213_311)
        #expect(bw.byProtocol["/meshsub/1.1.0"]?.rateOut == 231.9)
        #expect(try decode(BandwidthReport.self, "null").byProtocol.isEmpty)

        let token = try decoder.decode(ClusterToken.self, from: try fixtureLines("token")[0])
        #expect(token.token.hasPrefix("eyJ"))
        #expect(!"\(token)".contains("eyJ"))

        let errors = try fixtureLines("errors").map { try decoder.decode(APIErrorBody.self, from: $0) }
        #expect(errors.map(\.code) == [404, 401, 400, 500])
    }

    @Test func encodedFieldNamesMatchTheWire() throws {
        let g = try decoder.decode(GlobalPinInfo.self, from: try fixtureLines("globalpininfo-mixed")[0])
        let json = String(decoding: try JSONEncoder().encode(g), as: UTF8.self)
        for key in ["\"peer_map\"", "\"attempt_count\"", "\"priority_pin\"", "\"ipfs_peer_id\"", "\"created\""] {
            #expect(json.contains(key))
        }
        let pin = try decoder.decode(Pin.self, from: try fixtureLines("pin-allocations")[0])
        let pj = String(decoding: try JSONEncoder().encode(pin), as: UTF8.self)
        for fragment in [#""replication_factor_min":2"#, #""replication_factor_max":3"#, #""name":"cluster-website""#,
                         #""user_allocations":[]"#, #""max_depth":-1"#, #""pin_update":null"#, #""shard_size":0"#] {
            #expect(pj.contains(fragment), "\(fragment)")
        }
        #expect(pj.contains(#""expire_at":"0001-01-01T00:00:00Z""#))
        #expect(pj.contains(#""timestamp":"2021-12-07T16:24:58+01:00""#))
    }
}
