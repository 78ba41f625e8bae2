import ConsoleBase

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
        if isUnset { return RFC3339.goZeroText }
        var secs = nanoseconds / 1_000_000_000
        var frac = nanoseconds % 1_000_000_000
        if frac < 0 { frac += 1_000_000_000; secs -= 1 }
        return RFC3339.format(seconds: secs, nanoseconds: Int32(frac))
    }

    /// Seconds of 1678-01-01 and 2262-01-01: whole years inside Int64 nanoseconds.
    @inlinable static var firstSecond: Int64 { -9_214_560_000 }
    @inlinable static var endSecond: Int64 { 9_214_646_400 }

    /// Parses RFC 3339 with any number of fractional digits (truncated to nanoseconds) and any
    /// offset, with ConsoleBase's parser. Returns nil when the text is not such a time. Years
    /// outside 1678...2261 (beyond Int64 nanoseconds) become ``unset``, which is what Go's zero
    /// time means anyway.
    @inlinable
    public static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> PinTime? {
        guard let t = RFC3339.parse(p, count: n) else { return nil }
        if t.seconds < firstSecond || t.seconds >= endSecond { return .unset }
        return PinTime(nanoseconds: t.seconds * 1_000_000_000 + Int64(t.nanoseconds))
    }

    public static func parse(_ s: String) -> PinTime? {
        var s = s
        return s.withUTF8 { u in u.count == 0 ? nil : parse(u.baseAddress!, u.count) }
    }
}
