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
            let viaDir = try await runConsole(line + ["-q"], env: ["SSL_CERT_DIR": "/nonexistent:" + (ca as NSString).deletingLastPathComponent])
            #expect(viaDir.status == 0, "\(viaDir.stderr)")
            #expect(viaDir.stdout == "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD\n")
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
            // The same guard and journal as the console's add: refused, and journalled as "add".
            let state = NSTemporaryDirectory() + "addstate-\(UUID().uuidString)"
            let readonly = try await runConsole(["add", "--readonly", dir + "/site/index.html", "-l", host], env: ["XDG_STATE_HOME": state])
            #expect(readonly.status == 1 && readonly.stdout.isEmpty)
            #expect(readonly.stderr.contains("add is disabled"), "\(readonly.stderr)")
            let ok = try await runConsole(["add", dir + "/site/index.html", "-l", host, "-q"], env: ["XDG_STATE_HOME": state])
            #expect(ok.status == 0, "\(ok.stderr)")
            let journal = (try? String(contentsOfFile: state + "/ipfs-cluster-console/audit.jsonl", encoding: .utf8)) ?? ""
            let journalLines = journal.split(separator: "\n")
            #expect(journalLines.count == 3, "journal: \(journal)")
            #expect(journalLines.allSatisfy { $0.contains("\"action\":\"add\"") && $0.contains("index.html") }, "journal: \(journal)")
            #expect(journalLines.first?.contains("refused: read-only mode: add is disabled") == true)
            #expect(journalLines.last?.contains("\"outcome\":\"ok\"") == true)
            try? FileManager.default.removeItem(atPath: state)
        }
    }

    /// The upload streams from disk: adding a 512 MiB file must not hold it in memory. The
    /// binary's peak RSS stays far below the file's size (a debug build measured about
    /// 50-75 MiB for files of 200 MiB to 6 GiB).
    @Test func largeFileUploadsInConstantMemory() async throws {
        let path = try Self.tempFile("large.bin", "")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 512 << 20)
        try handle.close()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await Self.withSim { endpoints in
            let r = try await Self.runMeasured(["add", "-Q", path, "-l", endpoints.peers[0]])
            #expect(r.status == 0)
            #expect(r.stdout.hasPrefix("Qm"))
            #expect(r.peakKiB > 0 && r.peakKiB < 256 << 10, "peak RSS \(r.peakKiB) KiB")
        }
    }

    /// Runs the binary and samples its peak RSS (VmHWM) every 20 ms until it exits. Not wait4's
    /// `ru_maxrss`: Linux counts in it the parent's memory shared until exec, i.e. this test
    /// process (about 300 MiB in a full run). Polled, not blocking: the in-process simulator
    /// needs the threads.
    static func runMeasured(_ args: [String]) async throws -> (status: Int32, stdout: String, peakKiB: Int) {
        let bin = try #require(consoleBinary(), "build the executable first (swift build)")
        let dir = NSTemporaryDirectory() + "measured-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let environment = ["HOME=\(dir)", "XDG_CONFIG_HOME=\(dir)", "PATH=/usr/bin:/bin", "SWIFT_BACKTRACE=enable=no"]
        let argv: [UnsafeMutablePointer<CChar>?] = ([bin] + args).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, dir + "/stdout", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid = pid_t()
        guard posix_spawn(&pid, bin, &actions, nil, argv, envp) == 0 else { throw CocoaError(.executableNotLoadable) }
        var status: Int32 = 0
        var peak = 0
        let deadline = Date().addingTimeInterval(120)
        while waitpid(pid, &status, WNOHANG) == 0 {
            let proc = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            if let line = proc.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kib = Int(line.split(separator: " ").dropFirst().first ?? "") {
                peak = max(peak, kib)
            }
            if Date() > deadline { kill(pid, SIGKILL) }
            try await Task.sleep(for: .milliseconds(20))
        }
        let out = (try? String(contentsOfFile: dir + "/stdout", encoding: .utf8)) ?? ""
        return ((status >> 8) & 0xFF, out, peak)
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
