import Foundation

/// Byte strings (CIDs by row, interned names and errors by id) packed into arenas of 16 Ki
/// strings each. A string never spans two arenas, so a scan runs `memchr` over one contiguous
/// arena at a time, and a copy of the table shares the arenas: appending after a copy duplicates
/// only the last arena (about 1 MB of CIDs), see ``ChunkedArray``.
struct ChunkedArena: Sendable {
    struct Arena: Sendable {
        var bytes: [UInt8] = []
        /// End offset in `bytes` of each string; string k starts where k - 1 ends (0 for k = 0).
        var ends: [UInt32] = []
    }

    static let shift = 14
    static let mask = (1 << shift) - 1
    /// Every arena but the last, each holding exactly 16 Ki strings.
    private var full: [Arena] = []
    /// The last arena, never full, kept apart so an append checks the uniqueness of its two
    /// buffers only, not of the outer array too (see ``ChunkedArray``'s `tail`).
    private var tail = Arena()
    private(set) var count = 0
    /// Bytes of all strings.
    private(set) var byteCount = 0

    /// The arenas in order (tests; the last one may be partial).
    var arenas: [Arena] { tail.ends.isEmpty ? full : full + [tail] }

    mutating func append(_ p: UnsafePointer<UInt8>?, _ n: Int) {
        if count == ChunkedArray<UInt8>.smallChunk { ChunkedArena.reserveWhole(&tail) }
        if let p, n > 0 { tail.bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: n)) }
        tail.ends.append(UInt32(tail.bytes.count))
        count += 1
        byteCount += n
        if count & ChunkedArena.mask == 0 { moveFullTail() }
    }

    /// Moves the filled last arena to `full` and starts the next one reserved whole (pages become
    /// resident only when written, see ChunkedArray.newChunk). The first arena's first strings
    /// grow by doubling, so a small table reserves no megabyte of string bytes.
    @inline(never)
    private mutating func moveFullTail() {
        full.append(tail)
        tail = Arena()
        ChunkedArena.reserveWhole(&tail)
    }

    @inline(never)
    private static func reserveWhole(_ a: inout Arena) {
        a.ends.reserveCapacity(ChunkedArena.mask + 1)
        a.bytes.reserveCapacity(max(a.bytes.count, (ChunkedArena.mask + 1) * 64))
    }

    /// The bytes of string `i` (a buffer without base address when empty).
    @inline(__always)
    func withBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let c = i &>> ChunkedArena.shift, k = i & ChunkedArena.mask
        // Each branch reads its arena in place (a shared helper taking the arrays copied them).
        if c < full.count {
            let start = k == 0 ? 0 : Int(full[c].ends[k - 1]), end = Int(full[c].ends[k])
            return try full[c].bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
        }
        let start = k == 0 ? 0 : Int(tail.ends[k - 1]), end = Int(tail.ends[k])
        return try tail.bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    @inline(__always)
    func equals(_ i: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        withBytes(i) { b in b.count == n && (n == 0 || sameBytes(b.baseAddress!, p, n)) }
    }

    func hash(_ i: Int) -> UInt64 {
        withBytes(i) { b in b.isEmpty ? 0 : hashBytes(b.baseAddress!, b.count) }
    }

    func length(_ i: Int) -> Int {
        withBytes(i) { $0.count }
    }

    func string(_ i: Int) -> String {
        withBytes(i) { String(decoding: $0, as: UTF8.self) }
    }

    /// Byte order of strings `x` and `y` (shorter first when one is a prefix of the other).
    @inline(__always)
    func compare(_ x: Int, _ y: Int) -> Int32 {
        withBytes(x) { a in
            withBytes(y) { b in
                let n = min(a.count, b.count)
                let c = n == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, n)
                if c != 0 { return c }
                return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
            }
        }
    }

    /// Calls `body` with arena `c`'s bytes and its strings' end offsets (string `c << shift | k`
    /// ends at `ends[k]`).
    @inline(__always)
    func withArena<R>(_ c: Int, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt32>) throws -> R) rethrows -> R {
        try arenas[c].bytes.withUnsafeBufferPointer { b in try arenas[c].ends.withUnsafeBufferPointer { e in try body(b, e) } }
    }

    /// Calls `body` with each arena in order, the index of its first string, its bytes and the
    /// strings' end offsets.
    func forEachArena(_ body: (_ first: Int, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt32>) throws -> Void) rethrows {
        func each(_ a: Arena, _ first: Int) throws {
            try a.bytes.withUnsafeBufferPointer { b in
                try a.ends.withUnsafeBufferPointer { e in try body(first, b, e) }
            }
        }
        for c in full.indices { try each(full[c], c << ChunkedArena.shift) }
        if !tail.ends.isEmpty { try each(tail, full.count << ChunkedArena.shift) }
    }
}
