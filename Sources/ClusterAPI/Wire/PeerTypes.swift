/// A libp2p peer ID as the API writes it (`12D3KooW...` or `Qm...`).
public typealias PeerID = String
/// A CID string, kept exactly as the cluster wrote it (v0 `Qm...` or v1 `bafy...`).
public typealias CIDString = String

/// `GET /id` and each `/peers` item. An unreachable peer in `/peers` carries only `id` and
/// `error`; everything else is then empty, which the helpers here turn into `[]`/`""`.
public struct ClusterPeer: Codable, Sendable, Hashable {
    public var id: PeerID
    public var addresses: [String]
    public var clusterPeers: [PeerID]
    public var clusterPeersAddresses: [String]
    public var version: String
    public var commit: String
    public var rpcProtocolVersion: String
    public var error: String
    public var ipfs: IPFSID
    public var peername: String

    public init(id: PeerID, addresses: [String] = [], clusterPeers: [PeerID] = [], clusterPeersAddresses: [String] = [],
                version: String = "", commit: String = "", rpcProtocolVersion: String = "", error: String = "",
                ipfs: IPFSID = IPFSID(), peername: String = "") {
        self.id = id; self.addresses = addresses; self.clusterPeers = clusterPeers
        self.clusterPeersAddresses = clusterPeersAddresses; self.version = version; self.commit = commit
        self.rpcProtocolVersion = rpcProtocolVersion; self.error = error; self.ipfs = ipfs; self.peername = peername
    }

    enum CodingKeys: String, CodingKey {
        case id, addresses
        case clusterPeers = "cluster_peers"
        case clusterPeersAddresses = "cluster_peers_addresses"
        case version, commit
        case rpcProtocolVersion = "rpc_protocol_version"
        case error, ipfs, peername
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.string(.id)
        addresses = try c.list(.addresses)
        clusterPeers = try c.list(.clusterPeers)
        clusterPeersAddresses = try c.list(.clusterPeersAddresses)
        version = try c.string(.version)
        commit = try c.string(.commit)
        rpcProtocolVersion = try c.string(.rpcProtocolVersion)
        error = try c.string(.error)
        ipfs = try c.decodeIfPresent(IPFSID.self, forKey: .ipfs) ?? IPFSID()
        peername = try c.string(.peername)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(addresses, forKey: .addresses)
        try c.encode(clusterPeers, forKey: .clusterPeers)
        try c.encode(clusterPeersAddresses, forKey: .clusterPeersAddresses)
        try c.encode(version, forKey: .version)
        try c.encode(commit, forKey: .commit)
        try c.encode(rpcProtocolVersion, forKey: .rpcProtocolVersion)
        try c.encode(error, forKey: .error)
        try c.encode(ipfs, forKey: .ipfs)
        try c.encode(peername, forKey: .peername)
    }
}

/// The `ipfs` object inside `ClusterPeer`: the peer's own IPFS daemon, or why it is unreachable.
public struct IPFSID: Codable, Sendable, Hashable {
    /// Omitted by the server when IPFS is unreachable.
    public var id: PeerID?
    public var addresses: [String]
    public var error: String

    public init(id: PeerID? = nil, addresses: [String] = [], error: String = "") {
        self.id = id; self.addresses = addresses; self.error = error
    }

    enum CodingKeys: String, CodingKey { case id, addresses, error }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let raw = try c.decodeIfPresent(String.self, forKey: .id)
        id = (raw?.isEmpty ?? true) ? nil : raw
        addresses = try c.list(.addresses)
        error = try c.string(.error)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(id, forKey: .id)
        try c.encode(addresses, forKey: .addresses)
        try c.encode(error, forKey: .error)
    }
}

/// `GET /version`.
public struct ClusterVersion: Codable, Sendable, Hashable {
    public var version: String
    public init(version: String) { self.version = version }
    enum CodingKeys: String, CodingKey { case version }
    public init(from decoder: Decoder) throws {
        version = try decoder.container(keyedBy: CodingKeys.self).string(.version)
    }
}

/// `POST /token`.
public struct ClusterToken: Codable, Sendable, Hashable, CustomStringConvertible {
    public var token: String
    public init(token: String) { self.token = token }
    /// Never prints the token itself: it never expires and grants full access.
    public var description: String { "ClusterToken(<redacted>)" }
}

/// The `{"code","message"}` body of every API error.
public struct APIErrorBody: Codable, Sendable, Hashable {
    public var code: Int
    public var message: String
    public init(code: Int, message: String) { self.code = code; self.message = message }
    enum CodingKeys: String, CodingKey { case code, message }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.int(.code)
        message = try c.string(.message)
    }
}
