import ClusterAPI
import ConsoleCore
import Foundation

/// Small text formatters shared by the screens.
enum Format {
    /// `4 s`, `3 min`, `2 h`, `5 d`: compact ages for narrow columns.
    static func age(_ seconds: Double) -> String {
        let s = max(0, Int(seconds))
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min" }
        if s < 86400 { return "\(s / 3600) h" }
        return "\(s / 86400) d"
    }

    static func age(since date: Date?, now: Date) -> String {
        guard let date else { return "-" }
        return age(now.timeIntervalSince(date))
    }

    /// Wall-clock time of day (UTC), as operators correlate with logs.
    static func clock(_ date: Date) -> String {
        let f = DateFormatter()
        f.dateFormat = "HH:mm:ss"
        f.timeZone = TimeZone(identifier: "UTC")
        f.locale = Locale(identifier: "en_US_POSIX")
        return f.string(from: date)
    }

    static func bytes(_ v: UInt64?) -> String { v.map { GoHumanize.bytes($0) } ?? "-" }

    /// What the peers screen says about a peer's condition.
    static func condition(_ c: PeerCondition, now: Date) -> String {
        switch c {
        case .ok: "ok"
        case .error(let e): "error: \(e)"
        case .missing(let since): "missing since \(clock(since)) (\(age(now.timeIntervalSince(since))))"
        case .ipfsDown(let e): "ipfs down: \(e)"
        case .unknown: "not seen yet"
        }
    }

    /// A ping expiry as "in 24 s" / "expired 10 s ago".
    static func expiry(_ d: Date?, now: Date) -> String {
        guard let d else { return "-" }
        let dt = d.timeIntervalSince(now)
        return dt >= 0 ? "in \(age(dt))" : "expired \(age(-dt)) ago"
    }

    static func replication(_ min: Int, _ max: Int) -> String {
        if min == -1 && max == -1 { return "all" }
        return "\(min)/\(max)"
    }

    /// One glyph per (pin, peer) status: legible without colour.
    static func glyph(_ s: PinStatus) -> Character {
        switch s {
        case .pinned: "P"
        case .pinning, .unpinning: ">"
        case .pinQueued, .unpinQueued: "q"
        case .pinError, .unpinError: "E"
        case .clusterError: "!"
        case .remote: "-"
        case .unexpectedlyUnpinned: "U"
        case .unpinned: "u"
        case .sharded: "s"
        case .unknown: "·"
        default: "?"
        }
    }

    static func statusName(_ s: PinStatus) -> String { s == .unknown ? "not reported" : s.description }
}
