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

/// Interns byte strings (names, error texts, unrecognised statuses) into one arena, so that a
/// text repeated on a million pins is stored once and a row holds a 4-byte id. Lookup is an
/// open-addressing table of ids, not a `Dictionary<String, _>`, so a lookup from the decoder
/// allocates nothing. Id 0 is always the empty string.
struct ByteInterner: Sendable {
    private(set) var bytes: [UInt8] = []
    /// `starts[id] ..< starts[id + 1]` is the text of `id`.
    private(set) var starts: [UInt32] = [0, 0]
    /// id + 1 per slot, 0 = empty; power-of-two size, kept under half full.
    private var slots: [UInt32] = Array(repeating: 0, count: 64)

    var count: Int { starts.count - 1 }

    /// Asks for the cache line of the text's slot before `intern` needs it (see
    /// `PinTable.prefetchRow`: names are mostly new, so their slot is a cache miss).
    @inline(__always)
    func prefetch(_ p: UnsafePointer<UInt8>, _ n: Int) {
        guard n > 0 else { return }
        let i = Int(truncatingIfNeeded: hashBytes(p, n)) & (slots.count - 1)
        slots.withUnsafeBufferPointer { cp_prefetch_write($0.baseAddress! + i) }
    }

    mutating func intern(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
        if n == 0 { return 0 }
        let h = hashBytes(p, n)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        let found: UInt32? = slots.withUnsafeBufferPointer { sl in
            bytes.withUnsafeBufferPointer { by in
                starts.withUnsafeBufferPointer { st in
                    while true {
                        let s = sl[i]
                        if s == 0 { return nil }
                        let id = Int(s - 1)
                        let a = Int(st[id]), b = Int(st[id + 1])
                        if b - a == n && sameBytes(by.baseAddress! + a, p, n) { return UInt32(id) }
                        i = (i + 1) & mask
                    }
                }
            }
        }
        if let found { return found }
        let id = UInt32(count)
        bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        starts.append(UInt32(bytes.count))
        slots[i] = id + 1
        if count * 2 > slots.count { rehash(slots.count * 2) }
        return id
    }

    mutating func intern(_ s: String) -> UInt32 {
        var s = s
        return s.withUTF8 { u in u.count == 0 ? 0 : intern(u.baseAddress!, u.count) }
    }

    private mutating func rehash(_ size: Int) {
        var fresh = [UInt32](repeating: 0, count: size)
        let mask = size - 1
        bytes.withUnsafeBufferPointer { by in
            for id in 1..<count {
                let a = Int(starts[id]), b = Int(starts[id + 1])
                var i = Int(truncatingIfNeeded: hashBytes(by.baseAddress! + a, b - a)) & mask
                while fresh[i] != 0 { i = (i + 1) & mask }
                fresh[i] = UInt32(id + 1)
            }
        }
        slots = fresh
    }

    func string(_ id: UInt32) -> String {
        let a = Int(starts[Int(id)]), b = Int(starts[Int(id) + 1])
        return String(decoding: bytes[a..<b], as: UTF8.self)
    }

    func length(_ id: UInt32) -> Int { Int(starts[Int(id) + 1] - starts[Int(id)]) }

}
