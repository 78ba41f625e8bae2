import ClusterAPI
import ClusterSimulator
@testable import ConsoleCore
import Foundation
import LogTail
import Testing
@testable import ConsoleUI

/// The header's banner names the fault: a partial pin list with the server's message and the
/// count received, and local input problems by name (a missing file as information).
@Suite struct HeaderBannerFaultTests {
    static let t0 = UIFixture.t0

    static func state() -> ConsoleState {
        ConsoleState(settings: ConsoleSettings(contextName: "test", endpoint: "http://127.0.0.1:9094", refresh: 2))
    }

    @Test func aPinStreamEndedByATrailerSaysTheListIsPartial() throws {
        var s = Self.state()
        _ = ConsoleUpdate.start(&s, .activePins, now: Self.t0)
        let g = s.freshness(.activePins).generation
        let line = UIFixture.pinLine(UIFixture.cidA, name: "a", [(UIFixture.p1, "pinned", "")]) + "\n"
        _ = ConsoleUpdate.update(&s, .pinChunk(.activePins, generation: g, bytes: Array(line.utf8)), now: Self.t0)
        _ = ConsoleUpdate.update(&s, .pinStreamEnded(.activePins, generation: g, error: "stream error from the server: leveldb: closed"),
                                 now: Self.t0)
        let banner = try #require(HeaderView.banner(s, now: Self.t0))
        #expect(banner.text.hasPrefix("PIN LIST PARTIAL (GET /pins?filter="), "\(banner.text)")
        #expect(banner.text.contains("leveldb: closed"))
        #expect(banner.text.contains("kept 1 items received"))
        #expect(banner.role == .warning)
    }

    /// Over real HTTP: the simulator cuts `/pins` after two items (no final chunk) and ends
    /// `/peers` with an `X-Stream-Error` trailer; the console's own poll keeps what arrived and
    /// the banner says the lists are partial, with how many items arrived.
    @Test func truncatedAndTrailerEndedStreamsFromTheSimulatorAreShownAsPartial() async throws {
        let dir = NSTemporaryDirectory() + "banner-sim-\(UUID().uuidString.prefix(8))"
        let sim = ClusterSimulator(config: SimulatorConfig(peers: 3, pins: 40, stateDirectory: dir, pinErrorRate: 0.5))
        let e = try await sim.start()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let client = try ClusterClient(configuration: ClusterClientConfiguration(
            hosts: [try ClusterHost.parse(e.peers[0], https: false)], connectTimeout: 5, idleTimeout: 20))
        await sim.addFault(Fault(endpoint: "/pins", kind: .truncate, items: 2))
        var s = Self.state()
        func poll(_ sources: [DataSource]) async {
            let now = Date()
            for source in sources {
                let effects = ConsoleUpdate.start(&s, source, now: now)
                for effect in effects {
                    for event in await SnapshotGatherer.answer(effect, client: client) { _ = ConsoleUpdate.update(&s, event, now: now) }
                }
            }
        }
        await poll([.id, .peers, .activePins])
        var banner = HeaderView.banner(s, now: Date())
        #expect(banner?.text.hasPrefix("PIN LIST PARTIAL (GET /pins?filter=") == true, "\(banner?.text ?? "-")")
        #expect(banner?.text.contains("ended without its final chunk after 2 items") == true, "\(banner?.text ?? "-")")
        #expect(s.pins.table.liveCount == 2, "what arrived is kept")
        await sim.clearFaults()
        await sim.addFault(Fault(endpoint: "/peers", kind: .streamError, message: "context canceled"))
        await poll([.activePins, .peers])
        banner = HeaderView.banner(s, now: Date())
        #expect(banner?.text.hasPrefix("PEER LIST NOT REFRESHED (GET /peers)") == true, "\(banner?.text ?? "-")")
        #expect(banner?.text.contains("context canceled") == true)
        await client.shutdown()
        await sim.stop()
    }

