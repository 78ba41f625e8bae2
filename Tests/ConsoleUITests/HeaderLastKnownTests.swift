import ClusterAPI
@testable import ConsoleCore
import Foundation
import TerminalUI
import Testing
@testable import ConsoleUI

/// While nothing answers, the header shows peers and pins as last known with their age, the
/// peers screen's title uses the header's own count, and rejected credentials say when the next
/// try is and that `r` tries now.
@MainActor
@Suite struct HeaderLastKnownTests {
    @Test func titleAndHeaderAgreeOnThePeerCount() {
        var app = UIFixture.app()
        let lines = UIFixture.render(&app).trimmedLines()
        #expect(lines[1].contains("peers 2/3 up"))
        #expect(lines.contains { $0.contains("Peers: peers 2/3 up") }, "\(lines.prefix(6))")
        #expect(!lines.contains { $0.contains("Peers 3/3") })
    }

    @Test func unreachableShowsLastKnownCountsWithTheirAge() {
        var app = UIFixture.app()
        let t = UIFixture.t0.addingTimeInterval(150)
        app.core = {
            var c = app.core
            _ = ConsoleUpdate.start(&c, .id, now: t)
            _ = ConsoleUpdate.update(&c, .failed(.id, generation: c.freshness(.id).generation,
                                                 message: "connection refused by 127.0.0.1:9094"), now: t)
            return c
        }()
        let lines = UIFixture.render(&app).trimmedLines()
        #expect(lines[1].contains("peers 2/3 as of 2 min ago"), "\(lines[1])")
        #expect(lines[1].contains("(as of 1 min ago)"), "pins too: \(lines[1])")
        #expect(!lines[1].contains(" up"), "\(lines[1])")
    }

    @Test func rejectedCredentialsBannerSaysWhenTheNextTryIs() throws {
        var s = ConsoleState(settings: ConsoleSettings(endpoint: "http://127.0.0.1:9094"))
        let t0 = UIFixture.t0
        _ = ConsoleUpdate.update(&s, .tick, now: t0)
        _ = ConsoleUpdate.update(&s, .responded(.id, ResponseOrigin(host: "h", status: 403, serverDate: nil)), now: t0)
        _ = ConsoleUpdate.update(&s, .failed(.id, generation: s.freshness(.id).generation, message: "the cluster refused the request (403): forbidden"),
                                 now: t0)
        let banner = try #require(HeaderView.banner(s, now: t0.addingTimeInterval(0.5)))
        #expect(banner.text.hasPrefix("CREDENTIALS REJECTED: "), "\(banner.text)")
        #expect(banner.text.contains("Next try in 2 s"), "\(banner.text)")
        #expect(banner.text.hasSuffix("r retries now."), "\(banner.text)")
        #expect(!banner.text.contains("Retrying every"))
    }
}

/// A live pins poll spaced out by the weight of its answers says so first among the header's
/// ages, where a 200-column terminal still shows it (the full-stream line after it is long).
@MainActor
@Suite struct HeaderLivePinsPaceTests {
    @Test func aSlowedLivePollIsShownBeforeTheFullStreamLine() {
        var app = UIFixture.app()
        let line = Array((UIFixture.pinLine(UIFixture.cidA, name: "w", [(UIFixture.p1, "pin_error", "boom")]) + "\n").utf8)
        app.core = {
            var c = app.core
            let t = UIFixture.t0.addingTimeInterval(40)
            _ = ConsoleUpdate.start(&c, .activePins, now: t)
            let g = c.freshness(.activePins).generation
            _ = ConsoleUpdate.update(&c, .pinChunk(.activePins, generation: g, bytes: Array(repeating: line, count: 4000).flatMap { $0 }), now: t)
            _ = ConsoleUpdate.update(&c, .pinStreamEnded(.activePins, generation: g, error: nil), now: t)
            return c
        }()
        let pace = LivePinsPace.slowed(app.core)
        #expect(pace != nil)
        let wide = UIFixture.render(&app, width: 200, height: 50).trimmedLines()
        #expect(wide[1].contains("live pins \(pace ?? "?")"), "\(wide[1])")
        var calm = UIFixture.app()
        #expect(!UIFixture.render(&calm, width: 200, height: 50).trimmedLines()[1].contains("live pins"))
    }
}
