import Foundation
import Testing
@testable import ClusterSimulator

/// Each injected fault kind, through the Swift API and the control API.
extension SimulatorTests {
@Suite struct FaultTests {
    @Test func errorMalformedAndLatency() async throws {
        try await withSimulator(pins: 3) { sim, e in
            await sim.addFault(Fault(peer: "IpfsCluster0", endpoint: "/id", kind: .error5xx, status: 503, message: "backend down", count: 1))
            let err = await RawHTTP.request(e.peers[0], "GET", "/id")
            #expect(err.status == 503)
            #expect(err.text == "{\"code\":503,\"message\":\"backend down\"}\n")
            // Counted fault is used up; other peers never affected.
            #expect(await RawHTTP.request(e.peers[0], "GET", "/id").status == 200)
            await sim.addFault(Fault(peer: "IpfsCluster1", endpoint: "/version", kind: .malformed))
            let bad = await RawHTTP.request(e.peers[1], "GET", "/version")
            #expect(bad.status == 200)
            #expect(bad.json() == nil)
            await sim.addFault(Fault(peer: "IpfsCluster2", endpoint: "/version", kind: .latency, ms: 300))
            let t0 = Date()
            #expect(await RawHTTP.request(e.peers[2], "GET", "/version").status == 200)
            #expect(Date().timeIntervalSince(t0) >= 0.25)
            await sim.clearFaults()
            #expect(await sim.faults().isEmpty)
        }
    }

    @Test func hangAndSlowDrip() async throws {
        try await withSimulator { sim, e in
            await sim.addFault(Fault(peer: "IpfsCluster0", endpoint: "/id", kind: .hang))
            let hung = await RawHTTP.request(e.peers[0], "GET", "/id", timeout: 0.4)
            #expect(hung.status == 0)
            await sim.addFault(Fault(peer: "IpfsCluster1", endpoint: "/version", kind: .slowDrip, ms: 30, bytes: 4))
            let t0 = Date()
            let drip = await RawHTTP.request(e.peers[1], "GET", "/version")
            #expect(drip.text == "{\"version\":\"1.1.6\"}\n")
            #expect(Date().timeIntervalSince(t0) >= 0.1)
        }
    }

    @Test func truncatedStreamAndStreamErrorTrailer() async throws {
        try await withSimulator(pins: 10) { sim, e in
            await sim.addFault(Fault(peer: "IpfsCluster0", endpoint: "/allocations", kind: .truncate, items: 3))
            let cut = await RawHTTP.request(e.peers[0], "GET", "/allocations")
            #expect(cut.status == 200)
            #expect(!cut.complete)
            #expect(cut.lines.count == 3)
            await sim.addFault(Fault(peer: "IpfsCluster1", endpoint: "/pins", kind: .streamError, message: "context canceled"))
            let failed = await RawHTTP.request(e.peers[1], "GET", "/pins?local=true")
            #expect(failed.complete)
            #expect(failed.lines.count == 10)
            #expect(failed.trailers.map(\.1) == ["", "context canceled"])
            // Unaffected peer: complete stream with an empty trailer.
            let fine = await RawHTTP.request(e.peers[2], "GET", "/allocations")
            #expect(fine.complete && fine.lines.count == 10 && fine.trailers.first?.1 == "")
        }
    }

    @Test func controlAPIFreezesAndReportsState() async throws {
        try await withSimulator(speed: 10) { _, e in
            let control = try #require(e.control)
            #expect(readFile(e.stateDirectory + "/control.addr").trimmingCharacters(in: .whitespacesAndNewlines) == control)
            let r = await RawHTTP.request(control, "POST", "/_sim/peers/IpfsCluster1/freeze")
            #expect(r.status == 200)
            let state = try #require(await RawHTTP.request(control, "GET", "/_sim/state").json() as? [String: Any])
            let peers = try #require(state["peers"] as? [[String: Any]])
            #expect(peers.first { $0["name"] as? String == "IpfsCluster1" }?["state"] as? String == "frozen")
            let fault = await RawHTTP.request(control, "POST", "/_sim/faults",
                                              body: "{\"peer\":\"IpfsCluster0\",\"endpoint\":\"/id\",\"kind\":\"5xx\",\"params\":{\"status\":502}}")
            #expect(fault.status == 200)
            #expect(await RawHTTP.request(e.peers[0], "GET", "/id").status == 502)
            let badFault = await RawHTTP.request(control, "POST", "/_sim/faults", body: "{\"kind\":\"explode\"}")
            #expect(badFault.status == 400)
            let unknownPeer = await RawHTTP.request(control, "POST", "/_sim/peers/IpfsCluster9/freeze")
            #expect(unknownPeer.status == 400 && unknownPeer.text.contains("unknown peer 'IpfsCluster9'"))
            #expect(await RawHTTP.request(control, "DELETE", "/_sim/faults").status == 200)
            #expect(await RawHTTP.request(e.peers[0], "GET", "/id").status == 200)
            #expect(await RawHTTP.request(control, "POST", "/_sim/peers/IpfsCluster1/resume").status == 200)
            #expect(await RawHTTP.request(e.peers[1], "GET", "/id", timeout: 3).status == 200)
        }
    }
}
}
