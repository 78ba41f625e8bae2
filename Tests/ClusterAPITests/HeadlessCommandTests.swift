import Foundation
import Testing
@testable import ClusterAPI

/// The built `ipfs-cluster-console` binary (next to the test bundle, or `CONSOLE_BIN`).
func consoleBinary() -> String? {
    if let p = ProcessInfo.processInfo.environment["CONSOLE_BIN"], FileManager.default.isExecutableFile(atPath: p) { return p }
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("ipfs-cluster-console").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    let build = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("ipfs-cluster-console").path
    return FileManager.default.isExecutableFile(atPath: build) ? build : nil
}

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the binary with a private, empty config home; bounded to 60 s so a hang fails the
/// test instead of the suite.
func runConsole(_ args: [String], env extra: [String: String] = [:]) async throws -> RunResult {
    let bin = try #require(consoleBinary(), "build the executable first (swift build)")
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("hl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: home) }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: bin)
    p.arguments = args
    var env = ["XDG_CONFIG_HOME": home.path, "HOME": home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
               "SWIFT_BACKTRACE": "enable=no"]
    for (k, v) in extra { env[k] = v }
    p.environment = env
    // Output goes to files, not pipes: reading pipes would block threads of the small
    // cooperative pool that the in-process test server needs to answer.
    let outURL = home.appendingPathComponent("stdout"), errURL = home.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let deadline = Date().addingTimeInterval(60)
    while p.isRunning {
        if Date() > deadline { p.terminate() }
        try await Task.sleep(for: .milliseconds(20))
    }
    try? out.close()
    try? err.close()
    let od = (try? Data(contentsOf: outURL)) ?? Data(), ed = (try? Data(contentsOf: errURL)) ?? Data()
    return RunResult(status: p.isRunning ? -1 : p.terminationStatus, stdout: String(decoding: od, as: UTF8.self), stderr: String(decoding: ed, as: UTF8.self))
}

@Suite("Headless commands: output and exit codes (built binary against a loopback server)", .serialized)
struct HeadlessCommandTests {
    @Test func versionAndID() async throws {
        let server = try await TestServer.start { r in
            r.path == "/version" ? Reply.recorded("recorded/02-version.http") : Reply.recorded("recorded/01-id.http")
        }
        defer { Task { await server.stop() } }
        let v = try await runConsole(["version", "--host", server.multiaddr])
        #expect(v.status == 0)
        #expect(v.stdout == "1.1.6\n")
        let id = try await runConsole(["id", "-l", server.url])
        #expect(id.status == 0)
        #expect(id.stdout.hasPrefix("12D3KooWSF7s6w197jQHbGzc5G7WrDDruK8cxM885V7eA7HzNuDP | p1 | Sees 2 other peers\n  > Addresses:\n"))
        let json = try await runConsole(["id", "-l", server.multiaddr, "--json"])
        #expect(try JSONDecoder().decode(ClusterPeer.self, from: Data(json.stdout.utf8)).peername == "p1")
        await server.stop()
    }

    /// Runbooks write ctl's order, global flags first: `ctl --host X peers ls`.
    @Test func globalFlagsBeforeTheSubcommandAsInCtl() async throws {
        let server = try await TestServer.start { r in
            r.path == "/version" ? Reply.recorded("recorded/02-version.http") : Reply.recorded("recorded/03-peers.http")
        }
        defer { Task { await server.stop() } }
        let v = try await runConsole(["--host", server.multiaddr, "version"])
        #expect(v.status == 0)
        #expect(v.stdout == "1.1.6\n")
        let peers = try await runConsole(["-l", server.url, "--json", "peers", "ls"])
        #expect(peers.status == 0)
        #expect(peers.stdout.split(separator: "\n").count == 3)
        let unknown = try await runConsole(["--host", server.multiaddr, "--bogus", "version"])
        #expect(unknown.status != 0)
        await server.stop()
    }

    @Test func peersLsTextAndJSON() async throws {
        let server = try await TestServer.start { _ in Reply.recorded("recorded/03-peers.http") }
        defer { Task { await server.stop() } }
        let text = try await runConsole(["peers", "ls", "-l", server.multiaddr])
        #expect(text.status == 0)
        let peers = try RecordedHTTP.load("recorded/03-peers.http").lines.map { try JSONDecoder().decode(ClusterPeer.self, from: Data($0)) }
        #expect(text.stdout == peers.map { CtlTextFormatter().peer($0) }.joined())
        let json = try await runConsole(["peers", "ls", "-l", server.multiaddr, "--enc", "json"])
        let lines = json.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(try lines.map { try JSONDecoder().decode(ClusterPeer.self, from: Data($0.utf8)) } == peers)
        await server.stop()
    }

    @Test func apiErrorExitsTwo() async throws {
        let server = try await TestServer.start { _ in Reply.recorded("recorded/54-unpin-unknown.http") }
        defer { Task { await server.stop() } }
        let r = try await runConsole(["pin", "rm", "QmUaixL92mVoMVGtUUoUtNFJKmPoHberuKiJSD7GFqeGWk", "--no-status", "-l", server.multiaddr])
        #expect(r.status == 2)
        #expect(r.stdout == "An error occurred:\n  Code: 404\n  Message: pin is not part of the pinset\n")
        let j = try await runConsole(["pin", "rm", "QmUaixL92mVoMVGtUUoUtNFJKmPoHberuKiJSD7GFqeGWk", "-l", server.multiaddr, "--json"])
        #expect(j.status == 2)
        #expect(j.stdout == "{\"code\":404,\"message\":\"pin is not part of the pinset\"}\n")
        await server.stop()
    }

    @Test func transportFailureExitsOne() async throws {
        let dead = try await TestServer.start { _ in [] }
        let addr = dead.multiaddr
        await dead.stop()
        let r = try await runConsole(["peers", "ls", "-l", addr])
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("An error occurred:\n  Code: 0\n  Message: connection refused by 127.0.0.1:"))
        let bad = try await runConsole(["id", "-l", "/p2p/12D3KooWA"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("libp2p addresses"))
    }

    @Test func invalidFilterIsRejectedLocally() async throws {
        let server = try await TestServer.start { _ in Reply.noContent() }
        defer { Task { await server.stop() } }
        let r = try await runConsole(["status", "--filter", "pinned,bogus", "-l", server.multiaddr])
        #expect(r.status == 1)
        #expect(r.stderr.contains("invalid filter name: bogus"))
        let ok = try await runConsole(["status", "--filter", "error,queued", "--local", "-l", server.multiaddr])
        #expect(ok.status == 0)
        #expect(ok.stdout.isEmpty)
        #expect(await server.log.requests.map(\.target) == ["/pins?local=true&filter=error,queued"])
        await server.stop()
    }

    @Test func streamErrorAfterItemsPrintsItemsThenTheError() async throws {
        let server = try await TestServer.start { _ in Reply.stream([pinLine(1), pinLine(2)], streamError: "something broke") }
        defer { Task { await server.stop() } }
        let r = try await runConsole(["status", "-l", server.multiaddr])
        #expect(r.status == 2)
        #expect(r.stdout.hasPrefix("Qm1 | n1:\n    > pA                   : PINNED | 2026-11-21T05:12:38Z | Attempts: 0 | Priority: false\nQm2 | n2:\n"))
        #expect(r.stdout.hasSuffix("An error occurred:\n  Code: 500\n  Message: the cluster reported a stream error after 2 items (GET /pins on 127.0.0.1:\(server.port)): something broke\n"))
        await server.stop()
    }

    @Test func basicAuthWarningAndNoLeaks() async throws {
        let server = try await TestServer.start { r in
            Reply.error(401, "Unauthorized", "unauthorized: access denied \(r.header("Authorization") ?? "")")
        }
        defer { Task { await server.stop() } }
        // Basic auth implies HTTPS: against a plain server that is a TLS failure, with ctl's warning.
        let tls = try await runConsole(["version", "-l", server.multiaddr, "-t", "5"], env: ["CLUSTER_CREDENTIALS": "admin:Sup3rSecret!"])
        #expect(tls.status == 1)
        #expect(tls.stderr.contains("SSL automatically enabled with basic auth credentials. Set \"force-http\" to disable"))
        let plain = try await runConsole(["version", "-l", server.multiaddr, "--basic-auth", "admin:Sup3rSecret!", "--force-http"])
        #expect(plain.status == 2)
        #expect(plain.stdout.contains("rejected the user name or password"))
        #expect(!plain.stderr.contains("SSL automatically enabled"))
        for text in [tls.stdout, tls.stderr, plain.stdout, plain.stderr] {
            #expect(!text.contains("Sup3rSecret!"))
            #expect(!text.contains(Data("admin:Sup3rSecret!".utf8).base64EncodedString()))
        }
        await server.stop()
    }

    @Test func pinAddSendsCtlOptions() async throws {
        let server = try await TestServer.start { _ in Reply.recorded("recorded/21-pin-add-options.http") }
        defer { Task { await server.stop() } }
        let r = try await runConsole(["pin", "add", "bafkreihujzsooxzzjdu7op4n7kkhehcm5df3j4tfyr4qy4blfva47pzhkm", "-l", server.multiaddr,
                                      "--rmin", "2", "--rmax", "2", "-n", "beta-pin", "--mode", "recursive",
                                      "--metadata", "owner=console", "--metadata", "env=test", "--no-status"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("bafkreihujzsooxzzjdu7op4n7kkhehcm5df3j4tfyr4qy4blfva47pzhkm | beta-pin | PIN | Repl. Factor: 2--2 | "))
        #expect(await server.log.requests.first?.target == "/pins/bafkreihujzsooxzzjdu7op4n7kkhehcm5df3j4tfyr4qy4blfva47pzhkm?name=beta-pin&mode=recursive&replication-min=2&replication-max=2&meta-env=test&meta-owner=console")
        let everywhere = try await runConsole(["pin", "add", "Qm2", "-r", "-1", "--ns", "-l", server.multiaddr])
        #expect(everywhere.status == 0)
        #expect(await server.log.requests.last?.target == "/pins/Qm2?replication=-1")
        let bad = try await runConsole(["pin", "add", "Qm1", "-l", server.multiaddr, "--rmin", "3", "--rmax", "1"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("larger than --replication-max"))
        await server.stop()
    }

    @Test func contextFromConfigFile() async throws {
        let server = try await TestServer.start { _ in Reply.json(200, "OK", "[]\n") }
        defer { Task { await server.stop() } }
        let cfg = FileManager.default.temporaryDirectory.appendingPathComponent("ctx-\(UUID().uuidString).toml")
        try "current-context = \"lab\"\n[contexts.lab]\nhosts = [\"\(server.multiaddr)\"]\n".write(to: cfg, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: cfg) }
        let r = try await runConsole(["health", "alerts", "--config", cfg.path])
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        #expect(await server.log.requests.map(\.target) == ["/health/alerts"])
        try "[contexts.lab\nhosts = 1\n".write(to: cfg, atomically: true, encoding: .utf8)
        let broken = try await runConsole(["health", "alerts", "--config", cfg.path])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("\(cfg.path):1:"))
        await server.stop()
    }

    @Test func pinAddWaitSucceedsOrFailsLikeCtl() async throws {
        let pinned = #"{"cid":"QmW","name":"w","allocations":[],"origins":[],"created":"2026-11-21T05:12:38Z","metadata":null,"peer_map":{"12D3KooWA":{"peername":"pA","status":"pinned","timestamp":"2026-11-21T05:12:38Z","error":"","attempt_count":0,"priority_pin":false},"12D3KooWB":{"peername":"pB","status":"remote","timestamp":"2026-11-21T05:12:38Z","error":"","attempt_count":0,"priority_pin":false}}}"#
        let failing = pinned.replacingOccurrences(of: "\"status\":\"pinned\"", with: "\"status\":\"pin_error\"")
        let pinJSON = #"{"replication_factor_min":1,"replication_factor_max":1,"name":"w","mode":"recursive","shard_size":0,"user_allocations":null,"expire_at":"0001-01-01T00:00:00Z","metadata":null,"pin_update":null,"origins":null,"cid":"QmW","type":"pin","allocations":["12D3KooWA"],"max_depth":-1,"reference":null,"timestamp":"2026-11-21T05:12:38Z"}"#
        let server = try await TestServer.start { r in
            if r.method == "POST" {
                return Reply.json(200, "OK", pinJSON.replacingOccurrences(of: "QmW", with: String(r.path.split(separator: "/").last!)) + "\n")
            }
            return Reply.json(200, "OK", (r.target.contains("QmFail") ? failing : pinned) + "\n")
        }
        defer { Task { await server.stop() } }
        let ok = try await runConsole(["pin", "add", "QmW", "--wait", "--wt", "20s", "-l", server.multiaddr])
        #expect(ok.status == 0)
        #expect(ok.stdout.hasPrefix("QmW | w:\n    > pA                   : PINNED | "))
        let bad = try await runConsole(["pin", "add", "QmFail", "-w", "-l", server.multiaddr])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("error waiting for pin status: error has occurred while attempting to reach status: pinned"))
        await server.stop()
    }

    @Test func recoverAndGCAndBandwidth() async throws {
        let server = try await TestServer.start { r in
            switch r.path {
            case "/pins/recover": return Reply.noContent()
            case "/ipfs/gc": return Reply.json(200, "OK", (try? fixtureLines("globalrepogc")[0]).map { String(decoding: $0, as: UTF8.self) + "\n" } ?? "")
            case "/health/bandwidth": return Reply.json(200, "OK", "null\n")
            default: return Reply.recorded("recorded/30-pins-filter-pin_error.http")
            }
        }
        defer { Task { await server.stop() } }
        let all = try await runConsole(["recover", "--local", "-l", server.multiaddr])
        #expect(all.status == 0)
        #expect(all.stdout.isEmpty)   // "recover with nothing to do prints nothing"
        let gc = try await runConsole(["ipfs", "gc", "-l", server.multiaddr])
        #expect(gc.status == 0)
        #expect(gc.stdout.contains("IpfsCluster1    | ERROR: "))
        let bw = try await runConsole(["health", "bandwidth", "-l", server.multiaddr])
        #expect(bw.status == 0)
        #expect(bw.stdout.isEmpty)
        #expect(await server.log.requests.map(\.method) == ["POST", "POST", "GET"])
        #expect(await server.log.requests.first?.target == "/pins/recover?local=true")
        await server.stop()
    }

    @Test func allocationsAndPinLsAlias() async throws {
        let server = try await TestServer.start { r in
            r.path == "/allocations" ? Reply.recorded("recorded/40-allocations.http") : Reply.recorded("recorded/07-monitor-metrics-freespace.http")
        }
        defer { Task { await server.stop() } }
        let a = try await runConsole(["allocations", "--filter", "pin", "-l", server.multiaddr])
        let b = try await runConsole(["pin", "ls", "--filter", "pin", "-l", server.multiaddr])
        #expect(a.status == 0 && b.status == 0)
        #expect(a.stdout == b.stdout)
        #expect(a.stdout.split(separator: "\n").count == 5)
        #expect(a.stdout.hasPrefix("bafkreicpjkkbb76n7ck4jlnyqbsz5g24bxi7eorqpediinalh2vmwbctta | delta-slow | PIN | Repl. Factor: -1 | Allocations: [everywhere] | Recursive | Metadata: no | Exp: ∞ | Added: 2026-11-21 05:12:38\n"))
        let m = try await runConsole(["health", "metrics", "freespace", "-l", server.multiaddr])
        #expect(m.status == 0)
        #expect(m.stdout.split(separator: "\n").allSatisfy { $0.contains("| freespace: 107 GB | Expires in: ") })
        let bad = try await runConsole(["allocations", "--filter", "pins", "-l", server.multiaddr])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("invalid filter name: pins"))
        #expect(await server.log.requests.map(\.target) == ["/allocations?filter=pin", "/allocations?filter=pin", "/monitor/metrics/freespace"])
        await server.stop()
    }

    @Test func httpsAndNoCheckCertificate() async throws {
        let server = try await TestServer.start(tls: try TestServer.selfSignedTLS()) { _ in Reply.recorded("recorded/02-version.http") }
        defer { Task { await server.stop() } }
        let strict = try await runConsole(["version", "-s", "-l", server.multiaddr])
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("TLS handshake with 127.0.0.1:\(server.port) failed"))
        let lax = try await runConsole(["version", "--https", "--no-check-certificate", "-l", server.multiaddr])
        #expect(lax.status == 0)
        #expect(lax.stdout == "1.1.6\n")
        await server.stop()
    }
}
