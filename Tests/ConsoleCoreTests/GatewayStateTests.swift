import ClusterAPI
import Foundation
import Testing
@testable import ConsoleCore

/// The gateway probes' core, with injected time: which pin goes next (new and errored first,
/// failing ones again, then a walk through the whole table), one at a time every few seconds,
/// and what the answers add up to.
@Suite struct GatewayStateTests {
    static let t0 = Fixture.t0
    static let p1 = Fixture.p1, p2 = Fixture.p2, p3 = Fixture.p3

    /// A `/pins` line with its own pin time, so "recent" can be told apart.
    static func pin(_ cid: String, name: String = "", created: Date, _ entries: [(String, String)]) -> String {
        let map = entries.map { peer, status in
            "\"\(peer)\":{\"peername\":\"n\",\"status\":\"\(status)\",\"timestamp\":\"2026-05-21T10:02:13Z\",\"error\":\"\(status.hasSuffix("error") ? "context canceled" : "")\",\"attempt_count\":1,\"priority_pin\":false}"
        }.joined(separator: ",")
        let when = ISO8601DateFormatter().string(from: created)
        return "{\"cid\":\"\(cid)\",\"name\":\"\(name)\",\"allocations\":[],\"origins\":[],\"created\":\"\(when)\",\"metadata\":null,\"peer_map\":{\(map)}}"
    }

    static func cid(_ n: Int) -> String { "bafkreigatewaytest" + String(format: "%04d", n) }

    static func pinnedEverywhere(_ n: Int, created: Date) -> String {
        pin(cid(n), name: "file-\(n)", created: created, [(p1, "pinned"), (p2, "pinned"), (p3, "pinned")])
    }

    /// A state probing `http://gw.test` every 5 s with `lines` as its pin table.
    static func state(_ lines: [String], interval: Double = 5) -> ConsoleState {
        var settings = ConsoleSettings(endpoint: "http://127.0.0.1:9094")
        settings.gateway = GatewaySettings(url: "http://gw.test", interval: interval, timeout: 10)
        var s = ConsoleState(settings: settings)
        if !lines.isEmpty { _ = Fixture.stream(&s, .fullPins, lines, at: t0) }
        return s
    }

    /// The CIDs the effects ask to probe.
    static func probes(_ effects: [Effect]) -> [String] {
        effects.compactMap { if case .probeGateway(let c) = $0 { return c } else { return nil } }
    }

    static func answer(_ s: inout ConsoleState, _ cid: String, _ outcome: GatewayOutcome, latency: Double = 0.05, at: Date) -> [Effect] {
        ConsoleUpdate.update(&s, .gatewayProbed(GatewayProbe(cid: cid, outcome: outcome, latency: latency, at: at)), now: at.addingTimeInterval(latency))
    }

    @Test func noGatewayMeansNoProbes() {
        var s = Fixture.state()
        _ = Fixture.stream(&s, .fullPins, [Self.pinnedEverywhere(1, created: Self.t0)])
        for i in 0..<20 {
            #expect(Self.probes(ConsoleUpdate.update(&s, .tick, now: Self.t0.addingTimeInterval(Double(i)))).isEmpty)
        }
        #expect(Self.probes(ConsoleUpdate.update(&s, .intent(.probeGatewayNow), now: Self.t0)).isEmpty)
    }

