/// A pin's per-peer tracker status (`status` in `peer_map` entries, and `/pins?filter=` values).
///
/// A struct over the raw wire string rather than a closed enum: a newer cluster may send a
/// status we do not know yet, and an operator console must show it as-is instead of failing
/// to decode the whole stream.
public struct TrackerStatus: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public static let undefined: TrackerStatus = "undefined"
    public static let clusterError: TrackerStatus = "cluster_error"
    public static let pinError: TrackerStatus = "pin_error"
    public static let unpinError: TrackerStatus = "unpin_error"
    public static let pinned: TrackerStatus = "pinned"
    public static let pinning: TrackerStatus = "pinning"
    public static let unpinning: TrackerStatus = "unpinning"
    public static let unpinned: TrackerStatus = "unpinned"
    public static let remote: TrackerStatus = "remote"
    public static let pinQueued: TrackerStatus = "pin_queued"
    public static let unpinQueued: TrackerStatus = "unpin_queued"
    public static let sharded: TrackerStatus = "sharded"
    public static let unexpectedlyUnpinned: TrackerStatus = "unexpectedly_unpinned"
    /// Filter-only composites.
    public static let error: TrackerStatus = "error"
    public static let queued: TrackerStatus = "queued"

    /// Every status a v1.1.x cluster can send, in the order of Go's bit values.
    public static let known: [TrackerStatus] = [
        .undefined, .clusterError, .pinError, .unpinError, .pinned, .pinning, .unpinning,
        .unpinned, .remote, .pinQueued, .unpinQueued, .sharded, .unexpectedlyUnpinned,
    ]

    /// Names accepted in a `filter=` list (ctl rejects anything else locally).
    public static let filterNames: Set<String> = Set(known.map(\.rawValue) + ["error", "queued"])

    public var isKnown: Bool { TrackerStatus.known.contains(self) }
    /// The error states (what the `error` filter selects).
    public var isError: Bool { self == .clusterError || self == .pinError || self == .unpinError }
    /// As ctl prints it: the wire string upper-cased.
    public var ctlName: String { rawValue.uppercased() }
    public var description: String { rawValue }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// `Pin.type`. Unknown values are kept (see `TrackerStatus` for why).
public struct PinType: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public static let pin: PinType = "pin"
    public static let metaPin: PinType = "meta-pin"
    public static let clusterDAGPin: PinType = "clusterdag-pin"
    public static let shardPin: PinType = "shard-pin"
    public static let badType: PinType = "bad-type"
    /// Filter only (`/allocations?filter=all`).
    public static let all: PinType = "all"

    public static let filterNames: Set<String> = ["pin", "meta-pin", "clusterdag-pin", "shard-pin", "all"]

    public var description: String { rawValue }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// `mode` of a pin. Unknown values are kept (see `TrackerStatus` for why).
public struct PinMode: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public static let recursive: PinMode = "recursive"
    public static let direct: PinMode = "direct"

    public var description: String { rawValue }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
