import NIOCore
import NIOHTTP1

/// Turns a `SimResponse` into bytes on the wire the way IPFS Cluster's Go server does, applying
/// an optional transport fault (drip, truncation, malformed body, stream error).
enum ResponseRenderer {
    /// The `Date` header on the simulated cluster's clock (which `--clock-offset` moves), as a
    /// real cluster's Go server stamps its own time.
    static func date(_ clock: SimClock) -> String { TimeFormat.httpDate(clock.now) }

    /// Returns false when the connection must be closed (truncation).
    static func send(_ response: SimResponse, fault: Fault?, writer: ResponseWriter, clock: SimClock,
                     onDone: @Sendable (Int, Int) -> Void = { _, _ in }) async -> Bool {
        let date = { ResponseRenderer.date(clock) }
        do {
            switch response {
            case .json(let status, var body):
                if fault?.kind == .malformed { body = ByteBuffer(string: "{\"id\":\"12D3KooW\u{0}<html>Bad Gateway") }
                try await writer.head(status, [("Content-Type", "application/json"), ("Vary", "Origin"),
                                               ("Date", date()), ("Content-Length", String(body.readableBytes))])
                if fault?.kind == .truncate {
                    try await writer.body(body.getSlice(at: body.readerIndex, length: body.readableBytes / 2) ?? body)
                    onDone(Int(status.code), body.readableBytes / 2)
                    return false
                }
                try await writeBody(body, fault: fault, writer: writer)
                try await writer.end()
                onDone(Int(status.code), body.readableBytes)
            case .noContent:
                try await writer.head(.noContent, [("Content-Type", "application/json"), ("Vary", "Origin"), ("Date", date())])
                try await writer.end()
                onDone(204, 0)
            case .methodNotAllowed:
                try await writer.head(.methodNotAllowed, [("Vary", "Origin"), ("Date", date()), ("Content-Length", "0")])
                try await writer.end()
                onDone(405, 0)
            case .raw(let status, let headers, let body):
                var h = headers
                h.append(("Date", date()))
                h.append(("Content-Length", String(body.readableBytes)))
                try await writer.head(status, h)
                if body.readableBytes > 0 { try await writer.body(body) }
                try await writer.end()
                onDone(Int(status.code), body.readableBytes)
            case .stream(let producer):
                let sink = StreamWriterSink(writer: writer, fault: fault, date: date())
                var failure: String?
                do {
                    try await producer.run(sink)
                } catch let f as StreamFailure {
                    failure = f.message
                } catch is TruncateNow {
                    return false
                }
                return try await sink.finish(failure: failure, onDone: onDone)
            }
            return true
        } catch {
            return false
        }
    }

    static func writeBody(_ body: ByteBuffer, fault: Fault?, writer: ResponseWriter) async throws {
        guard let fault, fault.kind == .slowDrip else {
            if body.readableBytes > 0 { try await writer.body(body) }
            return
        }
        let piece = max(fault.bytes ?? 16, 1)
        var rest = body
        while rest.readableBytes > 0 {
            let n = min(piece, rest.readableBytes)
            try await writer.body(rest.readSlice(length: n)!)
            try await Task.sleep(for: .milliseconds(fault.ms ?? 200))
        }
    }
}

/// Thrown by the sink when a truncate fault fires: the connection is dropped without the last chunk.
struct TruncateNow: Error {}

/// Streams NDJSON items; the first item decides between 200 (chunked) and 204.
actor StreamWriterSink: StreamSink {
    private let writer: ResponseWriter
    private let fault: Fault?
    private var started = false
    private var items = 0
    private var bytes = 0
    private var trailerMessages: [String] = []
    /// The `Date` header value (the response's start on the cluster's clock).
    private let date: String

    init(writer: ResponseWriter, fault: Fault?, date: String) {
        self.writer = writer
        self.fault = fault
        self.date = date
    }

    private func startIfNeeded() async throws {
        guard !started else { return }
        started = true
        try await writer.head(.ok, [("Content-Type", "application/json"), ("Trailer", "X-Stream-Error"),
                                    ("Vary", "Origin"), ("Date", date), ("Transfer-Encoding", "chunked")])
    }

    func emit(_ buffers: [ByteBuffer]) async throws {
        guard !buffers.isEmpty else { return }
        try await startIfNeeded()
        var out = buffers
        if let fault {
            switch fault.kind {
            case .truncate:
                let limit = max(fault.items ?? 1, 0)
                let room = limit - items
                if room < out.count {
                    if room > 0 { try await writer.bodies(Array(out.prefix(room))) }
                    throw TruncateNow()
                }
            case .malformed where items == 0:
                out.insert(ByteBuffer(string: "{\"cid\":\"bafy\",\"peer_map\":{\"12D3\n"), at: 0)
            case .slowDrip:
                for b in out { try await ResponseRenderer.writeBody(b, fault: fault, writer: writer); items += 1; bytes += b.readableBytes }
                return
            default: break
            }
        }
        items += out.count
        for b in out { bytes += b.readableBytes }
        try await writer.bodies(out)
    }

    func trailerError(_ message: String) async { trailerMessages.append(message) }

    func finish(failure: String?, onDone: @Sendable (Int, Int) -> Void) async throws -> Bool {
        if !started {
            if let failure {
                // Cluster: error before the first item is a 500 with a (chunked) error body.
                try await writer.head(.internalServerError, [("Content-Type", "application/json"), ("Trailer", "X-Stream-Error"),
                                                             ("Vary", "Origin"), ("Date", date),
                                                             ("Transfer-Encoding", "chunked")])
                var w = JSONWriter()
                w.beginObject(); w.member("code", 500); w.member("message", failure); w.endObject(); w.newline()
                try await writer.body(w.buffer)
                try await writer.end()
                onDone(500, w.buffer.readableBytes)
                return true
            }
            try await writer.head(.noContent, [("Content-Type", "application/json"), ("Trailer", "X-Stream-Error"),
                                               ("Vary", "Origin"), ("Date", date)])
            try await writer.end()
            onDone(204, 0)
            return true
        }
        if fault?.kind == .truncate { return false }
        var messages = trailerMessages
        if let failure { messages.append(failure) }
        if fault?.kind == .streamError { messages.append(fault?.message ?? "simulated stream failure") }
        var trailers = HTTPHeaders([("X-Stream-Error", "")])
        for m in messages { trailers.add(name: "X-Stream-Error", value: m) }
        try await writer.end(trailers)
        onDone(200, bytes)
        return true
    }
}