    @Test func oneProbeAtATimeAtMostEveryInterval() {
        var s = Self.state((0..<10).map { Self.pinnedEverywhere($0, created: Self.t0.addingTimeInterval(-86_400)) })
        var sent: [(Date, String)] = []
        var t = Self.t0
        // Ticks every second for a minute; each answer takes 7 s (longer than the interval).
        var pending: (cid: String, due: Date)?
        for _ in 0..<60 {
            t = t.addingTimeInterval(1)
            if let p = pending, p.due <= t {
                _ = Self.answer(&s, p.cid, .status(200), latency: 7, at: p.due.addingTimeInterval(-7))
                pending = nil
            }
            for cid in Self.probes(ConsoleUpdate.update(&s, .tick, now: t)) {
                #expect(pending == nil, "never two in flight")
                sent.append((t, cid))
                pending = (cid, t.addingTimeInterval(7))
            }
        }
        #expect(sent.count == 9, "the next goes out as soon as the answer is in (1, 8, ... 57 s): \(sent.count)")
        for (a, b) in zip(sent, sent.dropFirst()) { #expect(b.0.timeIntervalSince(a.0) >= 5, "at most one every 5 s") }

        // Fast answers: exactly one every 5 s.
        var fast = Self.state((0..<10).map { Self.pinnedEverywhere($0, created: Self.t0.addingTimeInterval(-86_400)) })
        var times: [Date] = []
        t = Self.t0
        for _ in 0..<30 {
            t = t.addingTimeInterval(1)
            for cid in Self.probes(ConsoleUpdate.update(&fast, .tick, now: t)) {
                times.append(t)
                _ = Self.answer(&fast, cid, .status(200), at: t)
            }
        }
        #expect(times.count == 6, "30 s at one every 5 s: \(times.count)")
    }

    @Test func lostAnswerDoesNotStopTheProbesForever() {
        var s = Self.state([Self.pinnedEverywhere(1, created: Self.t0)])
        #expect(Self.probes(ConsoleUpdate.update(&s, .tick, now: Self.t0)).count == 1)
        #expect(Self.probes(ConsoleUpdate.update(&s, .tick, now: Self.t0.addingTimeInterval(12))).isEmpty, "still in flight within timeout + grace")
        #expect(Self.probes(ConsoleUpdate.update(&s, .tick, now: Self.t0.addingTimeInterval(16))).count == 1, "forgotten after timeout + grace")
    }

    @Test func newAndErroredPinsFirstThenTheWalkAlternating() {
        let old = Self.t0.addingTimeInterval(-90 * 86_400)
        var lines = (0..<40).map { Self.pinnedEverywhere($0, created: old.addingTimeInterval(Double($0))) }
        // Two new pins (pinned), one in error on a peer.
        lines.append(Self.pin(Self.cid(100), name: "new-a", created: Self.t0.addingTimeInterval(-30), [(Self.p1, "pinned"), (Self.p2, "pinned")]))
        lines.append(Self.pin(Self.cid(101), name: "new-b", created: Self.t0.addingTimeInterval(-10), [(Self.p1, "pinned"), (Self.p3, "pinned")]))
        lines.append(Self.pin(Self.cid(102), name: "broken", created: old, [(Self.p1, "pin_error"), (Self.p2, "pinned")]))
        var s = Self.state(lines)
        var order: [String] = []
        var reasons: [GatewayState.Pick] = []
        for i in 0..<8 {
            let t = Self.t0.addingTimeInterval(Double(i) * 5)
            let cids = Self.probes(ConsoleUpdate.update(&s, .tick, now: t))
            #expect(cids.count == 1)
            guard let c = cids.first else { continue }
            order.append(c)
            reasons.append(s.gateway.inFlight?.reason ?? .rotation)
            _ = Self.answer(&s, c, .status(200), at: t)
        }
        // Newest first, then the other new one, then the one in error; the walk in between.
        #expect(reasons == [.recent, .rotation, .recent, .rotation, .errored, .rotation, .rotation, .rotation], "\(reasons)")
        #expect(order[0] == Self.cid(101) && order[2] == Self.cid(100) && order[4] == Self.cid(102), "\(order)")
        #expect(order[1] == Self.cid(0) && order[3] == Self.cid(1) && order[5] == Self.cid(2), "the walk goes in table order: \(order)")
    }

    @Test func theWalkReachesEveryPinAndWraps() {
        let old = Self.t0.addingTimeInterval(-90 * 86_400)
        // Every pin old and served: no priority candidate once the newest were probed.
        var s = Self.state((0..<25).map { Self.pinnedEverywhere($0, created: old) })
        var seen = Set<String>()
        for i in 0..<60 {
            let t = Self.t0.addingTimeInterval(Double(i) * 5)
            for c in Self.probes(ConsoleUpdate.update(&s, .tick, now: t)) {
                seen.insert(c)
                _ = Self.answer(&s, c, .status(200), at: t)
            }
        }
        #expect(seen.count == 25, "every pin probed eventually: \(seen.count)")
        #expect(s.gateway.cursor <= 25)
    }

    @Test func failingPinsAreProbedAgainAfterAMinute() {
        let old = Self.t0.addingTimeInterval(-90 * 86_400)
        var s = Self.state((0..<30).map { Self.pinnedEverywhere($0, created: old) })
        let first = Self.probes(ConsoleUpdate.update(&s, .tick, now: Self.t0))[0]
        _ = Self.answer(&s, first, .status(504), latency: 2, at: Self.t0)
        #expect(s.gateway.results[first]?.failingSince == Self.t0)
        var again: Date?
        for i in 1..<30 {
            let t = Self.t0.addingTimeInterval(Double(i) * 5)
            for c in Self.probes(ConsoleUpdate.update(&s, .tick, now: t)) {
                if c == first, again == nil { again = t }
                _ = Self.answer(&s, c, c == first ? .timeout(seconds: 10) : .status(200), at: t)
            }
        }
        #expect(again.map { $0.timeIntervalSince(Self.t0) >= GatewayState.retrySeconds } == true, "retried after a minute, not before: \(String(describing: again))")
        #expect(s.gateway.results[first]?.failingSince == Self.t0, "failing since its first failure")
        #expect(s.gateway.results[first]?.reason == .retry)
        #expect((s.gateway.results[first]?.probes ?? 0) >= 2)
    }

    @Test func aNewPinWithoutStatusIsProbedOnceAndAFailureAsksTheCluster() {
        var s = Self.state([Self.pinnedEverywhere(1, created: Self.t0.addingTimeInterval(-86_400))])
        // A pin known from /allocations only: no peer reported on it yet.
        let line = String(PinFixtures.allocationLine(cid: Self.cid(9), name: "fresh", allocations: [Self.p1, Self.p2], rmin: 2, rmax: 2).dropLast())
            .replacingOccurrences(of: "2021-12-07T16:24:58+01:00", with: ISO8601DateFormatter().string(from: Self.t0.addingTimeInterval(-5)))
        let old = String(PinFixtures.allocationLine(cid: Self.cid(1), name: "old", allocations: [], rmin: -1, rmax: -1).dropLast())
        _ = Fixture.stream(&s, .allocations, [old, line], at: Self.t0)
        let first = Self.probes(ConsoleUpdate.update(&s, .tick, now: Self.t0.addingTimeInterval(1)))
        #expect(first == [Self.cid(9)], "the unreported new pin is probed: \(first)")
        let effects = Self.answer(&s, Self.cid(9), .status(504), latency: 2, at: Self.t0.addingTimeInterval(1))
        #expect(s.pins.watched[Self.cid(9)] != nil, "a failure on a pin of unknown status watches it")
        #expect(effects.contains { if case .fetchWatched(let cids, _) = $0 { return cids.contains(Self.cid(9)) } else { return false } })
        // Still unreported: not picked as recent again (the retry takes it after a minute).
        let next = Self.probes(ConsoleUpdate.update(&s, .tick, now: Self.t0.addingTimeInterval(7)))
        #expect(next == [Self.cid(1)], "the walk goes on: \(next)")
    }

    @Test func rollupCountsServedOfProbedWithPercentiles() {
        let old = Self.t0.addingTimeInterval(-90 * 86_400)
        var s = Self.state((0..<20).map { Self.pinnedEverywhere($0, created: old) })
        // 20 probes: latencies 10 ms ... 190 ms for 19 served, one 504.
        for i in 0..<20 {
            let t = Self.t0.addingTimeInterval(Double(i) * 5)
            let out: GatewayOutcome = i == 7 ? .status(504) : .status(200)
            _ = Self.answer(&s, Self.cid(i), out, latency: Double(i) * 0.01 + 0.01, at: t)
        }
        let now = Self.t0.addingTimeInterval(100)
        var r = s.gateway.rollup(s.pins.table, now: now)
        #expect(r.probed == 20 && r.served == 19)
        // Served latencies: 0.01...0.20 without 0.08; nearest rank p50 = 10th = 0.11, p95 = 19th = 0.20.
        #expect(abs((r.p50 ?? 0) - 0.11) < 1e-9, "\(String(describing: r.p50))")
        #expect(abs((r.p95 ?? 0) - 0.20) < 1e-9, "\(String(describing: r.p95))")
        #expect(r.lastFailure?.cid == Self.cid(7))
        #expect(r.summary == "served 19/20 probed, p50 110 ms, p95 200 ms")
        // Outside the window nothing is counted; the last failure stays.
        r = s.gateway.rollup(s.pins.table, now: now.addingTimeInterval(GatewayState.rollupWindow + 200))
        #expect(r.probed == 0 && r.lastFailure?.cid == Self.cid(7))
        // A pin gone from the pinset is not counted.
        var gone = s
        _ = Fixture.stream(&gone, .fullPins, (1..<20).map { Self.pinnedEverywhere($0, created: old) }, at: now)
        #expect(gone.gateway.rollup(gone.pins.table, now: now).probed == 19)
    }

    @Test func downAfterProbesInARowCannotConnect() {
        var s = Self.state((0..<10).map { Self.pinnedEverywhere($0, created: Self.t0) })
        _ = Self.answer(&s, Self.cid(0), .status(200), at: Self.t0)
        _ = Self.answer(&s, Self.cid(1), .unreachable("connection refused"), at: Self.t0.addingTimeInterval(5))
        _ = Self.answer(&s, Self.cid(2), .unreachable("connection refused"), at: Self.t0.addingTimeInterval(10))
        #expect(!s.gateway.isDown, "two refusals after an answer are not yet down")
        _ = Self.answer(&s, Self.cid(3), .unreachable("connection refused"), at: Self.t0.addingTimeInterval(15))
        #expect(s.gateway.isDown)
        #expect(s.gateway.unreachableSince == Self.t0.addingTimeInterval(5))
        _ = Self.answer(&s, Self.cid(4), .status(404), at: Self.t0.addingTimeInterval(20))
        #expect(!s.gateway.isDown, "any answer ends it")
        // A gateway that never answered is down from its first probe.
        var never = Self.state([Self.pinnedEverywhere(0, created: Self.t0)])
        _ = Self.answer(&never, Self.cid(0), .unreachable("connection refused"), at: Self.t0)
        #expect(never.gateway.isDown)
    }

    @Test func resultsAreBounded() {
        var s = Self.state([])
        for i in 0..<(GatewayState.maxResults + 40) {
            _ = Self.answer(&s, Self.cid(i), .status(200), at: Self.t0.addingTimeInterval(Double(i)))
        }
        #expect(s.gateway.results.count == GatewayState.maxResults)
        #expect(s.gateway.results[Self.cid(0)] == nil, "the oldest dropped")
    }

    @Test func probeGatewayNowIgnoresTheIntervalButNotTheProbeInFlight() {
        var s = Self.state((0..<5).map { Self.pinnedEverywhere($0, created: Self.t0) })
        let a = Self.probes(ConsoleUpdate.update(&s, .intent(.probeGatewayNow), now: Self.t0))
        #expect(a.count == 1)
        #expect(Self.probes(ConsoleUpdate.update(&s, .intent(.probeGatewayNow), now: Self.t0)).isEmpty, "one in flight")
        _ = Self.answer(&s, a[0], .status(200), at: Self.t0)
        #expect(Self.probes(ConsoleUpdate.update(&s, .intent(.probeGatewayNow), now: Self.t0.addingTimeInterval(0.1))).count == 1)
    }

    @Test func settingsNormaliseTheURL() {
        #expect(GatewaySettings.normalise("https://d111.cloudfront.net/").url == "https://d111.cloudfront.net")
        #expect(GatewaySettings.normalise("https://gw.example.com/ipfs/").url == "https://gw.example.com")
        #expect(GatewaySettings.normalise("http://10.0.1.5:8080").url == "http://10.0.1.5:8080")
        #expect(GatewaySettings.normalise("https://example.com/prefix/ipfs").url == "https://example.com/prefix")
        #expect(GatewaySettings.normalise("ftp://gw").url == nil)
        #expect(GatewaySettings.normalise("gw.example.com").url == nil)
        #expect(GatewaySettings.normalise("https://user:pw@gw.example.com").problem?.contains("credentials") == true)
        #expect(GatewaySettings.normalise("https://gw.example.com/?x=1").url == nil)
        #expect(GatewaySettings(url: "http://gw").probeURL("bafy") == "http://gw/ipfs/bafy")
    }

    @Test func probesAreRecordedAndReplayed() throws {
        for outcome in [GatewayOutcome.status(504), .timeout(seconds: 10), .unreachable("connection refused")] {
            let e = ConsoleEvent.gatewayProbed(GatewayProbe(cid: Self.cid(3), outcome: outcome, latency: 2.125, at: Self.t0))
            let data = try JSONEncoder().encode(e)
            let back = try JSONDecoder().decode(ConsoleEvent.self, from: data)
            guard case .gatewayProbed(let p) = back else { Issue.record("decoded as \(back)"); continue }
            #expect(p.outcome == outcome && p.cid == Self.cid(3) && p.at == Self.t0 && abs(p.latency - 2.125) < 1e-9)
            #expect(e.isRecorded)
        }
        let intent = try JSONDecoder().decode(ConsoleEvent.self, from: JSONEncoder().encode(ConsoleEvent.intent(.probeGatewayNow)))
        guard case .intent(.probeGatewayNow) = intent else { Issue.record("\(intent)"); return }
        // The settings travel in the header, so a replay shows the same gateway.
        var settings = ConsoleSettings(endpoint: "x")
        settings.gateway = GatewaySettings(url: "http://gw.test", interval: 3, timeout: 7)
        let header = try JSONDecoder().decode(RecordedSettings.self, from: JSONEncoder().encode(RecordedSettings(settings)))
        #expect(header.consoleSettings.gateway == settings.gateway)
    }
}
