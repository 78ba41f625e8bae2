import ClusterAPI
import ClusterSimulator
import Foundation
import Testing
@testable import ConsoleCore

/// Direct per-peer polling: the peers' own API addresses (configured, or found in `/peers`),
/// polled for `/id`, metrics and alerts; the answers merged per peer; an address that stops
/// answering while the load balancer still does is evidence; the header says which mode is used.
@Suite struct DirectPollingTests {
    static let u1 = "http://10.0.1.12:9094", u2 = "http://10.0.2.7:9094", u3 = "http://10.0.3.4:9094"

    static func directFetches(_ effects: [Effect]) -> [(String, DataSource)] {
        effects.compactMap { if case .fetchDirect(let u, let s, _) = $0 { (u, s) } else { nil } }
    }

    static func mainFetches(_ effects: [Effect]) -> [DataSource] {
        effects.compactMap { if case .fetch(let s, _) = $0 { s } else { nil } }
    }

    static func configured(_ urls: [String] = [u1, u2, u3]) -> ConsoleState {
        var settings = ConsoleSettings(contextName: "test", endpoint: "http://lb:9094", refresh: 2)
        settings.peerAPIs = urls
        return ConsoleState(settings: settings)
    }

    /// Answers the direct call in flight of `source` at `url`.
    @discardableResult
    static func answer(_ state: inout ConsoleState, _ url: String, _ source: DataSource, _ outcome: DirectAnswer.Outcome,
                       status: Int? = 200, at now: Date) -> [Effect] {
        let g = state.direct.addresses[url]?.calls[source]?.generation ?? -1
        let origin = status.map { ResponseOrigin(host: DirectPeers.hostPort(url), status: $0, serverDate: nil) }
        return ConsoleUpdate.update(&state, .direct(DirectAnswer(url: url, source: source, generation: g, origin: origin, outcome: outcome)),
                                    now: now)
    }

    /// A state whose three configured addresses answered `/id` as p1, p2, p3, with `/peers` listing them.
    static func confirmed(at t: Date = Fixture.t0) -> ConsoleState {
        var s = configured()
        _ = ConsoleUpdate.update(&s, .tick, now: t)
        for (u, p, n) in [(u1, Fixture.p1, "IpfsCluster0"), (u2, Fixture.p2, "IpfsCluster1"), (u3, Fixture.p3, "IpfsCluster2")] {
            answer(&s, u, .id, .loaded(.id(Fixture.peer(p, n))), at: t.addingTimeInterval(0.1))
        }
        let g = s.freshness(.peers).generation
        _ = ConsoleUpdate.update(&s, .loaded(.peers, generation: g, .peers([Fixture.peer(Fixture.p1, "IpfsCluster0"),
                                                                            Fixture.peer(Fixture.p2, "IpfsCluster1"),
                                                                            Fixture.peer(Fixture.p3, "IpfsCluster2")])),
                                 now: t.addingTimeInterval(0.2))
        let gid = s.freshness(.id).generation
        _ = ConsoleUpdate.update(&s, .loaded(.id, generation: gid, .id(Fixture.peer(Fixture.p1, "IpfsCluster0"))), now: t.addingTimeInterval(0.2))
        for source in [DataSource.ping, .freespace, .pinqueue] {
            _ = ConsoleUpdate.update(&s, .loaded(source, generation: s.freshness(source).generation, .metrics([])), now: t.addingTimeInterval(0.2))
        }
        _ = ConsoleUpdate.update(&s, .loaded(.alerts, generation: s.freshness(.alerts).generation, .alerts([])), now: t.addingTimeInterval(0.2))
        return s
    }

