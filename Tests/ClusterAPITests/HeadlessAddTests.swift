import ClusterSimulator
import Foundation
import Testing
@testable import ClusterAPI

/// `add` and ctl's command lines, with the built binary against the simulator over loopback.
@Suite("Headless add and ctl command lines", .serialized)
struct HeadlessAddTests {
    static func withSim<T>(basicAuth: String? = nil, _ body: (SimulatorEndpoints) async throws -> T) async throws -> T {
        let dir = NSTemporaryDirectory() + "addsim-\(UUID().uuidString)"
        let sim = ClusterSimulator(config: SimulatorConfig(peers: 3, speed: 20, stateDirectory: dir, basicAuth: basicAuth))
        let endpoints = try await sim.start()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let r = try await body(endpoints)
            await sim.stop()
            return r
        } catch {
            await sim.stop()
            throw error
        }
    }

    static func tempFile(_ name: String, _ contents: String) throws -> String {
        let dir = NSTemporaryDirectory() + "addfiles-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
        return dir + "/" + name
    }

    static func port(_ url: String) -> Int { Int(url.split(separator: ":").last ?? "") ?? 0 }

    /// The deployment guide's line, behind TLS with basic auth and a private CA given the way
    /// ctl takes it (SSL_CERT_FILE), and with --ca-file.
    @Test func guideLineBehindTLSWithBasicAuthAndPrivateCA() async throws {
        let file = try Self.tempFile("my_file.txt", "hello world")
        let ca = RecordedHTTP.fixtureURL("tls/cert.pem").path
        try await Self.withSim(basicAuth: "user:pass") { endpoints in
            let relay = try await TLSRelay.start(tls: try TestServer.selfSignedTLS(), backendHost: "127.0.0.1",
                                                 backendPort: Self.port(endpoints.peers[0]))
            let line = ["-l", "/ip4/127.0.0.1/tcp/\(relay.port)", "--secret", "s", "--basic-auth", "user:pass", "add", file]
            let viaEnv = try await runConsole(line, env: ["SSL_CERT_FILE": ca])
            #expect(viaEnv.status == 0, "\(viaEnv.stderr)")
            #expect(viaEnv.stdout == "added Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD my_file.txt\n")
            let viaFlag = try await runConsole(line + ["--ca-file", ca, "-Q"])
            #expect(viaFlag.status == 0, "\(viaFlag.stderr)")
            #expect(viaFlag.stdout == "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD\n")
            let untrusted = try await runConsole(line)
            #expect(untrusted.status == 1)
            let debug = try await runConsole(["--debug"] + line + ["--ca-file", ca, "-q"])
            #expect(debug.stderr.contains("--secret is ignored"))
            await relay.stop()
        }
    }

    @Test func outputModesAndExitCodes() async throws {
        let dir = NSTemporaryDirectory() + "addtree-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/site/sub", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("hello world".utf8).write(to: URL(fileURLWithPath: dir + "/site/index.html"))
        try Data("b".utf8).write(to: URL(fileURLWithPath: dir + "/site/sub/b"))
        try await Self.withSim { endpoints in
            let host = endpoints.peers[0]
            let tree = try await runConsole(["add", "-r", dir + "/site", "-l", host])
            #expect(tree.status == 0, "\(tree.stderr)")
            let lines = tree.stdout.split(separator: "\n")
            #expect(lines.map { $0.split(separator: " ").last.map(String.init) ?? "" } == ["site/index.html", "site/sub/b", "site/sub", "site"])
            #expect(lines.first == "added Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD site/index.html")
            let quiet = try await runConsole(["add", "-r", "-q", dir + "/site", "-l", host])
            #expect(quiet.stdout.split(separator: "\n").count == 4 && !quiet.stdout.contains("added"))
            let quieter = try await runConsole(["add", "-r", "-Q", dir + "/site", "-l", host])
            #expect(quieter.stdout == String(lines.last!.split(separator: " ")[1]) + "\n")
            let json = try await runConsole(["add", "-r", "--no-stream", "--enc", "json", dir + "/site", "-l", host])
            #expect(try JSONDecoder().decode([AddedOutput].self, from: Data(json.stdout.utf8)).count == 4)
            // Pinned like any pin.
            let pinned = try await runConsole(["pin", "ls", String(lines.last!.split(separator: " ")[1]), "-l", host])
            #expect(pinned.stdout.contains("| site |"))

            let folderWithoutR = try await runConsole(["add", dir + "/site", "-l", host])
            #expect(folderWithoutR.status == 1 && folderWithoutR.stderr.contains("Recursive option is not set"))
            // ipfs-cluster issue 2123 (200, empty body): an API error, exit 2.
            let refused = try await runConsole(["add", "--rmin", "2", dir + "/site/index.html", "-l", host])
            #expect(refused.status == 2, "\(refused.stdout)\(refused.stderr)")
            #expect(refused.stdout.contains("2123"))
            let readonly = try await runConsole(["add", "--readonly", dir + "/site/index.html", "-l", host])
            #expect(readonly.status == 1 && readonly.stdout.isEmpty)
        }
    }

    /// The upload streams from disk: adding a 512 MiB file must not hold it in memory. The peak
    /// RSS of the test's children (only this binary) stays far below the file's size (a debug
    /// build measured about 60-75 MiB for files of 200 MiB to 6 GiB).
    @Test func largeFileUploadsInConstantMemory() async throws {
        let path = try Self.tempFile("large.bin", "")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 512 << 20)
        try handle.close()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await Self.withSim { endpoints in
            let r = try await runConsole(["add", "-Q", path, "-l", endpoints.peers[0]])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.hasPrefix("Qm"))
            var usage = rusage()
            getrusage(RUSAGE_CHILDREN.rawValue, &usage)
            #expect(usage.ru_maxrss < 256 << 10, "peak RSS \(usage.ru_maxrss) KiB")
        }
    }

    @Test func ctlCommandLinesVerbatim() async throws {
        let file = try Self.tempFile("local.bin", "x")
        // pin add of a local file: said locally, no server needed (the host is unroutable).
        let pin = try await runConsole(["-l", "/ip4/127.0.0.1/tcp/1", "pin", "add", file])
        #expect(pin.status == 1)
        #expect(pin.stderr.contains("is a local file") && pin.stderr.contains("add \(file)"))
        // A console option before a subcommand that takes it...
        let snap = try await runConsole(["--logs", file, "snapshot", "--out", NSTemporaryDirectory() + "snap-\(UUID().uuidString)", "-l", "/ip4/127.0.0.1/tcp/1", "--no-pins"])
        #expect(!snap.stderr.contains("Unknown option"), "\(snap.stderr)")
        // ...and one it does not take, named.
        let misplaced = try await runConsole(["--theme", "light", "add", file])
        #expect(misplaced.status == 64)
        #expect(misplaced.stderr.contains("--theme does not apply to `add`"))
        let version = try await runConsole(["--version"])
        #expect(version.status == 0 && version.stdout.first?.isNumber == true)
    }
}
