import ClusterAPI
import Foundation

/// Whether the deployment's gateway serves what the cluster pins: a small rotating sample of
/// pins probed one at a time, each pin's last answer, and what they add up to.
///
/// Why a sample and not every pin: the gateway serves users; at one `HEAD` every few seconds
/// (never two at once) the console's load is negligible, and the pins most likely to tell
/// something are probed first: pins just added, pins in error, and pins that failed (again,
/// to see them recover). The rest is walked in table order, so every pin is probed eventually.
public struct GatewayState: Sendable {
    /// Why a pin was chosen (shown on the pin detail, and used to alternate fairly).
    public enum Pick: String, Sendable, Codable, Hashable {
        /// It was not served last time: asked again to see whether it still is not.
        case retry
        /// One of the newest pins, pinned now but not probed since.
        case recent
        /// In error on some peer.
        case errored
        /// Its turn in the walk through the whole table.
        case rotation
    }

    /// The probe in flight (at most one).
    public struct InFlight: Sendable, Equatable {
        public var cid: String
        public var since: Date
        public var reason: Pick
    }

    /// A pin's last probe and its story.
    public struct PinResult: Sendable, Equatable {
        public var probe: GatewayProbe
        /// When its probes started failing (nil while served).
        public var failingSince: Date?
        /// Probes of this pin so far.
        public var probes: Int
        /// Whether some peer reported it pinned when the answer came (a pin still pinning is
        /// probed again once pinned).
        public var pinnedWhenProbed: Bool
        public var reason: Pick
    }

    /// Results kept (one per pin, the least recently probed dropped first).
    public static let maxResults = 256
    /// A pin not served is asked again after this many seconds.
    public static let retrySeconds: Double = 60
    /// The newest pins considered "recent" (by the pin's own time), if pinned within
    /// `recentSeconds`.
    public static let recentCount = 16
    public static let recentSeconds: Double = 3600
    /// A pin in error is probed again after this long.
    public static let erroredReprobeSeconds: Double = 600
    /// The rollup counts probes of this window.
    public static let rollupWindow: Double = 900
    /// This many probes in a row without a connection make the gateway down (fewer when fewer
    /// probes were ever made: a gateway that never answered is down from the first).
    public static let downAfter = 3
    /// Rows looked at per pick for new pins and for pins in error (a million-pin table is not
    /// scanned whole every few seconds).
    public static let scanRows = 100_000
    /// A probe whose answer never came is forgotten after its timeout plus this.
    public static let lostProbeGrace: Double = 5

    public var inFlight: InFlight?
    /// When the last probe was sent: the next waits for the interval.
    public var lastStart: Date?
    /// The last result per CID.
    public var results: [String: PinResult] = [:]
    /// The next row of the walk through the table.
    public var cursor = 0
    /// Where the search for pins in error goes on.
    public var errorScanCursor = 0
    /// The last pick came from the priority classes: the next goes to the walk (fairness).
    public var lastPickWasPriority = false
    /// Probes in a row that could not connect, and since when.
    public var consecutiveUnreachable = 0
    public var unreachableSince: Date?
    /// The newest probe that was not served (kept even when its pin is re-probed or dropped).
    public var lastFailure: GatewayProbe?
    /// Answers received (all pins).
    public var answers = 0

    public init() {}

    // MARK: choosing

    /// The next pin to probe and why, moving the walk's cursor; nil when the table is empty.
    public mutating func pick(_ table: PinTable, now: Date) -> (cid: String, reason: Pick)? {
        let priority = priorityCandidate(table, now: now)
        if let p = priority, !lastPickWasPriority {
            lastPickWasPriority = true
            return p
        }
        if let cid = nextInWalk(table, now: now) {
            lastPickWasPriority = false
            return (cid, .rotation)
        }
        if let p = priority {
            lastPickWasPriority = true
            return p
        }
        return nil
    }

