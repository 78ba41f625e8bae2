import ClusterAPI
import ConsoleCore
import Foundation
import Testing
import TerminalUI
@testable import ConsoleUI

/// The gateway on the home screen, the pin detail and the triage screen: availability, latency
/// and the pins not served, in words, at 80x24 and 120x40.
@MainActor
@Suite struct OverviewGatewayTests {
    typealias F = WiringFixture
    static let url = "https://d111111abcdef8.cloudfront.net"

    static func cid(_ n: Int) -> String { "bafybeigatewayui" + String(repeating: "q", count: 40) + String(format: "%03d", n) }

    /// The wiring fixture (three peers, ECS) with 16 pins and a gateway: 12 served, 3 pinned and
    /// not served (504, 504, no answer), 1 not served but still queued (not "pinned").
    static func app(gateway: Bool = true, probes: Bool = true) throws -> ConsoleApp {
        var app = try F.app(startOnPeers: false)
        if gateway { app.core.settings.gateway = GatewaySettings(url: url) }
        app.dispatch(.intent(.refreshNow))
        let g = app.core.freshness(.activePins).generation
        var lines = (0..<15).map { i in
            UIFixture.pinLine(cid(i), name: "site-\(i)", [(F.p1, "pinned", ""), (F.p2, "pinned", ""), (F.p3, "remote", "")])
        }
        lines.append(UIFixture.pinLine(cid(15), name: "queued", [(F.p1, "pin_queued", ""), (F.p2, "pinning", "")]))
        app.dispatch(.pinChunk(.activePins, generation: g, bytes: Array((lines.joined(separator: "\n") + "\n").utf8)))
        app.dispatch(.pinStreamEnded(.activePins, generation: g, error: nil))
        guard probes else { return app }
        let t = app.core.now
        for i in 0..<16 {
            let outcome: GatewayOutcome = switch i {
            case 3, 7: .status(504)
            case 11: .timeout(seconds: 10)
            case 15: .status(404)
            default: .status(200)
            }
            let latency = outcome.served ? 0.05 + Double(i) * 0.01 : (i == 11 ? 10 : 2)
            _ = app.handle(event: .gatewayProbed(GatewayProbe(cid: cid(i), outcome: outcome, latency: latency, at: t.addingTimeInterval(Double(i - 16)))))
        }
        return app
    }

    static func gatewayLines(_ s: MemoryScreen) -> [String] {
        s.trimmedLines().filter { $0.hasPrefix("Gateway") || $0.contains("NOT SERVED") || $0.contains("not served (:triage") }
    }

    @Test func at120x40TheGatewayLineAndTheFailingPins() throws {
        var app = try Self.app()
        let s = UIFixture.render(&app, width: 120, height: 40)
        let lines = s.trimmedLines()
        let summary = try #require(lines.first { $0.hasPrefix("Gateway") }, "\(s.text)")
        #expect(summary.contains("served 12/16 probed"), "\(summary)")
        #expect(summary.contains("3 PINNED NOT SERVED"), "\(summary)")
        #expect(summary.contains("p50 ") && summary.contains("p95 "), "\(summary)")
        #expect(summary.contains("last failure"), "\(summary)")
        let pins = lines.filter { $0.hasPrefix("  NOT SERVED") }
        #expect(pins.count == 3, "every pinned pin not served, and not the queued one: \(pins)")
        #expect(pins.contains { $0.contains("HTTP 504 after 2.0 s") && $0.contains("site-7") && $0.contains("pinned on IpfsCluster0, IpfsCluster1") }, "\(pins)")
        #expect(pins.contains { $0.contains("no answer in 10 s") && $0.contains("site-11") }, "\(pins)")
        #expect(!lines.contains { $0.contains("queued") && $0.contains("NOT SERVED") })
        // The rows, the gateway and the feeds all fit; the title counts it too.
        #expect(lines.contains { $0.hasPrefix("IpfsCluster2") })
        #expect(lines.contains { $0.contains("Newest events") })
        #expect(lines.first { $0.contains("Deployment") }?.contains("gateway 3 NOT SERVED") == true)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 120 })
    }

