import Foundation

/// glibc's `memmem` (SSE two-way search), looked up at run time because Glibc's Swift module
/// does not declare it (it is a GNU extension). Falls back to a first-byte `memchr` loop where
/// the symbol is missing.
enum MemMem {
    typealias Fn = @convention(c) (UnsafeRawPointer?, Int, UnsafeRawPointer?, Int) -> UnsafeMutableRawPointer?
    static let glibc: Fn? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "memmem").map { unsafeBitCast($0, to: Fn.self) }

    /// First occurrence of `needle` (m > 0 bytes) in `hay` (n bytes), or nil. Two bytes are
    /// searched eight positions at a time here: glibc's `memmem` is slower than a first-byte
    /// `memchr` loop for them (a two-letter keystroke at a million pins: 37 ms vs 25 ms; this: see
    /// console-bench figure 4).
    @inline(__always)
    static func find(_ hay: UnsafePointer<UInt8>, _ n: Int, _ needle: UnsafePointer<UInt8>, _ m: Int) -> UnsafeMutableRawPointer? {
        if m == 2 { return findPair(hay, n, needle[0], needle[1]).map { UnsafeMutableRawPointer(mutating: hay + $0) } }
        if let f = glibc { return f(hay, n, needle, m) }
        return fallback(hay, n, needle, m)
    }

    static func fallback(_ hay: UnsafePointer<UInt8>, _ n: Int, _ needle: UnsafePointer<UInt8>, _ m: Int) -> UnsafeMutableRawPointer? {
        var pos = 0
        while pos + m <= n {
            guard let hit = memchr(hay + pos, Int32(needle[0]), n - pos - m + 1) else { return nil }
            let at = UnsafeRawPointer(hit) - UnsafeRawPointer(hay)
            if memcmp(hay + at, needle, m) == 0 { return hit }
            pos = at + 1
        }
        return nil
    }

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
