import Foundation

/// When the console may ask for a full stream (`/allocations`, an unfiltered `/pins`,
/// recover-all), from what the last one cost.
///
/// Why: every full stream makes each peer walk its whole datastore. A fixed interval is polite
/// on a small cluster and an incident on a 50-million-pin one (a 30 s stream every 30 s keeps
/// the cluster busy forever). So the next full stream starts no sooner than
/// `duration / busyShare` after the last one ended (20x its duration at the default 5 %), two
/// full streams never run at once, and the cheap calls keep their own cadence. All pure: the
/// times come in as arguments, so the rules are tested with explicit dates.
public enum FullStreamSchedule {
    /// Default share of wall time the full streams may keep the cluster busy.
    public static let defaultBusyShare = 0.05

    /// Sources whose call is a full stream.
    public static func isFull(_ source: DataSource) -> Bool { source == .allocations || source == .fullPins }

    /// The full stream running now, if any: a source in flight or a recover-all action.
    public static func running(_ state: ConsoleState) -> String? {
        for s in DataSource.allCases where isFull(s) && state.freshness(s).inFlight { return s.label }
        if state.running.contains(where: { if case .recoverAll = $0.kind { return true }; return false }) { return "recover-all" }
        return nil
    }

    /// The share actually used (a configured 0 or a nonsense value falls back to the default).
    public static func busyShare(_ settings: ConsoleSettings) -> Double {
        let s = settings.fullStreamBusyShare
        return s > 0 && s <= 1 ? s : defaultBusyShare
    }

    /// Seconds the cluster must rest after a full stream that took `duration`.
    public static func rest(after duration: Double, share: Double) -> Double {
        share >= 1 ? 0 : duration / share
    }

    /// The earliest time the budget allows another full stream (nil: none ran yet).
    public static func earliestNext(_ state: ConsoleState) -> Date? {
        guard let last = state.lastFullStream else { return nil }
        return last.ended.addingTimeInterval(rest(after: last.duration, share: busyShare(state.settings)))
    }

    /// When the scheduler will start the next `/allocations` by itself: its plain interval
    /// from the last start, pushed back by the budget.
    public static func allocationsDue(_ state: ConsoleState) -> Date? {
        let f = state.freshness(.allocations)
        guard let lastStart = f.lastStart else { return earliestNext(state) }
        let byInterval = lastStart.addingTimeInterval(DataSource.allocations.interval(refresh: state.settings.refresh))
        guard let byBudget = earliestNext(state) else { return byInterval }
        return max(byInterval, byBudget)
    }

    /// Whether the scheduler may start a full stream by itself now (not forced by the operator).
    public static func mayStartOnSchedule(_ state: ConsoleState, now: Date) -> Bool {
        guard running(state) == nil else { return false }
        guard let next = earliestNext(state) else { return true }
        return now >= next
    }

    /// Whether a forced full stream (`r`, a full refresh) may start now: only overlap stops it.
    public static func mayStartForced(_ state: ConsoleState) -> Bool { running(state) == nil }

    /// Seconds between two scheduled `/allocations` at the last measured cost.
    public static func period(_ state: ConsoleState) -> Double {
        let interval = DataSource.allocations.interval(refresh: state.settings.refresh)
        guard let last = state.lastFullStream else { return interval }
        return max(interval, last.duration + rest(after: last.duration, share: busyShare(state.settings)))
    }

    /// The header's line: "allocations every 9 min, last 28 s, 210 MB, next in 6 min", or
    /// what is streaming now. Nil before any full stream.
    public static func summary(_ state: ConsoleState, now: Date) -> String? {
        for s in DataSource.allCases where isFull(s) {
            let f = state.freshness(s)
            if f.inFlight {
                let diff = state.pins.differenceInFlight(s).map(difference) ?? ""
                // Progress, not elapsed seconds: a header that changes every second by itself
                // costs a redraw each second for nothing.
                return "\(s.label) streaming: \(TriageText.plural(f.itemsReceived, "item")), \(megabytes(f.bytesReceived))\(diff)"
            }
        }
        if running(state) != nil { return "recover-all running" }
        guard let last = state.lastFullStream else { return nil }
        var text = "allocations every \(TriageText.span(period(state))), last"
        if last.label != DataSource.allocations.label { text += " (\(last.label))" }
        text += " \(TriageText.span(last.duration)), \(megabytes(last.bytes))"
        if last.label == DataSource.allocations.label, let d = state.pins.lastDifference[.allocations] { text += difference(d) }
        if let due = allocationsDue(state) { text += due > now ? ", next in \(TriageText.span(due.timeIntervalSince(now)))" : ", next now" }
        return text
    }

    /// `, +12 -3 ~40 pins` (added, removed, changed), or nothing when the stream changed nothing.
    static func difference(_ d: RefreshOutcome) -> String {
        var parts: [String] = []
        if d.addedPins > 0 { parts.append("+\(d.addedPins)") }
        if d.deletedPins > 0 { parts.append("-\(d.deletedPins)") }
        if d.changedPins > 0 { parts.append("~\(d.changedPins)") }
        return parts.isEmpty ? "" : ", " + parts.joined(separator: " ") + " pins"
    }

    /// `210 MB`, `0.4 MB`: decimal megabytes, the unit operators compare with network graphs.
    public static func megabytes(_ bytes: Int64) -> String {
        let mb = Double(bytes) / 1_000_000
        return mb >= 10 || mb == 0 ? "\(Int(mb.rounded())) MB" : String(format: "%.1f MB", mb)
    }
}
