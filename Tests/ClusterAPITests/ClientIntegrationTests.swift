import Foundation
import NIOCore
import Testing
@testable import ClusterAPI

/// Runs `body` with a started server and a client pointed at it; always cleans both up.
func withServer<R>(greeting: [UInt8]? = nil, auth: ClusterAuth = .none, idle: Double = 10, https: Bool = false,
                   _ route: @escaping Route,
                   _ body: (ClusterClient, TestServer) async throws -> R) async throws -> R {
    let server = try await TestServer.start(greeting: greeting, route)
    let host = try ClusterHost.parse(server.multiaddr, https: https)
    let client = try ClusterClient(configuration: ClusterClientConfiguration(
        hosts: [host], auth: auth, connectTimeout: 5, idleTimeout: idle))
    do {
        let r = try await body(client, server)
        await client.shutdown()
        await server.stop()
        return r
    } catch {
        await client.shutdown()
        await server.stop()
        throw error
    }
}

/// Drains a stream, returning what arrived and the error that ended it (if any).
func drain<T>(_ s: AsyncThrowingStream<T, Error>) async -> ([T], Error?) {
    var items: [T] = []
    do {
        for try await x in s { items.append(x) }
        return (items, nil)
    } catch {
        return (items, error)
    }
}

let peerLine = #"{"id":"12D3KooWA","addresses":[],"cluster_peers":["12D3KooWA"],"cluster_peers_addresses":[],"version":"1.1.6","commit":"","rpc_protocol_version":"/ipfscluster/1.0/rpc","error":"","ipfs":{"addresses":null,"error":""},"peername":"pA"}"#
func pinLine(_ n: Int) -> String {
    #"{"cid":"Qm\#(n)","name":"n\#(n)","allocations":[],"origins":[],"created":"2026-11-21T05:12:38Z","metadata":null,"peer_map":{"12D3KooWA":{"peername":"pA","status":"pinned","timestamp":"2026-11-21T05:12:38Z","error":"","attempt_count":0,"priority_pin":false}}}"#
}

@Suite("Client over real HTTP on 127.0.0.1")
struct ClientIntegrationTests {
    @Test func idFromRecordingAndAnsweringPeer() async throws {
        try await withServer({ _ in Reply.recorded("recorded/01-id.http") }) { client, server in
            let id = try await client.id()
            #expect(id.peername == "p1")
            let answered = await client.answeringPeer()
            #expect(answered?.peername == "p1")
            #expect(answered?.id == id.id)
            #expect(await server.log.requests.first?.target == "/id")
        }
    }

    @Test func recordedStreamsAnd204() async throws {
        try await withServer({ r in
            switch r.path {
            case "/peers": return Reply.recorded("recorded/03-peers.http")
            case "/allocations": return Reply.recorded("recorded/40-allocations.http")
            default: return Reply.recorded("recorded/04-pins-empty.http")
            }
        }) { client, _ in
            let (peers, e1) = await drain(client.peers())
            #expect(e1 == nil)
            #expect(peers.map(\.peername) == ["p1", "p3", "p2"])
            let (pins, e2) = await drain(client.pins())
            #expect(e2 == nil)
            #expect(pins.isEmpty)
            let (allocs, e3) = await drain(client.allocations())
            #expect(e3 == nil)
            #expect(allocs.count == 5)
        }
    }

    @Test func itemsArriveBeforeTheStreamEnds() async throws {
        let gate = Gate()
        try await withServer({ _ in
            [.write(Reply.streamHead()), .write(Reply.chunk(pinLine(1) + "\n")), .wait(gate),
             .write(Reply.chunk(pinLine(2) + "\n")), .pause(milliseconds: 20), .write(Reply.chunk(pinLine(3) + "\n")),
             .write(Reply.end())]
        }) { client, _ in
            var it = client.pins(filter: [.pinError]).makeAsyncIterator()
            let first = try await it.next()
            #expect(first?.cid == "Qm1")   // delivered while the server is still blocked on the gate
            await gate.open()
            var rest: [String] = []
            while let x = try await it.next() { rest.append(x.cid) }
            #expect(rest == ["Qm2", "Qm3"])
        }
    }

