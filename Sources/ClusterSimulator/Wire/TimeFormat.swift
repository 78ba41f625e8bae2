#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Time renderings used on the wire, in logs and in the ECS exports.
///
/// Why not `DateFormatter`: it is not `Sendable`, slow in hot loops, and none of its styles match
/// Go's RFC 3339 with trimmed nanoseconds or botocore's `isoformat()` exactly.
enum TimeFormat {
    struct Parts { var year, month, day, hour, minute, second: Int; var nanos: Int; var weekday: Int }

    static func parts(_ unix: Double) -> Parts {
        let whole = unix.rounded(.down)
        var nanos = Int(((unix - whole) * 1e9).rounded())
        var t = time_t(whole)
        if nanos >= 1_000_000_000 { nanos -= 1_000_000_000; t += 1 }
        var tmv = tm()
        gmtime_r(&t, &tmv)
        return Parts(year: Int(tmv.tm_year) + 1900, month: Int(tmv.tm_mon) + 1, day: Int(tmv.tm_mday),
                     hour: Int(tmv.tm_hour), minute: Int(tmv.tm_min), second: Int(tmv.tm_sec), nanos: nanos,
                     weekday: Int(tmv.tm_wday))
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static func dateTime(_ p: Parts) -> String {
        "\(pad(p.year, 4))-\(pad(p.month, 2))-\(pad(p.day, 2))T\(pad(p.hour, 2)):\(pad(p.minute, 2)):\(pad(p.second, 2))"
    }

    /// Go's `time.RFC3339Nano` in UTC: fraction with trailing zeros trimmed, none when whole.
    static func rfc3339Nano(_ unix: Double) -> String {
        let p = parts(unix)
        var s = dateTime(p)
        if p.nanos != 0 {
            var frac = pad(p.nanos, 9)
            while frac.hasSuffix("0") { frac.removeLast() }
            s += "." + frac
        }
        return s + "Z"
    }

    /// Whole-second RFC 3339, as times read back from the shared state look.
    static func rfc3339Seconds(_ unix: Double) -> String { rfc3339Nano(unix.rounded(.down)) }

    /// go-log's `2006-01-02T15:04:05.000Z0700` in UTC.
    static func goLog(_ unix: Double) -> String {
        let p = parts(unix)
        return dateTime(p) + "." + pad(p.nanos / 1_000_000, 3) + "Z"
    }

    /// AWS CLI v2 timestamps: `isoformat()` with microseconds, fraction dropped when zero.
    static func awsISO(_ unix: Double) -> String {
        let p = parts(unix)
        let micros = p.nanos / 1000
        return dateTime(p) + (micros == 0 ? "" : "." + pad(micros, 6)) + "+00:00"
    }

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The HTTP `Date` header (RFC 7231 IMF-fixdate).
    static func httpDate(_ unix: Double) -> String {
        let p = parts(unix)
        return "\(days[p.weekday]), \(pad(p.day, 2)) \(months[p.month - 1]) \(pad(p.year, 4)) \(pad(p.hour, 2)):\(pad(p.minute, 2)):\(pad(p.second, 2)) GMT"
    }

    /// Apache Common Log Format time as gorilla's LoggingHandler writes it.
    static func commonLog(_ unix: Double) -> String {
        let p = parts(unix)
        return "\(pad(p.day, 2))/\(months[p.month - 1])/\(pad(p.year, 4)):\(pad(p.hour, 2)):\(pad(p.minute, 2)):\(pad(p.second, 2)) +0000"
    }

    /// Real wall-clock seconds since 1970.
    static func wallNow() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
