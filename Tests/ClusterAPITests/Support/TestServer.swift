import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One request as the test server saw it.
struct TestRequest: Sendable {
    var method: String
    var target: String
    var headers: [(String, String)]

    var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }
    var query: String { target.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? "" }

    func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }
}

/// What the server does for a request: raw byte writes with pauses, so faults (cut
/// connections, missing final chunks, silence) are exactly what the client will meet.
enum Step: Sendable {
    case write([UInt8])
    case pause(milliseconds: Int)
    /// Close the connection now (whatever was or was not written).
    case close
    /// Keep the connection open and never write anything more.
    case hang
    /// Wait until the test opens the gate (deterministic "items arrive before the end").
    case wait(Gate)
}

/// A one-shot latch the test opens to let a scripted response continue.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func open() {
        isOpen = true
        for w in waiters { w.resume() }
        waiters = []
    }

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}

typealias Route = @Sendable (TestRequest) -> [Step]

/// A tiny HTTP/1.1 server on 127.0.0.1 (port chosen by the OS) built on NIO with raw writes.
/// Every response gets `Connection: close` so the client never reuses a socket the script
/// may have cut.
final class TestServer: Sendable {
    let group: MultiThreadedEventLoopGroup
    let channel: Channel
    let log: RequestLog
    var port: Int { channel.localAddress!.port! }
    var multiaddr: String { "/ip4/127.0.0.1/tcp/\(port)" }
    var url: String { "http://127.0.0.1:\(port)" }

    private init(group: MultiThreadedEventLoopGroup, channel: Channel, log: RequestLog) {
        self.group = group; self.channel = channel; self.log = log
    }

