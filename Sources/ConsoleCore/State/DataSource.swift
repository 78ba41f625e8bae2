import Foundation

/// One thing the console polls. Each has its own cadence, deadline and freshness, so a slow
/// `/peers` (15 s while a peer is frozen) never delays the cheap metric calls.
public enum DataSource: String, CaseIterable, Sendable, Hashable, Comparable {
    case id
    case peers
    case ping
    case freespace
    case pinqueue
    case alerts
    /// `GET /pins?filter=error,queued,pinning`: the cheap live view of what is not settled.
    case activePins = "pins"
    /// `GET /allocations`: every pin's options and allocations, streamed from the state.
    case allocations
    /// Full global `GET /pins`: only on explicit request.
    case fullPins = "full pins"
    /// `GET /pins?cids=...` for pins just acted on, until they settle.
    case watched

    /// Short label for the header's age list.
    public var label: String { rawValue }

    /// Whether the scheduler polls it on its own (full `/pins` is on demand only).
    public var isPolled: Bool { self != .fullPins && self != .watched }

    /// Whether each peer answers it with its own view (`/id`, its metrics, its alerts): what
    /// direct polling asks every peer's own address for.
    public var isPerPeer: Bool { DirectPeers.sources.contains(self) }

    /// Whether the response is a pin stream fed into the pin table.
    public var isPinStream: Bool { self == .activePins || self == .allocations || self == .fullPins || self == .watched }

    /// Seconds between polls, from the `--refresh` value for cheap calls. For `/allocations`
    /// this is only the floor: ``FullStreamSchedule`` pushes it back by what the last full
    /// stream cost.
    public func interval(refresh: Double) -> Double {
        switch self {
        case .allocations: refresh * 15
        case .fullPins: .infinity
        default: refresh
        }
    }

    /// Seconds a call may take before it is abandoned (for pin streams: seconds without any
    /// bytes). `/peers` waits 15 s for an unreachable peer on the server side, so it gets more;
    /// a global `/pins` sends nothing until every peer answered, so it gets the most.
    public var deadline: Double {
        switch self {
        case .peers: 25
        case .allocations, .activePins, .watched: 60
        case .fullPins: 600
        default: 10
        }
    }

    public static func < (a: DataSource, b: DataSource) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// When a source last answered, failed, or was asked.
///
/// Why keep both success and error: on failure the last good data stays on screen, marked
/// stale with its age; the header shows "peers 14 s ago (error: ...)".
public struct SourceFreshness: Codable, Sendable, Equatable {
    public var lastSuccess: Date?
    public var lastError: String?
    public var lastErrorAt: Date?
    public var inFlightSince: Date?
    /// Bumped at each start; answers from an older call are ignored.
    public var generation: Int = 0
    public var lastStart: Date?
    /// Items received by a stream in flight (progress of a full refresh).
    public var itemsReceived: Int = 0
    /// Last time a stream in flight delivered bytes: streams get an idle deadline, not an
    /// overall one (a million-pin `/pins` may take minutes and is fine while it moves).
    public var lastProgress: Date?
    /// Body bytes received by a stream in flight.
    public var bytesReceived: Int64 = 0
    /// What the last finished call (answered, failed or cancelled) cost.
    public var lastCost: SourceCost?

    public init() {}

    public var inFlight: Bool { inFlightSince != nil }

    /// Seconds since the last success.
    public func age(now: Date) -> Double? { lastSuccess.map { max(0, now.timeIntervalSince($0)) } }

    /// The last attempt failed (data shown is older than the last try).
    public var isStale: Bool {
        guard let e = lastErrorAt else { return false }
        guard let s = lastSuccess else { return true }
        return e > s
    }
}
