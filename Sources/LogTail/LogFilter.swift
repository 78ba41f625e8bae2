import Foundation

/// What the operator typed after `/`: a substring or a regular expression, tested against the
/// line's raw text, source and peer (so a task id, container, peer id or subsystem all work).
public struct LogTextMatcher: Sendable {
    public enum Mode: Sendable {
        case substring(String, caseSensitive: Bool)
        case regex(NSRegularExpression)
    }

    public let mode: Mode
    private let lowered: [UInt8]

    /// Smart case as in vim and less: case-insensitive unless the needle has an upper-case letter.
    public init(substring: String, caseSensitive: Bool? = nil) {
        let sensitive = caseSensitive ?? substring.contains(where: \.isUppercase)
        mode = .substring(substring, caseSensitive: sensitive)
        lowered = sensitive ? Array(substring.utf8) : Array(substring.utf8).map(Self.lowerASCII)
    }

    public init(regex pattern: String, caseSensitive: Bool = false) throws(LogTailError) {
        do {
            mode = .regex(try NSRegularExpression(pattern: pattern, options: caseSensitive ? [] : [.caseInsensitive]))
        } catch {
            throw .invalidRegex(pattern: pattern, reason: "\(error.localizedDescription)")
        }
        lowered = []
    }

    public func matches(_ line: LogLine) -> Bool {
        matches(text: line.raw) || matches(text: line.source) || (line.peer.map { matches(text: $0) } ?? false)
    }

    public func matches(text: String) -> Bool {
        switch mode {
        case let .substring(needle, sensitive):
            if needle.isEmpty { return true }
            var copy = text
            return copy.withUTF8 { Self.find(lowered, in: $0, foldCase: !sensitive) }
        case let .regex(re):
            return re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
    }

    static func lowerASCII(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    /// Naive byte search with optional ASCII case folding; lines are short, so this beats
    /// Foundation's `range(of:options:)` by a wide margin on Linux.
    static func find(_ needle: [UInt8], in hay: UnsafeBufferPointer<UInt8>, foldCase: Bool) -> Bool {
        let n = needle.count
        guard n <= hay.count else { return false }
        let first = needle[0]
        var i = 0
        let last = hay.count - n
        while i <= last {
            let c = foldCase ? lowerASCII(hay[i]) : hay[i]
            if c == first {
                var k = 1
                while k < n {
                    let h = foldCase ? lowerASCII(hay[i + k]) : hay[i + k]
                    if h != needle[k] { break }
                    k += 1
                }
                if k == n { return true }
            }
            i += 1
        }
        return false
    }
}

/// The logs pane's filter: level at least, one of some sources, matching text. Empty = all lines.
public struct LogFilter: Sendable {
    public var minimumLevel: LogLevel?
    /// Nil means every source.
    public var sources: Set<String>?
    public var text: LogTextMatcher?

    public init(minimumLevel: LogLevel? = nil, sources: Set<String>? = nil, text: LogTextMatcher? = nil) {
        self.minimumLevel = minimumLevel
        self.sources = sources
        self.text = text
    }

    public var isEmpty: Bool { minimumLevel == nil && sources == nil && text == nil }

    public func matches(_ line: LogLine) -> Bool {
        if let minimumLevel, !line.level.isAtLeast(minimumLevel) { return false }
        if let sources, !sources.contains(line.source) { return false }
        if let text, !text.matches(line) { return false }
        return true
    }
}

/// The lines of a ring that pass a filter, kept as sequence numbers and updated incrementally:
/// `update(from:)` forgets lines that dropped out of the ring and tests only lines appended since
/// the last update, so a flood does not rescan 100,000 lines per frame.
public struct LogFilterResult: Sendable, RandomAccessCollection {
    public let filter: LogFilter
    private var sequences: [Int] = []
    private var head = 0
    /// Every sequence below this has been tested.
    public private(set) var scannedUpTo: Int

    public init(filter: LogFilter, ring: LogRing) {
        self.filter = filter
        self.scannedUpTo = ring.firstSequence
        update(from: ring)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { sequences.count - head }
    /// Sequence number of the index-th matching line.
    public subscript(index: Int) -> Int { sequences[head + index] }

    /// Ring position of the index-th matching line (nil if it dropped out since the last update).
    public func position(at index: Int, in ring: LogRing) -> Int? { ring.position(ofSequence: self[index]) }

    /// All matching positions, oldest first.
    public func positions(in ring: LogRing) -> [Int] { compactMap { ring.position(ofSequence: $0) } }

    public mutating func update(from ring: LogRing) {
        while head < sequences.count, sequences[head] < ring.firstSequence { head += 1 }
        if head > 4096 && head > sequences.count - head {
            sequences.removeSubrange(0..<head)
            head = 0
        }
        var seq = Swift.max(scannedUpTo, ring.firstSequence)
        if seq < ring.firstSequence || seq > ring.endSequence { seq = ring.firstSequence }
        if filter.isEmpty {
            sequences.append(contentsOf: seq..<ring.endSequence)
        } else {
            while seq < ring.endSequence {
                if filter.matches(ring[seq - ring.firstSequence]) { sequences.append(seq) }
                seq += 1
            }
        }
        scannedUpTo = ring.endSequence
    }

    /// Index of the first match with sequence >= `seq` (for keeping the view's place).
    public func index(atOrAfterSequence seq: Int) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] < seq { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// Direction of `n` / `N` search.
public enum SearchDirection: Sendable {
    case forward
    case backward
}

extension LogRing {
    /// The next position after (or before) `position` whose line matches, wrapping around the ring
    /// when `wrap` is set; `position` itself is not considered, so repeated `n` moves on.
    public func nextMatch(of filter: LogFilter, from position: Int, direction: SearchDirection,
                          wrap: Bool = true) -> Int? {
        guard !isEmpty else { return nil }
        let n = count
        let start = Swift.min(Swift.max(position, -1), n)
        var p = start
        for _ in 0..<n {
            p += direction == .forward ? 1 : -1
            if p >= n || p < 0 {
                guard wrap else { return nil }
                p = p >= n ? 0 : n - 1
            }
            if filter.matches(self[p]) { return p }
        }
        return nil
    }

    /// All positions whose line matches, oldest first (a one-off full scan; prefer
    /// `LogFilterResult` for a live view).
    public func positions(matching filter: LogFilter) -> [Int] {
        indices.filter { filter.matches(self[$0]) }
    }
}

extension LogFilterResult {
    /// Search inside a filtered view: the next index (into this result) after `index` whose line
    /// also matches `query`, wrapping when asked.
    public func nextMatch(of query: LogFilter, from index: Int, direction: SearchDirection, in ring: LogRing,
                          wrap: Bool = true) -> Int? {
        guard !isEmpty else { return nil }
        let n = count
        var i = Swift.min(Swift.max(index, -1), n)
        for _ in 0..<n {
            i += direction == .forward ? 1 : -1
            if i >= n || i < 0 {
                guard wrap else { return nil }
                i = i >= n ? 0 : n - 1
            }
            if let line = ring.line(sequence: self[i]), query.matches(line) { return i }
        }
        return nil
    }
}
