import ClusterAPI
import Foundation
import Testing
@testable import ClusterSimulator

extension SimulatorTests {
    /// The simulator's IPFS gateway over real HTTP on 127.0.0.1, probed by the console's own
    /// prober: pinned content is served, content no peer holds is not found, content the scenario
    /// made unserved gets a late 504 (or no answer within the prober's timeout), and a gateway that
    /// is down refuses connections.
    @Suite struct GatewayTests {
        /// Pins a new CID and waits (bounded) until the cluster reports it pinned somewhere.
        static func pinned(_ sim: ClusterSimulator, _ client: ClusterClient) async throws -> String {
            let cid = try #require(await sim.pinRandom(replicationMin: 2, replicationMax: 2))
            let ok = await eventually(15) {
                ((try? await client.pinStatus(cid))?.peerMap.values.contains { $0.status == .pinned }) ?? false
            }
            #expect(ok, "\(cid) pinned")
            return cid
        }

        /// A quiet simulator, a client of its first peer and a prober of its gateway, closed after `body`.
        static func withGateway(timeout: Double,
                                _ body: @Sendable (ClusterSimulator, SimulatorEndpoints, String, ClusterClient, GatewayProber) async throws -> Void) async throws {
            try await withSimulator(pins: 0, speed: 20, scenario: "quiet") { sim, e in
                let gw = try #require(e.gateway)
                let client = try ClusterClient(configuration: ClusterClientConfiguration(hosts: [try ClusterHost.parse(e.peers[0], https: false)]))
                let prober = try GatewayProber(baseURL: gw, timeout: timeout)
                do {
                    try await body(sim, e, gw, client, prober)
                } catch {
                    await prober.shutdown(); await client.shutdown()
                    throw error
                }
                await prober.shutdown(); await client.shutdown()
            }
        }

        @Test func servesPinnedContentOnly() async throws {
            try await Self.withGateway(timeout: 3) { sim, e, gw, client, prober in
                #expect(gw.hasPrefix("http://127.0.0.1:"))
                let cid = try await Self.pinned(sim, client)
                let served = try #require(await prober.probe(cid))
                #expect(served.outcome == .status(200) && served.served)
                #expect(served.latency < 1)
                // GET has the body HEAD announces; unknown content is 404.
                let get = await RawHTTP.request(gw, "GET", "/ipfs/\(cid)")
                #expect(get.status == 200 && get.header("X-Ipfs-Path") == "/ipfs/\(cid)" && get.header("Etag") == "\"\(cid)\"")
                #expect(get.body.count == Int(get.header("Content-Length") ?? "") && get.body.count > 0)
                let unknown = try #require(await prober.probe("bafkreinotpinnedanywhere"))
                #expect(unknown.outcome == .status(404))
                #expect(await RawHTTP.request(gw, "GET", "/api/v0/id").status == 404)
                #expect(await RawHTTP.request(gw, "POST", "/ipfs/\(cid)").status == 405)
                // The simulator's files say where its gateway is.
                #expect(readFile(e.stateDirectory + "/endpoints.json").contains("\"gateway\":\"\(gw)\""))
            }
        }

        @Test func unservedContentAnswersLateOrNotAtAll() async throws {
            try await Self.withGateway(timeout: 1) { sim, _, _, client, prober in
                let before = try await Self.pinned(sim, client)
                await sim.setGatewayUnserved(true, delay: 0.3)
                let after = try await Self.pinned(sim, client)
                let late = try #require(await prober.probe(after))
                #expect(late.outcome == .status(504), "\(late)")
                #expect(late.latency >= 0.3 && !late.served)
                #expect(late.summary.hasPrefix("HTTP 504 after "), "\(late.summary)")
                #expect(try #require(await prober.probe(before)).outcome == .status(200), "content pinned before stays served")
                // Slower than the prober waits: no answer.
                await sim.setGatewayUnserved(true, delay: 5)
                let silent = try #require(await prober.probe(after))
                #expect(silent.outcome == .timeout(seconds: 1), "\(silent)")
                #expect(silent.summary == "no answer in 1 s")
                #expect(silent.latency >= 0.9 && silent.latency < 4)
                await sim.setGatewayUnserved(false)
                #expect(try #require(await prober.probe(after)).outcome == .status(200))
            }
        }

        @Test func aGatewayThatIsDownRefusesConnections() async throws {
            try await Self.withGateway(timeout: 2) { sim, _, _, client, prober in
                let cid = try await Self.pinned(sim, client)
                try await sim.setGatewayDown(true)
                let down = try #require(await prober.probe(cid))
                #expect(down.outcome == .unreachable("connection refused"), "\(down)")
                #expect(down.outcome.isUnreachable && !down.outcome.answered)
                try await sim.setGatewayDown(false)
                #expect(try #require(await prober.probe(cid)).outcome == .status(200), "the same port again")
            }
        }

        @Test func scenarioStepsDriveTheGateway() throws {
            let s = try Scenario.load("gateway-unserved")
            #expect(s.steps.contains { $0.action == "gateway-unserved" && $0.value == 2 })
            #expect(Scenario.builtinNames.contains("gateway-unserved"))
            for action in ["gateway-unserved", "gateway-served", "gateway-down", "gateway-up"] {
                let json = "{\"name\":\"t\",\"steps\":[{\"at\":1,\"action\":\"\(action)\"}]}"
                #expect(throws: Never.self) { try Scenario.parse(Data(json.utf8), file: "t.json") }
            }
        }
    }
}