    @Test func queryParametersAreSent() async throws {
        try await withServer({ _ in Reply.noContent() }) { client, server in
            _ = await drain(client.pins(filter: [.pinError, .queued], local: true))
            _ = await drain(client.allocations(filter: ["pin", "meta-pin"]))
            let reqs = await server.log.requests
            #expect(reqs[0].target == "/pins?local=true&filter=pin_error,queued")
            #expect(reqs[1].target == "/allocations?filter=pin,meta-pin")
        }
    }

    @Test func serverErrorBeforeFirstItem() async throws {
        let message = "could not get pinset from IPFS: IPFS error (pin/ls?stream=true&type=recursive). Code: 500."
        try await withServer({ _ in
            [.write(Reply.head(500, "Internal Server Error", [("Content-Type", "application/json"), ("Trailer", "X-Stream-Error"),
                                                             ("Transfer-Encoding", "chunked")])
                    + Reply.chunk("{\"code\":500,\"message\":\"\(message)\"}\n") + Array("0\r\n\r\n".utf8))]
        }) { client, _ in
            let (items, error) = await drain(client.pins(local: true))
            #expect(items.isEmpty)
            let e = try #require(error as? ClusterAPIError)
            #expect(e.kind == .api(status: 500, message: message))
            #expect(e.exitCode == 2)
            #expect(e.context?.path == "/pins?local=true")
            #expect(e.description.contains(message))
        }
    }

    @Test func trailerErrorIsReportedAfterTheItems() async throws {
        try await withServer({ _ in Reply.stream([pinLine(1), pinLine(2)], streamError: "peer 12D3KooWB: context deadline exceeded") }) { client, _ in
            let (items, error) = await drain(client.pins())
            #expect(items.map(\.cid) == ["Qm1", "Qm2"])
            let e = try #require(error as? ClusterAPIError)
            #expect(e.kind == .streamError(message: "peer 12D3KooWB: context deadline exceeded", itemsReceived: 2))
            #expect(e.exitCode == 2)
            #expect(e.description.contains("after 2 items"))
        }
    }

    @Test func connectionDroppedMidStreamIsTruncation() async throws {
        try await withServer({ _ in
            [.write(Reply.streamHead()), .write(Reply.chunk(pinLine(1) + "\n")), .write(Array("5f\r\n{\"cid\":".utf8)), .close]
        }) { client, _ in
            let (items, error) = await drain(client.pins())
            #expect(items.map(\.cid) == ["Qm1"])
            let e = try #require(error as? ClusterAPIError)
            #expect(e.kind == .truncatedStream(itemsReceived: 1))
            #expect(e.exitCode == 1)
            let (raw, rawError) = await drain(client.streamRaw(.pins()))
            #expect(!raw.isEmpty)
            #expect((rawError as? ClusterAPIError)?.kind == .truncatedStream(itemsReceived: 1))
        }
    }

    @Test func droppedBetweenChunksWithoutFinalChunk() async throws {
        try await withServer({ _ in [.write(Reply.streamHead()), .write(Reply.chunk(peerLine + "\n")), .close] }) { client, _ in
            let (items, error) = await drain(client.peers())
            #expect(items.count == 1)
            #expect((error as? ClusterAPIError)?.kind == .truncatedStream(itemsReceived: 1))
        }
    }

    @Test func serverThatNeverAnswersHitsTheIdleTimeout() async throws {
        try await withServer(idle: 0.5, { _ in [.hang] }) { client, server in
            let (_, error) = await drain(client.pins())
            let e = try #require(error as? ClusterAPIError)
            #expect(e.kind == .idleTimeout(seconds: 0.5))
            #expect(e.description == "no data for 0.5 s from 127.0.0.1:\(server.port) during GET /pins")
            #expect(e.exitCode == 1)
        }
    }

