import ClusterAPI
import Foundation
@testable import ConsoleCore

/// Builders for update tests: real wire shapes, fixed times.
enum Fixture {
    static let t0 = Date(timeIntervalSince1970: 1_779_357_600)
    static let p1 = "12D3KooWRjwfEtpPmnnjkUbwv4mWtWoUdmKemcqwfLNFGPV3P8PC"
    static let p2 = "12D3KooWH7w2NDcZWxnS885rZgaPz65NAXhv45JkMLdK1x5aJi2C"
    static let p3 = "12D3KooWBhEzKxgj5CMSriTXPXtjdpkoXxuHZAJvZ77NAQqNijXW"
    static let cidA = "QmXvQLhK2heNz65fWRabTfbzXwYfaBgEBuTdUJNzp69Xjx"
    static let cidB = "bafybeiary2ibmljf3l466qzk5hud3rnlk7zped37oik64zlfh22sa5nrg4"

    static func peer(_ id: String, _ name: String, error: String = "", ipfsError: String = "") -> ClusterPeer {
        if !error.isEmpty { return ClusterPeer(id: id, error: error) }
        return ClusterPeer(id: id, addresses: ["/ip4/10.0.0.1/tcp/9096/p2p/\(id)"], clusterPeers: [p1, p2, p3], version: "1.1.6",
                           ipfs: IPFSID(id: ipfsError.isEmpty ? "12D3KooWIPFS" + name : nil, error: ipfsError), peername: name)
    }

    static func state(readonly: Bool = false) -> ConsoleState {
        ConsoleState(settings: ConsoleSettings(contextName: "test", endpoint: "http://127.0.0.1:9094", refresh: 2, readonly: readonly))
    }

    /// Starts `source` in `state` and returns its generation.
    static func begin(_ state: inout ConsoleState, _ source: DataSource, at now: Date = t0) -> Int {
        _ = ConsoleUpdate.start(&state, source, now: now)
        return state.freshness(source).generation
    }

    /// Feeds NDJSON `lines` as one complete pin stream of `source`.
    static func stream(_ state: inout ConsoleState, _ source: DataSource, _ lines: [String], at now: Date = t0) -> [Effect] {
        let g = begin(&state, source, at: now)
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        var effects = ConsoleUpdate.update(&state, .pinChunk(source, generation: g, bytes: bytes), now: now)
        effects += ConsoleUpdate.update(&state, .pinStreamEnded(source, generation: g, error: nil), now: now)
        return effects
    }

    static func globalPin(_ cid: String, name: String, _ entries: [(String, String, String)]) -> String {
        let map = entries.map { peer, status, error in
            "\"\(peer)\":{\"peername\":\"n\",\"status\":\"\(status)\",\"timestamp\":\"2026-05-21T10:02:13Z\",\"error\":\"\(error)\",\"attempt_count\":1,\"priority_pin\":false}"
        }.joined(separator: ",")
        return "{\"cid\":\"\(cid)\",\"name\":\"\(name)\",\"allocations\":[],\"origins\":[],\"created\":\"2026-05-21T09:58:12Z\",\"metadata\":null,\"peer_map\":{\(map)}}"
    }

    static func allocation(_ cid: String, name: String, allocations: [String]) -> String {
        String(PinFixtures.allocationLine(cid: cid, name: name, allocations: allocations, rmin: 2, rmax: 3).dropLast())
    }
}
