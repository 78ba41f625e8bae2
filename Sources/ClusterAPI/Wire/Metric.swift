import Foundation

/// A monitor metric (`/monitor/metrics/{name}`, and the body of an `Alert`).
///
/// `value` is always a string on the wire; `expire`/`receivedAt` are Unix nanoseconds, kept as
/// integers so nothing is rounded. For `ping` the value is a JSON document in a string: see `ping`.
public struct Metric: Codable, Sendable, Hashable {
    public var name: String
    public var peer: PeerID
    public var value: String
    /// Unix nanoseconds.
    public var expire: Int64
    public var valid: Bool
    public var weight: Int64
    public var partitionable: Bool
    /// Unix nanoseconds, set by the receiving peer.
    public var receivedAt: Int64

    public init(name: String, peer: PeerID, value: String = "", expire: Int64 = 0, valid: Bool = true,
                weight: Int64 = 0, partitionable: Bool = false, receivedAt: Int64 = 0) {
        self.name = name; self.peer = peer; self.value = value; self.expire = expire; self.valid = valid
        self.weight = weight; self.partitionable = partitionable; self.receivedAt = receivedAt
    }

    enum CodingKeys: String, CodingKey {
        case name, peer, value, expire, valid, weight, partitionable
        case receivedAt = "received_at"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.string(.name)
        peer = try c.string(.peer)
        value = try c.string(.value)
        expire = try c.int64(.expire)
        valid = try c.bool(.valid)
        weight = try c.int64(.weight)
        partitionable = try c.bool(.partitionable)
        receivedAt = try c.int64(.receivedAt)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try encodeFields(into: &c)
    }

    func encodeFields<K: CodingKey>(into c: inout KeyedEncodingContainer<K>) throws {
        func key(_ k: CodingKeys) -> K { K(stringValue: k.rawValue)! }
        try c.encode(name, forKey: key(.name))
        try c.encode(peer, forKey: key(.peer))
        try c.encode(value, forKey: key(.value))
        try c.encode(expire, forKey: key(.expire))
        try c.encode(valid, forKey: key(.valid))
        try c.encode(weight, forKey: key(.weight))
        try c.encode(partitionable, forKey: key(.partitionable))
        try c.encode(receivedAt, forKey: key(.receivedAt))
    }

    public var expireDate: Date { Date(timeIntervalSince1970: Double(expire) / 1e9) }
    public var receivedDate: Date { Date(timeIntervalSince1970: Double(receivedAt) / 1e9) }

    /// The decoded `ping` payload, or nil for other metrics or an undecodable value.
    public var ping: PingMetricValue? {
        guard name == "ping", let data = value.data(using: .utf8) else { return nil }
        return try? JSONDecoder().decode(PingMetricValue.self, from: data)
    }
}

/// The JSON document carried in the `ping` metric's string value: how other peers learn a
/// peer's name and IPFS identity even when it is missing from `/peers`.
public struct PingMetricValue: Codable, Sendable, Hashable {
    public var peerName: String
    public var ipfsID: PeerID
    public var ipfsAddresses: [String]

    public init(peerName: String, ipfsID: PeerID, ipfsAddresses: [String] = []) {
        self.peerName = peerName; self.ipfsID = ipfsID; self.ipfsAddresses = ipfsAddresses
    }

    enum CodingKeys: String, CodingKey {
        case peerName = "peer_name"
        case ipfsID = "ipfs_id"
        case ipfsAddresses = "ipfs_addresses"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        peerName = try c.string(.peerName)
        ipfsID = try c.string(.ipfsID)
        ipfsAddresses = try c.list(.ipfsAddresses)
    }
}

/// `/health/alerts` items: the last metric seen from a peer (maybe expired) plus when the alert fired.
public struct Alert: Codable, Sendable, Hashable {
    public var metric: Metric
    public var triggeredAt: ClusterTime

    public init(metric: Metric, triggeredAt: ClusterTime) {
        self.metric = metric; self.triggeredAt = triggeredAt
    }

    enum ExtraKeys: String, CodingKey { case triggeredAt = "triggered_at" }

    public init(from decoder: Decoder) throws {
        metric = try Metric(from: decoder)
        triggeredAt = try decoder.container(keyedBy: ExtraKeys.self).time(.triggeredAt)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try metric.encodeFields(into: &c)
        try c.encode(triggeredAt, forKey: DynamicKey("triggered_at"))
    }
}
