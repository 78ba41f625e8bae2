import ClusterAPI
import ClusterSimulator
import ConsoleCore
import Foundation
import Testing
import TerminalUI
@testable import ConsoleUI

/// A live console recorded, then replayed: at each moment a live frame was drawn, the replayed
/// console draws the same frame (all but the first header line, which says REC or REPLAY).
@MainActor
@Suite(.serialized) struct RecordReplayTests {
    @Test func recordAndReplayGiveIdenticalFramesAtIdenticalTimes() async throws {
        let dir = NSTemporaryDirectory() + "recreplay-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Speed 10: the healthy scenario freezes IpfsCluster1 2 s in and replaces it 11 s in.
        let sim = ClusterSimulator(config: SimulatorConfig(peers: 3, pins: 30, speed: 10, stateDirectory: dir + "/sim", scenario: "healthy"))
        let e = try await sim.start()
        let client = try ClusterClient(configuration: ClusterClientConfiguration(
            hosts: [try ClusterHost.parse(e.peers[0], https: false)], connectTimeout: 2, idleTimeout: 5))
        let service = ActionService(client: client, journal: nil, contextName: "t", readonly: true)
        let settings = ConsoleSettings(contextName: "rec", endpoint: e.peers[0], refresh: 0.5, expectedPeers: e.peerIDs, demo: true,
                                       feeds: ConsoleFeeds(stateDirectory: e.stateDirectory))
        let path = dir + "/live.iccrec"
        let recorder = try EventRecorder(options: RecordingOptions(path: path), settings: settings, writerVersion: "test", startedAt: Date())
        var live = AppHarness(ConsoleApp(settings: settings, theme: Theme.default, makeSink: { post in
            EffectRunner(client: client, actions: service, post: post)
        }, recorder: recorder), width: 140, height: 36)
        #expect(live.app.isRecording)
        var frames: [(time: Date, lines: [String])] = []
        func troubled(_ lines: [String]) -> Bool {
            lines.contains { $0.contains("IpfsCluster1 ") && ($0.contains("missing") || $0.contains("error")) }
        }
        // At least 6 s, and until the frozen peer's trouble is on screen (a loaded machine is
        // slow to get there); bounded by a deadline.
        let start = Date()
        while Date().timeIntervalSince(start) < 6 || (!frames.contains { troubled($0.lines) } && Date().timeIntervalSince(start) < 60) {
            try await Task.sleep(for: .milliseconds(120))
            live.processPosted()
            let lines = live.text.components(separatedBy: "\n")
            if frames.last?.lines != lines { frames.append((live.app.core.now, lines)) }
        }
        var final = live.app
        await final.shutdown()
        await client.shutdown()
        await sim.stop()
        #expect(frames.count > 3)
        #expect(frames.first?.lines.first?.contains("REC live.iccrec") == true)

        let recording = try RecordingReader.read(path: path)
        #expect(recording.problem == nil)
        var replay = ConsoleApp(replaying: recording, path: path, theme: Theme.default)
        var mismatches = 0
        for f in frames {
            replay.seekReplay(to: f.time)
            let lines = UIFixture.render(&replay, width: 140, height: 36).text.components(separatedBy: "\n")
            #expect(lines.first?.contains("REPLAY of") == true)
            if Array(lines.dropFirst()) != Array(f.lines.dropFirst()) {
                mismatches += 1
                if mismatches == 1 {
                    Issue.record("frame at \(f.time) differs:\nlive:\n\(f.lines.joined(separator: "\n"))\nreplay:\n\(lines.joined(separator: "\n"))")
                }
            }
        }
        #expect(mismatches == 0)
        // The incident is in it: the frozen peer's trouble is on some frame.
        #expect(frames.contains { troubled($0.lines) })
    }