    @Test func configuredAddressesAreProbedWithIDFirstThenPolledForThePerPeerCalls() {
        var s = Self.configured()
        let first = ConsoleUpdate.update(&s, .tick, now: Fixture.t0)
        #expect(Set(Self.directFetches(first).map(\.1)) == [.id], "only /id until it says who is there")
        #expect(Self.directFetches(first).count == 3)
        #expect(s.direct.modeText == "direct to 0 of 3 peers")
        s = Self.confirmed()
        #expect(s.direct.modeText == "direct to 3 peers")
        #expect(s.directCoversPeerCalls)
        let next = ConsoleUpdate.update(&s, .tick, now: Fixture.t0.addingTimeInterval(2.5))
        let direct = Self.directFetches(next)
        for u in [Self.u1, Self.u2, Self.u3] {
            #expect(Set(direct.filter { $0.0 == u }.map(\.1)) == [.id, .ping, .freespace, .pinqueue, .alerts], "\(u): \(direct)")
        }
        // The per-peer calls no longer go through the load balancer; `/id` and the streams do.
        let main = Self.mainFetches(next)
        #expect(!main.contains(.alerts) && !main.contains(.ping) && !main.contains(.freespace) && !main.contains(.pinqueue), "\(main)")
        #expect(main.contains(.id) && main.contains(.peers), "\(main)")
    }

    @Test func anAddressThatStopsAnsweringIsCountedAndTheLoadBalancerCoversItsPeerAgain() {
        var s = Self.confirmed()
        let t = Fixture.t0.addingTimeInterval(3)
        _ = ConsoleUpdate.update(&s, .tick, now: t)
        Self.answer(&s, Self.u3, .id, .failed("connection refused by 10.0.3.4:9094 during GET /id"), status: nil, at: t.addingTimeInterval(0.1))
        #expect(s.direct.modeText == "direct to 2 of 3 peers")
        #expect(s.direct.hasFailing)
        #expect(s.direct.addresses[Self.u3]?.failingSince == t.addingTimeInterval(0.1))
        // IpfsCluster2 is still up in /peers: the load balancer's alerts cover it again.
        #expect(!s.directCoversPeerCalls)
        let next = ConsoleUpdate.update(&s, .tick, now: t.addingTimeInterval(2.5))
        #expect(Self.mainFetches(next).contains(.alerts))
        // Only `/id` is asked of the failing address.
        #expect(Set(Self.directFetches(next).filter { $0.0 == Self.u3 }.map(\.1)) == [.id])
        // An HTTP error (the API answered) is not an address down.
        var s2 = Self.confirmed()
        _ = ConsoleUpdate.update(&s2, .tick, now: t)
        Self.answer(&s2, Self.u2, .alerts, .failed("the cluster answered 500"), status: 500, at: t.addingTimeInterval(0.1))
        #expect(s2.direct.modeText == "direct to 3 peers")
    }

    @Test func aConfiguredAddressAnsweringAsSeveralPeersIsALoadBalancerAndNotUsed() {
        var s = Self.configured([Self.u1])
        _ = ConsoleUpdate.update(&s, .tick, now: Fixture.t0)
        Self.answer(&s, Self.u1, .id, .loaded(.id(Fixture.peer(Fixture.p1, "IpfsCluster0"))), at: Fixture.t0)
        #expect(s.direct.modeText == "direct to 1 peer")
        _ = ConsoleUpdate.update(&s, .tick, now: Fixture.t0.addingTimeInterval(2.5))
        Self.answer(&s, Self.u1, .id, .loaded(.id(Fixture.peer(Fixture.p2, "IpfsCluster1"))), at: Fixture.t0.addingTimeInterval(2.6))
        let a = try! #require(s.direct.addresses[Self.u1])
        #expect(a.unusable?.contains("a load balancer") == true, "\(a)")
        #expect(s.direct.modeText == nil)
        #expect(Self.directFetches(ConsoleUpdate.update(&s, .tick, now: Fixture.t0.addingTimeInterval(10))).isEmpty)
    }

