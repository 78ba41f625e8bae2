import CPrefetch

/// A growable array kept as fixed-size chunks, each an ordinary copy-on-write array, so that a
/// copy of the pin table costs O(chunks) retains and a writer that then changes an element
/// duplicates only that element's chunk, never the whole column.
///
/// Why: the pins screen hands a copy of the table to a background query each time it starts
/// one. With one plain array per column, the next write after such a copy duplicated the whole
/// column on the loop: at a million pins ~60 MB of CIDs plus 8 MB per time column, tens of ms
/// of memcpy per copy, growing with the table. Chunked, the write after a copy costs one chunk
/// (64 Ki elements by default: at most 512 KiB).
struct ChunkedArray<Element: Sendable>: Sendable {
    /// Every chunk but the last, each exactly `1 << shift` elements.
    private var full: [[Element]] = []
    /// The last chunk, never full (a filled one moves to `full`), kept apart from the others so
    /// that an append, and a write to a recent row (what a stream of new pins does), checks the
    /// uniqueness of one buffer instead of two (outer array, then chunk). Why: with every chunk in
    /// one nested array, `swift_isUniquelyReferenced` was 5% of a `/pins` decode in `perf`.
    private var tail: [Element] = []
    private(set) var count = 0
    /// Elements per chunk = 1 << shift. Hash slots use small chunks: inserts land on random slots,
    /// so after a copy every slot chunk written is duplicated.
    let shift: Int

    init(chunkShift: Int = 16) { shift = chunkShift }

    init(repeating value: Element, count n: Int, chunkShift: Int = 16) {
        shift = chunkShift
        let size = 1 << chunkShift
        for _ in 0..<(n >> chunkShift) { full.append([Element](repeating: value, count: size)) }
        let rest = n & (size - 1)
        if rest > 0 {
            // Not `append(contentsOf: repeatElement(...))`: that ran the stdlib's unspecialised
            // generic iteration, a metadata lookup per element (every new table filled its
            // 1024 CID slots so: most of a pin-decoder fuzz input's time).
            tail = [Element](repeating: value, count: rest)
            if !full.isEmpty { tail.reserveCapacity(size) }
        }
        count = n
    }

    var isEmpty: Bool { count == 0 }
    var indices: Range<Int> { 0..<count }

    /// The chunks in order (tests; the last one may be partial).
    var chunks: [[Element]] { tail.isEmpty ? full : full + [tail] }

    subscript(i: Int) -> Element {
        @inline(__always) get {
            let c = i &>> shift, k = i & ((1 << shift) - 1)
            return c < full.count ? full[c][k] : tail[k]
        }
        @inline(__always) set {
            let c = i &>> shift, k = i & ((1 << shift) - 1)
            if c < full.count { full[c][k] = newValue } else { tail[k] = newValue }
        }
    }

    /// Asks the CPU for element `i`'s cache line ahead of a write (a hint; no effect on values).
    @inline(__always)
    func prefetch(_ i: Int) {
        let c = i &>> shift, k = i & ((1 << shift) - 1)
        if c < full.count {
            full[c].withUnsafeBufferPointer { cp_prefetch_write($0.baseAddress! + k) }
        } else {
            tail.withUnsafeBufferPointer { cp_prefetch_write($0.baseAddress! + k) }
        }
    }

    /// Elements the first chunk holds before it is reserved whole (see `newChunk`).
    static var smallChunk: Int { 1024 }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == ChunkedArray.smallChunk { tail.reserveCapacity(1 << shift) }
        tail.append(value)
        count += 1
        if count & ((1 << shift) - 1) == 0 { moveFullTail() }
    }

    /// Moves the filled last chunk to `full` and starts the next one reserved whole.
    @inline(never)
    private mutating func moveFullTail() {
        full.append(tail)
        tail = ChunkedArray.newChunk(1 << shift)
    }

    mutating func append(repeating value: Element, count n: Int) {
        for _ in 0..<n { append(value) }
    }

    /// An empty chunk with room for `size` elements. Chunks are reserved whole rather than grown
    /// by doubling: pages are only resident once written, and growing many chunks side by side
    /// left the freed smaller buffers behind in the heap (measured: 159 bytes/pin at a million
    /// pins with doubling), and doubling all the columns of a 50,000-pin table cost ~20% of its
    /// decode (figure 1's same-bytes run). Only the first chunk's first `smallChunk` elements
    /// grow by doubling: a table of a few rows (a test, a fuzz input, a filtered stream) then
    /// costs a few hundred bytes per column, not a whole chunk (the pin-decoder fuzz target made a
    /// new table per input, and reserving 64 Ki elements per column was part of its slowdown).
    static func newChunk(_ size: Int) -> [Element] {
        var c = [Element]()
        c.reserveCapacity(size)
        return c
    }

    /// Calls `body` with each chunk in order and the index of its first element.
    @inline(__always)
    func forEachChunk(_ body: (_ first: Int, UnsafeBufferPointer<Element>) throws -> Void) rethrows {
        for c in full.indices {
            try full[c].withUnsafeBufferPointer { try body(c << shift, $0) }
        }
        if !tail.isEmpty { try tail.withUnsafeBufferPointer { try body(full.count << shift, $0) } }
    }
}

/// Sparse per-row values (a few percent of rows have one: metadata, overflow allocations, error
/// ids, sub-second times), keyed by row and split into one dictionary per 64 Ki rows so that a
/// write after a table copy duplicates one small dictionary, not all of them.
struct ChunkedSparse<Value: Sendable>: Sendable {
    private var chunks: [[UInt16: Value]] = []
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    subscript(row: UInt32) -> Value? {
        get {
            let c = Int(row >> 16)
            return c < chunks.count ? chunks[c][UInt16(truncatingIfNeeded: row)] : nil
        }
        set {
            let c = Int(row >> 16), key = UInt16(truncatingIfNeeded: row)
            if let value = newValue {
                if c >= chunks.count { chunks += [[UInt16: Value]](repeating: [:], count: c + 1 - chunks.count) }
                if chunks[c].updateValue(value, forKey: key) == nil { count += 1 }
            } else if c < chunks.count, chunks[c].removeValue(forKey: key) != nil {
                count -= 1
            }
        }
    }
}
