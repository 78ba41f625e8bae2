import NIOCore
import NIOHTTP1

/// The parts of one connection's requests, pulled one at a time. Most routes get their body
/// collected first; `POST /add` reads it while it runs, so an upload of any size is hashed as
/// it arrives instead of being held in memory.
///
/// `@unchecked Sendable`: the route that reads a body runs in the task serving the connection,
/// which is the only task that ever touches the iterator (the request value merely carries it).
final class RequestPartReader: @unchecked Sendable {
    private var iterator: NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator
    private var inBody = false

    init(_ iterator: NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator) {
        self.iterator = iterator
    }

    /// Requests whose body is streamed to the route.
    static func streamsBody(_ head: HTTPRequestHead) -> Bool {
        head.method == .POST && (head.uri == "/add" || head.uri.hasPrefix("/add?"))
    }

    func nextPart() async throws -> HTTPServerRequestPart? {
        let part = try await iterator.next()
        switch part {
        case .head: inBody = true
        case .end, nil: inBody = false
        case .body: break
        }
        return part
    }

    /// The next piece of the current request's body; nil at its end.
    func nextBodyChunk() async throws -> ByteBuffer? {
        while inBody, let part = try await nextPart() {
            if case .body(let b) = part { return b }
        }
        return nil
    }

    func collectBody() async throws -> ByteBuffer {
        var body = ByteBuffer()
        while var chunk = try await nextBodyChunk() { body.writeBuffer(&chunk) }
        return body
    }

    /// Skips what the route left unread, so the connection can carry the next request.
    func drainBody() async throws {
        while try await nextBodyChunk() != nil {}
    }
}
