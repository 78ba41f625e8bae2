import NIOCore
import NIOHTTP1

/// A fully received HTTP request.
struct SimRequest: Sendable {
    var method: HTTPMethod
    var uri: String
    /// Percent-decoded path without the query.
    var path: String
    var rawPath: String
    var query: [(String, String)]
    var headers: HTTPHeaders
    var body: ByteBuffer
    var remote: String
    /// Set instead of `body` for routes that read their body while running (`POST /add`).
    var bodyReader: RequestPartReader?

    init(head: HTTPRequestHead, body: ByteBuffer, remote: String, bodyReader: RequestPartReader? = nil) {
        self.bodyReader = bodyReader
        method = head.method
        uri = head.uri
        headers = head.headers
        self.body = body
        self.remote = remote
        let parts = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        rawPath = String(parts.first ?? "/")
        path = Self.percentDecode(rawPath)
        query = []
        if parts.count > 1 {
            for item in parts[1].split(separator: "&") where !item.isEmpty {
                let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let k = Self.percentDecode(String(kv[0]), plus: true)
                let v = kv.count > 1 ? Self.percentDecode(String(kv[1]), plus: true) : ""
                query.append((k, v))
            }
        }
    }

    /// First value of a query parameter.
    func param(_ name: String) -> String? { query.first(where: { $0.0 == name })?.1 }

    static func percentDecode(_ s: String, plus: Bool = false) -> String {
        guard s.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plus && $0 == UInt8(ascii: "+")) }) else { return s }
        var out: [UInt8] = []
        let b = Array(s.utf8)
        var i = 0
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 65...70: c - 55
            case 97...102: c - 87
            default: nil
            }
        }
        while i < b.count {
            if b[i] == UInt8(ascii: "%"), i + 2 < b.count, let h = hex(b[i + 1]), let l = hex(b[i + 2]) {
                out.append(h << 4 | l); i += 3
            } else if plus && b[i] == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " ")); i += 1
            } else { out.append(b[i]); i += 1 }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// What a route answers.
enum SimResponse: Sendable {
    /// One JSON value with `Content-Length` (the body already ends with `\n`).
    case json(HTTPResponseStatus, ByteBuffer)
    /// No body; with `Content-Type: application/json` like Cluster's 204s.
    case noContent
    /// 405 as gorilla/mux writes it: empty body, no `Content-Type`.
    case methodNotAllowed
    /// Anything else, headers given in order.
    case raw(HTTPResponseStatus, [(String, String)], ByteBuffer)
    /// NDJSON stream with `Trailer: X-Stream-Error`.
    case stream(StreamProducer)

    static func error(_ status: HTTPResponseStatus, _ message: String) -> SimResponse {
        var w = JSONWriter(capacity: 64 + message.utf8.count)
        w.beginObject(); w.member("code", Int(status.code)); w.member("message", message); w.endObject(); w.newline()
        return .json(status, w.buffer)
    }
}

/// Produces the items of a stream; items already encoded, one JSON value plus `\n` each.
struct StreamProducer: Sendable {
    let run: @Sendable (StreamSink) async throws -> Void
}

/// A stream failure before the first item becomes a 500 error body (not a stream).
struct StreamFailure: Error, Sendable {
    let message: String
}

/// Receives stream items and writes them; decides 200 vs 204 on the first item.
protocol StreamSink: AnyObject, Sendable {
    func emit(_ items: [ByteBuffer]) async throws
    /// Reports an error after items were sent: goes into the `X-Stream-Error` trailer.
    func trailerError(_ message: String) async
}
