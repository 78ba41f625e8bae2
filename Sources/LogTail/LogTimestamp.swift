import Foundation

/// Fast timestamp recognition for the layouts found at the start of log lines.
///
/// Hand-written rather than `DateFormatter`/`ISO8601DateFormatter` because it runs on every line of
/// a 50,000 lines/s flood, must try several layouts cheaply, and must report how many bytes it
/// consumed so the caller can see what follows (TAB for go-log, space for an envelope).
public enum LogTimestamp {
    /// A parsed prefix: the instant, the bytes consumed, and facts callers use to tell layouts apart.
    public struct Match: Sendable, Equatable {
        public var date: Date
        public var length: Int
        public var fractionDigits: Int
        public var hasZone: Bool
    }

    /// ISO 8601 / RFC 3339 at the start: `YYYY-MM-DD(T| )HH:MM:SS[.f{1,9}][Z|±HH[:]MM]`.
    /// Without a zone the time is taken as UTC (containers run in UTC; `aws logs tail --format
    /// short` prints UTC without a zone).
    public static func parseISO(_ p: UnsafeBufferPointer<UInt8>) -> Match? {
        parse(p, dateSep: UInt8(ascii: "-"), allowT: true)
    }

    /// Go's standard logger prefix: `YYYY/MM/DD HH:MM:SS[.ffffff]`, assumed UTC.
    public static func parseGoStd(_ p: UnsafeBufferPointer<UInt8>) -> Match? {
        parse(p, dateSep: UInt8(ascii: "/"), allowT: false)
    }

    public static func parseISO(_ s: Substring) -> Match? {
        var copy = String(s)
        return copy.withUTF8 { parseISO($0) }
    }

    private static func parse(_ p: UnsafeBufferPointer<UInt8>, dateSep: UInt8, allowT: Bool) -> Match? {
        guard p.count >= 19 else { return nil }
        func digits(_ at: Int, _ n: Int) -> Int? {
            var v = 0
            for k in at..<(at + n) {
                let d = p[k] &- 0x30
                if d > 9 { return nil }
                v = v * 10 + Int(d)
            }
            return v
        }
        guard let year = digits(0, 4), p[4] == dateSep, let month = digits(5, 2), p[7] == dateSep,
              let day = digits(8, 2) else { return nil }
        let sep = p[10]
        guard sep == UInt8(ascii: " ") || (allowT && (sep == UInt8(ascii: "T") || sep == UInt8(ascii: "t"))) else {
            return nil
        }
        guard let hour = digits(11, 2), p[13] == UInt8(ascii: ":"), let minute = digits(14, 2),
              p[16] == UInt8(ascii: ":"), let second = digits(17, 2) else { return nil }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else {
            return nil
        }
        var i = 19
        var fraction = 0.0
        var fractionDigits = 0
        if i < p.count, p[i] == UInt8(ascii: ".") || p[i] == UInt8(ascii: ",") {
            var j = i + 1
            var scale = 0.1
            while j < p.count, fractionDigits < 9 {
                let d = p[j] &- 0x30
                if d > 9 { break }
                fraction += Double(d) * scale
                scale /= 10
                fractionDigits += 1
                j += 1
            }
            if fractionDigits > 0 { i = j }
        }
        var offsetSeconds = 0
        var hasZone = false
        if allowT, i < p.count {
            let z = p[i]
            if z == UInt8(ascii: "Z") || z == UInt8(ascii: "z") {
                hasZone = true
                i += 1
            } else if (z == UInt8(ascii: "+") || z == UInt8(ascii: "-")), i + 3 <= p.count, let hh = digits(i + 1, 2) {
                var j = i + 3
                if j < p.count, p[j] == UInt8(ascii: ":") { j += 1 }
                if j + 2 <= p.count, let mm = digits(j, 2) {
                    offsetSeconds = (hh * 3600 + mm * 60) * (z == UInt8(ascii: "-") ? -1 : 1)
                    hasZone = true
                    i = j + 2
                }
            }
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds) + fraction
        return Match(date: Date(timeIntervalSince1970: seconds), length: i,
                     fractionDigits: fractionDigits, hasZone: hasZone)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// `2026-11-21T05:11:26.191Z`: the layout used when saving lines, UTC with milliseconds.
    public static func format(_ date: Date) -> String {
        let total = date.timeIntervalSince1970
        var secs = Int(total.rounded(.down))
        var ms = Int(((total - Double(secs)) * 1000).rounded())
        if ms == 1000 { secs += 1; ms = 0 }
        var days = secs / 86_400
        var rem = secs % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let (y, m, d) = civilFromDays(days)
        func p2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let msText = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return "\(y)-\(p2(m))-\(p2(d))T\(p2(rem / 3600)):\(p2(rem % 3600 / 60)):\(p2(rem % 60)).\(msText)Z"
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
