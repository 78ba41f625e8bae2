import ClusterAPI
import ConsoleCore
import Foundation

/// Small text formatters shared by the screens.
enum Format {
    // Ages: `TriageText.span`/`ago` in prose ("3 min ago"), `PaneTime.duration` in narrow
    // cells ("3m12s"); times of day: `PaneTime.clock`. One wording for the whole console.

    static func bytes(_ v: UInt64?) -> String { v.map { GoHumanize.bytes($0) } ?? "-" }

    /// What the peers screen says about a peer's condition.
    static func condition(_ c: PeerCondition, now: Date) -> String {
        switch c {
        case .ok: "ok"
        case .error(let e): "error: \(e)"
        case .missing(let since): "missing since \(PaneTime.clock(since)) (\(TriageText.span(now.timeIntervalSince(since))))"
        case .ipfsDown(let e): "ipfs down: \(e)"
        case .unknown: "not seen yet"
        }
    }

    /// A ping expiry as "in 24 s" / "expired 10 s ago".
    static func expiry(_ d: Date?, now: Date) -> String {
        guard let d else { return "-" }
        let dt = d.timeIntervalSince(now)
        return dt >= 0 ? "in \(TriageText.span(dt))" : "expired \(TriageText.span(-dt)) ago"
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
