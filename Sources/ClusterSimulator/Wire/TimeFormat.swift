#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ConsoleBase
import Foundation

/// Time renderings used on the wire, in logs and in the ECS exports, on ConsoleBase's formatter
/// so that the simulator writes exactly what the console's parsers read.
enum TimeFormat {
    private static func date(_ unix: Double) -> Date { Date(timeIntervalSince1970: unix) }

    /// Go's `time.RFC3339Nano` in UTC: fraction with trailing zeros trimmed, none when whole.
    static func rfc3339Nano(_ unix: Double) -> String { RFC3339.format(date(unix)) }

    /// Whole-second RFC 3339, as times read back from the shared state look.
    static func rfc3339Seconds(_ unix: Double) -> String { RFC3339.format(date(unix), fraction: .none) }

    /// go-log's `2006-01-02T15:04:05.000Z0700` in UTC.
    static func goLog(_ unix: Double) -> String { RFC3339.format(date(unix), fraction: .milliseconds) }

    /// AWS CLI v2 timestamps: `isoformat()` with microseconds, fraction dropped when zero.
    static func awsISO(_ unix: Double) -> String {
        RFC3339.format(date(unix), fraction: .microsecondsUnlessZero, zone: .numeric)
    }

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// `HH:MM:SS` of `c`.
    private static func clock(_ c: CivilTime) -> String { "\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))" }

    /// The HTTP `Date` header (RFC 7231 IMF-fixdate).
    static func httpDate(_ unix: Double) -> String {
        let c = CivilTime(date(unix))
        return "\(days[c.weekday]), \(pad(c.day, 2)) \(months[c.month - 1]) \(pad(c.year, 4)) \(clock(c)) GMT"
    }

    /// Apache Common Log Format time as gorilla's LoggingHandler writes it.
    static func commonLog(_ unix: Double) -> String {
        let c = CivilTime(date(unix))
        return "\(pad(c.day, 2))/\(months[c.month - 1])/\(pad(c.year, 4)):\(clock(c)) +0000"
    }

    /// Real wall-clock seconds since 1970.
    static func wallNow() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
