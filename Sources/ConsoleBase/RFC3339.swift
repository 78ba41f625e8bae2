import Foundation

/// The one RFC 3339 / ISO 8601 reader and writer of the console.
///
/// Why hand-written: Go writes 0-9 fractional digits and the server's own offset, Foundation's
/// `ISO8601DateFormatter` rejects some of those and is neither `Sendable` nor fast, and the pin
/// decoder and the log follower parse a time per pin and per line. The parser works on UTF-8
/// bytes, allocates nothing and returns nil (never traps) for anything malformed.
public enum RFC3339 {
    /// A parsed time: the instant in integers, the offset that was written, and how the text looked.
    public struct Parsed: Sendable, Hashable {
        /// Whole seconds since 1970-01-01T00:00:00Z.
        public var seconds: Int64
        /// 0..<1_000_000_000; digits past the ninth are dropped, as Go does.
        public var nanoseconds: Int32
        /// The offset from UTC that was written (0 for `Z` or when there was none).
        public var offsetSeconds: Int32
        /// Bytes consumed from the start of the input.
        public var length: Int
        /// Fractional digits as written (may exceed 9).
        public var fractionDigits: Int
        /// False when no zone was written (lenient and prefix forms only); the time is then UTC.
        public var hasZone: Bool

        @inlinable
        public init(seconds: Int64, nanoseconds: Int32, offsetSeconds: Int32, length: Int, fractionDigits: Int,
                    hasZone: Bool) {
            self.seconds = seconds
            self.nanoseconds = nanoseconds
            self.offsetSeconds = offsetSeconds
            self.length = length
            self.fractionDigits = fractionDigits
            self.hasZone = hasZone
        }

        /// The instant as a `Date` (nanoseconds reduced to `Date`'s precision).
        public var date: Date { Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1e9) }

