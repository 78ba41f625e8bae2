import CPrefetch
import Foundation

/// Hashes a byte range 8 bytes at a time: interning and CID lookup hash every key they see,
/// so this sits on the ingestion hot path. Not cryptographic; collisions are resolved by
/// comparing bytes.
@inlinable @inline(__always)
func hashBytes(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ (UInt64(truncatingIfNeeded: n) &* 0xFF51_AFD7_ED55_8CCD)
    let raw = UnsafeRawPointer(p)
    var i = 0
    while i &+ 8 <= n {
        let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        h = (h ^ w) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 31
        i &+= 8
    }
    if i < n {
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(p[i]) << shift
            shift &+= 8
            i &+= 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
    }
    h ^= h >> 29
    h = h &* 0xFF51_AFD7_ED55_8CCD
    h ^= h >> 32
    return h
}

/// Whether `n` bytes at `a` and `b` are equal, compared a word at a time inline (overlapping
/// loads, never past `n`). Why not memcmp: keys, peer ids and times are 3-60 bytes, and the
/// call through the PLT cost more than the compare (7.4% of a `/pins` decode in `perf`).
@inlinable @inline(__always)
func sameBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
    if n >= 8 {
        var i = 0
        while i &+ 8 <= n {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i &+= 8
        }
        return i == n || a.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
    }
    if n >= 4 {
        return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
            && a.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
    }
    var i = 0
    while i < n {
        if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        i &+= 1
    }
    return true
}

/// Interns byte strings (names, error texts, unrecognised statuses) into chunked arenas, so
/// that a text repeated on a million pins is stored once and a row holds a 4-byte id. Lookup is
/// an open-addressing table of ids, not a `Dictionary<String, _>`, so a lookup from the decoder
/// allocates nothing. Id 0 is always the empty string.
struct ByteInterner: Sendable {
    private(set) var texts = ChunkedArena()
    /// id + 1 per slot, 0 = empty; power-of-two size, kept at most 3/4 full.
    private var slots = HashSlots()

    init() { texts.append(nil, 0) }

    var count: Int { texts.count }

    /// Asks for the cache line of the slot of a text with hash `h` (`hashBytes` of its bytes)
    /// before `intern` needs it (see `PinTable.prefetchRow`: names are mostly new, so their slot
    /// is a cache miss).
    @inline(__always)
    func prefetch(hash h: UInt64) {
        slots.prefetch(h)
    }

    mutating func intern(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
        n == 0 ? 0 : intern(p, n, hash: hashBytes(p, n))
    }

    /// `intern` for a text whose `hashBytes` the caller has (see `PinTable.rowForUpsert(_:_:hash:)`).
    mutating func intern(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt64) -> UInt32 {
        if n == 0 { return 0 }
        let (found, slot) = slots.probe(h) { texts.equals(Int($0), p, n) }
        if let found { return found }
        let id = UInt32(count)
        texts.append(p, n)
        // Id 0 (the empty string) is never in the index.
        slots.insert(id, hash: h, at: slot) { $0 == 0 ? nil : texts.hash(Int($0)) }
        return id
    }

    mutating func intern(_ s: String) -> UInt32 {
        var s = s
        return s.withUTF8 { u in u.count == 0 ? 0 : intern(u.baseAddress!, u.count) }
    }

    func string(_ id: UInt32) -> String { texts.string(Int(id)) }

    func length(_ id: UInt32) -> Int { texts.length(Int(id)) }
}