    @Test func discoveryTakesEachPeersOwnRoutableIPAtTheDialledPort() {
        var settings = ConsoleSettings(endpoint: "http://10.0.9.9:9094", refresh: 2)
        settings.peerAPIDiscovery = PeerAPIDiscovery(useTLS: false, port: 9094, excludedHosts: ["10.0.9.9"])
        var s = ConsoleState(settings: settings)
        func peer(_ id: String, _ name: String, _ addresses: [String]) -> ClusterPeer {
            var p = Fixture.peer(id, name)
            p.addresses = addresses
            return p
        }
        let list = [
            peer(Fixture.p1, "IpfsCluster0", ["/ip4/10.0.1.12/tcp/9096/p2p/x", "/ip4/127.0.0.1/tcp/9096/p2p/x"]),
            // Link-local first, then its own private IP.
            peer(Fixture.p2, "IpfsCluster1", ["/ip4/169.254.1.1/tcp/9096/p2p/y", "/ip4/127.0.0.1/tcp/9096/p2p/y", "/ip4/10.0.2.7/tcp/9096/p2p/y"]),
            // Only the load balancer's own address, a link-local IPv6 and a DNS name: nothing to try.
            peer(Fixture.p3, "IpfsCluster2", ["/ip4/10.0.9.9/tcp/9096/p2p/z", "/ip6/fe80::1/tcp/9096/p2p/z", "/dns4/x.example/tcp/9096/p2p/z",
                                              "/ip4/127.0.0.1/tcp/9096/p2p/z"]),
        ]
        _ = ConsoleUpdate.update(&s, .tick, now: Fixture.t0)
        _ = ConsoleUpdate.update(&s, .loaded(.peers, generation: s.freshness(.peers).generation, .peers(list)), now: Fixture.t0)
        #expect(s.direct.order == [Self.u1, Self.u2], "127.0.0.1 is every peer's, 10.0.9.9 is the load balancer: \(s.direct.order)")
        #expect(s.direct.addresses[Self.u1]?.expectedPeer == Fixture.p1)
        // Probing: not counted until it answers as its peer.
        #expect(s.direct.modeText == nil)
        let probes = ConsoleUpdate.update(&s, .tick, now: Fixture.t0.addingTimeInterval(2.5))
        #expect(Self.directFetches(probes).map(\.1) == [.id, .id])
        Self.answer(&s, Self.u1, .id, .loaded(.id(Fixture.peer(Fixture.p1, "IpfsCluster0"))), at: Fixture.t0.addingTimeInterval(2.6))
        // 10.0.2.7 answers as another peer: not IpfsCluster1's address.
        Self.answer(&s, Self.u2, .id, .loaded(.id(Fixture.peer(Fixture.p3, "IpfsCluster2"))), at: Fixture.t0.addingTimeInterval(2.6))
        #expect(s.direct.modeText == "direct to 1 peer")
        #expect(s.direct.addresses[Self.u2]?.unusable?.contains("not IpfsCluster1") == true)
        // A probe that gets no answer makes a discovered address unusable, not "failing".
        var s2 = ConsoleState(settings: settings)
        _ = ConsoleUpdate.update(&s2, .tick, now: Fixture.t0)
        _ = ConsoleUpdate.update(&s2, .loaded(.peers, generation: s2.freshness(.peers).generation, .peers(list)), now: Fixture.t0)
        _ = ConsoleUpdate.update(&s2, .tick, now: Fixture.t0.addingTimeInterval(2.5))
        Self.answer(&s2, Self.u1, .id, .failed("could not connect to 10.0.1.12:9094 within 10 s"), status: nil, at: Fixture.t0.addingTimeInterval(12))
        #expect(s2.direct.addresses[Self.u1]?.unusable != nil)
        #expect(s2.direct.modeText == nil)
        // ... tried again after a while, at a later /peers.
        let later = Fixture.t0.addingTimeInterval(12 + DirectPeers.retryUnusableAfter + 1)
        _ = ConsoleUpdate.update(&s2, .loaded(.peers, generation: s2.freshness(.peers).generation, .peers(list)), now: later)
        #expect(s2.direct.addresses[Self.u1]?.unusable == nil)
        // A replaced task (new IP) gives up its old address.
        var moved = list
        moved[0].addresses = ["/ip4/10.0.1.99/tcp/9096/p2p/x"]
        _ = ConsoleUpdate.update(&s, .loaded(.peers, generation: s.freshness(.peers).generation, .peers(moved)), now: later)
        #expect(s.direct.addresses[Self.u1] == nil)
        #expect(s.direct.addresses["http://10.0.1.99:9094"]?.expectedPeer == Fixture.p1)
    }

