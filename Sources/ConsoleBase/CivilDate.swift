import Foundation

/// Proleptic Gregorian calendar arithmetic on plain integers (Howard Hinnant's algorithms).
///
/// Why not `Calendar`: every time this console reads or writes is UTC or a fixed offset, the
/// callers are per-pin and per-log-line paths, and `Calendar` is slow, needs a time zone
/// database and is not usable in `@inlinable` code.
public enum CivilDate {
    /// Days since 1970-01-01 of `year-month-day` (month 1...12; the day is not range-checked).
    @inlinable
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The `(year, month, day)` of a day number since 1970-01-01; inverse of ``days(year:month:day:)``.
    public static func date(days z0: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// 28...31: parsers use it so that `2026-02-30` is rejected, as Go rejects it.
    @inlinable
    public static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A wall-clock reading split into fields: what formatters print.
///
/// Built from Unix seconds (plus an offset already added by the caller when the local time of a
/// fixed offset is wanted), never from the machine's time zone: reports are read across zones.
public struct CivilTime: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// 0..<1_000_000_000.
    public var nanosecond: Int
    /// 0 = Sunday ... 6 = Saturday (for HTTP dates).
    public var weekday: Int

    public init(unixSeconds: Int64, nanoseconds: Int32 = 0) {
        var days = unixSeconds / 86_400
        var rem = unixSeconds % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let (y, m, d) = CivilDate.date(days: days)
        year = Int(y)
        month = Int(m)
        day = Int(d)
        hour = Int(rem / 3600)
        minute = Int(rem / 60 % 60)
        second = Int(rem % 60)
        nanosecond = Int(nanoseconds)
        let wd = (days + 4) % 7 // 1970-01-01 was a Thursday
        weekday = Int(wd < 0 ? wd + 7 : wd)
    }

    /// The UTC reading of `date`, to the nearest nanosecond.
    public init(_ date: Date) {
        let (s, n) = RFC3339.split(date, unit: 1)
        self.init(unixSeconds: s, nanoseconds: n)
    }

    /// `2026-11-21 07:03:12`: ctl's `pin ls` style and the first half of report times.
    public var dateTimeText: String {
        var w = ASCIIWriter(capacity: 19)
        w.date(self, separator: UInt8(ascii: "-"))
        w.byte(UInt8(ascii: " "))
        w.time(self, separator: UInt8(ascii: ":"))
        return w.string
    }

    /// `20261121-070312`: sortable and safe in file names on every file system.
    public var compactText: String {
        var w = ASCIIWriter(capacity: 15)
        w.date(self, separator: nil)
        w.byte(UInt8(ascii: "-"))
        w.time(self, separator: nil)
        return w.string
    }
}
