import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

// The console against a hostile loopback server: the header's banner names each fault, and a
// key is still answered within 200 ms while the server refuses, stalls or rejects credentials.

/// A tiny HTTP server on 127.0.0.1 that answers every request the same hostile way.
final class HostileLoopbackServer: @unchecked Sendable {
    enum Mode: Sendable {
        /// Accepts, reads the request, never answers (the connection stays open).
        case stall
        /// Answers `status` with `headers` and `body`, then closes.
        case answer(status: String, headers: [String], body: String)
        /// The whole raw reply for a request path (then the connection is closed).
        case route(@Sendable (String) -> String)
    }

    let port: Int
    private let listener: Int32
    private let mode: Mode
    private let lock = NSLock()
    private var clients: [Int32] = []
    private var stopped = false

    init(_ mode: Mode) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw TmuxFailure(message: "hostile server: bind/listen failed: \(errno)")
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        self.mode = mode
        listener = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// A port nobody listens on (bound, then closed): connections to it are refused.
    static func refusedPort() throws -> Int {
        let s = try HostileLoopbackServer(.stall)
        let p = s.port
        s.stop()
        return p
    }

    func stop() {
        lock.lock()
        stopped = true
        let fds = clients
        clients = []
        lock.unlock()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in fds { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                return
            }
            lock.lock()
            if stopped { lock.unlock(); close(fd); return }
            clients.append(fd)
            lock.unlock()
            Thread { [self] in serve(fd) }.start()
        }
    }

    private func serve(_ fd: Int32) {
        // Read the request head (the console's GETs have no body).
        var head: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while !head.ends(with: Array("\r\n\r\n".utf8)) {
            let n = read(fd, &buf, buf.count)
            if n <= 0 { return }
            head += buf[0..<n]
        }
        let requestLine = String(decoding: head.prefix { $0 != 13 }, as: UTF8.self)
        let path = requestLine.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        switch mode {
        case .route(let reply):
            let bytes = Array(reply(path).utf8)
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            shutdown(fd, Int32(SHUT_WR))
        case .stall:
            return  // keep it open until stop()
        case .answer(let status, let headers, let body):
            let text = "HTTP/1.1 \(status)\r\n" + headers.map { $0 + "\r\n" }.joined()
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            shutdown(fd, Int32(SHUT_WR))
        }
    }
}

/// Raw HTTP replies for `.route`.
enum RawReply {
    static let peerJSON = "{\"id\":\"12D3KooWRjwfEtpPmnnjkUbwv4mWtWoUdmKemcqwfLNFGPV3P8PC\",\"addresses\":[],\"cluster_peers\":[],"
        + "\"cluster_peers_addresses\":[],\"version\":\"1.1.6\",\"commit\":\"\",\"rpc_protocol_version\":\"/ipfscluster/1.0/rpc\","
        + "\"error\":\"\",\"ipfs\":{\"id\":\"\",\"addresses\":[],\"error\":\"\"},\"peername\":\"p0\"}"

    static func json(_ status: String, _ body: String) -> String {
        "HTTP/1.1 \(status)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
    }

    /// An NDJSON stream of `lines`, ended by a trailer carrying `streamError` (none when empty).
    static func stream(_ lines: [String], streamError: String = "") -> String {
        var s = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTrailer: X-Stream-Error\r\nTransfer-Encoding: chunked\r\n"
            + "Connection: close\r\n\r\n"
        for l in lines {
            let chunk = l + "\n"
            s += String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n"
        }
        return s + "0\r\nX-Stream-Error: \(streamError)\r\n\r\n"
    }
}

private extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}

