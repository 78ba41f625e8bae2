/// Options of `POST /pins/...`, mirroring ipfs-cluster-ctl's `pin add` flags. Values are
/// validated here so that a typo fails before anything reaches the cluster (the server would
/// otherwise answer a 500, or for `mode` silently pin recursively).
public struct PinAddOptions: Codable, Sendable, Hashable {
    /// Sets both min and max (`replication`); overrides the two below on the server.
    public var replication: Int?
    public var replicationMin: Int?
    public var replicationMax: Int?
    public var name: String?
    public var mode: PinMode?
    public var userAllocations: [PeerID]
    /// A Go duration (`90s`, `1h30m`, `720h`).
    public var expireIn: String?
    public var metadata: [String: String]
    /// CID of an existing pin to copy options and allocations from.
    public var pinUpdate: CIDString?
    public var origins: [String]

    public init(replication: Int? = nil, replicationMin: Int? = nil, replicationMax: Int? = nil, name: String? = nil,
                mode: PinMode? = nil, userAllocations: [PeerID] = [], expireIn: String? = nil,
                metadata: [String: String] = [:], pinUpdate: CIDString? = nil, origins: [String] = []) {
        self.replication = replication; self.replicationMin = replicationMin; self.replicationMax = replicationMax
        self.name = name; self.mode = mode; self.userAllocations = userAllocations; self.expireIn = expireIn
        self.metadata = metadata; self.pinUpdate = pinUpdate; self.origins = origins
    }

    /// Throws `ClusterAPIError.invalidArgument` naming the bad option.
    public func validate() throws {
        func bad(_ s: String) -> ClusterAPIError { ClusterAPIError(.invalidArgument(detail: s), context: nil) }
        for (flag, v) in [("--replication", replication), ("--replication-min", replicationMin), ("--replication-max", replicationMax)] {
            if let v, v < -1 { throw bad("\(flag) must be -1 (everywhere), 0 (cluster default) or a positive number, not \(v)") }
        }
        if let lo = replicationMin, let hi = replicationMax, replication == nil {
            if (lo == -1) != (hi == -1) { throw bad("--replication-min and --replication-max must both be -1 when one of them is") }
            if hi != -1, hi != 0, lo > hi { throw bad("--replication-min (\(lo)) is larger than --replication-max (\(hi))") }
        }
        if let mode, mode != .recursive, mode != .direct {
            throw bad("--mode must be recursive or direct, not \(mode.rawValue)")
        }
        if let e = expireIn, !PinAddOptions.isGoDuration(e) {
            throw bad("--expire-in \"\(e)\" is not a duration like 90s, 1h30m or 720h")
        }
        for k in metadata.keys where k.isEmpty { throw bad("--metadata keys must not be empty") }
    }

    /// Query items in ctl's order.
    public var queryItems: [Endpoint.QueryItem] {
        typealias Q = Endpoint.QueryItem
        var q: [Q] = []
        if let name { q.append(Q("name", name)) }
        if let mode { q.append(Q("mode", mode.rawValue)) }
        if let replication { q.append(Q("replication", String(replication))) }
        if let replicationMin { q.append(Q("replication-min", String(replicationMin))) }
        if let replicationMax { q.append(Q("replication-max", String(replicationMax))) }
        if !userAllocations.isEmpty { q.append(Q("user-allocations", userAllocations.joined(separator: ","))) }
        if let expireIn { q.append(Q("expire-in", expireIn)) }
        for k in metadata.keys.sorted() { q.append(Q("meta-\(k)", metadata[k]!)) }
        if let pinUpdate { q.append(Q("pin-update", pinUpdate)) }
        if !origins.isEmpty { q.append(Q("origins", origins.joined(separator: ","))) }
        return q
    }

    /// Go's `time.ParseDuration` grammar (unsigned): one or more `<number><unit>`.
    public static func isGoDuration(_ s: String) -> Bool {
        guard !s.isEmpty else { return false }
        let units = ["ns", "us", "µs", "μs", "ms", "s", "m", "h"]
        var rest = Substring(s)
        while !rest.isEmpty {
            let num = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !num.isEmpty, num.filter({ $0 == "." }).count <= 1, num != "." else { return false }
            rest = rest.dropFirst(num.count)
            guard let unit = units.sorted(by: { $0.count > $1.count }).first(where: { rest.hasPrefix($0) }) else { return false }
            rest = rest.dropFirst(unit.count)
        }
        return true
    }
}
