import Foundation
import Testing
@testable import ClusterAPI

/// One row of the fault matrix: what the server does, which command meets it, and what the
/// operator must see: a specific sentence, ctl's exit code, and an answer in bounded time.
struct FaultCase: Sendable, CustomTestStringConvertible {
    var name: String
    var args: [String]
    var steps: @Sendable (TestRequest) -> [Step]
    var status: Int32
    /// Substrings the command's output (stdout + stderr) must contain.
    var message: [String]
    /// Upper bound on the wall time of the command, process start included (when over, the time a
    /// process takes to start on this machine at this moment is taken off before judging).
    var maxSeconds: Double = 5

    var testDescription: String { name }
}

/// The deadline of the cases that only a deadline can end.
private let deadline = "2"

/// The matrix: every hostile server behaviour against the built binary.
private let matrix: [FaultCase] = [
    FaultCase(name: "accept and stall", args: ["id", "--timeout", deadline], steps: { _ in Hostile.stall() }, status: 1,
              message: ["within the 2 s deadline (--timeout)", "GET /id", "the command was stopped"], maxSeconds: 3),
    FaultCase(name: "headers then one byte at a time", args: ["id", "--timeout", deadline], steps: { _ in Hostile.drip() }, status: 1,
              message: ["within the 2 s deadline (--timeout)", "GET /id"], maxSeconds: 3),
    FaultCase(name: "stream head then one-byte chunks", args: ["peers", "ls", "--timeout", deadline], steps: { _ in Hostile.chunkDrip() }, status: 1,
              message: ["within the 2 s deadline (--timeout)", "GET /peers"], maxSeconds: 3),
    FaultCase(name: "5xx with an HTML body", args: ["id"], steps: { _ in Hostile.htmlError() }, status: 2,
              message: ["502", "not an API error", "an HTML page \"502 Bad Gateway\"", "proxy or load balancer", "GET /id"]),
    FaultCase(name: "malformed JSON", args: ["id"], steps: { _ in Hostile.malformedJSON() }, status: 1,
              message: ["could not be decoded", "GET /id"]),
    FaultCase(name: "truncated chunked stream", args: ["peers", "ls"], steps: { _ in Hostile.truncatedStream() }, status: 1,
              message: ["ended without its final chunk after 1 item", "the list is incomplete"]),
    FaultCase(name: "X-Stream-Error trailer", args: ["peers", "ls"], steps: { _ in Hostile.streamErrorTrailer() }, status: 2,
              message: ["stream error after 1 item", "listing failed"]),
    FaultCase(name: "401 with WWW-Authenticate", args: ["id"], steps: { _ in Hostile.unauthorized(challenge: true) }, status: 2,
              message: ["requires authentication and none was given", "--basic-auth"]),
    FaultCase(name: "401 without WWW-Authenticate", args: ["id", "--basic-auth", "ops:s3cret", "--force-http"],
              steps: { _ in Hostile.unauthorized(challenge: false) }, status: 2,
              message: ["refused the request", "401", "credentials rejected", "--basic-auth"]),
    FaultCase(name: "307 loop", args: ["id"], steps: { _ in Hostile.redirectLoop(to: "/id") }, status: 2,
              message: ["redirected (307) to /id", "not followed"]),
    FaultCase(name: "405", args: ["peers", "rm", "12D3KooWRjwfEtpPmnnjkUbwv4mWtWoUdmKemcqwfLNFGPV3P8PC"],
              steps: { _ in Hostile.methodNotAllowed() }, status: 2,
              message: ["does not allow this method", "DELETE /peers/"]),
    FaultCase(name: "oversized Content-Length", args: ["id"], steps: { _ in Hostile.oversizedContentLength() }, status: 1,
              message: ["larger than", "GET /id"]),
    FaultCase(name: "a single 10 MB line", args: ["peers", "ls", "--enc", "json"], steps: { _ in Hostile.hugeLine() }, status: 0,
              message: ["aaaaaaaaaaaaaaaa"], maxSeconds: 20),
    FaultCase(name: "escape sequences in every field of /id", args: ["id"], steps: { _ in Hostile.hostileID() }, status: 0,
              message: ["\\u{202e}evil", "\\u{0}nul"]),
    FaultCase(name: "escape sequences in an API error", args: ["id"], steps: { _ in Hostile.hostileAPIError() }, status: 2,
              message: ["Code: 500", "\\u{202e}evil"]),
    FaultCase(name: "escape sequences in a stream of peers", args: ["peers", "ls"], steps: { _ in Reply.stream([Hostile.peerJSON]) }, status: 0,
              message: ["ERROR: ", "\\u{2066}iso"]),
]

