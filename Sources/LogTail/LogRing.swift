/// Bounded store of the most recent lines, by count and by bytes, for the logs pane.
///
/// Appends are O(1) amortised and never block; when a bound is exceeded the oldest lines go and
/// `dropped` counts them so the pane can say so. Lines keep a *sequence number* (0 for the first
/// line ever appended), which stays valid while positions shift as old lines drop out: filter
/// results and bookmarks hold sequence numbers, views index by position (0 = oldest retained).
///
/// Storage is a circular array: it grows to `maxLines` slots, then each new line takes the slot of
/// the oldest. Lines dropped for the byte bound leave an empty placeholder in their slot until it
/// is reused. (It used to be an array with a moving head, compacted when the dead prefix outgrew
/// the live part: moving 100,000 lines per 100,000 appended cost ~10% of log ingestion, figure 6.)
/// A value type; keep one owner and mutate it in place (copies share storage until written).
public struct LogRing: Sendable, RandomAccessCollection {
    public private(set) var maxLines: Int
    public private(set) var maxBytes: Int
    /// Lines dropped because a bound was exceeded, since creation or `clear()`.
    public private(set) var dropped = 0
    public private(set) var byteCount = 0
    private var storage: [LogLine] = []
    /// Slot of position 0.
    private var head = 0
    private var live = 0
    /// Sequence number of the line at position 0.
    public private(set) var firstSequence = 0

    public init(maxLines: Int = 100_000, maxBytes: Int = 64 << 20) {
        self.maxLines = Swift.max(1, maxLines)
        self.maxBytes = Swift.max(1, maxBytes)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { live }
    public subscript(position: Int) -> LogLine { storage[slot(position)] }

    /// The storage slot of a position (live positions wrap around the end of `storage`).
    @inline(__always) private func slot(_ position: Int) -> Int {
        let s = head + position
        return s < storage.count ? s : s - storage.count
    }

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
        store(line)
        trim()
    }

    public mutating func append<S: Sequence>(contentsOf lines: S) where S.Element == LogLine {
        for l in lines { store(l) }
        trim()
    }

    /// Puts a line after the newest: in a new slot until there are `maxLines` slots (the live
    /// lines then fill `head..<storage.count`), after that in the slot past the newest, which
    /// is the oldest line's when every slot is live (that line drops out).
    @inline(__always) private mutating func store(_ line: LogLine) {
        byteCount += line.byteCost
        if storage.count < maxLines {
            storage.append(line)
            live += 1
        } else if live < storage.count {
            storage[slot(live)] = line
            live += 1
        } else {
            byteCount -= storage[head].byteCost
            storage[head] = line
            head = head + 1 == storage.count ? 0 : head + 1
            firstSequence += 1
            dropped += 1
        }
    }

    /// Lets the app fill in `peer` (or fix other fields) on retained lines.
    public mutating func update(position: Int, _ body: (inout LogLine) -> Void) {
        let s = slot(position)
        let old = storage[s].byteCost
        body(&storage[s])
        byteCount += storage[s].byteCost - old
    }

    /// Attaches peers to the retained lines of ECS tasks (task id -> peer), in one pass over the
    /// ring. The task <-> peer correlation often arrives after the task's first lines (it needs
    /// the peer's addresses), so the app back-fills. Lines of tasks not in the map are left alone.
    /// - Returns: how many lines changed.
    @discardableResult
    public mutating func setPeers(_ byTask: [String: String]) -> Int {
        guard !byTask.isEmpty else { return 0 }
        var changed = 0
        for p in 0..<live {
            let i = slot(p)
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
        // Back to one run of live lines from slot 0, so the slot rules of `store` hold again.
        storage = Array(self)
        head = 0
    }

    /// Empties the ring; sequence numbers keep increasing so old filter results stay consistent.
    public mutating func clear() {
        firstSequence = endSequence
        storage.removeAll()
        head = 0
        live = 0
        byteCount = 0
        dropped = 0
    }

    private mutating func trim() {
        while live > 0 && (live > maxLines || byteCount > maxBytes) {
            if live == 1 && live <= maxLines { break }  // keep the newest line even if it alone is too big
            byteCount -= storage[head].byteCost
            storage[head] = LogRing.placeholder
            head = head + 1 == storage.count ? 0 : head + 1
            live -= 1
            firstSequence += 1
            dropped += 1
        }
    }

    /// What a slot holds after its line dropped out for the byte bound (releases the line's text).
    private static let placeholder = LogLine(time: nil, level: .unknown, source: "", message: "", raw: "", format: .raw)
}