    @Test func aReplayRefusesActionsAndHasTimeControls() throws {
        var events: [TimedEvent] = []
        let t0 = UIFixture.t0
        let peers = [UIFixture.peer(UIFixture.p1, "IpfsCluster0"), UIFixture.peer(UIFixture.p2, "IpfsCluster1")]
        var live = ConsoleState(settings: ConsoleSettings(contextName: "r", endpoint: "http://x", refresh: 2))
        func feed(_ event: ConsoleEvent, _ t: Double) {
            _ = ConsoleUpdate.update(&live, event, now: t0.addingTimeInterval(t))
            events.append(TimedEvent(time: t0.addingTimeInterval(t), event: event))
        }
        feed(.tick, 0)
        feed(.loaded(.peers, generation: live.freshness(.peers).generation, .peers(peers)), 0.5)
        feed(.tick, 10)
        feed(.loaded(.peers, generation: live.freshness(.peers).generation, .peers([peers[0], ClusterPeer(id: UIFixture.p2, error: "context deadline exceeded")])), 10.5)
        let recording = Recording(header: RecordingHeader(startedAt: t0, settings: RecordedSettings(live.settings), checkpoint: nil, writer: "t"),
                                  events: events, problem: nil, skippedUnknown: 0)
        var app = ConsoleApp(replaying: recording, path: "r.iccrec", theme: Theme.default)
        app.seekReplay(to: t0)
        #expect(app.core.peerList.isEmpty)
        _ = app.handle(.char("."))
        #expect(app.replay?.paused == true)
        #expect(app.core.peerList.count == 2)
        // `>` jumps to the event that changed a verdict: the peer's error.
        _ = app.handle(.char(">"))
        #expect(app.core.now == t0.addingTimeInterval(10.5))
        #expect(app.replay?.cursor.atEnd == true)
        _ = app.handle(.char("+"))
        #expect(app.replay?.speed == 2)
        // Refresh and actions never reach the core.
        let generation = app.core.freshness(.peers).generation
        _ = app.handle(.char("r"))
        #expect(app.core.freshness(.peers).generation == generation)
        #expect(app.ui.notice?.text.contains("REPLAY") == true)
        _ = app.handle(.char("D"))
        #expect(app.ui.confirmation == nil)
        #expect(app.unsentEffects.isEmpty)
        var buffer = CellBuffer(width: 120, height: 30)
        app.render(into: &buffer)
        #expect(UIFixture.render(&app, width: 120, height: 30).text.contains("REPLAY of"))
    }
}

/// ctrl-r mid-session: the file starts with a checkpoint, so its replay shows the peers at once
/// and applies the answers that follow.
@MainActor
@Suite(.serialized) struct RecordingKeyTests {
    @Test func ctrlRRecordsFromACheckpointAndStops() async throws {
        let dir = NSTemporaryDirectory() + "reckey-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let t0 = UIFixture.t0
        final class Clock: @unchecked Sendable { var now = UIFixture.t0 }  // main actor only
        let clock = Clock()
        let setup = RecordingSetup(options: RecordingOptions(path: dir + "/k.iccrec"), writerVersion: "t")
        var app = ConsoleApp(settings: ConsoleSettings(contextName: "k", endpoint: "http://x", refresh: 2), theme: Theme.default,
                             makeSink: nil, clock: { clock.now }, recordingSetup: setup)
        let peers = [UIFixture.peer(UIFixture.p1, "IpfsCluster0"), UIFixture.peer(UIFixture.p2, "IpfsCluster1")]
        app.dispatch(.tick)
        clock.now = t0.addingTimeInterval(0.5)
        app.dispatch(.loaded(.peers, generation: app.core.freshness(.peers).generation, .peers(peers)))
        #expect(!app.isRecording)
        _ = app.handle(.ctrl("r"))
        #expect(app.isRecording)
        #expect(UIFixture.render(&app).text.contains("REC k.iccrec"))
        clock.now = t0.addingTimeInterval(3)
        app.dispatch(.tick)
        clock.now = t0.addingTimeInterval(3.5)
        app.dispatch(.loaded(.peers, generation: app.core.freshness(.peers).generation,
                             .peers([peers[0], ClusterPeer(id: UIFixture.p2, error: "context deadline exceeded")])))
        _ = app.handle(.ctrl("r"))
        #expect(!app.isRecording)
        var recording: Recording?
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let r = try? RecordingReader.read(path: dir + "/k.iccrec"), r.events.count >= 2 { recording = r; break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let r = try #require(recording)
        #expect(r.header.checkpoint != nil)
        #expect(r.events.first?.time == t0.addingTimeInterval(3))
        // From the checkpoint alone the replay knows both peers; after the events, the error.
        var start = ReplayCursor.initialState(r)
        #expect(start.peerList.count == 2)
        var cursor = ReplayCursor(r)
        cursor.apply(upTo: r.lastTime!, to: &start)
        #expect(start.peerList.first { $0.id == UIFixture.p2 }?.error.contains("deadline") == true)
        #expect(start.freshness(.peers) == app.core.freshness(.peers))
    }
}
