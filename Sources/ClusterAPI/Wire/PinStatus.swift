/// One CID's status across peers (`/pins`, `/pins/{cid}`, recover). `peerMap` holds only the
/// peers that matched a `filter`, and is a single entry with `local=true`.
public struct GlobalPinInfo: Codable, Sendable, Hashable {
    public var cid: CIDString
    public var name: String
    public var allocations: [PeerID]
    public var origins: [String]
    /// The pin's timestamp; Go zero for unknown CIDs' requests is possible.
    public var created: ClusterTime
    public var metadata: [String: String]
    public var peerMap: [PeerID: PinInfoShort]

    public init(cid: CIDString, name: String = "", allocations: [PeerID] = [], origins: [String] = [],
                created: ClusterTime = .goZero, metadata: [String: String] = [:], peerMap: [PeerID: PinInfoShort] = [:]) {
        self.cid = cid; self.name = name; self.allocations = allocations; self.origins = origins
        self.created = created; self.metadata = metadata; self.peerMap = peerMap
    }

    enum CodingKeys: String, CodingKey {
        case cid, name, allocations, origins, created, metadata
        case peerMap = "peer_map"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cid = try c.string(.cid)
        name = try c.string(.name)
        allocations = try c.list(.allocations)
        origins = try c.list(.origins)
        created = try c.time(.created)
        metadata = try c.map(.metadata)
        peerMap = try c.map(.peerMap)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cid, forKey: .cid)
        try c.encode(name, forKey: .name)
        try c.encode(allocations, forKey: .allocations)
        try c.encode(origins, forKey: .origins)
        try c.encode(created, forKey: .created)
        try c.encodeSortedMap(metadata, forKey: .metadata)
        try c.encodeSortedMap(peerMap, forKey: .peerMap)
    }

    /// Entries sorted by peer ID, the order ctl prints them in.
    public var sortedEntries: [(peer: PeerID, info: PinInfoShort)] {
        peerMap.keys.sorted().map { ($0, peerMap[$0]!) }
    }
}

/// One peer's view of one pin (a `peer_map` value).
public struct PinInfoShort: Codable, Sendable, Hashable {
    /// Can be `""` for `cluster_error` and ping-derived `remote` entries.
    public var peername: String
    /// Omitted by the server when unknown.
    public var ipfsPeerID: PeerID?
    public var ipfsPeerAddresses: [String]
    public var status: TrackerStatus
    public var timestamp: ClusterTime
    public var error: String
    public var attemptCount: Int
    public var priorityPin: Bool

    public init(peername: String = "", ipfsPeerID: PeerID? = nil, ipfsPeerAddresses: [String] = [],
                status: TrackerStatus, timestamp: ClusterTime = .goZero, error: String = "",
                attemptCount: Int = 0, priorityPin: Bool = false) {
        self.peername = peername; self.ipfsPeerID = ipfsPeerID; self.ipfsPeerAddresses = ipfsPeerAddresses
        self.status = status; self.timestamp = timestamp; self.error = error
        self.attemptCount = attemptCount; self.priorityPin = priorityPin
    }

    enum CodingKeys: String, CodingKey {
        case peername
        case ipfsPeerID = "ipfs_peer_id"
        case ipfsPeerAddresses = "ipfs_peer_addresses"
        case status, timestamp, error
        case attemptCount = "attempt_count"
        case priorityPin = "priority_pin"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        peername = try c.string(.peername)
        let raw = try c.decodeIfPresent(String.self, forKey: .ipfsPeerID)
        ipfsPeerID = (raw?.isEmpty ?? true) ? nil : raw
        ipfsPeerAddresses = try c.list(.ipfsPeerAddresses)
        status = try c.decodeIfPresent(TrackerStatus.self, forKey: .status) ?? .undefined
        timestamp = try c.time(.timestamp)
        error = try c.string(.error)
        attemptCount = try c.int(.attemptCount)
        priorityPin = try c.bool(.priorityPin)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(peername, forKey: .peername)
        try c.encodeIfPresent(ipfsPeerID, forKey: .ipfsPeerID)
        if !ipfsPeerAddresses.isEmpty { try c.encode(ipfsPeerAddresses, forKey: .ipfsPeerAddresses) }
        try c.encode(status, forKey: .status)
        try c.encode(timestamp, forKey: .timestamp)
        try c.encode(error, forKey: .error)
        try c.encode(attemptCount, forKey: .attemptCount)
        try c.encode(priorityPin, forKey: .priorityPin)
    }
}