    @Test func aPeerListThatFailsWhileIDAnswersSaysItIsNotRefreshedAndHowOld() throws {
        var s = Self.state()
        _ = ConsoleUpdate.start(&s, .peers, now: Self.t0)
        _ = ConsoleUpdate.update(&s, .loaded(.peers, generation: s.freshness(.peers).generation,
                                             .peers([UIFixture.peer(UIFixture.p1, "IpfsCluster0")])), now: Self.t0)
        #expect(HeaderView.banner(s, now: Self.t0) == nil)
        let later = Self.t0.addingTimeInterval(90)
        _ = ConsoleUpdate.start(&s, .peers, now: later)
        _ = ConsoleUpdate.update(&s, .failed(.peers, generation: s.freshness(.peers).generation,
                                             message: "stream error from the server: context canceled"), now: later)
        let banner = try #require(HeaderView.banner(s, now: later))
        #expect(banner.text.hasPrefix("PEER LIST NOT REFRESHED ("), "\(banner.text)")
        #expect(banner.text.contains("context canceled"))
        #expect(banner.text.contains("from 1 min 30 s ago") || banner.text.contains("ago"), "\(banner.text)")
        #expect(banner.role == .warning)
    }

    @Test func inputProblemsAreNamedAndAMissingFileIsInformation() throws {
        var s = Self.state()
        #expect(HeaderView.banner(s, now: Self.t0) == nil)
        let missing = "/var/log/peer-0.log"
        _ = ConsoleUpdate.update(&s, .logBatch(LogBatch(notices: [FollowerNotice(path: missing, event: .error(.missing(path: missing)))])),
                                 now: Self.t0)
        var banner = try #require(HeaderView.banner(s, now: Self.t0))
        #expect(banner.text == "INPUT: logs: \(missing) does not exist (yet); it is read when it appears")
        #expect(banner.role == .info)
        let fifo = "/var/log/pipe.log"
        _ = ConsoleUpdate.update(&s, .logBatch(LogBatch(notices: [FollowerNotice(path: fifo, event: .error(.notAFile(path: fifo, kind: .fifo)))])),
                                 now: Self.t0)
        banner = try #require(HeaderView.banner(s, now: Self.t0))
        #expect(banner.text.hasPrefix("INPUT: logs: \(fifo) is "), "\(banner.text)")
        #expect(banner.text.hasSuffix("(+1 more input problems: logs pane, w)"))
        #expect(banner.role == .warning)
    }
}

/// A failed `/id` names the kind of fault in the banner's first words.
@Suite struct HeaderBannerHeadingTests {
    @Test(arguments: [
        ("connection refused by 127.0.0.1:9094; is the cluster peer running and is the port right?", "API UNREACHABLE"),
        ("no complete answer within the 5 s deadline (--timeout) from 127.0.0.1:9094", "API UNREACHABLE"),
        ("the cluster requires authentication and none was given; use --basic-auth user:password (or CLUSTER_CREDENTIALS) or --token",
         "CREDENTIALS REJECTED"),
        ("the cluster refused the request (401, credentials rejected): denied; check --basic-auth user:password", "CREDENTIALS REJECTED"),
        ("the cluster answered 502 with a body that is not an API error: Bad Gateway", "API ERROR"),
        ("the response could not be decoded at byte 3: bad JSON", "API ERROR"),
        ("the cluster does not allow this method on this path (405, empty body)", "API ERROR"),
    ])
    func headingNamesTheFault(message: String, heading: String) {
        #expect(HeaderView.heading(forFailure: message) == heading)
        var s = ConsoleState(settings: ConsoleSettings(contextName: "test", endpoint: "http://127.0.0.1:9094", refresh: 2))
        _ = ConsoleUpdate.start(&s, .id, now: UIFixture.t0)
        let g = s.freshness(.id).generation
        _ = ConsoleUpdate.update(&s, .failed(.id, generation: g, message: message), now: UIFixture.t0)
        #expect(HeaderView.banner(s, now: UIFixture.t0)?.text.hasPrefix("\(heading): \(message)") == true)
    }
}
