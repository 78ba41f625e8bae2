import Foundation

extension RFC3339 {
    /// How many fractional digits to write.
    public enum Fraction: Sendable {
        /// Whole seconds.
        case none
        /// Exactly 3 digits: go-log lines, saved log lines, the audit journal.
        case milliseconds
        /// Exactly 6 digits.
        case microseconds
        /// 6 digits, or none on a whole second: Python's `isoformat()`, i.e. AWS CLI v2 exports.
        case microsecondsUnlessZero
        /// 0-9 digits with trailing zeros trimmed: Go's `time.RFC3339Nano`, what IPFS Cluster sends.
        case trimmed
    }

    /// How to write the zone.
    public enum Zone: Sendable {
        /// `Z` for UTC, `±HH:MM` otherwise (Go).
        case z
        /// Always `±HH:MM`, `+00:00` for UTC (Python, AWS CLI v2).
        case numeric
    }

    /// Formats an exact instant; extra precision is truncated, as Go's formatter does.
    /// - Parameter offsetSeconds: the offset to write; the fields are shown in that offset.
    public static func format(seconds: Int64, nanoseconds: Int32 = 0, offsetSeconds: Int32 = 0,
                              fraction: Fraction = .trimmed, zone: Zone = .z) -> String {
        let c = CivilTime(unixSeconds: seconds &+ Int64(offsetSeconds), nanoseconds: nanoseconds)
        var w = ASCIIWriter(capacity: 36)
        w.date(c, separator: UInt8(ascii: "-"))
        w.byte(UInt8(ascii: "T"))
        w.time(c, separator: UInt8(ascii: ":"))
        let ns = Int(nanoseconds)
        switch fraction {
        case .none: break
        case .milliseconds: w.fraction(ns / 1_000_000, digits: 3)
        case .microseconds: w.fraction(ns / 1000, digits: 6)
        case .microsecondsUnlessZero: if ns / 1000 != 0 { w.fraction(ns / 1000, digits: 6) }
        case .trimmed:
            if ns != 0 {
                var v = ns, digits = 9
                while v % 10 == 0 { v /= 10; digits -= 1 }
                w.fraction(v, digits: digits)
            }
        }
        if offsetSeconds == 0, zone == .z {
            w.byte(UInt8(ascii: "Z"))
        } else {
            let a = Int(offsetSeconds.magnitude)
            w.byte(offsetSeconds < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            w.number(a / 3600, width: 2)
            w.byte(UInt8(ascii: ":"))
            w.number(a / 60 % 60, width: 2)
        }
        return w.string
    }

    /// Formats a `Date` in UTC.
    ///
    /// A `Date` is a binary double (`…59.2` may be stored as `…59.199999762`), so it is rounded to
    /// the nearest unit of the digits shown rather than truncated; whole seconds are truncated.
    public static func format(_ date: Date, fraction: Fraction = .trimmed, zone: Zone = .z) -> String {
        let unit: Int32
        switch fraction {
        case .none, .trimmed: unit = 1
        case .milliseconds: unit = 1_000_000
        case .microseconds, .microsecondsUnlessZero: unit = 1000
        }
        let (s, n) = split(date, unit: unit)
        return format(seconds: s, nanoseconds: n, fraction: fraction, zone: zone)
    }

    /// Whole seconds and nanoseconds of `date` (to the nearest nanosecond), for types that keep
    /// an exact instant in integers.
    public static func instant(_ date: Date) -> (seconds: Int64, nanoseconds: Int32) { split(date, unit: 1) }

    /// Seconds and nanoseconds of `date`, the fraction rounded to a multiple of `unit` nanoseconds.
    /// Dates beyond ±10^14 s (far outside any calendar use) are clamped instead of trapping.
    static func split(_ date: Date, unit: Int32) -> (Int64, Int32) {
        var t = date.timeIntervalSince1970
        if !t.isFinite { t = 0 }
        t = min(max(t, -1e14), 1e14)
        var s = Int64(t.rounded(.down))
        let u = Double(unit)
        var n = Int64(((t - Double(s)) * 1e9 / u).rounded()) * Int64(unit)
        if n >= 1_000_000_000 { s += 1; n -= 1_000_000_000 }
        return (s, Int32(n))
    }
}

extension ASCIIWriter {
    /// `.ddd`: a separator and `value` zero-padded to `digits`.
    mutating func fraction(_ value: Int, digits: Int) {
        byte(UInt8(ascii: "."))
        number(value, width: digits)
    }
}