    @Test func at80x24TheGatewayStillShowsWithoutCuttingTheRows() throws {
        var app = try Self.app()
        let s = UIFixture.render(&app, width: 80, height: 24)
        let lines = s.trimmedLines()
        let summary = try #require(lines.first { $0.hasPrefix("Gateway") }, "\(s.text)")
        #expect(summary.contains("served 12/16 probed") && summary.contains("3 PINNED NOT SERVED"), "\(summary)")
        let gw = Self.gatewayLines(s)
        #expect(gw.count >= 2, "the summary and at least one failing pin or their count: \(gw)")
        #expect(gw.contains { $0.contains("NOT SERVED 504 2.0 s") || $0.contains("pinned CIDs not served") }, "\(gw)")
        for peer in ["IpfsCluster0", "IpfsCluster1", "IpfsCluster2"] {
            #expect(lines.contains { $0.hasPrefix(peer) }, "\(peer) row kept:\n\(s.text)")
        }
        #expect(lines.count == 24)
    }

    @Test func notConfiguredSaysHowAndNothingIsProbed() throws {
        var app = try Self.app(gateway: false, probes: false)
        let s = UIFixture.render(&app, width: 120, height: 40)
        #expect(s.text.contains("Gateway  not configured (--gateway URL"), "\(s.text)")
        #expect(!app.unsentEffects.contains { if case .probeGateway = $0 { return true } else { return false } })
        let small = UIFixture.render(&app, width: 80, height: 24)
        #expect(small.text.contains("Gateway  not configured"))
    }

    @Test func waitingThenDownInWords() throws {
        var app = try Self.app(probes: false)
        var s = UIFixture.render(&app, width: 120, height: 40)
        #expect(s.text.contains("Gateway  waiting for the first probe") || s.text.contains("Gateway  first probe in flight"), "\(s.text)")
        let t = app.core.now
        for i in 0..<3 {
            _ = app.handle(event: .gatewayProbed(GatewayProbe(cid: Self.cid(i), outcome: .unreachable("connection refused"), latency: 0.01,
                                                            at: t.addingTimeInterval(Double(i)))))
        }
        s = UIFixture.render(&app, width: 120, height: 40)
        let line = try #require(s.trimmedLines().first { $0.hasPrefix("Gateway") })
        #expect(line.contains("DOWN") && line.contains("connection refused on the last 3 probes"), "\(line)")
        #expect(!s.text.contains("  NOT SERVED"), "no per-pin lines while the gateway is down")
        #expect(s.trimmedLines().first { $0.contains("Deployment") }?.contains("GATEWAY DOWN") == true)
    }

    @Test func pinDetailShowsItsLastProbe() throws {
        let app = try Self.app()
        let failing = PinDetailScreen.lines(cid: Self.cid(7), app.core, now: app.core.now).map(\.text)
        #expect(failing.contains { $0.hasPrefix("Gateway:      NOT SERVED: HTTP 504 after 2.0 s") }, "\(failing)")
        #expect(failing.contains { $0.contains("HEAD \(Self.url)/ipfs/\(Self.cid(7))") }, "\(failing)")
        let served = PinDetailScreen.lines(cid: Self.cid(1), app.core, now: app.core.now).map(\.text)
        #expect(served.contains { $0.hasPrefix("Gateway:      served: HTTP 200 in 60 ms") }, "\(served)")
        let queued = PinDetailScreen.lines(cid: Self.cid(15), app.core, now: app.core.now).map(\.text)
        #expect(queued.contains { $0.hasPrefix("Gateway:      not served (not pinned): HTTP 404") }, "\(queued)")
        var unprobed = try Self.app(probes: false)
        unprobed.core.settings.gateway = GatewaySettings(url: Self.url)
        #expect(PinDetailScreen.lines(cid: Self.cid(1), unprobed.core, now: unprobed.core.now).map(\.text).contains { $0.hasPrefix("Gateway:      not probed yet") })
        let none = try Self.app(gateway: false, probes: false)
        #expect(!PinDetailScreen.lines(cid: Self.cid(1), none.core, now: none.core.now).map(\.text).contains { $0.hasPrefix("Gateway:") })
    }

