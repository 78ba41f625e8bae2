import NIOCore
import NIOHTTP1
import NIOPosix

/// Handles one request; returns false when the connection must be closed afterwards
/// (e.g. after a deliberately truncated response).
typealias RequestHandler = @Sendable (SimRequest, ResponseWriter) async -> Bool

/// A loopback HTTP/1.1 listener on raw SwiftNIO.
///
/// Why not Hummingbird here: the simulator must reproduce wire details a framework normalises
/// away: a 405 without `Content-Type`, `Trailer:` declared on a 204, a chunked 500 error body,
/// closing mid-stream without the terminating chunk, and exact header order.
final class HTTPListener: Sendable {
    let host: String
    let port: Int
    private let server: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
    private let connections: ConnectionRegistry
    private let acceptTask: Task<Void, Never>

    private init(host: String, port: Int,
                 server: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>,
                 connections: ConnectionRegistry, acceptTask: Task<Void, Never>) {
        self.host = host; self.port = port; self.server = server; self.connections = connections; self.acceptTask = acceptTask
    }

    var url: String { "http://\(host):\(port)" }

    static func start(group: EventLoopGroup, host: String, port: Int, handler: @escaping RequestHandler) async throws -> HTTPListener {
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        let actualPort = server.channel.localAddress?.port ?? port
        let registry = ConnectionRegistry()
        // The accept loop is never cancelled: it consumes every accepted connection until the
        // closed listener's stream ends. A connection left in that stream unconsumed (as a
        // cancelled loop leaves them) is dropped without `executeThenClose`, and NIO traps on
        // it ("Deinited NIOAsyncWriter without calling finish()"), which took down the whole
        // process when a peer was stopped while the console polled it directly.
        let task = Task {
            do {
                try await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        let id = ObjectIdentifier(connection.channel)
                        await registry.track(id, Task {
                            await serve(connection, registry: registry, handler: handler)
                            await registry.untrack(id)
                        })
                    }
                }
            } catch {
                // The listener was closed; connections are closed by `close()`.
            }
        }
        return HTTPListener(host: host, port: actualPort, server: server, connections: registry, acceptTask: task)
    }

    /// Stops accepting (new connections are refused) and drops every open connection.
    func close() async {
        try? await server.channel.close()
        await connections.closeAll()
        _ = await acceptTask.value
        for t in await connections.closeAll() { _ = await t.value }
    }

    private static func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>,
                              registry: ConnectionRegistry, handler: RequestHandler) async {
        let channel = connection.channel
        await registry.add(channel)
        let remote = channel.remoteAddress?.ipAddress ?? "127.0.0.1"
        do {
            try await connection.executeThenClose { inbound, outbound in
                let parts = RequestPartReader(inbound.makeAsyncIterator())
                while let part = try await parts.nextPart() {
                    guard case .head(let h) = part else { continue }
                    let writer = ResponseWriter(outbound: outbound, isActive: { channel.isActive })
                    let streamed = RequestPartReader.streamsBody(h)
                    let request: SimRequest
                    if streamed {
                        request = SimRequest(head: h, body: ByteBuffer(), remote: remote, bodyReader: parts)
                    } else {
                        request = SimRequest(head: h, body: try await parts.collectBody(), remote: remote)
                    }
                    let keep = await handler(request, writer)
                    if !keep || !h.isKeepAlive || Task.isCancelled { return }
                    if streamed { try await parts.drainBody() }
                }
            }
        } catch {
            // Client went away or the peer was stopped: nothing to report.
        }
        await registry.remove(channel)
    }
}

/// Open connections of one listener, so stopping a peer can drop them.
private actor ConnectionRegistry {
    private var channels: [ObjectIdentifier: Channel] = [:]
    /// The task serving each connection, cancelled on close (a handler may be sleeping in a
    /// slow or hanging scenario).
    private var tasks: [ObjectIdentifier: Task<Void, Never>] = [:]
    /// Connections whose task ended before it was tracked.
    private var ended: Set<ObjectIdentifier> = []
    private var closed = false
    /// Registers a connection; one accepted while the listener is closing is closed at once.
    func add(_ c: Channel) {
        if closed { c.close(promise: nil); return }
        channels[ObjectIdentifier(c)] = c
    }
    func remove(_ c: Channel) { channels[ObjectIdentifier(c)] = nil }
    func track(_ id: ObjectIdentifier, _ t: Task<Void, Never>) {
        if ended.remove(id) != nil { return }
        if closed { t.cancel() }
        tasks[id] = t
    }
    func untrack(_ id: ObjectIdentifier) {
        if tasks.removeValue(forKey: id) == nil { ended.insert(id) }
    }
    /// Closes every connection, cancels their tasks and returns them (to be awaited).
    @discardableResult
    func closeAll() -> [Task<Void, Never>] {
        closed = true
        for c in channels.values { c.close(promise: nil) }
        channels.removeAll()
        for t in tasks.values { t.cancel() }
        return Array(tasks.values)
    }
}

/// Writes one response's parts.
struct ResponseWriter: Sendable {
    let outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    /// Whether the client is still connected (hangs end when it goes away).
    let isActive: @Sendable () -> Bool

    func head(_ status: HTTPResponseStatus, _ headers: [(String, String)]) async throws {
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: status, headers: HTTPHeaders(headers))))
    }
    func body(_ buffer: ByteBuffer) async throws { try await outbound.write(.body(.byteBuffer(buffer))) }
    func bodies(_ buffers: [ByteBuffer]) async throws {
        try await outbound.write(contentsOf: buffers.map { HTTPServerResponsePart.body(.byteBuffer($0)) })
    }
    func end(_ trailers: HTTPHeaders? = nil) async throws { try await outbound.write(.end(trailers)) }
}
