import ConsoleBase
import Foundation

/// A moment in a recording as an operator types it (`--from`, `--at`): an RFC 3339 time
/// (`2026-12-03T13:05:00Z`), a time of day in UTC on the recording's first day (`13:05`,
/// `13:05:30`), or an offset from its start (`+90`, `+90s`, `+5m`, `+1h`).
public enum RecordingTime {
    public static func parse(_ text: String, start: Date) -> Date? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("+") {
            var body = t.dropFirst()
            var unit: Double = 1
            switch body.last {
            case "s": body = body.dropLast()
            case "m": unit = 60; body = body.dropLast()
            case "h": unit = 3600; body = body.dropLast()
            default: break
            }
            guard let n = Double(body), n >= 0, n.isFinite else { return nil }
            return start.addingTimeInterval(n * unit)
        }
        if let d = RFC3339.date(t) { return d }
        let parts = t.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m) else {
            return nil
        }
        let s = parts.count == 3 ? Double(parts[2]) : 0
        guard let s, (0..<61).contains(s) else { return nil }
        let day = floor(start.timeIntervalSince1970 / 86_400) * 86_400
        return Date(timeIntervalSince1970: day + Double(h * 3600 + m * 60) + s)
    }
}
