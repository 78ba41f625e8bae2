import Foundation

/// A misbehaviour injected on the HTTP layer of one peer (or all) for one endpoint (or all).
///
/// Why separate from peer state: the REST client and console must be tested against transport
/// failures that a healthy cluster model never produces (drips, truncation, bad bodies).
public struct Fault: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Delay before answering by `ms` real milliseconds.
        case latency
        /// Send the body in `bytes`-sized pieces with `ms` between them.
        case slowDrip = "slow-drip"
        /// Accept the request and never answer.
        case hang
        /// Answer `status` (default 500) with `{"code","message"}`.
        case error5xx = "5xx"
        /// Answer 200 with a body that is not valid JSON.
        case malformed
        /// Close the connection mid-body (after `items` stream items, default 1), without the final chunk.
        case truncate
        /// Finish a stream with a non-empty `X-Stream-Error` trailer (`message`).
        case streamError = "stream-error"
    }

    /// Peer name (`IpfsCluster1`) or peer id; nil = every peer.
    public var peer: String?
    /// Path (`/pins`) matching that path and everything under it; nil or `*` = every endpoint.
    public var endpoint: String?
    public var kind: Kind
    public var ms: Int?
    public var bytes: Int?
    public var status: Int?
    public var message: String?
    public var items: Int?
    /// How many requests it still applies to; nil = until cleared.
    public var count: Int?

    public init(peer: String? = nil, endpoint: String? = nil, kind: Kind, ms: Int? = nil, bytes: Int? = nil,
                status: Int? = nil, message: String? = nil, items: Int? = nil, count: Int? = nil) {
        self.peer = peer; self.endpoint = endpoint; self.kind = kind; self.ms = ms; self.bytes = bytes
        self.status = status; self.message = message; self.items = items; self.count = count
    }

    /// Control-API form: the flat fields above, or the same numbers nested under `"params"`.
    static func decodeControlBody(_ data: Data) throws -> Fault {
        struct Params: Decodable { var ms, bytes, status, items, count: Int?; var message: String? }
        struct Wrapper: Decodable { var params: Params? }
        var f = try JSONDecoder().decode(Fault.self, from: data)
        if let p = try JSONDecoder().decode(Wrapper.self, from: data).params {
            f.ms = f.ms ?? p.ms; f.bytes = f.bytes ?? p.bytes; f.status = f.status ?? p.status
            f.items = f.items ?? p.items; f.count = f.count ?? p.count; f.message = f.message ?? p.message
        }
        return f
    }

    func matches(peerName: String, peerID: String, path: String) -> Bool {
        if let p = peer, p != "*", p != peerName, p != peerID { return false }
        guard let e = endpoint, e != "*", !e.isEmpty else { return true }
        if path == e { return true }
        let prefix = e.hasSuffix("/") ? e : e + "/"
        return path.hasPrefix(prefix)
    }
}