    @Test func discoveryIsOffWithoutItsSettingsAndIPsAreClassified() {
        var s = Self.confirmed()
        _ = ConsoleUpdate.update(&s, .loaded(.peers, generation: s.freshness(.peers).generation,
                                              .peers([Fixture.peer(Fixture.p1, "IpfsCluster0")])), now: Fixture.t0.addingTimeInterval(1))
        #expect(s.direct.order == [Self.u1, Self.u2, Self.u3])
        #expect(PeerAPIDiscovery.ip(ofMultiaddr: "/ip4/10.0.1.12/tcp/9096/p2p/x") == "10.0.1.12")
        #expect(PeerAPIDiscovery.ip(ofMultiaddr: "/ip6/fd00::12/tcp/9096") == "fd00::12")
        #expect(PeerAPIDiscovery.ip(ofMultiaddr: "/dns4/a.b/tcp/9096") == nil)
        #expect(PeerAPIDiscovery.ip(ofMultiaddr: "/ip4/300.1.1.1/tcp/1") == nil)
        for ip in ["10.0.1.12", "192.168.1.2", "127.0.1.2", "203.0.113.7", "::1", "fd00::12", "2001:db8::1"] {
            #expect(PeerAPIDiscovery.isUsable(ip), "\(ip)")
        }
        for ip in ["0.0.0.0", "169.254.10.1", "224.0.0.251", "255.255.255.255", "::", "fe80::1", "ff02::1"] {
            #expect(!PeerAPIDiscovery.isUsable(ip), "\(ip)")
        }
        #expect(PeerAPIDiscovery(useTLS: true, port: 443).url("fd00::12") == "https://[fd00::12]:443")
        // Credentials sent in the clear (basic auth over HTTP) go to private addresses only.
        let guarded = PeerAPIDiscovery(useTLS: false, port: 9094, excludedHosts: ["10.0.9.9"], allowPublic: false)
        #expect(guarded.mayProbe("10.0.1.12") && guarded.mayProbe("172.20.0.3") && guarded.mayProbe("100.64.1.1") && guarded.mayProbe("fd00::12"))
        #expect(!guarded.mayProbe("203.0.113.7") && !guarded.mayProbe("2001:db8::1") && !guarded.mayProbe("10.0.9.9"))
        #expect(PeerAPIDiscovery(useTLS: true, port: 443).mayProbe("203.0.113.7"))
    }

