/// One REST call: method, path and query. Built by the static constructors below so that
/// query names (`replication-min`, `cids`, `local=true`) are written in one place only.
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    public enum Method: String, Sendable { case GET, POST, DELETE }

    public var method: Method
    /// Path without query, already percent-encoded, starting with `/`.
    public var path: String
    public var query: [QueryItem]
    /// NDJSON stream with `X-Stream-Error` trailer (`/peers`, `/pins`, `/allocations`, recover-all).
    public var isStream: Bool

    public struct QueryItem: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) { self.name = name; self.value = value }
    }

    public init(_ method: Method, _ path: String, query: [QueryItem] = [], isStream: Bool = false) {
        self.method = method; self.path = path; self.query = query; self.isStream = isStream
    }

    /// Path plus encoded query, as sent.
    public var pathAndQuery: String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\(Endpoint.encode($0.name))=\(Endpoint.encode($0.value))" }.joined(separator: "&")
    }

    public var description: String { "\(method.rawValue) \(pathAndQuery)" }

    /// RFC 3986 unreserved characters stay; everything else is percent-encoded (`,` too, which
    /// Go's query parser accepts either way).
    static func encode(_ s: String, keepSlash: Bool = false) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"), UInt8(ascii: ","):
                out.unicodeScalars.append(UnicodeScalar(b))
            case UInt8(ascii: "/") where keepSlash:
                out.append("/")
            default:
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }

    static func segment(_ s: String) -> String { encode(s) }

    // MARK: - The API

    public static let id = Endpoint(.GET, "/id")
    public static let version = Endpoint(.GET, "/version")
    public static let peers = Endpoint(.GET, "/peers", isStream: true)
    public static func removePeer(_ id: PeerID) -> Endpoint { Endpoint(.DELETE, "/peers/\(segment(id))") }

    /// `filter`: pin types (`pin`, `meta-pin`, `clusterdag-pin`, `shard-pin`, `all`); empty = all.
    public static func allocations(filter: [String] = []) -> Endpoint {
        Endpoint(.GET, "/allocations", query: filter.isEmpty ? [] : [QueryItem("filter", filter.joined(separator: ","))], isStream: true)
    }

    public static func allocation(_ cid: CIDString) -> Endpoint { Endpoint(.GET, "/allocations/\(segment(cid))") }

    /// Global by default (expensive: see cluster-api.md §9); `cids` makes the server ignore `filter`.
    public static func pins(filter: [TrackerStatus] = [], local: Bool = false, cids: [CIDString] = []) -> Endpoint {
        var q: [QueryItem] = []
        if local { q.append(QueryItem("local", "true")) }
        if !filter.isEmpty { q.append(QueryItem("filter", filter.map(\.rawValue).joined(separator: ","))) }
        if !cids.isEmpty { q.append(QueryItem("cids", cids.joined(separator: ","))) }
        return Endpoint(.GET, "/pins", query: q, isStream: true)
    }

    public static func pin(_ cid: CIDString, local: Bool = false) -> Endpoint {
        Endpoint(.GET, "/pins/\(segment(cid))", query: local ? [QueryItem("local", "true")] : [])
    }

    public static func addPin(_ cid: CIDString, options: PinAddOptions = PinAddOptions()) -> Endpoint {
        Endpoint(.POST, "/pins/\(segment(cid))", query: options.queryItems)
    }

    /// `path` like `/ipfs/<cid>/sub` (also `/ipns/...`, `/ipld/...`).
    public static func addPinPath(_ path: String, options: PinAddOptions = PinAddOptions()) -> Endpoint {
        Endpoint(.POST, "/pins" + encode(normalise(path), keepSlash: true), query: options.queryItems)
    }

    public static func removePin(_ cid: CIDString) -> Endpoint { Endpoint(.DELETE, "/pins/\(segment(cid))") }

    public static func removePinPath(_ path: String) -> Endpoint {
        Endpoint(.DELETE, "/pins" + encode(normalise(path), keepSlash: true))
    }

    public static func recover(_ cid: CIDString, local: Bool = false) -> Endpoint {
        Endpoint(.POST, "/pins/\(segment(cid))/recover", query: local ? [QueryItem("local", "true")] : [])
    }

    public static func recoverAll(local: Bool = false) -> Endpoint {
        Endpoint(.POST, "/pins/recover", query: local ? [QueryItem("local", "true")] : [], isStream: true)
    }

    public static let metricNames = Endpoint(.GET, "/monitor/metrics")
    public static func metrics(_ name: String) -> Endpoint { Endpoint(.GET, "/monitor/metrics/\(segment(name))") }
    public static let alerts = Endpoint(.GET, "/health/alerts")
    public static let graph = Endpoint(.GET, "/health/graph")
    public static let bandwidth = Endpoint(.GET, "/health/bandwidth")
    /// Unauthenticated; 204 when the API is up.
    public static let health = Endpoint(.GET, "/health")
    public static func repoGC(local: Bool = false) -> Endpoint {
        Endpoint(.POST, "/ipfs/gc", query: local ? [QueryItem("local", "true")] : [])
    }
    public static let token = Endpoint(.POST, "/token")

    /// True when `arg` is an IPFS path (`/ipfs/...`, `/ipns/...`, `/ipld/...`) rather than a bare CID.
    public static func isPath(_ arg: String) -> Bool {
        let a = arg.hasPrefix("/") ? arg : "/" + arg
        return a.hasPrefix("/ipfs/") || a.hasPrefix("/ipns/") || a.hasPrefix("/ipld/")
    }

    static func normalise(_ path: String) -> String { path.hasPrefix("/") ? path : "/" + path }
}

extension String {
    func leftPadded(_ width: Int, with c: Character = "0") -> String {
        count >= width ? self : String(repeating: c, count: width - count) + self
    }
}