        /// True for Go's zero `time.Time` (`0001-01-01T00:00:00Z`), which the cluster API uses for "unset".
        public var isGoZero: Bool { seconds == RFC3339.goZeroSeconds && nanoseconds == 0 }
    }

    /// Unix seconds of Go's zero time, `0001-01-01T00:00:00Z`.
    public static let goZeroSeconds: Int64 = -62_135_596_800
    /// Go's zero time as the API writes it.
    public static let goZeroText = "0001-01-01T00:00:00Z"

    /// What a whole text must look like.
    public enum Strictness: Sendable {
        /// RFC 3339 as IPFS Cluster (Go) writes it: a zone is required, offsets are `±HH:MM`.
        case rfc3339
        /// ISO 8601 as AWS exports and other tools write it: the zone may be missing (read as UTC)
        /// and offsets may be `±HHMM`.
        case iso8601
    }

    /// Layouts found at the start of log lines.
    public enum PrefixLayout: Sendable {
        /// `YYYY-MM-DD(T| )HH:MM:SS[.f][Z|±HH[:]MM]`; no zone means UTC.
        case iso8601
        /// Go's standard logger: `YYYY/MM/DD HH:MM:SS[.f]`, no zone, UTC.
        case goStandardLog
    }

    /// Parses the whole text; nil when it is not such a time.
    public static func parse(_ text: String, _ strictness: Strictness = .rfc3339) -> Parsed? {
        var text = text
        return text.withUTF8 { parse($0, strictness) }
    }

    /// Parses the whole buffer; nil when it is not such a time.
    @inlinable
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ strictness: Strictness = .rfc3339) -> Parsed? {
        guard let base = bytes.baseAddress else { return nil }
        return parse(base, count: bytes.count, strictness)
    }

    /// Parses `count` bytes at `p` (the pin decoder's form: no buffer to build per value).
    @inlinable @inline(__always)
    public static func parse(_ p: UnsafePointer<UInt8>, count n: Int, _ strictness: Strictness = .rfc3339) -> Parsed? {
        let zone: ZoneRule = strictness == .rfc3339 ? .required : .optional
        guard let r = scan(p, n, dateSeparator: 0x2D, allowT: true, zone: zone), r.length == n else { return nil }
        return r
    }

    /// Parses a time at the start of `bytes` and reports how far it went (see ``Parsed/length``);
    /// a fraction separator without digits, or a partial offset, is left unconsumed.
    @inlinable
    public static func parsePrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ layout: PrefixLayout = .iso8601) -> Parsed? {
        guard let base = bytes.baseAddress else { return nil }
        switch layout {
        case .iso8601: return scan(base, bytes.count, dateSeparator: 0x2D, allowT: true, zone: .optional)
        case .goStandardLog: return scan(base, bytes.count, dateSeparator: 0x2F, allowT: false, zone: .absent)
        }
    }

    /// Parses the whole text as ``Strictness/iso8601`` and returns the instant.
    public static func date(_ text: String) -> Date? { parse(text, .iso8601)?.date }

    @usableFromInline
    enum ZoneRule { case required, optional, absent }

    /// The one scanner behind every entry point. Always inlined: its callers pass constant layouts
    /// and the per-pin and per-line paths then pay no call and no unused branch.
    @inlinable @inline(__always)
    static func scan(_ p: UnsafePointer<UInt8>, _ n: Int, dateSeparator: UInt8, allowT: Bool,
                     zone: ZoneRule) -> Parsed? {
        if n < 19 { return nil }
        @inline(__always) func num(_ at: Int, _ width: Int) -> Int64? {
            var v: Int64 = 0
            for k in at..<(at + width) {
                let d = p[k] &- 0x30
                if d > 9 { return nil }
                v = v &* 10 &+ Int64(d)
            }
            return v
        }
        let sep = p[10]
        guard let year = num(0, 4), p[4] == dateSeparator, let month = num(5, 2), p[7] == dateSeparator,
              let day = num(8, 2), sep == 0x20 || (allowT && (sep == 0x54 || sep == 0x74)),
              let hour = num(11, 2), p[13] == 0x3A, let minute = num(14, 2), p[16] == 0x3A,
              let second = num(17, 2)
        else { return nil }
        guard month >= 1, month <= 12, day >= 1, day <= CivilDate.daysInMonth(year: year, month: month),
              hour < 24, minute < 60, second <= 60
        else { return nil }
        var i = 19
        var nanos: Int64 = 0
        var fractionDigits = 0
        if i < n, p[i] == 0x2E || p[i] == 0x2C { // . ,
            var j = i + 1
            while j < n {
                let d = p[j] &- 0x30
                if d > 9 { break }
                if fractionDigits < 9 { nanos = nanos &* 10 &+ Int64(d) }
                fractionDigits &+= 1
                j &+= 1
            }
            if fractionDigits > 0 {
                var scale = fractionDigits
                while scale < 9 { nanos &*= 10; scale &+= 1 }
                i = j
            }
        }
        var offset: Int64 = 0
        var hasZone = false
        if zone != .absent, i < n {
            let z = p[i]
            if z == 0x5A || z == 0x7A { // Z z
                hasZone = true
                i += 1
            } else if z == 0x2B || z == 0x2D, i + 3 <= n, let oh = num(i + 1, 2) { // + -
                var j = i + 3
                let colon = j < n && p[j] == 0x3A
                if colon { j += 1 }
                if colon || zone == .optional, j + 2 <= n, let om = num(j, 2), oh < 24, om < 60 {
                    offset = (oh * 3600 + om * 60) * (z == 0x2D ? -1 : 1)
                    hasZone = true
                    i = j + 2
                }
            }
        }
        if zone == .required, !hasZone { return nil }
        // No overflow is possible: every field is bounded by its digit count.
        let local = CivilDate.days(year: year, month: month, day: day) &* 86_400 &+ hour &* 3600 &+ minute &* 60 &+ second
        return Parsed(seconds: local &- offset, nanoseconds: Int32(truncatingIfNeeded: nanos),
                      offsetSeconds: Int32(truncatingIfNeeded: offset), length: i, fractionDigits: fractionDigits,
                      hasZone: hasZone)
    }
}
