import ClusterAPI
import ClusterSimulator
import ConsoleCore
import Foundation
import Testing
import TerminalUI
@testable import ConsoleUI

/// Times the cluster reports (an alert's trigger, a ping received, a verdict's "since", a pin's
/// timestamp) are shown on the console's clock, as the header's, while ages stay judged on the
/// cluster's: against simulated clusters ten minutes ahead and ten minutes behind, at real speed.
@MainActor
@Suite(.serialized) struct ClusterTimesShownTests {
    /// The line of a screen holding `needle` ("" when none does).
    static func screenLine(_ screen: String, _ needle: String) -> String {
        screen.split(separator: "\n").first { $0.contains(needle) }.map(String.init) ?? ""
    }

    /// Seconds of day of `HH:MM:SS` found after `prefix` (or the first one) in `text`.
    static func seconds(_ text: String, after prefix: String = "") -> Int? {
        guard let start = prefix.isEmpty ? text.startIndex : text.range(of: prefix)?.upperBound else { return nil }
        let rest = text[start...]
        guard let r = rest.range(of: #"\d\d:\d\d:\d\d"#, options: .regularExpression) else { return nil }
        let p = rest[r].split(separator: ":").compactMap { Int($0) }
        return p[0] * 3600 + p[1] * 60 + p[2]
    }

    /// Seconds from `a` to `b` on a 24 h clock (the shorter way round).
    static func gap(_ a: Int, _ b: Int) -> Int {
        let d = abs(a - b) % 86_400
        return min(d, 86_400 - d)
    }

    /// A frozen peer's ping alert, gathered fresh from a cluster whose clock is `offset` off.
    static func gather(offset: Double) async throws -> GatheredSnapshot {
        let dir = NSTemporaryDirectory() + "shown-\(Int(offset))-\(UUID().uuidString.prefix(8))"
        var config = SimulatorConfig(peers: 3, pins: 12, speed: 1, stateDirectory: dir)
        config.clockOffset = offset
        let sim = ClusterSimulator(config: config)
        let e = try await sim.start()
        let client = try ClusterClient(configuration: ClusterClientConfiguration(
            hosts: [try ClusterHost.parse(e.peers[0], https: false)], connectTimeout: 5, idleTimeout: 20))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let alerted = try await freezeUntilPingAlert(sim, e, client: client, peer: 2, seconds: 60)
        let g = await SnapshotGatherer.gather(client: client, request: SnapshotRequest(ecsDirectory: dir + "/ecs"))
        await client.shutdown()
        await sim.stop()
        #expect(alerted, "offset \(offset): no ping alert")
        return g
    }

    @Test func freshAlertIsShownAtTheHeadersClockOnClustersTenMinutesOff() async throws {
        // Both clusters at once (the alert takes ~36 s of real time to be raised).
        async let ahead = Self.gather(offset: 600)
        async let behind = Self.gather(offset: -600)
        for (offset, g) in [(600.0, try await ahead), (-600.0, try await behind)] {
            let clock = ReplayClock()
            var app = ConsoleApp(settings: ConsoleSettings(contextName: "skew", endpoint: "sim"), theme: Theme.default,
                                 makeSink: nil, clock: { clock.now })
            for t in g.events {
                clock.now = t.time
                _ = app.handle(event: t.event)
            }
            #expect(abs(app.core.clusterClock.offset - offset) < 3, "offset \(app.core.clusterClock.offset)")
            _ = app.runCommand("alerts")
            let screen = UIFixture.render(&app, width: 200, height: 40).trimmedLines().joined(separator: "\n")
            let header = try #require(screen.split(separator: "\n").first.map(String.init))
            let clockText = try #require(header.range(of: #"\d\d:\d\d:\d\d UTC"#, options: .regularExpression).map { String(header[$0]) })
            let headerClock = try #require(Self.seconds(clockText))
            let row = screen.split(separator: "\n").map(String.init).first { $0.contains("IpfsCluster2") && $0.contains("ping") && $0.contains("ago") } ?? ""
            let triggered = try #require(Self.seconds(row), "alerts row: \(row)")
            // Raised a few seconds before it was gathered: shown seconds before the header's clock,
            // not ten minutes off, and aged in seconds.
            #expect(Self.gap(triggered, headerClock) <= 15, "offset \(offset): triggered \(row) vs header \(header)")
            // (The Date header has whole seconds: a just-raised alert may read "in 0 s".)
            #expect(row.range(of: #"\((\d+ s ago|in [01] s)\)"#, options: .regularExpression) != nil, "offset \(offset): \(row)")
            // Every peer's last ping was received within a publish interval (15 s) of now.
            for name in ["IpfsCluster0", "IpfsCluster1"] {
                let line = screen.split(separator: "\n").map(String.init).last { $0.contains(name) && $0.contains(" in ") } ?? ""
                let received = try #require(Self.seconds(line), "\(name): \(line)")
                #expect(Self.gap(received, headerClock) <= 20, "offset \(offset): \(line) vs header \(header)")
            }
            // The triage block's "since" (the ping expiry) on our clock too, its age in seconds.
            _ = app.runCommand("triage")
            let triage = UIFixture.render(&app, width: 200, height: 40).trimmedLines().joined(separator: "\n")
            let block = Self.screenLine(triage, "peer unresponsive")
            let since = try #require(Self.seconds(triage, after: "(since "), "\(triage)")
            #expect(Self.gap(since, headerClock) <= 30, "offset \(offset): \(block) vs header \(header)")
            // The snapshot's times are the same clock, and it says how far the cluster's was.
            let md = SnapshotWriter.markdown(g.snapshot)
            let title = try #require(md.split(separator: "\n").first.map(String.init))
            let written = try #require(Self.seconds(title))
            #expect(Self.gap(written, headerClock) <= 5, "offset \(offset): \(title) vs header \(header)")
            #expect(md.contains("the cluster's clock was 10 min \(offset > 0 ? "ahead of" : "behind") it")
                    || md.contains("the cluster's clock was 9 min \(offset > 0 ? "ahead of" : "behind") it"), "\(md.prefix(400))")
            let summary = try #require(g.snapshot.summary.first { $0.contains("IpfsCluster2") })
            let summarySince = try #require(Self.seconds(summary, after: "(since "))
            #expect(Self.gap(summarySince, headerClock) <= 30, "offset \(offset): \(summary)")
        }
    }
}