    @Test func streamGoingSilentMidwayHitsTheIdleTimeout() async throws {
        try await withServer(idle: 2, { _ in [.write(Reply.streamHead()), .write(Reply.chunk(pinLine(1) + "\n")), .hang] }) { client, _ in
            let (items, error) = await drain(client.pins())
            #expect(items.count == 1)
            #expect((error as? ClusterAPIError)?.kind == .idleTimeout(seconds: 2))
        }
    }

    @Test func slowDripIsReassembled() async throws {
        let body = Array((pinLine(7) + "\n").utf8)
        try await withServer(idle: 5, { _ in
            var steps: [Step] = [.write(Reply.streamHead())]
            // One byte per chunk, with small pauses: lines span many reads.
            for b in body {
                steps.append(.write(Array("1\r\n".utf8) + [b] + Array("\r\n".utf8)))
                steps.append(.pause(milliseconds: 1))
            }
            steps.append(.write(Reply.end()))
            return steps
        }) { client, _ in
            let (items, error) = await drain(client.pins())
            #expect(error == nil)
            #expect(items.map(\.cid) == ["Qm7"])
        }
    }

    @Test func malformedItemNamesItsOffset() async throws {
        try await withServer({ _ in Reply.stream([pinLine(1), "{\"cid\": 12, oops", pinLine(3)]) }) { client, _ in
            let (items, error) = await drain(client.pins())
            #expect(items.count == 1)
            let e = try #require(error as? ClusterAPIError)
            guard case .malformedResponse(_, let index, let offset) = e.kind else {
                Issue.record("wrong kind \(e.kind)"); return
            }
            #expect(index == 1)
            #expect(offset == pinLine(1).utf8.count + 1)
            #expect(e.description.contains("item 2"))
        }
    }

    @Test func apiErrorsHaveSpecificSentences() async throws {
        try await withServer({ r in
            switch r.path {
            case "/pins/QmUnknown": return Reply.recorded("recorded/54-unpin-unknown.http")
            case "/nope": return Reply.recorded("recorded/17-not-found-route.http")
            case "/pins": return Reply.recorded("recorded/18-wrong-method.http")
            default: return Reply.error(500, "Internal Server Error", "crdt consensus component cannot remove peers")
            }
        }) { client, server in
            await #expect(throws: ClusterAPIError.self) { _ = try await client.unpin("QmUnknown") }
            do { _ = try await client.unpin("QmUnknown") } catch let e as ClusterAPIError {
                #expect(e.kind == .pinNotFound(message: "pin is not part of the pinset"))
                #expect(e.status == 404)
                #expect(e.exitCode == 2)
                #expect(e.context?.method == "DELETE")
                #expect(e.description.hasPrefix("pin is not part of the pinset (DELETE /pins/QmUnknown on 127.0.0.1:\(server.port))"))
            }
            do { try await client.send(Endpoint(.GET, "/nope")) } catch let e as ClusterAPIError {
                #expect(e.kind == .routeNotFound(message: "not found"))
            }
            do { try await client.send(Endpoint(.POST, "/pins")) } catch let e as ClusterAPIError {
                #expect(e.kind == .methodNotAllowed)
                #expect(e.status == 405)
                #expect(e.description.contains("does not allow this method"))
            }
            do { try await client.removePeer("12D3KooWA") } catch let e as ClusterAPIError {
                #expect(e.kind == .api(status: 500, message: "crdt consensus component cannot remove peers"))
                #expect(e.description.contains("answered 500: crdt consensus component cannot remove peers"))
            }
        }
    }

