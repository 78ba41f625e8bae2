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
        self.rfc3339 = text
        self.unixSeconds = parsed.seconds
        self.nanoseconds = parsed.nanos
        self.offsetSeconds = parsed.offset
    }

    /// Builds a UTC timestamp (used by tests and by callers that need "now").
    public init(date: Date) {
        let interval = date.timeIntervalSince1970
        var secs = Int64(interval.rounded(.down))
        var nanos = Int32(((interval - Double(secs)) * 1e9).rounded())
        if nanos >= 1_000_000_000 { secs += 1; nanos -= 1_000_000_000 }
        self.unixSeconds = secs
        self.nanoseconds = nanos
        self.offsetSeconds = 0
        self.rfc3339 = RFC3339.format(seconds: secs, nanos: nanos, offset: 0)
    }

    /// True for Go's zero time, i.e. the field is unset.
    public var isUnset: Bool { unixSeconds == ClusterTime.goZeroSeconds && nanoseconds == 0 }

    /// The instant, or nil when unset. Nanosecond precision is reduced to `Date`'s.
    public var date: Date? {
        isUnset ? nil : Date(timeIntervalSince1970: Double(unixSeconds) + Double(nanoseconds) / 1e9)
    }

    /// `YYYY-MM-DD HH:MM:SS` in the offset the server wrote, as ctl's `pin ls` prints it.
    public var ctlDateTime: String {
        let local = unixSeconds + Int64(offsetSeconds)
        return RFC3339.civil(local).map { c in
            String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.y, c.m, c.d, c.hh, c.mm, c.ss)
        } ?? rfc3339
    }

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
        self.rfc3339 = text
        self.unixSeconds = parsed.seconds
        self.nanoseconds = parsed.nanos
        self.offsetSeconds = parsed.offset
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rfc3339)
    }

    static let goZeroSeconds: Int64 = -62_135_596_800
}

/// Thrown by `ClusterTime(parsing:)`; carries the offending text.
public struct ClusterTimeError: Error, CustomStringConvertible, Sendable {
    public let text: String
    public var description: String { "not an RFC 3339 time: \"\(text.prefix(64))\"" }
}

/// A small, allocation-free RFC 3339 parser. Foundation's ISO8601DateFormatter rejects
/// 9 fractional digits on some platforms, and Go emits up to 9.
enum RFC3339 {
    struct Parsed { var seconds: Int64; var nanos: Int32; var offset: Int32 }

    static func parse(_ text: String) -> Parsed? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> Parsed? {
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 0x30, c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += n
            return v
        }
        func expect(_ chars: UInt8...) -> Bool {
            guard i < b.count, chars.contains(b[i]) else { return false }
            i += 1
            return true
        }
        guard let y = digits(4), expect(0x2D), let mo = digits(2), expect(0x2D), let d = digits(2),
              expect(0x54, 0x74, 0x20), // T t space
              let hh = digits(2), expect(0x3A), let mm = digits(2), expect(0x3A), let ss = digits(2)
        else { return nil }
        guard (1...12).contains(mo), (1...31).contains(d), hh <= 23, mm <= 59, ss <= 60 else { return nil }
        var nanos = 0
        if i < b.count, b[i] == 0x2E || b[i] == 0x2C {
            i += 1
            var count = 0
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                if count < 9 { nanos = nanos * 10 + Int(b[i] - 0x30) }
                count += 1
                i += 1
            }
            guard count >= 1, count <= 9 else { return nil }
            for _ in count..<9 { nanos *= 10 }
        }
        var offset = 0
        guard i < b.count else { return nil }
        if b[i] == 0x5A || b[i] == 0x7A { // Z z
            i += 1
        } else if b[i] == 0x2B || b[i] == 0x2D {
            let sign = b[i] == 0x2D ? -1 : 1
            i += 1
            guard let oh = digits(2), expect(0x3A), let om = digits(2), oh <= 23, om <= 59 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(y, mo, d)
        let local = Int64(days) * 86_400 + Int64(hh * 3600 + mm * 60 + ss)
        return Parsed(seconds: local - Int64(offset), nanos: Int32(nanos), offset: Int32(offset))
    }

    /// Howard Hinnant's days_from_civil: days since 1970-01-01 in the proleptic Gregorian calendar.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    struct Civil { var y, m, d, hh, mm, ss: Int }

    static func civil(_ seconds: Int64) -> Civil? {
        var days = seconds / 86_400
        var rem = seconds % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        let r = Int(rem)
        return Civil(y: y, m: m, d: d, hh: r / 3600, mm: (r % 3600) / 60, ss: r % 60)
    }

    /// Go's RFC3339Nano layout: trailing zeros of the fraction trimmed, `Z` for UTC.
    static func format(seconds: Int64, nanos: Int32, offset: Int32) -> String {
        guard let c = civil(seconds + Int64(offset)) else { return "" }
        var s = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", c.y, c.m, c.d, c.hh, c.mm, c.ss)
        if nanos > 0 {
            var frac = String(format: "%09d", nanos)
            while frac.hasSuffix("0") { frac.removeLast() }
            s += "." + frac
        }
        if offset == 0 {
            s += "Z"
        } else {
            let a = abs(Int(offset))
            s += (offset < 0 ? "-" : "+") + String(format: "%02d:%02d", a / 3600, (a % 3600) / 60)
        }
        return s
    }
}