    /// The best pin of the priority classes: a failing pin due for a retry (oldest first), then
    /// the newest pin not probed while pinned, then a pin in error not probed lately.
    mutating func priorityCandidate(_ table: PinTable, now: Date) -> (cid: String, reason: Pick)? {
        var retry: (cid: String, at: Date)?
        for (cid, r) in results where r.failingSince != nil && now.timeIntervalSince(r.probe.at) >= Self.retrySeconds {
            guard let row = table.row(cid: cid), table.isLive(row) else { continue }
            if retry.map({ r.probe.at < $0.at || (r.probe.at == $0.at && cid < $0.cid) }) ?? true { retry = (cid, r.probe.at) }
        }
        if let retry { return (retry.cid, .retry) }
        // The newest rows by pin time, among the last rows of the table (pins that arrive after
        // the first load are appended), and the first pin in error that is due, in a window that
        // moves on each pick: a pick costs at most `scanRows` rows, whatever the table's size.
        var newest: [(row: Int, time: Int64)] = []
        let recentFrom = Int64((now.timeIntervalSince1970 - Self.recentSeconds) * 1e9)
        let n = table.rowCount
        for row in max(0, n - Self.scanRows)..<n where table.isLive(row) {
            let t = table.createdTime(row).nanoseconds
            if t >= recentFrom, newest.count < Self.recentCount || t > newest[newest.count - 1].time {
                let at = newest.firstIndex { t > $0.time } ?? newest.count
                newest.insert((row, t), at: at)
                if newest.count > Self.recentCount { newest.removeLast() }
            }
        }
        var errored: Int?
        if n > 0 {
            var row = errorScanCursor < n ? errorScanCursor : 0
            for _ in 0..<min(n, Self.scanRows) {
                if table.isLive(row), table.worstStatus(row).isError {
                    let r = results[table.cid(row)]
                    if r.map({ now.timeIntervalSince($0.probe.at) >= Self.erroredReprobeSeconds }) ?? true { errored = row; break }
                }
                row = (row + 1) % n
            }
            if errored == nil { errorScanCursor = row }
        }
        // A new pin whose status the console does not know yet (a pin appears in `/allocations`
        // before a full `/pins` reports it) is probed once; a failure then asks the cluster.
        for n in newest {
            let cid = table.cid(n.row)
            let result = results[cid]
            if Self.isPinned(table, row: n.row) {
                if result?.pinnedWhenProbed == true { continue }
            } else if !(Self.isUnreported(table, row: n.row) && result == nil) {
                continue
            }
            return (cid, .recent)
        }
        if let errored { return (table.cid(errored), .errored) }
        return nil
    }

    /// The next live row after the cursor (wrapping), advancing the cursor past it. A pin the
    /// priority classes probed within the rollup window is passed over, unless every pin was.
    mutating func nextInWalk(_ table: PinTable, now: Date) -> String? {
        let n = table.rowCount
        guard n > 0 else { return nil }
        var row = cursor < n ? cursor : 0
        var firstLive: Int?
        for _ in 0..<n {
            if table.isLive(row) {
                if firstLive == nil { firstLive = row }
                let cid = table.cid(row)
                if results[cid].map({ now.timeIntervalSince($0.probe.at) >= Self.rollupWindow }) ?? true {
                    // Not wrapped here: the table may grow before the next pick (a stream arriving).
                    cursor = row + 1
                    return cid
                }
            }
            row = (row + 1) % n
        }
        guard let live = firstLive else { return nil }
        cursor = live + 1
        return table.cid(live)
    }

    /// Some peer reports the pin `pinned`.
    public static func isPinned(_ table: PinTable, row: Int) -> Bool {
        (0..<table.peerCount).contains { table.status(row, peer: $0) == .pinned }
    }

    /// No peer has reported on the pin yet (it came from `/allocations` only).
    public static func isUnreported(_ table: PinTable, row: Int) -> Bool {
        (0..<table.peerCount).allSatisfy { table.status(row, peer: $0) == .unknown }
    }

    /// Peer ids reporting the pin `pinned`.
    public static func pinnedOn(_ table: PinTable, row: Int) -> [String] {
        (0..<table.peerCount).filter { table.status(row, peer: $0) == .pinned }.map { table.peers[$0].id }
    }

    // MARK: recording answers