    @Test func trailingSlashRedirectIsFollowedOnSameHost() async throws {
        try await withServer({ r in
            if r.path == "/pins/" {
                return [.write(Reply.head(307, "Temporary Redirect", [("Location", "/pins"), ("Content-Length", "0")]))]
            }
            if r.path == "/elsewhere/" {
                return [.write(Reply.head(307, "Temporary Redirect", [("Location", "http://example.invalid/x"), ("Content-Length", "0")]))]
            }
            return Reply.stream([pinLine(1)])
        }) { client, server in
            let (items, error) = await drain(client.stream(Endpoint(.GET, "/pins/", isStream: true), as: GlobalPinInfo.self))
            #expect(error == nil)
            #expect(items.count == 1)
            #expect(await server.log.requests.map(\.target) == ["/pins/", "/pins"])
            do { try await client.send(Endpoint(.GET, "/elsewhere/")) } catch let e as ClusterAPIError {
                #expect(e.kind == .redirect(status: 307, location: "http://example.invalid/x"))
            }
        }
    }

    @Test func connectionRefusedAndFailover() async throws {
        // A port bound but never listening refuses at once, and stays ours for the whole test
        // (a stopped server's port can still answer with a reset while it closes).
        let refusing = try RefusingPort()
        defer { refusing.close() }
        let deadAddr = "/ip4/127.0.0.1/tcp/\(refusing.port)"
        let live = try await TestServer.start { _ in Reply.recorded("recorded/02-version.http") }
        defer { Task { await live.stop() } }

        let solo = try ClusterClient(configuration: .init(hosts: [try .parse(deadAddr, https: false)], connectTimeout: 5))
        do {
            _ = try await solo.version()
            Issue.record("expected connection refused")
        } catch let e as ClusterAPIError {
            #expect(e.kind == .connectionRefused)
            #expect(e.exitCode == 1)
            #expect(e.description.contains("connection refused by 127.0.0.1:"))
            #expect(e.description.contains("during GET /version"))
        }
        await solo.shutdown()

        let both = try ClusterClient(configuration: .init(hosts: try ClusterHost.parseList(["\(deadAddr),\(live.multiaddr)"], https: false),
                                                          connectTimeout: 5))
        #expect(try await both.version().version == "1.1.6")
        #expect(try await both.version().version == "1.1.6")
        await both.shutdown()
        await live.stop()
    }

    @Test func noFailoverOnAPIErrors() async throws {
        let a = try await TestServer.start { _ in Reply.error(500, "Internal Server Error", "boom") }
        let b = try await TestServer.start { _ in Reply.recorded("recorded/02-version.http") }
        let client = try ClusterClient(configuration: .init(hosts: [try .parse(a.multiaddr, https: false), try .parse(b.multiaddr, https: false)]))
        do {
            _ = try await client.version()
            Issue.record("expected the API error of the first host")
        } catch let e as ClusterAPIError {
            #expect(e.kind == .api(status: 500, message: "boom"))
        }
        #expect(await b.log.requests.isEmpty)
        await client.shutdown()
        await a.stop()
        await b.stop()
    }

    @Test func tlsAgainstPlainServerIsATLSFailure() async throws {
        try await withServer(greeting: Array("HTTP/1.1 400 Bad Request\r\n\r\n".utf8), https: true, { _ in [] }) { client, _ in
            do {
                _ = try await client.version()
                Issue.record("expected a TLS failure")
            } catch let e as ClusterAPIError {
                guard case .tlsFailure = e.kind else { Issue.record("got \(e.kind)"); return }
                // Said plainly, with the way out, not as BoringSSL's error array.
                #expect(e.description.hasPrefix("127.0.0.1:"), "\(e.description)")
                #expect(e.description.contains("does not speak TLS") && e.description.contains("--force-http"), "\(e.description)")
                #expect(!e.description.contains("BoringSSL"))
                #expect(e.exitCode == 1)
            }
        }
    }

