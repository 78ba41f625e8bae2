import Foundation

/// Pair search for the per-row text test (``TextMatcher/contains``): a CID or name is tens of
/// bytes, where a call to glibc's `memmem` cost more than the search (a two-letter keystroke at a
/// million pins: 37 ms with `memmem`, 25 ms with a first-byte `memchr` loop, less with this).
/// Whole arenas are searched with ``ArenaSearch`` instead.
enum MemMem {
    /// Offset of the first `a` directly followed by `b`. A word's byte is zero in
    /// `(w ^ aaaa...) | (w' ^ bbbb...)`, w' being the word one byte on, exactly where the pair
    /// starts; the zero-byte test only says whether to look at the word's eight positions.
    static func findPair(_ hay: UnsafePointer<UInt8>, _ n: Int, _ a: UInt8, _ b: UInt8) -> Int? {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let pa = UInt64(a) &* ones, pb = UInt64(b) &* ones
        let raw = UnsafeRawPointer(hay)
        var i = 0
        while i + 9 <= n {
            let z = (raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ pa)
                | (raw.loadUnaligned(fromByteOffset: i + 1, as: UInt64.self) ^ pb)
            if (z &- ones) & ~z & highs != 0 {
                for k in i..<(i + 8) where hay[k] == a && hay[k + 1] == b { return k }
            }
            i += 8
        }
        while i + 2 <= n {
            if hay[i] == a && hay[i + 1] == b { return i }
            i += 1
        }
        return nil
    }
}
