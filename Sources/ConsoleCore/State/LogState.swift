import ECSState
import Foundation
import LogTail

/// The followed log lines as the console knows them: one bounded ring, the sources seen, lines
/// lost upstream, follower problems, and per-peer triage counts.
///
/// Why in the core state: the logs pane, the peers screen's log column, the triage screen and
/// the snapshot all read these lines; the pane keeps only its view (filter, search, cursor).
public struct LogState: Sendable {
    /// The retained lines, oldest first. Lines of joined tasks carry their peer's name (what the
    /// pane shows); `counters` are kept by peer id.
    public private(set) var ring: LogRing
    /// Every source seen, in order of first appearance.
    public private(set) var sources: [String] = []
    private var sourceSet: Set<String> = []
    /// Lines the follower lost because the loop fell behind, on top of the ring's own `dropped`.
    public private(set) var readerDropped = 0
    /// Follower problems (unreadable file, FIFO...), newest last, bounded.
    public private(set) var problems: [String] = []
    /// Problems that are information, not faults: a `--logs` file that does not exist yet is
    /// waited for and read when it appears.
    public private(set) var informationProblems: Set<String> = []
    private var missingByPath: [String: String] = [:]
    /// Triage lines counted per peer id (by the peer they name, else the peer that logged them).
    public private(set) var counters = TriageCounters()
    /// The task -> peer name map last applied to the ring.
    private var appliedTaskPeers: [String: String] = [:]
    /// Bumped on every change the views depend on.
    public private(set) var version = 0

    public static let problemLimit = 20

    public init(maxLines: Int = 100_000, maxBytes: Int = 64 << 20) {
        ring = LogRing(maxLines: maxLines, maxBytes: maxBytes)
    }

    /// Appends a follower batch: lines of joined tasks get their peer (name for the ring, id for
    /// the counters), merged by time within the batch. Work is proportional to the batch.
    /// - Returns: whether a line could change a triage verdict (a classified line, or warn and worse).
    @discardableResult
    public mutating func ingest(_ batch: LogBatch, correlation: PeerTaskCorrelation? = nil, peerName: (String) -> String = { $0 }) -> Bool {
        readerDropped += batch.droppedLines
        for notice in batch.notices {
            if notice.event == .created, let text = missingByPath.removeValue(forKey: notice.path) {
                // The file the follower waited for appeared: no longer a problem.
                problems.removeAll { $0 == text }
                informationProblems.remove(text)
            }
            if case let .error(e) = notice.event {
                problems.removeAll { $0 == e.description }
                problems.append(e.description)
                if case .missing = e {
                    informationProblems.insert(e.description)
                    missingByPath[notice.path] = e.description
                }
                if problems.count > Self.problemLimit { problems.removeFirst(problems.count - Self.problemLimit) }
            }
        }
        version += 1
        guard !batch.lines.isEmpty else { return false }
        var named = batch.lines
        var byID = batch.lines
        if let correlation {
            for i in named.indices where named[i].peer == nil {
                guard let task = named[i].taskID, let id = correlation.peerID(forTask: task) else { continue }
                byID[i].peer = id
                named[i].peer = peerName(id)
            }
        }
        counters.record(contentsOf: byID)
        let ordered = LogMerge.mergeByTime(named)
        var last: String?
        for l in ordered where l.source != last {
            last = l.source
            if sourceSet.insert(l.source).inserted { sources.append(l.source) }
        }
        ring.append(contentsOf: ordered)
        return batch.lines.contains { $0.triage != nil || $0.level.isAtLeast(.warn) }
    }

    /// Attaches peer names to the retained lines of tasks joined after their first lines; an
    /// unchanged map costs nothing (new lines get their peer on ingestion), not a ring scan.
    public mutating func setTaskPeers(_ byTask: [String: String]) {
        guard byTask != appliedTaskPeers else { return }
        appliedTaskPeers = byTask
        if ring.setPeers(byTask) > 0 { version += 1 }
    }

    /// Problem log lines (metric alerts, connection refused, deadline exceeded, IPFS errors...)
    /// from or about the peer.
    public func problemLineCount(peer id: String) -> Int {
        guard let s = counters.stats(forPeer: id) else { return 0 }
        return s.counts.reduce(0) { $0 + ($1.key.isProblem ? $1.value : 0) }
    }

    /// Whether any triage line was counted (the peers screen shows its column then).
    public var hasCounts: Bool { !counters.bySubject.isEmpty }
}