    @Test func cancellingTheConsumerEndsAHungStream() async throws {
        try await withServer(idle: 60, { _ in [.write(Reply.streamHead()), .write(Reply.chunk(pinLine(1) + "\n")), .hang] }) { client, _ in
            let task = Task { () -> Int in
                var n = 0
                do { for try await _ in client.pins() { n += 1 } } catch {}
                return n
            }
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
            // Bounded: if cancellation did not propagate this would wait for the 60 s idle timeout.
            let n = await withTaskGroup(of: Int?.self) { g in
                g.addTask { await task.value }
                g.addTask { try? await Task.sleep(for: .seconds(20)); return nil }
                let first = await g.next()!
                g.cancelAll()
                return first
            }
            #expect(n != nil)
        }
    }

    @Test func cancellingAFetchGivesCancelled() async throws {
        try await withServer(idle: 60, { _ in [.hang] }) { client, _ in
            let task = Task { () -> ClusterAPIError? in
                do { _ = try await client.version(); return nil } catch { return error as? ClusterAPIError }
            }
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
            let e = await task.value
            #expect(e?.kind == .cancelled)
        }
    }

    @Test func rawStreamYieldsTheExactBody() async throws {
        let lines = (1...20).map(pinLine)
        try await withServer({ _ in Reply.stream(lines) }) { client, _ in
            let (chunks, error) = await drain(client.streamRaw(.pins()))
            #expect(error == nil)
            var all = ByteBuffer()
            for var c in chunks { all.writeBuffer(&c) }
            #expect(String(buffer: all) == lines.map { $0 + "\n" }.joined())
        }
    }

