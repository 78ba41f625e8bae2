import Foundation

/// A peer's pin backlog as an operator sizes it in a pin storm: how many wait and work, how
/// fast the queue grows and when it would be empty.
///
/// Why a type: "unreported" rows say nothing during a storm; the numbers that decide whether to
/// wait or to act are the growth per minute and the time to drain.
public struct PinBacklog: Sendable, Equatable {
    /// Pins queued and being pinned on the peer (from the pin table; nil when unknown).
    public var queued: Int?
    public var pinning: Int?
    /// Change of the queue per minute over the last samples (positive: growing).
    public var perMinute: Double
    /// The latest queue length.
    public var length: Double

    public init(samples: [TimedValue], queued: Int?, pinning: Int?) {
        self.queued = queued
        self.pinning = pinning
        length = samples.last?.value ?? 0
        perMinute = Self.slopePerMinute(samples)
    }

    /// Seconds until empty at the current rate (nil while it does not shrink).
    public var drainSeconds: Double? { perMinute < 0 ? length / -perMinute * 60 : nil }

    /// `312 queued, 10 pinning; +180/min; not draining at this rate`.
    public var sentence: String {
        var parts: [String] = []
        if let queued { parts.append("\(TriageText.count(max(0, queued))) queued" + (pinning.map { ", \(TriageText.count($0)) pinning" } ?? "")) }
        let rate = Int(perMinute.rounded())
        parts.append("\(rate >= 0 ? "+" : "")\(TriageText.count(rate))/min")
        parts.append(drainSeconds.map { "drains in about \(TriageText.span($0))" } ?? "not draining at this rate")
        return parts.joined(separator: "; ")
    }

    /// Least-squares slope of the samples, per minute.
    static func slopePerMinute(_ s: [TimedValue]) -> Double {
        guard s.count >= 2, let t0 = s.first?.time else { return 0 }
        let xs = s.map { $0.time.timeIntervalSince(t0) }, ys = s.map(\.value)
        let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
        var num = 0.0, den = 0.0
        for (x, y) in zip(xs, ys) { num += (x - mx) * (y - my); den += (x - mx) * (x - mx) }
        return den > 0 ? num / den * 60 : 0
    }

    /// Growing: the later half of the samples clearly above the earlier half and the latest value
    /// well above the first. Bursts make a sawtooth (jump, drain, jump): comparing halves, not
    /// each step, still sees the climb under it.
    public static func isGrowing(_ s: [TimedValue]) -> Bool {
        guard s.count >= 3, let first = s.first, let last = s.last else { return false }
        guard last.value - first.value >= max(10, first.value * 0.5) else { return false }
        let mid = s.count / 2
        let early = s[..<mid].map(\.value), late = s[mid...].map(\.value)
        let meanEarly = early.reduce(0, +) / Double(early.count), meanLate = late.reduce(0, +) / Double(late.count)
        return meanLate >= meanEarly + max(5, meanEarly * 0.25)
    }
}