@Suite(.serialized, .enabled(if: hasTmux(), "tmux is not installed (Scripts/test installs it)"))
struct FaultBannersEndToEndTests {
    /// Runs the console at `port`, waits for a banner holding every one of `banner`, then checks
    /// that `?` opens help within 200 ms (send-keys to the changed screen, polled every 10 ms).
    func check(port: Int, extra: String = "", banner: [String], hidden: String? = nil) throws {
        let binary = try consoleBinary()
        let dir = NSTemporaryDirectory() + "console-faults-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tmux = Tmux()
        try tmux.start("cd \(shellQuote(dir)) && XDG_STATE_HOME=\(shellQuote(dir)) XDG_CONFIG_HOME=\(shellQuote(dir)) "
                       + "\(shellQuote(binary)) --host /ip4/127.0.0.1/tcp/\(port) --refresh 1 \(extra); echo \"EXIT=$?\"; sleep 600",
                       width: 200, height: 50)
        var r = tmux.waitFor(timeout: 30) { screen in banner.allSatisfy { screen.contains($0) } }
        #expect(r.ok, "banner \(banner):\n\(r.screen)")
        #expect(!r.screen.contains("\u{1B}"), "no raw escape on screen")
        #expect(!r.screen.contains("?. "), "no doubled full stop after the client's question")
        if let hidden { #expect(!r.screen.contains(hidden), "credentials never reach the screen") }

        // Poll every 10 ms from just before send-keys; send-keys returns once tmux has the key.
        let start = Date()
        tmux.sendKeys("?")
        var answered: Double?
        while Date().timeIntervalSince(start) < 2 {
            if tmux.capture().contains("(Esc, ? or F1 closes)") { answered = Date().timeIntervalSince(start); break }
            usleep(10_000)
        }
        let t = try #require(answered, "help never opened:\n\(tmux.capture())")
        #expect(t < 0.2, "? answered in \(Int(t * 1000)) ms while the server misbehaves")
        tmux.sendKeys("Escape")
        r = tmux.quit()
        #expect(r.ok, "quit:\n\(r.screen)")
    }

    @Test func connectionRefused() throws {
        try check(port: try HostileLoopbackServer.refusedPort(), banner: ["API UNREACHABLE: connection refused"])
    }

    @Test func acceptAndStall() throws {
        let server = try HostileLoopbackServer(.stall)
        defer { server.stop() }
        try check(port: server.port, extra: "--timeout 2", banner: ["API UNREACHABLE: ", "2 s"])
    }

    @Test func unauthorizedWithoutChallengeNamesTheCredentialOptions() throws {
        let server = try HostileLoopbackServer(.answer(status: "401 Unauthorized", headers: ["Content-Type: application/json"],
                                                       body: #"{"code":401,"message":"Unauthorized"}"#))
        defer { server.stop() }
        // Credentials were sent (over plain HTTP, as the server is one) and rejected.
        try check(port: server.port, extra: "--basic-auth ops:e2e-s3cret --force-http",
                  banner: ["CREDENTIALS REJECTED: ", "credentials rejected", "--basic-auth"], hidden: "e2e-s3cret")
    }

    @Test func unauthorizedWithChallengeSaysCredentialsAreNeeded() throws {
        let server = try HostileLoopbackServer(.answer(status: "401 Unauthorized",
                                                       headers: ["Content-Type: application/json", "WWW-Authenticate: Basic realm=\"Restricted IPFS Cluster API\""],
                                                       body: #"{"code":401,"message":"Unauthorized"}"#))
        defer { server.stop() }
        try check(port: server.port, banner: ["CREDENTIALS REJECTED: ", "requires authentication", "--basic-auth"])
    }

    @Test func pinStreamEndedByATrailerSaysTheListIsPartial() throws {
        let pin = "{\"cid\":\"QmXvQLhK2heNz65fWRabTfbzXwYfaBgEBuTdUJNzp69Xjx\",\"name\":\"a\",\"allocations\":[],\"origins\":[],"
            + "\"created\":\"2026-05-21T09:58:12Z\",\"metadata\":null,\"peer_map\":{\"12D3KooWRjwfEtpPmnnjkUbwv4mWtWoUdmKemcqwfLNFGPV3P8PC\":"
            + "{\"peername\":\"p0\",\"status\":\"pin_error\",\"timestamp\":\"2026-05-21T10:02:13Z\",\"error\":\"boom\",\"attempt_count\":1,"
            + "\"priority_pin\":false}}}"
        let server = try HostileLoopbackServer(.route { path in
            if path.hasPrefix("/id") { return RawReply.json("200 OK", RawReply.peerJSON) }
            if path.hasPrefix("/peers") { return RawReply.stream([RawReply.peerJSON]) }
            if path.hasPrefix("/pins") { return RawReply.stream([pin], streamError: "leveldb: closed") }
            return RawReply.json("404 Not Found", #"{"code":404,"message":"not found"}"#)
        })
        defer { server.stop() }
        try check(port: server.port, banner: ["PIN LIST PARTIAL (GET /pins", "leveldb: closed", "kept 1 items received"])
    }
}
