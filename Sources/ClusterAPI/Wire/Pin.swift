/// The options a pin was made with; Go embeds them at the top of `Pin`, so `Pin` flattens them.
public struct PinOptions: Sendable, Hashable {
    /// -1 means "everywhere".
    public var replicationFactorMin: Int
    public var replicationFactorMax: Int
    public var name: String
    public var mode: PinMode
    public var shardSize: UInt64
    /// Echoed by `POST /pins` only; not stored in the shared state.
    public var userAllocations: [PeerID]
    /// Go's zero time when the pin never expires.
    public var expireAt: ClusterTime
    public var metadata: [String: String]
    public var pinUpdate: CIDString?
    public var origins: [String]

    public init(replicationFactorMin: Int = -1, replicationFactorMax: Int = -1, name: String = "",
                mode: PinMode = .recursive, shardSize: UInt64 = 0, userAllocations: [PeerID] = [],
                expireAt: ClusterTime = .goZero, metadata: [String: String] = [:], pinUpdate: CIDString? = nil,
                origins: [String] = []) {
        self.replicationFactorMin = replicationFactorMin; self.replicationFactorMax = replicationFactorMax
        self.name = name; self.mode = mode; self.shardSize = shardSize; self.userAllocations = userAllocations
        self.expireAt = expireAt; self.metadata = metadata; self.pinUpdate = pinUpdate; self.origins = origins
    }
}

/// A pin of the shared pinset (`/allocations`, `POST`/`DELETE /pins`).
public struct Pin: Codable, Sendable, Hashable {
    public var options: PinOptions
    public var cid: CIDString
    public var type: PinType
    /// Empty when pinned everywhere.
    public var allocations: [PeerID]
    /// -1 recursive, 0 direct, 1 shard.
    public var maxDepth: Int
    public var reference: CIDString?
    /// When the pin was committed (whole seconds when read back from the state).
    public var timestamp: ClusterTime

    public init(cid: CIDString, options: PinOptions = PinOptions(), type: PinType = .pin, allocations: [PeerID] = [],
                maxDepth: Int = -1, reference: CIDString? = nil, timestamp: ClusterTime = .goZero) {
        self.cid = cid; self.options = options; self.type = type; self.allocations = allocations
        self.maxDepth = maxDepth; self.reference = reference; self.timestamp = timestamp
    }

    // Convenience accessors for the embedded options, as Go code reads them.
    public var name: String { options.name }
    public var replicationFactorMin: Int { options.replicationFactorMin }
    public var replicationFactorMax: Int { options.replicationFactorMax }

    enum CodingKeys: String, CodingKey {
        case replicationFactorMin = "replication_factor_min"
        case replicationFactorMax = "replication_factor_max"
        case name, mode
        case shardSize = "shard_size"
        case userAllocations = "user_allocations"
        case expireAt = "expire_at"
        case metadata
        case pinUpdate = "pin_update"
        case origins, cid, type, allocations
        case maxDepth = "max_depth"
        case reference, timestamp
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        options = PinOptions(
            replicationFactorMin: try c.int(.replicationFactorMin),
            replicationFactorMax: try c.int(.replicationFactorMax),
            name: try c.string(.name),
            mode: try c.decodeIfPresent(PinMode.self, forKey: .mode) ?? .recursive,
            shardSize: try c.decodeIfPresent(UInt64.self, forKey: .shardSize) ?? 0,
            userAllocations: try c.list(.userAllocations),
            expireAt: try c.time(.expireAt),
            metadata: try c.map(.metadata),
            pinUpdate: try c.decodeIfPresent(String.self, forKey: .pinUpdate),
            origins: try c.list(.origins))
        cid = try c.string(.cid)
        type = try c.decodeIfPresent(PinType.self, forKey: .type) ?? .pin
        allocations = try c.list(.allocations)
        maxDepth = try c.decodeIfPresent(Int.self, forKey: .maxDepth) ?? -1
        reference = try c.decodeIfPresent(String.self, forKey: .reference)
        timestamp = try c.time(.timestamp)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(options.replicationFactorMin, forKey: .replicationFactorMin)
        try c.encode(options.replicationFactorMax, forKey: .replicationFactorMax)
        try c.encode(options.name, forKey: .name)
        try c.encode(options.mode, forKey: .mode)
        try c.encode(options.shardSize, forKey: .shardSize)
        try c.encode(options.userAllocations, forKey: .userAllocations)
        try c.encode(options.expireAt, forKey: .expireAt)
        try c.encodeSortedMap(options.metadata, forKey: .metadata)
        try c.encode(options.pinUpdate, forKey: .pinUpdate)
        try c.encode(options.origins, forKey: .origins)
        try c.encode(cid, forKey: .cid)
        try c.encode(type, forKey: .type)
        try c.encode(allocations, forKey: .allocations)
        try c.encode(maxDepth, forKey: .maxDepth)
        try c.encode(reference, forKey: .reference)
        try c.encode(timestamp, forKey: .timestamp)
    }
}