    @Test func rejectedCredentialsStopTheDirectCallsToo() {
        var s = Self.confirmed()
        let t = Fixture.t0.addingTimeInterval(3)
        _ = ConsoleUpdate.update(&s, .tick, now: t)
        Self.answer(&s, Self.u2, .alerts, .failed("the cluster rejected the user name or password"), status: 401, at: t.addingTimeInterval(0.1))
        #expect(s.authBackoff?.status == 401)
        // The address answered (with a 401): it is not down.
        #expect(s.direct.modeText == "direct to 3 peers")
        for dt in stride(from: 3.5, through: 30, by: 0.5) {
            let effects = ConsoleUpdate.update(&s, .tick, now: t.addingTimeInterval(dt))
            #expect(Self.directFetches(effects).isEmpty, "at +\(dt) s: \(effects)")
            #expect(Self.mainFetches(effects).allSatisfy { $0 == .id })
        }
        // Accepted again: direct polling resumes.
        let g = Fixture.begin(&s, .id, at: t.addingTimeInterval(31))
        _ = ConsoleUpdate.update(&s, .responded(.id, ResponseOrigin(host: "lb:9094", status: 200, serverDate: nil)), now: t.addingTimeInterval(31))
        _ = ConsoleUpdate.update(&s, .loaded(.id, generation: g, .id(Fixture.peer(Fixture.p1, "IpfsCluster0"))), now: t.addingTimeInterval(31))
        #expect(s.authBackoff == nil)
        #expect(!Self.directFetches(ConsoleUpdate.update(&s, .tick, now: t.addingTimeInterval(32))).isEmpty)
    }

    @Test func eachPeersAlertsAreMergedAndSayWhoReportedThem() {
        var s = Self.confirmed()
        let t = Fixture.t0.addingTimeInterval(3)
        _ = ConsoleUpdate.update(&s, .tick, now: t)
        let a1 = Alert(metric: Metric(name: "ping", peer: Fixture.p3), triggeredAt: ClusterTime(date: Fixture.t0))
        let a2 = Alert(metric: Metric(name: "freespace", peer: Fixture.p2), triggeredAt: ClusterTime(date: Fixture.t0))
        Self.answer(&s, Self.u1, .alerts, .loaded(.alerts([a1])), at: t.addingTimeInterval(0.1))
        Self.answer(&s, Self.u2, .alerts, .loaded(.alerts([a2])), at: t.addingTimeInterval(0.1))
        Self.answer(&s, Self.u3, .alerts, .loaded(.alerts([])), at: t.addingTimeInterval(0.1))
        #expect(s.alerts.count == 2)
        #expect(s.answers.alerts["\(Fixture.p3)|ping"]?.reportedBy == "IpfsCluster0")
        #expect(s.answers.alerts["\(Fixture.p2)|freespace"]?.reportedBy == "IpfsCluster1")
    }

    @Test func theNewestViewOfAMetricWinsWhicheverPeerReportedIt() {
        var s = Self.confirmed()
        let t = Fixture.t0.addingTimeInterval(3)
        _ = ConsoleUpdate.update(&s, .tick, now: t)
        func ping(_ received: Date) -> Metric {
            Metric(name: "ping", peer: Fixture.p3, value: "", expire: Int64((received.timeIntervalSince1970 + 30) * 1e9),
                   valid: true, receivedAt: Int64(received.timeIntervalSince1970 * 1e9))
        }
        Self.answer(&s, Self.u2, .ping, .loaded(.metrics([ping(Fixture.t0.addingTimeInterval(2))])), at: t.addingTimeInterval(0.1))
        // IpfsCluster0 is cut off from IpfsCluster2: its view is older, and does not replace the newer one.
        Self.answer(&s, Self.u1, .ping, .loaded(.metrics([ping(Fixture.t0.addingTimeInterval(-40))])), at: t.addingTimeInterval(0.2))
        #expect(s.peers[Fixture.p3]?.pingExpire == Fixture.t0.addingTimeInterval(32))
        #expect(s.answers.metrics["\(Fixture.p3)|ping"]?.reporter == "IpfsCluster1")
    }

