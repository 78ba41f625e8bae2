import Foundation

/// One observation of a peer for the timeline strip.
public struct TimelineSample: Sendable, Codable, Hashable {
    public var time: Date
    public var up: Bool
    public var pinsInError: Int
    public var pinQueue: Int
    /// The freespace metric at that time, when known (bytes).
    public var freeSpace: Double?
    public init(time: Date, up: Bool, pinsInError: Int, pinQueue: Int, freeSpace: Double? = nil) {
        self.time = time; self.up = up; self.pinsInError = pinsInError; self.pinQueue = pinQueue; self.freeSpace = freeSpace
    }
}

/// What a sparkline plots.
public enum TimelineSeries: String, Sendable, Codable, CaseIterable {
    /// 1 up, 0 missing.
    case up
    case pinsInError
    case pinQueue
}

/// A small ring of the last `window` of samples of one peer. Bounded by count as well as by age
/// so a fast refresh rate cannot grow it.
public struct PeerTimeline: Sendable, Codable, Hashable {
    public private(set) var samples: [TimelineSample] = []
    public let window: TimeInterval
    public let capacity: Int

    public init(window: TimeInterval = 1800, capacity: Int = 720) {
        self.window = window
        self.capacity = max(1, capacity)
    }

    /// Appends (out-of-order samples are inserted in place) and drops what is too old or too many.
    public mutating func record(_ s: TimelineSample) {
        if let last = samples.last, s.time < last.time {
            let i = samples.firstIndex { $0.time > s.time } ?? samples.count
            samples.insert(s, at: i)
        } else {
            samples.append(s)
        }
        let newest = samples.last!.time
        let cut = samples.firstIndex { newest.timeIntervalSince($0.time) <= window } ?? samples.count
        if cut > 0 { samples.removeFirst(cut) }
        if samples.count > capacity { samples.removeFirst(samples.count - capacity) }
    }

    /// `buckets` values covering `[now - window, now]`, oldest first, ready for a sparkline:
    /// each bucket holds the last sample in it (worst for `up`: any missing sample gives 0), nil
    /// where there is no sample.
    public func sparkline(_ series: TimelineSeries, buckets: Int, now: Date) -> [Double?] {
        guard buckets > 0 else { return [] }
        var out = [Double?](repeating: nil, count: buckets)
        let start = now.addingTimeInterval(-window)
        let width = window / Double(buckets)
        for s in samples where s.time >= start && s.time <= now {
            let b = min(buckets - 1, Int(s.time.timeIntervalSince(start) / width))
            let v: Double
            switch series {
            case .up: v = s.up ? 1 : 0
            case .pinsInError: v = Double(s.pinsInError)
            case .pinQueue: v = Double(s.pinQueue)
            }
            if series == .up, let old = out[b] { out[b] = min(old, v) } else { out[b] = v }
        }
        return out
    }
}

/// Timelines of every peer, owned by the app's state and fed on each refresh.
public struct TriageTimelines: Sendable, Codable, Hashable {
    public private(set) var byPeer: [String: PeerTimeline] = [:]
    public let window: TimeInterval
    public let capacity: Int

    public init(window: TimeInterval = 1800, capacity: Int = 720) {
        self.window = window; self.capacity = capacity
    }

    public mutating func record(peer: String, _ s: TimelineSample) {
        byPeer[peer, default: PeerTimeline(window: window, capacity: capacity)].record(s)
    }

    /// One sample per peer from the evidence of a refresh (up = present in `/peers` without error).
    public mutating func record(_ evidence: TriageEvidence) {
        for p in evidence.peers {
            let up = p.missingSince == nil && (p.errorText ?? "").isEmpty
            record(peer: p.id, TimelineSample(time: evidence.observedAt, up: up, pinsInError: p.pinsInError,
                                              pinQueue: Int(p.pinQueue.last?.value ?? Double(p.pinsQueued))))
        }
    }

    /// The peer's pin queue and free space over the window as the trend rules want them: one
    /// value per change (a poll every 2 s repeats the same metric many times; a series of
    /// repeats would hide a steady climb from a rule counting rises), plus the latest sample.
    /// `shiftedBy` moves the console's sample times onto the cluster's clock.
    public func trends(peer: String, shiftedBy offset: TimeInterval = 0) -> (pinQueue: [TimedValue], freeSpace: [TimedValue]) {
        guard let samples = byPeer[peer]?.samples, !samples.isEmpty else { return ([], []) }
        func changes(_ local: [(Date, Double)]) -> [TimedValue] {
            let values = local.map { ($0.0.addingTimeInterval(offset), $0.1) }
            var out: [TimedValue] = []
            for (t, v) in values where out.last?.value != v { out.append(TimedValue(time: t, value: v)) }
            if let last = values.last, out.last?.time != last.0 { out.append(TimedValue(time: last.0, value: last.1)) }
            return out
        }
        return (changes(samples.map { ($0.time, Double($0.pinQueue)) }),
                changes(samples.compactMap { s in s.freeSpace.map { (s.time, $0) } }))
    }

    public func sparkline(peer: String, _ series: TimelineSeries, buckets: Int, now: Date) -> [Double?] {
        byPeer[peer]?.sparkline(series, buckets: buckets, now: now) ?? [Double?](repeating: nil, count: max(0, buckets))
    }
}
