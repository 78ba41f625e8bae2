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
    private(set) var chunks: [[Element]] = []
    private(set) var count = 0
    /// Elements per chunk = 1 << shift. Hash slots use small chunks: inserts land on random slots,
    /// so after a copy every slot chunk written is duplicated.
    let shift: Int

    init(chunkShift: Int = 16) { shift = chunkShift }

    init(repeating value: Element, count n: Int, chunkShift: Int = 16) {
        shift = chunkShift
        let size = 1 << chunkShift
        var left = n
        while left > 0 {
            let k = min(size, left)
            if k == size {
                chunks.append([Element](repeating: value, count: k))
            } else {
                chunks.append(ChunkedArray.newChunk(size))
                chunks[chunks.count - 1].append(contentsOf: repeatElement(value, count: k))
            }
            left -= k
        }
        count = n
    }

    var isEmpty: Bool { count == 0 }
    var indices: Range<Int> { 0..<count }

    subscript(i: Int) -> Element {
        @inline(__always) get { chunks[i &>> shift][i & ((1 << shift) - 1)] }
        @inline(__always) set { chunks[i &>> shift][i & ((1 << shift) - 1)] = newValue }
    }

    /// Asks the CPU for element `i`'s cache line ahead of a write (a hint; no effect on values).
    @inline(__always)
    func prefetch(_ i: Int) {
        chunks[i &>> shift].withUnsafeBufferPointer { cp_prefetch_write($0.baseAddress! + (i & ((1 << shift) - 1))) }
    }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count & ((1 << shift) - 1) == 0 { chunks.append(ChunkedArray.newChunk(1 << shift)) }
        chunks[chunks.count - 1].append(value)
        count += 1
    }

    mutating func append(repeating value: Element, count n: Int) {
        for _ in 0..<n { append(value) }
    }

    /// An empty chunk with room for all its elements. Reserved whole rather than grown by
    /// doubling: pages are only resident once written, and growing many chunks side by side left
    /// the freed smaller buffers behind in the heap (measured: 159 bytes/pin at a million pins
    /// with doubling).
    static func newChunk(_ size: Int) -> [Element] {
        var c = [Element]()
        c.reserveCapacity(size)
        return c
    }

    /// Calls `body` with each chunk in order and the index of its first element.
    @inline(__always)
    func forEachChunk(_ body: (_ first: Int, UnsafeBufferPointer<Element>) throws -> Void) rethrows {
        for c in chunks.indices {
            try chunks[c].withUnsafeBufferPointer { try body(c << shift, $0) }
        }
    }

    /// Calls `body` with each chunk, mutably, and the index of its first element.
    mutating func forEachChunkMutating(_ body: (_ first: Int, inout UnsafeMutableBufferPointer<Element>) -> Void) {
        for c in chunks.indices {
            chunks[c].withUnsafeMutableBufferPointer { body(c << shift, &$0) }
        }
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
