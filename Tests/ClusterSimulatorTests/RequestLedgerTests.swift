import Foundation
import Testing
@testable import ClusterSimulator

/// The simulator's own account of what it served: the figure that judges the console's load on
/// the cluster reads it, so it must count full streams and their overlap right.
extension SimulatorTests {
    @Suite("Request ledger") struct RequestLedgerTests {
        static func served(_ method: String, _ uri: String, _ started: Double, _ ended: Double) -> ServedRequest {
            ServedRequest(peer: 0, method: method, uri: uri, status: 200, bytes: 1, started: started, ended: ended)
        }

        @Test func fullStreamsAreAllocationsUnfilteredPinsAndRecoverAll() {
            #expect(Self.served("GET", "/allocations", 0, 1).isFullStream)
            #expect(Self.served("GET", "/allocations?filter=pin", 0, 1).isFullStream)
            #expect(Self.served("GET", "/pins", 0, 1).isFullStream)
            #expect(Self.served("GET", "/pins?local=true", 0, 1).isFullStream)
            #expect(Self.served("POST", "/pins/recover", 0, 1).isFullStream)
            #expect(!Self.served("GET", "/pins?filter=error", 0, 1).isFullStream)
            #expect(!Self.served("GET", "/pins?cids=bafy1,bafy2", 0, 1).isFullStream)
            #expect(!Self.served("GET", "/allocations/bafy1", 0, 1).isFullStream)
            #expect(!Self.served("GET", "/id", 0, 1).isFullStream)
            #expect(!Self.served("POST", "/pins/bafy1/recover", 0, 1).isFullStream)
        }

        @Test func busyTimeIsTheUnionOfFullStreamsClippedToTheWindow() {
            let requests = [
                Self.served("GET", "/allocations", 10, 20),   // overlaps the next: counted once
                Self.served("GET", "/pins", 15, 25),
                Self.served("GET", "/id", 30, 90),            // not a full stream
                Self.served("GET", "/allocations", 95, 130),  // clipped at the window's end
            ]
            #expect(RequestLedger.fullStreamBusy(requests, from: 0, to: 100) == 20)
            #expect(RequestLedger.fullStreamBusy(requests, from: 12, to: 100) == 18)
            #expect(RequestLedger.fullStreamBusy([], from: 0, to: 100) == 0)
        }

        @Test func oldestEntriesAreDroppedPastCapacity() {
            let ledger = RequestLedger(capacity: 3)
            for i in 0..<5 { ledger.end(ledger.begin(peer: i, method: "GET", uri: "/id"), status: 200, bytes: i) }
            #expect(ledger.snapshot().map(\.peer) == [2, 3, 4])
        }

        @Test func servedRequestsAreRecordedWithSizeAndThoseInFlightAreShown() async throws {
            try await withSimulator(pins: 500) { sim, e in
                let r = await RawHTTP.request(e.peers[1], "GET", "/allocations", timeout: 30)
                #expect(r.status == 200)
                let entry = try #require(sim.requests.snapshot().last { $0.uri == "/allocations" })
                #expect(entry.peer == 1)
                #expect(entry.status == 200)
                #expect(entry.bytes == r.body.count)
                #expect(entry.ended >= entry.started)
                #expect(entry.isFullStream)

                let open = sim.requests.begin(peer: 2, method: "GET", uri: "/pins")
                let inFlight = try #require(sim.requests.snapshot().last)
                #expect(inFlight.uri == "/pins" && inFlight.status == 0)
                sim.requests.end(open, status: 200, bytes: 7)
                sim.requests.end(open, status: 500, bytes: 9) // a second end changes nothing
                #expect(sim.requests.snapshot().filter { $0.uri == "/pins" }.map(\.bytes) == [7])
            }
        }
    }
}
