import Foundation

/// The two go-humanize functions ipfs-cluster-ctl uses, reproduced exactly so that our text
/// output reads like ctl's (`107 GB`, `24 seconds from now`, `3 minutes ago`).
public enum GoHumanize {
    /// `humanize.Bytes`: SI units (1000), one decimal below 10.
    public static func bytes(_ s: UInt64) -> String {
        let sizes = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
        if s < 10 { return "\(s) B" }
        let e = floor(log(Double(s)) / log(1000.0))
        let suffix = sizes[min(Int(e), sizes.count - 1)]
        let val = floor(Double(s) / pow(1000.0, e) * 10 + 0.5) / 10
        return String(format: val < 10 ? "%.1f" : "%.0f", val) + " " + suffix
    }

    /// `humanize.Time` (RelTime with "ago" / "from now").
    public static func relativeTime(_ then: Date, now: Date = Date()) -> String {
        var diff = now.timeIntervalSince(then)
        var label = "ago"
        if diff < 0 { diff = -diff; label = "from now" }
        let ns = Int64(min(diff * 1e9, Double(Int64.max)))
        let second: Int64 = 1_000_000_000
        let minute = 60 * second, hour = 60 * minute, day = 24 * hour, week = 7 * day
        let month = 30 * day, year = 12 * month, longTime = 37 * year
        // (upper bound, format, divisor)
        let magnitudes: [(Int64, String, Int64)] = [
            (second, "now", 1),
            (2 * second, "1 second %s", 1),
            (minute, "%d seconds %s", second),
            (2 * minute, "1 minute %s", 1),
            (hour, "%d minutes %s", minute),
            (2 * hour, "1 hour %s", 1),
            (day, "%d hours %s", hour),
            (2 * day, "1 day %s", 1),
            (week, "%d days %s", day),
            (2 * week, "1 week %s", 1),
            (month, "%d weeks %s", week),
            (2 * month, "1 month %s", 1),
            (year, "%d months %s", month),
            (18 * month, "1 year %s", 1),
            (2 * year, "2 years %s", 1),
            (longTime, "%d years %s", year),
            (Int64.max, "a long while %s", 1),
        ]
        let mag = magnitudes.first { $0.0 > ns } ?? magnitudes[magnitudes.count - 1]
        return mag.1.replacingOccurrences(of: "%d", with: String(ns / mag.2)).replacingOccurrences(of: "%s", with: label)
    }
}
