import ConsoleBase
import Foundation

/// A timestamp as IPFS Cluster serialises it (RFC 3339, 0-9 fractional digits, any offset).
///
/// Why not `Date`: Go writes nanoseconds and the server's own offset, ctl prints both back
/// verbatim, and `Date` would lose the offset and round the nanoseconds. We keep the exact
/// text for output and the parsed instant for sorting and ages. Go's zero time
/// (`0001-01-01T00:00:00Z`) means "unset" (`expire_at`, `created`): `isUnset` is true then.
public struct ClusterTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The text exactly as received (or as produced by `init(date:)`).
    public let rfc3339: String
    /// Whole seconds since the Unix epoch (UTC).
    public let unixSeconds: Int64
    /// Fractional part, 0..<1_000_000_000.
    public let nanoseconds: Int32
    /// The offset from UTC that was written, in seconds (0 for `Z`).
    public let offsetSeconds: Int32

    /// Go's zero `time.Time`, which the API uses for "not set".
    public static let goZero = try! ClusterTime(parsing: "0001-01-01T00:00:00Z")

    public init(parsing text: String) throws {
        guard let parsed = RFC3339.parse(text) else {
            throw ClusterTimeError(text: text)
        }
        self.init(text, parsed)
    }

    private init(_ text: String, _ parsed: RFC3339.Parsed) {
        self.rfc3339 = text
        self.unixSeconds = parsed.seconds
        self.nanoseconds = parsed.nanoseconds
        self.offsetSeconds = parsed.offsetSeconds
    }

    /// Builds a UTC timestamp (used by tests and by callers that need "now").
    public init(date: Date) {
        (unixSeconds, nanoseconds) = RFC3339.instant(date)
        offsetSeconds = 0
        rfc3339 = RFC3339.format(seconds: unixSeconds, nanoseconds: nanoseconds)
    }

    /// True for Go's zero time, i.e. the field is unset.
    public var isUnset: Bool { unixSeconds == RFC3339.goZeroSeconds && nanoseconds == 0 }

    /// The instant, or nil when unset. Nanosecond precision is reduced to `Date`'s.
    public var date: Date? {
        isUnset ? nil : Date(timeIntervalSince1970: Double(unixSeconds) + Double(nanoseconds) / 1e9)
    }

    /// `YYYY-MM-DD HH:MM:SS` in the offset the server wrote, as ctl's `pin ls` prints it.
    public var ctlDateTime: String { CivilTime(unixSeconds: unixSeconds + Int64(offsetSeconds)).dateTimeText }

    public var description: String { rfc3339 }

    public static func < (a: ClusterTime, b: ClusterTime) -> Bool {
        (a.unixSeconds, a.nanoseconds) < (b.unixSeconds, b.nanoseconds)
    }

    public static func == (a: ClusterTime, b: ClusterTime) -> Bool {
        a.unixSeconds == b.unixSeconds && a.nanoseconds == b.nanoseconds
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(unixSeconds)
        hasher.combine(nanoseconds)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let parsed = RFC3339.parse(text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an RFC 3339 time: \(text.prefix(64))")
        }
        self.init(text, parsed)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rfc3339)
    }
}

/// Thrown by `ClusterTime(parsing:)`; carries the offending text.
public struct ClusterTimeError: Error, CustomStringConvertible, Sendable {
    public let text: String
    public var description: String { "not an RFC 3339 time: \"\(text.prefix(64))\"" }
}
