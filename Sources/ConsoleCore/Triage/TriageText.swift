import ClusterAPI
import Foundation

/// Wording helpers shared by the rules and the report writers, so every sentence says ages and
/// counts the same way ("3 min ago", "1,204 pins").
public enum TriageText {
    /// `45 s`, `3 min`, `2 h 5 min`, `3 d 4 h`. Negative spans (a clock ahead of ours) read as 0 s.
    public static func span(_ seconds: TimeInterval) -> String {
        let s = Int(max(0, seconds).rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min" }
        if s < 86_400 { return s % 3600 >= 60 ? "\(s / 3600) h \(s % 3600 / 60) min" : "\(s / 3600) h" }
        return "\(s / 86_400) d \(s % 86_400 / 3600) h"
    }

    /// `3 min ago` (or `in 20 s` for a future time such as a ping expiry).
    public static func ago(_ date: Date, now: Date) -> String {
        let d = now.timeIntervalSince(date)
        return d >= 0 ? "\(span(d)) ago" : "in \(span(-d))"
    }

    /// `1,204`: grouping fixed to commas so reports do not depend on the machine's locale.
    public static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// `1 pin` / `3 pins`.
    public static func plural(_ n: Int, _ word: String) -> String { "\(count(n)) \(word)\(n == 1 ? "" : "s")" }


    /// Bytes as ctl prints free space (`107 GB`); metric values arrive as doubles.
    public static func bytes(_ v: Double) -> String {
        GoHumanize.bytes(v >= 1.8e19 ? UInt64.max : v.isNaN ? 0 : UInt64(max(0, v)))
    }

    /// First line, cut to `limit` characters: evidence texts are one-liners.
    public static func oneLine(_ s: String, limit: Int = 200) -> String {
        let first = s.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return first.count > limit ? String(first.prefix(limit - 1)) + "…" : first
    }

    /// Exit code meaning as ecs-state.md §2 lists them.
    public static func exitMeaning(_ code: Int) -> String? {
        switch code {
        case 0: return "clean exit"
        case 1: return "application error"
        case 137: return "SIGKILL, often out of memory"
        case 139: return "segmentation fault"
        case 143: return "SIGTERM"
        default: return nil
        }
    }
}
