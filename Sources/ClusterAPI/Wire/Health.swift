/// `/health/graph`: who is connected to whom, at cluster and IPFS level.
public struct ConnectGraph: Codable, Sendable, Hashable {
    public var clusterID: PeerID
    public var idToPeername: [PeerID: String]
    public var ipfsLinks: [PeerID: [PeerID]]
    /// `[]` for a peer that could not be queried.
    public var clusterLinks: [PeerID: [PeerID]]
    public var clusterTrustLinks: [PeerID: Bool]
    public var clusterToIPFS: [PeerID: PeerID]

    public init(clusterID: PeerID, idToPeername: [PeerID: String] = [:], ipfsLinks: [PeerID: [PeerID]] = [:],
                clusterLinks: [PeerID: [PeerID]] = [:], clusterTrustLinks: [PeerID: Bool] = [:],
                clusterToIPFS: [PeerID: PeerID] = [:]) {
        self.clusterID = clusterID; self.idToPeername = idToPeername; self.ipfsLinks = ipfsLinks
        self.clusterLinks = clusterLinks; self.clusterTrustLinks = clusterTrustLinks; self.clusterToIPFS = clusterToIPFS
    }

    enum CodingKeys: String, CodingKey {
        case clusterID = "cluster_id"
        case idToPeername = "id_to_peername"
        case ipfsLinks = "ipfs_links"
        case clusterLinks = "cluster_links"
        case clusterTrustLinks = "cluster_trust_links"
        case clusterToIPFS = "cluster_to_ipfs"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        clusterID = try c.string(.clusterID)
        idToPeername = try c.map(.idToPeername)
        ipfsLinks = try c.map(.ipfsLinks, of: [PeerID]?.self).mapValues { $0 ?? [] }
        clusterLinks = try c.map(.clusterLinks, of: [PeerID]?.self).mapValues { $0 ?? [] }
        clusterTrustLinks = try c.map(.clusterTrustLinks)
        clusterToIPFS = try c.map(.clusterToIPFS)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(clusterID, forKey: .clusterID)
        try c.encodeSortedMap(idToPeername, forKey: .idToPeername)
        try c.encodeSortedMap(ipfsLinks, forKey: .ipfsLinks)
        try c.encodeSortedMap(clusterLinks, forKey: .clusterLinks)
        try c.encodeSortedMap(clusterTrustLinks, forKey: .clusterTrustLinks)
        try c.encodeSortedMap(clusterToIPFS, forKey: .clusterToIPFS)
    }
}

/// One protocol's traffic in `/health/bandwidth` (an object keyed by libp2p protocol ID).
public struct Bandwidth: Codable, Sendable, Hashable {
    public var totalIn: Int64
    public var totalOut: Int64
    public var rateIn: Double
    public var rateOut: Double

    public init(totalIn: Int64, totalOut: Int64, rateIn: Double, rateOut: Double) {
        self.totalIn = totalIn; self.totalOut = totalOut; self.rateIn = rateIn; self.rateOut = rateOut
    }

    enum CodingKeys: String, CodingKey {
        case totalIn = "total_in", totalOut = "total_out", rateIn = "rate_in", rateOut = "rate_out"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        totalIn = try c.int64(.totalIn)
        totalOut = try c.int64(.totalOut)
        rateIn = try c.decodeIfPresent(Double.self, forKey: .rateIn) ?? 0
        rateOut = try c.decodeIfPresent(Double.self, forKey: .rateOut) ?? 0
    }
}

/// `/health/bandwidth`; `null` (no reporter) decodes as an empty map.
public struct BandwidthReport: Codable, Sendable, Hashable {
    public var byProtocol: [String: Bandwidth]
    public init(byProtocol: [String: Bandwidth]) { self.byProtocol = byProtocol }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        byProtocol = c.decodeNil() ? [:] : try c.decode([String: Bandwidth].self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        for k in byProtocol.keys.sorted() { try c.encode(byProtocol[k]!, forKey: DynamicKey(k)) }
    }
}

/// `POST /ipfs/gc`.
public struct GlobalRepoGC: Codable, Sendable, Hashable {
    public var peerMap: [PeerID: RepoGC]
    public init(peerMap: [PeerID: RepoGC]) { self.peerMap = peerMap }
    enum CodingKeys: String, CodingKey { case peerMap = "peer_map" }
    public init(from decoder: Decoder) throws {
        peerMap = try decoder.container(keyedBy: CodingKeys.self).map(.peerMap)
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeSortedMap(peerMap, forKey: .peerMap)
    }
}

/// One peer's garbage collection result.
public struct RepoGC: Codable, Sendable, Hashable {
    public var peer: PeerID
    public var peername: String
    public var keys: [IPFSRepoGC]
    /// Omitted by the server when empty.
    public var error: String

    public init(peer: PeerID, peername: String = "", keys: [IPFSRepoGC] = [], error: String = "") {
        self.peer = peer; self.peername = peername; self.keys = keys; self.error = error
    }

    enum CodingKeys: String, CodingKey { case peer, peername, keys, error }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        peer = try c.string(.peer)
        peername = try c.string(.peername)
        keys = try c.list(.keys)
        error = try c.string(.error)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(peer, forKey: .peer)
        try c.encode(peername, forKey: .peername)
        try c.encode(keys, forKey: .keys)
        if !error.isEmpty { try c.encode(error, forKey: .error) }
    }
}

/// One removed key (or the error for it) in a `RepoGC`.
public struct IPFSRepoGC: Codable, Sendable, Hashable {
    public var key: CIDString?
    public var error: String

    public init(key: CIDString?, error: String = "") { self.key = key; self.error = error }

    enum CodingKeys: String, CodingKey { case key, error }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decodeIfPresent(String.self, forKey: .key)
        error = try c.string(.error)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .key)
        if !error.isEmpty { try c.encode(error, forKey: .error) }
    }
}