@Suite("Fault matrix: hostile servers against the headless commands (built binary)", .serialized)
struct FaultMatrixTests {
    @Test(arguments: matrix)
    func faultGivesSpecificMessageExitCodeAndBoundedTime(_ fault: FaultCase) async throws {
        let server = try await TestServer.start { fault.steps($0) }
        defer { Task { await server.stop() } }
        let r = try await runConsole(fault.args + ["--host", server.multiaddr])
        await server.stop()
        let output = r.stdout + r.stderr
        let shown = output.count > 2000 ? String(output.prefix(2000)) + "…" : output
        #expect(r.status == fault.status, "\(fault.name): exit \(r.status)\n\(shown)")
        for m in fault.message {
            #expect(output.contains(m), "\(fault.name): no \"\(m)\" in\n\(shown)")
        }
        // Escape sequences are dropped whole: no parameters or OSC payloads left behind.
        for leftover in ["[31m", "[2J", "]0;", "]52;", "cHduZWQ="] {
            #expect(!output.contains(leftover), "\(fault.name): \"\(leftover)\" left behind in\n\(shown)")
        }
        if r.seconds >= fault.maxSeconds {
            // Slow machine (or a sanitizer build): take off what starting the process costs here
            // and now, measured with a command that makes no request, before judging.
            let startup = try await runConsole(["status", "--filter", "bogus"]).seconds
            #expect(r.seconds - startup < fault.maxSeconds, "\(fault.name): took \(r.seconds) s, of which \(startup) s to start")
        }
        #expect(Hostile.dangerous(in: output).isEmpty, "\(fault.name): raw control characters \(Hostile.dangerous(in: output).prefix(10))")
        #expect(!output.contains("s3cret"), "\(fault.name): the password was printed")
    }

    @Test func connectionRefused() async throws {
        let port = try RefusingPort()
        defer { port.close() }
        let r = try await runConsole(["id", "--host", "/ip4/127.0.0.1/tcp/\(port.port)"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("connection refused by 127.0.0.1:\(port.port)"), "\(r.stdout)\(r.stderr)")
        #expect(r.seconds < 5)
    }

    /// In JSON mode hostile text stays data, with C0, C1 and bidi controls written as `\u`
    /// escapes: the same value for a JSON reader, inert on a terminal.
    @Test func escapeSequencesInJSONOutput() async throws {
        let server = try await TestServer.start { _ in Hostile.hostileID() }
        defer { Task { await server.stop() } }
        let r = try await runConsole(["id", "--enc", "json", "--host", server.multiaddr])
        await server.stop()
        #expect(r.status == 0)
        #expect(Hostile.dangerous(in: r.stdout).isEmpty, "raw controls in JSON output: \(Hostile.dangerous(in: r.stdout))")
        let peer = try JSONDecoder().decode(ClusterPeer.self, from: Data(r.stdout.utf8))
        #expect(peer.peername == Hostile.text, "JSON output must keep the value as sent")
    }

    /// `--timeout 0` is no overall deadline: only the idle timeout (from the context) ends a stall.
    @Test func timeoutZeroLeavesOnlyTheIdleTimeout() async throws {
        let server = try await TestServer.start { _ in Hostile.stall() }
        defer { Task { await server.stop() } }
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("idle-\(UUID().uuidString).toml")
        try "current-context = \"t\"\n[contexts.t]\nhosts = [\"\(server.multiaddr)\"]\ntimeout = 1\n".write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        let r = try await runConsole(["id", "--timeout", "0", "--config", config.path])
        await server.stop()
        #expect(r.status == 1)
        #expect(r.stdout.contains("no data for 1 s"), "\(r.stdout)\(r.stderr)")
        #expect(r.seconds < 4)
    }
}

@Suite("Closed output pipes end a headless command quietly with 141 (built binary)", .serialized)
struct ClosedPipeTests {
    @Test func closedStdout() async throws {
        let server = try await TestServer.start { _ in Reply.recorded("recorded/02-version.http") }
        defer { Task { await server.stop() } }
        let r = try await runConsole(["version", "--host", server.multiaddr], outputs: RunOutputs(closedStdout: true))
        await server.stop()
        #expect(r.status == 141, "exit \(r.status): \(r.stderr)")
        #expect(r.stderr.isEmpty)
    }

    /// The message goes to stderr (a local error); its reader is gone.
    @Test func closedStderr() async throws {
        let r = try await runConsole(["status", "--filter", "bogus"], outputs: RunOutputs(closedStderr: true))
        #expect(r.status == 141, "exit \(r.status): \(r.stdout)")
    }

    /// Both closed, on the error path of a failing request.
    @Test func closedStdoutAndStderrOnAnError() async throws {
        let port = try RefusingPort()
        defer { port.close() }
        let r = try await runConsole(["id", "--host", "/ip4/127.0.0.1/tcp/\(port.port)"],
                                     outputs: RunOutputs(closedStdout: true, closedStderr: true))
        #expect(r.status == 141, "exit \(r.status)")
    }
}
