/// A wire time as Unix nanoseconds in 8 bytes: entries carry nanosecond timestamps and a
/// `Date` per entry would cost more and lose the exact digits. Go's zero time
/// (`0001-01-01T00:00:00Z`, "unset") is outside Int64 nanoseconds and maps to ``unset``.
public struct PinTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64
    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static let unset = PinTime(nanoseconds: .min)
    public var isUnset: Bool { nanoseconds == .min }

    public static func < (a: PinTime, b: PinTime) -> Bool { a.nanoseconds < b.nanoseconds }

    /// RFC 3339 in UTC with the fractional digits needed (Go's `RFC3339Nano` style).
    public var description: String {
        if isUnset { return "0001-01-01T00:00:00Z" }
        var secs = nanoseconds / 1_000_000_000
        var frac = nanoseconds % 1_000_000_000
        if frac < 0 { frac += 1_000_000_000; secs -= 1 }
        var days = secs / 86400
        var rem = secs % 86400
        if rem < 0 { rem += 86400; days -= 1 }
        let (y, m, d) = PinTime.civil(fromDays: days)
        func pad(_ v: Int64, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        var out = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rem / 3600, 2)):\(pad(rem / 60 % 60, 2)):\(pad(rem % 60, 2))"
        if frac != 0 {
            var f = pad(frac, 9)
            while f.hasSuffix("0") { f.removeLast() }
            out += "." + f
        }
        return out + "Z"
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    @inlinable static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Parses RFC 3339 with 0-9 (or more, truncated) fractional digits and any offset.
    /// Returns nil when the text is not such a time. Years outside 1678...2261 (beyond Int64
    /// nanoseconds) become ``unset``, which is what Go's zero time means anyway.
    @inlinable
    public static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> PinTime? {
        if n < 20 { return nil }
        @inline(__always) func dig(_ i: Int) -> Int64? {
            let c = p[i] &- 48
            return c < 10 ? Int64(c) : nil
        }
        @inline(__always) func num(_ i: Int, _ w: Int) -> Int64? {
            var v: Int64 = 0
            for k in 0..<w {
                guard let d = dig(i + k) else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard let year = num(0, 4), p[4] == 45, let month = num(5, 2), p[7] == 45, let day = num(8, 2),
              p[10] == 84 || p[10] == 116 || p[10] == 32,
              let hour = num(11, 2), p[13] == 58, let minute = num(14, 2), p[16] == 58, let second = num(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= 31, hour < 24, minute < 60, second < 61 else { return nil }
        var i = 19
        var frac: Int64 = 0
        if p[i] == 46 {
            i += 1
            var digits = 0
            while i < n, let d = dig(i) {
                if digits < 9 { frac = frac * 10 + d }
                digits += 1
                i += 1
            }
            if digits == 0 { return nil }
            while digits < 9 { frac *= 10; digits += 1 }
        }
        guard i < n else { return nil }
        var offset: Int64 = 0
        switch p[i] {
        case 90, 122: // Z z
            i += 1
        case 43, 45: // + -
            guard i + 6 == n, let oh = num(i + 1, 2), p[i + 3] == 58, let om = num(i + 4, 2), oh < 24, om < 60
            else { return nil }
            offset = (oh * 3600 + om * 60) * (p[i] == 45 ? -1 : 1)
            i += 6
        default:
            return nil
        }
        guard i == n else { return nil }
        if year < 1678 || year > 2261 { return .unset }
        let secs = days(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + second - offset
        return PinTime(nanoseconds: secs * 1_000_000_000 + frac)
    }

    public static func parse(_ s: String) -> PinTime? {
        var s = s
        return s.withUTF8 { u in u.count == 0 ? nil : parse(u.baseAddress!, u.count) }
    }
}
