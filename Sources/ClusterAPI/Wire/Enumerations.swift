/// A wire enumeration kept as its string. Why a struct over the raw string rather than a closed
/// enum: a newer cluster may send a value we do not know yet, and an operator console must show
/// it as-is instead of failing to decode the whole stream. Conformers get string-literal
/// construction, `description` and Codable (the standard library's RawRepresentable coding:
/// a single string) from here.
public protocol WireString: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible
where RawValue == String {
    init(rawValue: String)
}

extension WireString {
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public var description: String { rawValue }
}

/// A pin's per-peer tracker status (`status` in `peer_map` entries, and `/pins?filter=` values).
public struct TrackerStatus: WireString {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

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
}

/// `Pin.type`. Unknown values are kept (see `WireString` for why).
public struct PinType: WireString {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let pin: PinType = "pin"
    public static let metaPin: PinType = "meta-pin"
    public static let clusterDAGPin: PinType = "clusterdag-pin"
    public static let shardPin: PinType = "shard-pin"
    public static let badType: PinType = "bad-type"
    /// Filter only (`/allocations?filter=all`).
    public static let all: PinType = "all"

    public static let filterNames: Set<String> = ["pin", "meta-pin", "clusterdag-pin", "shard-pin", "all"]

}

/// `mode` of a pin. Unknown values are kept (see `WireString` for why).
public struct PinMode: WireString {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let recursive: PinMode = "recursive"
    public static let direct: PinMode = "direct"

}