    @Test func aPeerWhoseOwnAddressFailsWhileTheLoadBalancerAnswersGetsAVerdict() throws {
        var s = Self.confirmed()
        let t = Fixture.t0.addingTimeInterval(3)
        _ = ConsoleUpdate.update(&s, .tick, now: t)
        Self.answer(&s, Self.u3, .id, .failed("connection refused by 10.0.3.4:9094 during GET /id; is the cluster peer running"),
                    status: nil, at: t.addingTimeInterval(0.1))
        let gid = Fixture.begin(&s, .id, at: t.addingTimeInterval(1))
        _ = ConsoleUpdate.update(&s, .loaded(.id, generation: gid, .id(Fixture.peer(Fixture.p1, "IpfsCluster0"))), now: t.addingTimeInterval(1))
        let r = TriageEngine.run(IncidentEvidence.build(s).evidence)
        #expect(r.blocks.map(\.peerName) == ["IpfsCluster2"], "\(r.blocks.map { "\($0.peerName): \($0.headline)" })")
        let b = try #require(r.blocks.first)
        #expect(b.rules == ["peer-api-down"])
        #expect(b.headline.contains("10.0.3.4:9094 connection refused"), "\(b.headline)")
        #expect(b.headline.contains("while the main endpoint and 2 other peers answer"), "\(b.headline)")
        // The console's own network down (nothing answers, the main endpoint neither): no verdict.
        var down = s
        for u in [Self.u1, Self.u2] {
            _ = ConsoleUpdate.update(&down, .tick, now: t.addingTimeInterval(5))
            Self.answer(&down, u, .id, .failed("could not connect"), status: nil, at: t.addingTimeInterval(5.1))
        }
        let g2 = Fixture.begin(&down, .id, at: t.addingTimeInterval(6))
        _ = ConsoleUpdate.update(&down, .failed(.id, generation: g2, message: "could not connect to lb:9094 within 10 s"), now: t.addingTimeInterval(6))
        #expect(TriageEngine.run(IncidentEvidence.build(down).evidence).blocks.isEmpty)
    }

    @Test func directAnswersAndTheirSettingsAreRecordedAndReplayed() throws {
        let answer = DirectAnswer(url: Self.u1, source: .alerts, generation: 7,
                                  origin: ResponseOrigin(host: "10.0.1.12:9094", status: 200, serverDate: Fixture.t0),
                                  outcome: .loaded(.alerts([Alert(metric: Metric(name: "ping", peer: Fixture.p2), triggeredAt: ClusterTime(date: Fixture.t0))])))
        for event in [ConsoleEvent.direct(answer),
                      .direct(DirectAnswer(url: Self.u2, source: .id, generation: 3, origin: nil, outcome: .failed("connection refused")))] {
            let data = try JSONEncoder().encode(event)
            #expect(String(decoding: data, as: UTF8.self).contains("\"k\":\"direct\""))
            let back = try JSONDecoder().decode(ConsoleEvent.self, from: data)
            guard case .direct(let a) = back, case .direct(let b) = event else { Issue.record("\(back)"); continue }
            #expect(a.url == b.url && a.source == b.source && a.generation == b.generation && a.origin == b.origin)
        }
        var settings = ConsoleSettings(endpoint: "http://lb:9094")
        settings.peerAPIs = [Self.u1, Self.u2]
        settings.peerAPIDiscovery = PeerAPIDiscovery(useTLS: false, port: 9094, excludedHosts: ["lb"])
        let recorded = try JSONDecoder().decode(RecordedSettings.self, from: JSONEncoder().encode(RecordedSettings(settings)))
        #expect(recorded.consoleSettings.peerAPIs == [Self.u1, Self.u2])
        #expect(recorded.consoleSettings.peerAPIDiscovery == settings.peerAPIDiscovery)
        // A mid-session file: the checkpoint carries the addresses and their calls, so the
        // answers after it apply.
        var s = Self.confirmed()
        _ = ConsoleUpdate.update(&s, .tick, now: Fixture.t0.addingTimeInterval(3))
        let cp = try JSONDecoder().decode(RecordingCheckpoint.self, from: JSONEncoder().encode(RecordingCheckpoint(state: s)))
        var resumed = Self.configured()
        ConsoleUpdate.resume(&resumed, from: cp)
        #expect(resumed.direct == s.direct)
        Self.answer(&resumed, Self.u3, .id, .failed("refused"), status: nil, at: Fixture.t0.addingTimeInterval(3.1))
        #expect(resumed.direct.modeText == "direct to 2 of 3 peers")
    }
}