    @Test func singleValueEndpointsDecode() async throws {
        try await withServer({ r in
            switch r.path {
            case "/monitor/metrics": return Reply.json(200, "OK", #"["pinqueue","tag:group","freespace","ping"]"# + "\n")
            case "/monitor/metrics/ping": return Reply.recorded("recorded/08-monitor-metrics-ping.http")
            case "/monitor/metrics/bogus": return Reply.json(200, "OK", "[]\n")
            case "/health/alerts": return Reply.json(200, "OK", "null\n")
            case "/health/bandwidth": return Reply.json(200, "OK", "null\n")
            case "/health": return [.write(Reply.head(204, "No Content", [("Vary", "Origin")]))]
            case "/pins/QmUaixL92mVoMVGtUUoUtNFJKmPoHberuKiJSD7GFqeGWk": return Reply.recorded("recorded/38-pin-status-unknown-cid.http")
            default: return Reply.recorded("recorded/21-pin-add-options.http")
            }
        }) { client, server in
            #expect(try await client.metricNames() == ["pinqueue", "tag:group", "freespace", "ping"])
            #expect(try await client.metrics("ping").count == 3)
            #expect(try await client.metrics("bogus").isEmpty)
            #expect(try await client.alerts().isEmpty)
            #expect(try await client.bandwidth().byProtocol.isEmpty)
            try await client.health()
            let st = try await client.pinStatus("QmUaixL92mVoMVGtUUoUtNFJKmPoHberuKiJSD7GFqeGWk")
            #expect(st.peerMap.values.allSatisfy { $0.status == .unpinned })
            let pin = try await client.pin("bafkreihujzsooxzzjdu7op4n7kkhehcm5df3j4tfyr4qy4blfva47pzhkm", options: PinAddOptions(
                replicationMin: 2, replicationMax: 2, name: "beta pin", mode: .recursive, userAllocations: ["12D3KooWA", "12D3KooWB"],
                expireIn: "1h30m", metadata: ["owner": "console", "env": "test"], origins: ["/ip4/1.2.3.4/tcp/4001/p2p/12D3KooWC"]))
            #expect(pin.name == "beta-pin")
            _ = try await client.pin("/ipfs/bafkreihujzsooxzzjdu7op4n7kkhehcm5df3j4tfyr4qy4blfva47pzhkm/sub dir", options: PinAddOptions(replication: 3))
            let targets = await server.log.requests.map(\.target)
            #expect(targets.contains("/pins/bafkreihujzsooxzzjdu7op4n7kkhehcm5df3j4tfyr4qy4blfva47pzhkm?name=beta%20pin&mode=recursive&replication-min=2&replication-max=2&user-allocations=12D3KooWA,12D3KooWB&expire-in=1h30m&meta-env=test&meta-owner=console&origins=%2Fip4%2F1.2.3.4%2Ftcp%2F4001%2Fp2p%2F12D3KooWC"))
            #expect(targets.contains("/pins/ipfs/bafkreihujzsooxzzjdu7op4n7kkhehcm5df3j4tfyr4qy4blfva47pzhkm/sub%20dir?replication=3"))
            let methods = await server.log.requests.map(\.method)
            #expect(methods.last == "POST")
        }
    }

    @Test func invalidPinOptionsFailBeforeTheNetwork() async throws {
        try await withServer({ _ in Reply.recorded("recorded/21-pin-add-options.http") }) { client, server in
            for opts in [PinAddOptions(replicationMin: 3, replicationMax: 2), PinAddOptions(replicationMin: -1, replicationMax: 2),
                         PinAddOptions(mode: "sideways"), PinAddOptions(expireIn: "tomorrow"), PinAddOptions(replication: -5)] {
                do {
                    _ = try await client.pin("Qm1", options: opts)
                    Issue.record("accepted \(opts)")
                } catch let e as ClusterAPIError {
                    guard case .invalidArgument = e.kind else { Issue.record("kind \(e.kind)"); continue }
                    #expect(e.exitCode == 1)
                }
            }
            #expect(await server.log.requests.isEmpty)
        }
    }

    @Test func consumeRawDeliversChunksThenReportsTruncation() async throws {
        try await withServer({ r in
            r.path == "/pins"
                ? [.write(Reply.streamHead()), .write(Reply.chunk(pinLine(1) + "\n")), .write(Reply.chunk(pinLine(2) + "\n")), .close]
                : Reply.stream([pinLine(1)])
        }) { client, _ in
            var bytes = 0
            do {
                try await client.consumeRaw(.pins()) { chunk in
                    bytes += chunk.readableBytes
                    try await Task.sleep(for: .milliseconds(5))   // a slow consumer
                }
                Issue.record("a cut stream was reported as complete")
            } catch let e as ClusterAPIError {
                // Known limit (intermittent, seen under load): when the connection is cut while a
                // slow consumer still has a body part buffered in async-http-client, that part can be
                // lost. The guarantees that must hold: a cut stream is never a success, and what was
                // delivered before the cut is kept.
                guard case .truncatedStream(let received) = e.kind else { Issue.record("kind \(e.kind)"); return }
                #expect((1...2).contains(received))
            }
            #expect(bytes >= (pinLine(1) + "\n").utf8.count)
            #expect(bytes <= (pinLine(1) + "\n" + pinLine(2) + "\n").utf8.count)
            var whole = 0
            try await client.consumeRaw(.allocations()) { whole += $0.readableBytes }
            #expect(whole == pinLine(1).utf8.count + 1)
        }
    }

    @Test func certificatesAreVerifiedUnlessToldNotTo() async throws {
        let server = try await TestServer.start(tls: try TestServer.selfSignedTLS()) { _ in Reply.recorded("recorded/02-version.http") }
        let host = try ClusterHost.parse(server.multiaddr, https: true)
        #expect(host.baseURL.hasPrefix("https://"))
        let strict = try ClusterClient(configuration: .init(hosts: [host], connectTimeout: 5, idleTimeout: 10))
        do {
            _ = try await strict.version()
            Issue.record("a self-signed certificate was accepted with verification on")
        } catch let e as ClusterAPIError {
            guard case .tlsFailure = e.kind else { Issue.record("got \(e.kind)"); return }
            #expect(e.description.contains("--no-check-certificate"))
        }
        await strict.shutdown()
        let lax = try ClusterClient(configuration: .init(hosts: [host], verifyCertificates: false, connectTimeout: 5, idleTimeout: 10))
        #expect(try await lax.version().version == "1.1.6")
        await lax.shutdown()
        await server.stop()
    }
}