    /// Takes an answer: the pin's result (with since when it fails), the run of probes that
    /// could not connect, the last failure; the oldest results beyond the bound are dropped.
    public mutating func record(_ probe: GatewayProbe, table: PinTable) {
        answers += 1
        let previous = results[probe.cid]
        var pinned = false
        if let row = table.row(cid: probe.cid), table.isLive(row) { pinned = Self.isPinned(table, row: row) }
        var failingSince: Date?
        if !probe.served { failingSince = previous?.failingSince ?? probe.at }
        let reason = inFlight?.cid == probe.cid ? inFlight!.reason : (previous?.reason ?? .rotation)
        results[probe.cid] = PinResult(probe: probe, failingSince: failingSince, probes: (previous?.probes ?? 0) + 1,
                                       pinnedWhenProbed: pinned, reason: reason)
        if probe.outcome.isUnreachable {
            consecutiveUnreachable += 1
            if unreachableSince == nil { unreachableSince = probe.at }
        } else {
            consecutiveUnreachable = 0
            unreachableSince = nil
        }
        if !probe.served { lastFailure = probe }
        if results.count > Self.maxResults {
            let drop = results.sorted { $0.value.probe.at < $1.value.probe.at }.prefix(results.count - Self.maxResults)
            for (cid, _) in drop { results[cid] = nil }
        }
    }

    // MARK: reading

    /// No probe connects: the last `downAfter` (or every probe, when fewer were made).
    public var isDown: Bool {
        consecutiveUnreachable > 0 && consecutiveUnreachable >= min(Self.downAfter, answers)
    }

    /// The newest unreachable probe's reason (for the "gateway down" sentence).
    public var unreachableReason: String? {
        results.values.map(\.probe).filter(\.outcome.isUnreachable).max { $0.at < $1.at }.map { p in
            if case .unreachable(let why) = p.outcome { return why }
            return ""
        }
    }

    /// Counts and latencies over the pins probed in the last `rollupWindow`, among those still
    /// in the pinset.
    public func rollup(_ table: PinTable, now: Date) -> GatewayRollup {
        var probed = 0, served = 0
        var latencies: [Double] = []
        for (cid, r) in results where now.timeIntervalSince(r.probe.at) <= Self.rollupWindow {
            guard let row = table.row(cid: cid), table.isLive(row) else { continue }
            probed += 1
            if r.probe.served {
                served += 1
                latencies.append(r.probe.latency)
            }
        }
        latencies.sort()
        func percentile(_ p: Double) -> Double? {
            guard !latencies.isEmpty else { return nil }
            let rank = Int((p * Double(latencies.count)).rounded(.up))
            return latencies[max(0, min(latencies.count - 1, rank - 1))]
        }
        return GatewayRollup(probed: probed, served: served, p50: percentile(0.5), p95: percentile(0.95),
                             lastFailure: lastFailure, window: Self.rollupWindow, answers: answers)
    }

    /// Pins whose last probe was not served and which are still in the pinset, newest probe first.
    public func failing(_ table: PinTable) -> [(cid: String, row: Int, result: PinResult)] {
        results.compactMap { cid, r -> (String, Int, PinResult)? in
            guard r.failingSince != nil, let row = table.row(cid: cid), table.isLive(row) else { return nil }
            return (cid, row, r)
        }.sorted { a, b in a.2.probe.at != b.2.probe.at ? a.2.probe.at > b.2.probe.at : a.0 < b.0 }
    }
}

/// What the probes add up to: served x of y pins probed in the window, latency of the served
/// ones, and the last failure.
public struct GatewayRollup: Sendable, Hashable, Codable {
    /// Pins probed in the window (still in the pinset) and how many of them were served.
    public var probed: Int
    public var served: Int
    /// Seconds, over the served probes.
    public var p50: Double?
    public var p95: Double?
    public var lastFailure: GatewayProbe?
    /// Seconds counted back from now.
    public var window: Double
    /// Answers received in all.
    public var answers: Int

    public init(probed: Int = 0, served: Int = 0, p50: Double? = nil, p95: Double? = nil, lastFailure: GatewayProbe? = nil,
                window: Double = GatewayState.rollupWindow, answers: Int = 0) {
        self.probed = probed; self.served = served; self.p50 = p50; self.p95 = p95
        self.lastFailure = lastFailure; self.window = window; self.answers = answers
    }

    /// `served 11/12 probed, p50 85 ms, p95 310 ms`.
    public var summary: String {
        var s = "served \(served)/\(probed) probed"
        if let p50 { s += ", p50 \(GatewayProbe.latency(p50))" }
        if let p95 { s += ", p95 \(GatewayProbe.latency(p95))" }
        return s
    }
}
