import ClusterAPI
import ClusterSimulator
import ConsoleCore
import Foundation
import TerminalUI
@testable import ConsoleUI

enum UIFixture {
    static let t0 = Date(timeIntervalSince1970: 1_779_357_600)
    static let p1 = "12D3KooWRjwfEtpPmnnjkUbwv4mWtWoUdmKemcqwfLNFGPV3P8PC"
    static let p2 = "12D3KooWH7w2NDcZWxnS885rZgaPz65NAXhv45JkMLdK1x5aJi2C"
    static let p3 = "12D3KooWBhEzKxgj5CMSriTXPXtjdpkoXxuHZAJvZ77NAQqNijXW"
    static let cidA = "QmXvQLhK2heNz65fWRabTfbzXwYfaBgEBuTdUJNzp69Xjx"
    static let cidB = "bafybeiary2ibmljf3l466qzk5hud3rnlk7zped37oik64zlfh22sa5nrg4"

    static func peer(_ id: String, _ name: String, error: String = "") -> ClusterPeer {
        if !error.isEmpty { return ClusterPeer(id: id, error: error) }
        return ClusterPeer(id: id, addresses: ["/ip4/10.0.0.1/tcp/9096/p2p/\(id)"], version: "1.1.6",
                           ipfs: IPFSID(id: "12D3KooWIPFS\(name)"), peername: name)
    }

    static func pinLine(_ cid: String, name: String, _ entries: [(String, String, String)]) -> String {
        let map = entries.map { peer, status, error in
            "\"\(peer)\":{\"peername\":\"n\",\"status\":\"\(status)\",\"timestamp\":\"2026-05-21T10:02:13Z\",\"error\":\"\(error)\",\"attempt_count\":2,\"priority_pin\":false}"
        }.joined(separator: ",")
        return "{\"cid\":\"\(cid)\",\"name\":\"\(name)\",\"allocations\":[],\"origins\":[],\"created\":\"2026-05-21T09:58:12Z\",\"metadata\":null,\"peer_map\":{\(map)}}"
    }

    /// An app with three peers (one missing after an error) and two pins, no runner attached.
    @MainActor
    static func app(readonly: Bool = false, startOnPeers: Bool = true) -> ConsoleApp {
        var app = ConsoleApp(settings: ConsoleSettings(contextName: "demo", endpoint: "http://127.0.0.1:9094", refresh: 2,
                                                       readonly: readonly, demo: true),
                             theme: Theme.default, makeSink: nil, clock: { t0.addingTimeInterval(60) })
        func feed(_ source: DataSource, _ result: SourceResult, at t: Double) {
            app.dispatch(.intent(.refreshNow))
            let g = app.core.freshness(source).generation
            app.core = { var c = app.core; _ = ConsoleUpdate.update(&c, .loaded(source, generation: g, result), now: t0.addingTimeInterval(t)); return c }()
        }
        feed(.id, .id(peer(p1, "IpfsCluster0")), at: 0)
        feed(.peers, .peers([peer(p1, "IpfsCluster0"), peer(p2, "IpfsCluster1"), peer(p3, "IpfsCluster2")]), at: 0)
        feed(.peers, .peers([peer(p1, "IpfsCluster0"), peer(p2, "IpfsCluster1")]), at: 30)
        let g = app.core.freshness(.activePins).generation
        let lines = [pinLine(cidA, name: "website", [(p1, "pinned", ""), (p2, "pin_error", "context canceled"), (p3, "cluster_error", "context deadline exceeded")]),
                     pinLine(cidB, name: "logs", [(p1, "pin_queued", ""), (p2, "pinned", "")])]
        app.dispatch(.pinChunk(.activePins, generation: g, bytes: Array((lines.joined(separator: "\n") + "\n").utf8)))
        app.dispatch(.pinStreamEnded(.activePins, generation: g, error: nil))
        // These fixtures test the peers screen and what it leads to; the home screen (the
        // overview) has its own tests.
        if startOnPeers { app.ui.stack = [.peers] }
        return app
    }

    @MainActor
    static func render(_ app: inout ConsoleApp, width: Int = 160, height: Int = 40) -> MemoryScreen {
        var screen = MemoryScreen(width: width, height: height)
        var buffer = CellBuffer(width: width, height: height)
        app.render(into: &buffer)
        screen.draw(buffer)
        return screen
    }
}

/// Freezes `peer` in the simulator and waits (at most `seconds`) until the cluster raises its
/// ping alert: the start of every "one peer is down" test over HTTP. False when it never came.
@discardableResult
func freezeUntilPingAlert(_ sim: ClusterSimulator, _ endpoints: SimulatorEndpoints, client: ClusterClient,
                          peer index: Int, seconds: Double) async throws -> Bool {
    try await sim.freeze(peer: endpoints.peerNames[index])
    let frozen = endpoints.peerIDs[index]
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if ((try? await client.alerts()) ?? []).contains(where: { $0.metric.peer == frozen && $0.metric.name == "ping" }) { return true }
        try await Task.sleep(for: .milliseconds(100))
    }
    return false
}