    @Test func triageListsThePinsNotServedWithTheirNextSteps() throws {
        var app = try Self.app()
        _ = app.runCommand("triage")
        let s = UIFixture.render(&app, width: 160, height: 60)
        #expect(s.text.contains("GATEWAY: served 12/16 probed"), "\(s.text)")
        #expect(s.text.contains("[gateway] pinned but not served: site-7 (\(Self.cid(7))): the gateway answered HTTP 504"), "\(s.text)")
        #expect(s.text.contains("then: curl -I \(Self.url)/ipfs/"), "\(s.text)")
        #expect(!s.text.contains("site-15"), "a queued pin is not pinned yet")
    }

    /// A recording replays the probes: the replayed overview shows the same gateway lines, and
    /// the events went through the recording's encoding.
    @Test func aReplayShowsTheSameGatewayLines() throws {
        let t0 = UIFixture.t0
        var settings = ConsoleSettings(contextName: "r", endpoint: "http://x", refresh: 2)
        settings.gateway = GatewaySettings(url: Self.url)
        var live = ConsoleState(settings: settings)
        var events: [TimedEvent] = []
        func feed(_ event: ConsoleEvent, _ t: Double) {
            _ = ConsoleUpdate.update(&live, event, now: t0.addingTimeInterval(t))
            let line = try! JSONEncoder().encode(TimedEvent(time: t0.addingTimeInterval(t), event: event))
            events.append(try! JSONDecoder().decode(TimedEvent.self, from: line))
        }
        feed(.tick, 0)
        feed(.loaded(.peers, generation: live.freshness(.peers).generation,
                     .peers([UIFixture.peer(UIFixture.p1, "IpfsCluster0"), UIFixture.peer(UIFixture.p2, "IpfsCluster1")])), 0.5)
        let g = live.freshness(.activePins).generation
        let lines = (0..<4).map { UIFixture.pinLine(Self.cid($0), name: "site-\($0)", [(UIFixture.p1, "pinned", ""), (UIFixture.p2, "pinned", "")]) }
        feed(.pinChunk(.activePins, generation: g, bytes: Array((lines.joined(separator: "\n") + "\n").utf8)), 1)
        feed(.pinStreamEnded(.activePins, generation: g, error: nil), 1)
        for i in 0..<4 {
            feed(.gatewayProbed(GatewayProbe(cid: Self.cid(i), outcome: i == 2 ? .status(504) : .status(200), latency: i == 2 ? 2 : 0.05,
                                             at: t0.addingTimeInterval(2 + Double(i)))), 2.5 + Double(i))
        }
        let recording = Recording(header: RecordingHeader(startedAt: t0, settings: RecordedSettings(live.settings), checkpoint: nil, writer: "t"),
                                  events: events, problem: nil, skippedUnknown: 0)
        var app = ConsoleApp(replaying: recording, path: "r.iccrec", theme: Theme.default)
        app.seekReplay(to: t0.addingTimeInterval(10))
        let s = UIFixture.render(&app, width: 120, height: 40)
        let summary = s.trimmedLines().first { $0.hasPrefix("Gateway") } ?? ""
        #expect(summary.contains("served 3/4 probed") && summary.contains("1 PINNED NOT SERVED"), "\(s.text)")
        #expect(s.text.contains("NOT SERVED  HTTP 504 after 2.0 s") && s.text.contains("site-2"), "\(s.text)")
        #expect(app.core.settings.gateway?.url == Self.url, "the recorded settings name the gateway")
        #expect(summary.contains("https://d111111abcdef"), "\(summary)")
    }

    /// The demo's `:sim gateway-down` takes no peer: the gateway is the deployment's.
    @Test func simGatewayVerbsNeedNoPeer() throws {
        var app = try Self.app()
        _ = app.runCommand("sim gateway-down")
        #expect(app.unsentEffects.contains { if case .simulator("gateway-down", "") = $0 { return true } else { return false } }, "\(app.unsentEffects)")
        _ = app.runCommand("sim freeze")
        #expect(app.ui.notice?.text.contains("needs a verb and a peer") == true)
    }
}
