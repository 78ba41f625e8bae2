import Foundation

/// Per-peer triage counts for the peers and triage screens: how many of each kind, and when the
/// last one was seen. A value type owned by whoever ingests lines.
public struct TriageCounters: Sendable, Equatable {
    /// Who a count is about: the peer the message names, else the peer that logged it (once the app
    /// has filled `LogLine.peer`), else the line's source.
    public enum Subject: Sendable, Hashable {
        case peer(String)
        case source(String)
    }

    public struct Stats: Sendable, Equatable {
        public var counts: [TriageKind: Int] = [:]
        public var lastSeen: [TriageKind: Date] = [:]
        /// Latest time of any kind; nil when all counted lines had no time.
        public var lastSeenAny: Date?
        public var lastMessage: String?
        public var total: Int { counts.values.reduce(0, +) }
        public func count(_ kind: TriageKind) -> Int { counts[kind] ?? 0 }
    }

    public private(set) var bySubject: [Subject: Stats] = [:]

    public init() {}

    public mutating func record(_ line: LogLine) {
        guard let match = line.triage, !line.isContinuation else { return }
        let subject: Subject
        if let p = match.peer { subject = .peer(p) } else if let p = line.peer { subject = .peer(p) } else {
            subject = .source(line.source)
        }
        var stats = bySubject[subject] ?? Stats()
        stats.counts[match.kind, default: 0] += 1
        if let t = line.time {
            if stats.lastSeen[match.kind].map({ t > $0 }) ?? true { stats.lastSeen[match.kind] = t }
            if stats.lastSeenAny.map({ t > $0 }) ?? true { stats.lastSeenAny = t }
        }
        stats.lastMessage = line.message
        bySubject[subject] = stats
    }

    public mutating func record<S: Sequence>(contentsOf lines: S) where S.Element == LogLine {
        for l in lines { record(l) }
    }

    public func stats(forPeer id: String) -> Stats? { bySubject[.peer(id)] }
}
