/// Bounded store of the most recent lines, by count and by bytes, for the logs pane.
///
/// Appends are O(1) amortised and never block; when a bound is exceeded the oldest lines go and
/// `dropped` counts them so the pane can say so. Lines keep a *sequence number* (0 for the first
/// line ever appended), which stays valid while positions shift as old lines drop out: filter
/// results and bookmarks hold sequence numbers, views index by position (0 = oldest retained).
///
/// Storage is an array with a moving head (compacted when the dead prefix outgrows the live part),
/// which gives O(1) index access without a ring's wrap-around arithmetic on every read.
/// A value type; keep one owner and mutate it in place (copies share storage until written).
public struct LogRing: Sendable, RandomAccessCollection {
    public private(set) var maxLines: Int
    public private(set) var maxBytes: Int
    /// Lines dropped because a bound was exceeded, since creation or `clear()`.
    public private(set) var dropped = 0
    public private(set) var byteCount = 0
    private var storage: [LogLine] = []
    private var head = 0
    /// Sequence number of the line at position 0.
    public private(set) var firstSequence = 0

    public init(maxLines: Int = 100_000, maxBytes: Int = 64 << 20) {
        self.maxLines = Swift.max(1, maxLines)
        self.maxBytes = Swift.max(1, maxBytes)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.count - head }
    public subscript(position: Int) -> LogLine { storage[head + position] }

    /// Sequence number the next appended line will get.
    public var endSequence: Int { firstSequence + count }

    public func sequence(ofPosition position: Int) -> Int { firstSequence + position }

    /// Position of a sequence number, or nil when it has dropped out (or is not appended yet).
    public func position(ofSequence seq: Int) -> Int? {
        let p = seq - firstSequence
        return p >= 0 && p < count ? p : nil
    }

    public func line(sequence seq: Int) -> LogLine? { position(ofSequence: seq).map { self[$0] } }

    public mutating func append(_ line: LogLine) {
        storage.append(line)
        byteCount += line.byteCost
        trim()
    }

    public mutating func append<S: Sequence>(contentsOf lines: S) where S.Element == LogLine {
        for l in lines {
            storage.append(l)
            byteCount += l.byteCost
        }
        trim()
    }

    /// Lets the app fill in `peer` (or fix other fields) on retained lines.
    public mutating func update(position: Int, _ body: (inout LogLine) -> Void) {
        let old = storage[head + position].byteCost
        body(&storage[head + position])
        byteCount += storage[head + position].byteCost - old
    }

    /// Attaches peers to the retained lines of ECS tasks (task id -> peer), in one pass over the
    /// ring. The task <-> peer correlation often arrives after the task's first lines (it needs
    /// the peer's addresses), so the app back-fills. Lines of tasks not in the map are left alone.
    /// - Returns: how many lines changed.
    @discardableResult
    public mutating func setPeers(_ byTask: [String: String]) -> Int {
        guard !byTask.isEmpty else { return 0 }
        var changed = 0
        for i in head..<storage.count {
            guard let task = storage[i].taskID, let peer = byTask[task], storage[i].peer != peer else { continue }
            let old = storage[i].byteCost
            storage[i].peer = peer
            byteCount += storage[i].byteCost - old
            changed += 1
        }
        return changed
    }

    /// Changes the bounds; shrinking drops the oldest lines at once.
    public mutating func setLimits(maxLines: Int, maxBytes: Int) {
        self.maxLines = Swift.max(1, maxLines)
        self.maxBytes = Swift.max(1, maxBytes)
        trim()
    }

    /// Empties the ring; sequence numbers keep increasing so old filter results stay consistent.
    public mutating func clear() {
        firstSequence = endSequence
        storage.removeAll()
        head = 0
        byteCount = 0
        dropped = 0
    }

    private mutating func trim() {
        var live = storage.count - head
        while live > 0 && (live > maxLines || byteCount > maxBytes) {
            if live == 1 && live <= maxLines { break }  // keep the newest line even if it alone is too big
            byteCount -= storage[head].byteCost
            head += 1
            live -= 1
            firstSequence += 1
            dropped += 1
        }
        // Compact when the dead prefix is large: amortised O(1) per append.
        if head > 4096 && head > live {
            storage.removeSubrange(0..<head)
            head = 0
        }
    }
}
