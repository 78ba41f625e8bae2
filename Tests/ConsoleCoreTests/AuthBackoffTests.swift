import ClusterAPI
import ClusterSimulator
import Foundation
import Testing
@testable import ConsoleCore

/// Rejected credentials: the console backs off (2 s, 4 s ... 60 s) with one `/id` at a time
/// instead of resending every poll every 2 s; `r` tries at once; an accepted answer ends it.
@Suite struct AuthBackoffTests {
    static func fetches(_ effects: [Effect]) -> [DataSource] {
        effects.compactMap { if case .fetch(let s, _) = $0 { s } else { nil } }
    }

    @Test func delaysDoubleToTheCap() {
        #expect((1...8).map(AuthBackoff.delay(after:)) == [2, 4, 8, 16, 32, 60, 60, 60])
    }

    /// The cluster behind a simulator with basic auth, asked with the wrong password: every
    /// answer is a real 401 over HTTP, replayed into the update with a fake clock.
    @Test func wrongCredentialsAreSentOncePerBackOffStep() async throws {
        let dir = NSTemporaryDirectory() + "auth-sim-\(UUID().uuidString)"
        let sim = ClusterSimulator(config: SimulatorConfig(peers: 3, pins: 0, stateDirectory: dir, basicAuth: "admin:right"))
        let e = try await sim.start()
        let client = try ClusterClient(configuration: ClusterClientConfiguration(
            hosts: [try ClusterHost.parse(e.peers[0], https: false)], auth: .basic(user: "admin", password: "wrong"),
            connectTimeout: 5, idleTimeout: 20))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var state = Fixture.state()
        var sent: [(Double, DataSource)] = []
        /// Runs the effects' fetches against the simulator and applies their answers at `t`.
        func run(_ effects: [Effect], at t: Double) async {
            for effect in effects {
                guard case .fetch(let s, _) = effect else { continue }
                sent.append((t, s))
                for event in await SnapshotGatherer.answer(effect, client: client) {
                    _ = ConsoleUpdate.update(&state, event, now: Fixture.t0.addingTimeInterval(t + 0.1))
                }
            }
        }
        var t = 0.0
        while t <= 130 {
            await run(ConsoleUpdate.update(&state, .tick, now: Fixture.t0.addingTimeInterval(t)), at: t)
            t += 0.5
        }
        await client.shutdown()
        await sim.stop()
        // The first round polls everything (and meets the 401); then only `/id`, at growing gaps.
        let afterFirst = sent.filter { $0.0 > 0 }
        #expect(afterFirst.allSatisfy { $0.1 == .id }, "\(afterFirst)")
        let times = afterFirst.map(\.0)
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        #expect(times.first.map { $0 >= 2 } == true, "\(times)")
        #expect(gaps.count >= 4, "\(times)")
        for (i, gap) in gaps.enumerated() {
            let expected = AuthBackoff.delay(after: i + 2)
            #expect(gap >= expected && gap <= expected + 1, "gap \(i): \(gap) s in \(times)")
        }
        #expect(state.authBackoff?.status == 401)
        #expect(state.unreachable?.contains("rejected") == true || state.unreachable?.contains("authentication") == true, "\(state.unreachable ?? "")")
    }

    @Test func refreshRetriesAtOnceAndAnAcceptedAnswerEndsTheBackOff() {
        var s = Fixture.state()
        let t0 = Fixture.t0
        _ = ConsoleUpdate.update(&s, .tick, now: t0)
        _ = ConsoleUpdate.update(&s, .responded(.id, ResponseOrigin(host: "h", status: 401, serverDate: nil)), now: t0)
        _ = ConsoleUpdate.update(&s, .failed(.id, generation: s.freshness(.id).generation, message: "401"), now: t0)
        for source in DataSource.allCases where s.freshness(source).inFlight {
            _ = ConsoleUpdate.update(&s, .failed(source, generation: s.freshness(source).generation, message: "401"), now: t0)
        }
        #expect(Self.fetches(ConsoleUpdate.update(&s, .tick, now: t0.addingTimeInterval(1))).isEmpty)
        #expect(Self.fetches(ConsoleUpdate.update(&s, .intent(.refreshNow), now: t0.addingTimeInterval(1.2))) == [.id])
        _ = ConsoleUpdate.update(&s, .responded(.id, ResponseOrigin(host: "h", status: 200, serverDate: nil)), now: t0.addingTimeInterval(1.3))
        #expect(s.authBackoff == nil)
        _ = ConsoleUpdate.update(&s, .loaded(.id, generation: s.freshness(.id).generation, .id(Fixture.peer(Fixture.p1, "a"))),
                                 now: t0.addingTimeInterval(1.3))
        let next = Self.fetches(ConsoleUpdate.update(&s, .tick, now: t0.addingTimeInterval(3)))
        #expect(next.contains(.peers) && next.contains(.alerts), "\(next)")
    }
    /// Direct polling against the same cluster with the wrong password: the peers' own addresses
    /// answer 401 too; after the first round nothing goes to them, only the back-off's `/id`.
    @Test func rejectedCredentialsStopTheDirectCallsOverHTTP() async throws {
        let dir = NSTemporaryDirectory() + "auth-direct-\(UUID().uuidString)"
        let sim = ClusterSimulator(config: SimulatorConfig(peers: 3, pins: 0, stateDirectory: dir, basicAuth: "admin:right"))
        let e = try await sim.start()
        let client = try ClusterClient(configuration: ClusterClientConfiguration(
            hosts: [try ClusterHost.parse(e.loadBalancer!, https: false)], auth: .basic(user: "admin", password: "wrong"),
            connectTimeout: 5, idleTimeout: 20))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var settings = ConsoleSettings(endpoint: e.loadBalancer!, refresh: 2)
        settings.peerAPIs = e.peers
        var state = ConsoleState(settings: settings)
        var direct: [Double] = []
        var t = 0.0
        while t <= 40 {
            var pending = ConsoleUpdate.update(&state, .tick, now: Fixture.t0.addingTimeInterval(t))
            while !pending.isEmpty {
                let effect = pending.removeFirst()
                if case .fetchDirect = effect { direct.append(t) }
                for event in await SnapshotGatherer.answer(effect, client: client) {
                    pending += ConsoleUpdate.update(&state, event, now: Fixture.t0.addingTimeInterval(t + 0.1)).filter {
                        if case .fetchDirect = $0 { true } else { false }
                    }
                }
            }
            t += 0.5
        }
        await client.shutdown()
        await sim.stop()
        #expect(state.authBackoff?.status == 401)
        #expect(!direct.isEmpty && direct.allSatisfy { $0 == 0 }, "direct calls after the 401: \(direct)")
        // A 401 is an answer: the addresses are not counted as down.
        #expect(state.direct.list.allSatisfy { $0.failingSince == nil })
    }
}
