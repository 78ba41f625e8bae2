import ClusterAPI
import ClusterSimulator
import ConsoleCore
import Foundation
import Testing
import TerminalUI
@testable import ConsoleUI

/// A clock the test moves: the replayed console reads each event's own time.
final class ReplayClock: @unchecked Sendable {
    // Only touched from the main actor in these tests.
    var now = Date()
}

/// The triage screen and the headless `snapshot` are one engine over one state: fed the same
/// events at the same times, they give the same verdicts, evidence, impact and "since" times.
@MainActor
@Suite(.serialized) struct TriageParityTests {
    @Test func screenAndSnapshotAgreeOnTheSameEvents() async throws {
        let dir = NSTemporaryDirectory() + "parity-\(UUID().uuidString)"
        let sim = ClusterSimulator(config: SimulatorConfig(peers: 3, pins: 30, speed: 40, stateDirectory: dir))
        let e = try await sim.start()
        let client = try ClusterClient(configuration: ClusterClientConfiguration(
            hosts: [try ClusterHost.parse(e.peers[0], https: false)], connectTimeout: 5, idleTimeout: 20))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let frozen = e.peerIDs[2]
        let alerted = try await freezeUntilPingAlert(sim, e, client: client, peer: 2, seconds: 30)
        let gathered = await SnapshotGatherer.gather(client: client, request: SnapshotRequest(
            ecsDirectory: dir + "/ecs", logPaths: [dir + "/logs"]))
        await client.shutdown()
        await sim.stop()
        #expect(alerted)
        #expect(gathered.events.contains { if case .ecsSnapshot = $0.event { true } else { false } })
        #expect(gathered.events.contains { if case .logBatch = $0.event { true } else { false } })

        // The console, fed the same events at the same times through its own loop entry point.
        let clock = ReplayClock()
        var app = ConsoleApp(settings: ConsoleSettings(contextName: "parity", endpoint: e.peers[0]), theme: Theme.default,
                             makeSink: nil, clock: { clock.now })
        for t in gathered.events {
            clock.now = t.time
            _ = app.handle(event: t.event)
        }
        _ = app.runCommand("triage")
        let screen = try #require(app.derived.result)
        let headless = gathered.result
        #expect(!headless.blocks.isEmpty)
        #expect(screen.blocks.map(\.peerID) == headless.blocks.map(\.peerID))
        #expect(screen.blocks.map(\.headline) == headless.blocks.map(\.headline))
        #expect(screen.blocks.map(\.rules) == headless.blocks.map(\.rules))
        #expect(screen.blocks.map(\.since) == headless.blocks.map(\.since))
        #expect(screen.blocks.map(\.evidence) == headless.blocks.map(\.evidence))
        #expect(screen.impact == headless.impact)
        #expect(screen.generatedAt == headless.generatedAt)
        #expect(app.derived.evidence == gathered.evidence)
        #expect(screen.blocks.first?.peerID == frozen)

        // And `w` writes the same report the headless command wrote (its notes aside).
        _ = app.handle(.char("w"))
        guard case .writeSnapshot(let written, _)? = app.unsentEffects.last else { Issue.record("no snapshot effect"); return }
        #expect(written.summary == gathered.snapshot.summary)
        #expect(written.timeline == gathered.snapshot.timeline)
        #expect(written.logs == gathered.snapshot.logs)
    }
}
