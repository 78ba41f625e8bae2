/// One byte per (pin, peer): the tracker status as the table stores it.
///
/// A byte rather than an enum with a String payload because a million pins on twenty peers
/// are twenty million of these. Values below 128 are the tracker statuses of the wire format
/// (cluster-api.md §2.2) plus `unknown` ("this peer has not reported on this pin");
/// values from 128 up are wire strings the table did not recognise, interned in
/// ``PinTable/otherStatusNames`` so that a newer server never breaks ingestion.
public struct PinStatus: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let unknown = PinStatus(rawValue: 0)
    public static let undefined = PinStatus(rawValue: 1)
    public static let clusterError = PinStatus(rawValue: 2)
    public static let pinError = PinStatus(rawValue: 3)
    public static let unpinError = PinStatus(rawValue: 4)
    public static let pinned = PinStatus(rawValue: 5)
    public static let pinning = PinStatus(rawValue: 6)
    public static let unpinning = PinStatus(rawValue: 7)
    public static let unpinned = PinStatus(rawValue: 8)
    public static let remote = PinStatus(rawValue: 9)
    public static let pinQueued = PinStatus(rawValue: 10)
    public static let unpinQueued = PinStatus(rawValue: 11)
    public static let sharded = PinStatus(rawValue: 12)
    public static let unexpectedlyUnpinned = PinStatus(rawValue: 13)
    /// First code used for unrecognised wire strings (`other`).
    public static let firstOther: UInt8 = 128

    /// Wire strings of the known codes, indexed by raw value (index 0 is our own "not reported").
    public static let wireNames: [String] = [
        "unknown", "undefined", "cluster_error", "pin_error", "unpin_error", "pinned", "pinning",
        "unpinning", "unpinned", "remote", "pin_queued", "unpin_queued", "sharded",
        "unexpectedly_unpinned",
    ]


    public var isOther: Bool { rawValue >= PinStatus.firstOther }
    public var isError: Bool { self == .clusterError || self == .pinError || self == .unpinError }

    /// The wire string for a known code; unrecognised codes need the table to be named.
    public var description: String {
        Int(rawValue) < PinStatus.wireNames.count ? PinStatus.wireNames[Int(rawValue)] : "other#\(rawValue - PinStatus.firstOther)"
    }

    /// How bad a status is, for a pin's "worst state": errors beat in-flight work beat done.
    /// Unrecognised strings rank just below errors: the operator should look at them.
    public var severity: UInt8 {
        if isOther { return 9 }
        return PinStatus.severities[Int(rawValue)]
    }
    static let severities: [UInt8] = [0, 8, 13, 12, 11, 2, 7, 5, 4, 1, 6, 6, 1, 10]

    public static func < (a: PinStatus, b: PinStatus) -> Bool { a.rawValue < b.rawValue }
}

/// A set of ``PinStatus`` codes as a bit mask (bit 63 stands for every `other` code), so that a
/// status chip or a `filter=` scope is tested with one AND per entry.
public struct PinStatusSet: Hashable, Sendable {
    public var bits: UInt64
    @inlinable public init(bits: UInt64) { self.bits = bits }
    public init(_ statuses: [PinStatus]) {
        var b: UInt64 = 0
        for s in statuses { b |= PinStatusSet.bit(s) }
        bits = b
    }
    @inlinable static func bit(_ s: PinStatus) -> UInt64 {
        s.rawValue >= PinStatus.firstOther ? (1 << 63) : (1 << UInt64(s.rawValue & 63))
    }
    @inlinable public func contains(_ s: PinStatus) -> Bool { bits & PinStatusSet.bit(s) != 0 }

    /// Every reported status (not `unknown`).
    public static let allReported = PinStatusSet(bits: ~UInt64(1))
    /// The `error` composite of `/pins?filter=`.
    public static let error = PinStatusSet([.clusterError, .pinError, .unpinError])
    /// The `queued` composite of `/pins?filter=`.
    public static let queued = PinStatusSet([.pinQueued, .unpinQueued])

    /// Parses a `/pins?filter=` value the way the server does (comma list, composites, spaces
    /// ignored, unknown names skipped); nil means "everything", as `undefined` or "" do there.
    public init?(filterValue: String) {
        var b: UInt64 = 0
        for raw in filterValue.replacingOccurrences(of: " ", with: "").split(separator: ",") {
            switch raw {
            case "error": b |= PinStatusSet.error.bits
            case "queued": b |= PinStatusSet.queued.bits
            case "undefined": return nil
            default:
                if let i = PinStatus.wireNames.firstIndex(of: String(raw)), i > 0 {
                    b |= PinStatusSet.bit(PinStatus(rawValue: UInt8(i)))
                }
            }
        }
        if b == 0 { return nil }
        bits = b
    }
}

/// The status chips of the pins screen. A pin matches a chip when at least one of its entries
/// (or the chosen peer's entry) is in the chip's set: the same per-peer rule the server applies
/// to `/pins?filter=`, so the console and `ipfs-cluster-ctl status --filter` agree.
public enum PinStatusChip: String, Sendable, CaseIterable {
    case all, error, queued, pinning, pinned, remote, unexpectedlyUnpinned

    public var statuses: PinStatusSet {
        switch self {
        case .all: return PinStatusSet(bits: ~0)
        case .error: return .error
        case .queued: return .queued
        case .pinning: return PinStatusSet([.pinning, .unpinning])
        case .pinned: return PinStatusSet([.pinned])
        case .remote: return PinStatusSet([.remote])
        case .unexpectedlyUnpinned: return PinStatusSet([.unexpectedlyUnpinned])
        }
    }
}