/// Direct polling over real HTTP: three simulated peers, each on its own loopback port besides
/// the load balancer's.
@Suite(.serialized) struct DirectPollingSimulatorTests {
    @Test func threePeersOnThreePortsThenOneStoppedIsNamed() async throws {
        let d = try await ScenarioDriver(scenario: nil, speed: 1, pins: 20, settings: { e, settings in settings.peerAPIs = e.peers })
        do {
            var ok = false
            for _ in 0..<40 where !ok {
                await d.round()
                ok = d.state.direct.modeText == "direct to 3 peers" && d.state.directCoversPeerCalls
                if !ok { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(ok, "\(d.state.direct.modeText ?? "-") covers \(d.state.directCoversPeerCalls)")
            // Each address is the peer listed at that port.
            for (i, url) in d.endpoints.peers.enumerated() {
                #expect(d.state.direct.addresses[url]?.expectedPeer == d.endpoints.peerIDs[i])
            }
            // The per-peer calls are the peers' own: the load balancer is not asked for alerts.
            let mainAlerts = d.state.freshness(.alerts).lastStart
            for _ in 0..<4 {
                await d.round()
                try await Task.sleep(for: .milliseconds(300))
            }
            #expect(d.state.freshness(.alerts).lastStart == mainAlerts)
            #expect(d.state.direct.newestSuccess(.alerts) != nil)

            try await d.sim.stopPeer("IpfsCluster2")
            let id = d.id("IpfsCluster2")
            let port = URL(string: d.endpoints.peers[2])!.port!
            let (r, found) = await d.until(20) { r in
                d.state.direct.modeText == "direct to 2 of 3 peers" && r.block(for: id) != nil
            }
            #expect(found, "\(d.state.direct.modeText ?? "-")\n\(r.summary)")
            let block = try #require(r.block(for: id))
            #expect(block.peerName == "IpfsCluster2")
            #expect(block.rules.contains("peer-api-down") || block.rules.contains("peer-stopped"), "\(r.summary)")
            #expect(block.evidence.contains { $0.text.contains("127.0.0.1:\(port)") && $0.text.contains("connection refused") },
                    "\(block.evidence.map(\.text))")
            // Only that peer: the two others answer at their addresses.
            #expect(r.blocks.filter { $0.rules != ["pins-in-error"] }.map(\.peerName) == ["IpfsCluster2"], "\(r.summary)")
        } catch {
            await d.stop()
            throw error
        }
        await d.stop()
    }

    #if os(Linux)
    /// Each simulated peer on a loopback IP of its own at the load balancer's port, as ECS tasks
    /// are: the console given only the load balancer finds all three in `/peers`.
    @Test func peersOwnAddressesAreFoundInPeersBehindTheLoadBalancer() async throws {
        let d = try await ScenarioDriver(scenario: nil, speed: 1, pins: 0, configure: { $0.ownLoopbackAddresses = true }, settings: { e, settings in
            let lb = try! ClusterHost.parse(e.loadBalancer!, https: false)
            settings.peerAPIDiscovery = PeerAPIDiscovery(useTLS: false, port: lb.port, excludedHosts: [lb.host])
        })
        do {
            var ok = false
            for _ in 0..<40 where !ok {
                await d.round()
                ok = d.state.direct.modeText == "direct to 3 peers"
                if !ok { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(ok, "\(d.state.direct.list.map { "\($0.url) \($0.unusable ?? "")" })")
            for (i, id) in d.endpoints.peerIDs.enumerated() {
                #expect(d.state.direct.address(forPeer: id)?.hostPort.hasPrefix("127.0.1.\(i + 1):") == true)
            }
        } catch {
            await d.stop()
            throw error
        }
        await d.stop()
    }
    #endif
}