    /// - Parameter greeting: bytes written as soon as a client connects (e.g. to break TLS).
    /// - Parameter tls: serve HTTPS with this context (a self-signed test certificate).
    static func start(greeting: [UInt8]? = nil, tls: NIOSSLContext? = nil, _ route: @escaping Route) async throws -> TestServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let log = RequestLog()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { ch in
                ch.eventLoop.makeCompletedFuture {
                    if let tls { try ch.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try ch.pipeline.syncOperations.addHandler(ScriptHandler(route: route, log: log, greeting: greeting))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return TestServer(group: group, channel: channel, log: log)
    }

    private let stopped = StopOnce()

    /// Idempotent: tests stop explicitly and again from a `defer`.
    func stop() async {
        guard await stopped.first() else { return }
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}

/// Lets exactly one caller through.
actor StopOnce {
    private var done = false
    func first() -> Bool {
        defer { done = true }
        return !done
    }
}

/// Requests seen, in order.
actor RequestLog {
    private(set) var requests: [TestRequest] = []
    func append(_ r: TestRequest) { requests.append(r) }
}

private final class ScriptHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let route: Route
    let log: RequestLog
    var pending: [UInt8] = []
    var answered = false

    let greeting: [UInt8]?

    init(route: @escaping Route, log: RequestLog, greeting: [UInt8]?) {
        self.route = route; self.log = log; self.greeting = greeting
    }

    func channelActive(context: ChannelHandlerContext) {
        if let greeting {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: greeting)), promise: nil)
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buf = unwrapInboundIn(data)
        pending += buf.readBytes(length: buf.readableBytes) ?? []
        guard !answered, let end = pending.firstRange(of: Array("\r\n\r\n".utf8)) else { return }
        answered = true
        let head = String(decoding: pending[..<end.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        let headers = lines.compactMap { l -> (String, String)? in
            guard let c = l.firstIndex(of: ":") else { return nil }
            return (String(l[..<c]), l[l.index(after: c)...].trimmingCharacters(in: .whitespaces))
        }
        let request = TestRequest(method: requestLine.first.map(String.init) ?? "",
                                  target: requestLine.dropFirst().first.map(String.init) ?? "", headers: headers)
        let steps = route(request)
        let channel = context.channel
        let log = self.log
        Task {
            await log.append(request)
            var first = true
            for step in steps {
                switch step {
                case .write(var bytes):
                    if first { bytes = TestServer.addConnectionClose(bytes); first = false }
                    try? await channel.writeAndFlush(ByteBuffer(bytes: bytes))
                case .pause(let ms):
                    try? await Task.sleep(for: .milliseconds(ms))
                case .close:
                    try? await channel.close()
                    return
                case .hang:
                    return
                case .wait(let gate):
                    await gate.wait()
                }
            }
            try? await channel.close()
        }
    }
}

extension TestServer {
    /// A server TLS context with the self-signed certificate for 127.0.0.1 in Fixtures/tls.
    static func selfSignedTLS() throws -> NIOSSLContext {
        let cert = try NIOSSLCertificate.fromPEMFile(RecordedHTTP.fixtureURL("tls/cert.pem").path)
        let key = try NIOSSLPrivateKey(file: RecordedHTTP.fixtureURL("tls/key.pem").path, format: .pem)
        let config = TLSConfiguration.makeServerConfiguration(certificateChain: cert.map { .certificate($0) }, privateKey: .privateKey(key))
        return try NIOSSLContext(configuration: config)
    }

    /// Inserts `Connection: close` after the status line of a response head.
    static func addConnectionClose(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.starts(with: Array("HTTP/1.".utf8)), let eol = bytes.firstRange(of: Array("\r\n".utf8)) else { return bytes }
        return Array(bytes[..<eol.upperBound]) + Array("Connection: close\r\n".utf8) + Array(bytes[eol.upperBound...])
    }
}

// MARK: - Response builders

enum Reply {
    static func head(_ status: Int, _ reason: String, _ headers: [(String, String)]) -> [UInt8] {
        var s = "HTTP/1.1 \(status) \(reason)\r\n"
        for (k, v) in headers { s += "\(k): \(v)\r\n" }
        s += "\r\n"
        return Array(s.utf8)
    }

    /// A complete single-value JSON response as the cluster sends it.
    static func json(_ status: Int = 200, _ reason: String = "OK", _ body: String, extraHeaders: [(String, String)] = []) -> [Step] {
        let b = Array(body.utf8)
        return [.write(head(status, reason, [("Content-Type", "application/json"), ("Vary", "Origin")] + extraHeaders
                                + [("Content-Length", String(b.count))]) + b)]
    }

    static func error(_ status: Int, _ reason: String, _ message: String, extraHeaders: [(String, String)] = []) -> [Step] {
        json(status, reason, "{\"code\":\(status),\"message\":\"\(message)\"}\n", extraHeaders: extraHeaders)
    }

    static func streamHead() -> [UInt8] {
        head(200, "OK", [("Content-Type", "application/json"), ("Trailer", "X-Stream-Error"), ("Vary", "Origin"),
                         ("Transfer-Encoding", "chunked")])
    }

    static func chunk(_ line: String) -> [UInt8] {
        let b = Array(line.utf8)
        return Array((String(b.count, radix: 16) + "\r\n").utf8) + b + Array("\r\n".utf8)
    }

    static func end(streamError: String = "") -> [UInt8] {
        Array("0\r\nX-Stream-Error: \(streamError)\r\n\r\n".utf8)
    }

    /// A whole NDJSON stream (one object per chunk), with optional pauses between items.
    static func stream(_ lines: [String], pauseMs: Int = 0, streamError: String = "") -> [Step] {
        var steps: [Step] = [.write(streamHead())]
        for l in lines {
            steps.append(.write(chunk(l + "\n")))
            if pauseMs > 0 { steps.append(.pause(milliseconds: pauseMs)) }
        }
        steps.append(.write(end(streamError: streamError)))
        return steps
    }

    static func noContent() -> [Step] {
        [.write(head(204, "No Content", [("Content-Type", "application/json"), ("Trailer", "X-Stream-Error"), ("Vary", "Origin")]))]
    }

    /// Replays a recorded fixture byte for byte.
    static func recorded(_ name: String) -> [Step] {
        [.write((try? RecordedHTTP.load(name).wireBytes) ?? Array("HTTP/1.1 599 fixture missing\r\n\r\n".utf8))]
    }
}
