/// Substring search over a whole arena of strings (``ChunkedArena``), marking the strings that
/// contain a needle: the text scan of a filter keystroke.
///
/// Why SIMD: a scan of a million CIDs (59 MB) with `memchr`/`memmem` or 8-byte SWAR took 15-25 ms
/// of CPU, far from the memory's ~20 GB/s; comparing 16 bytes at once (the first two needle
/// bytes at every position, then verifying) took 5-10 ms in a standalone measurement on this
/// machine kind. `any()` on a SIMD mask compiles to a slow reduction tree on baseline x86-64, so
/// masks are reduced through two 64-bit lanes instead.
enum ArenaSearch {
    @inline(__always)
    static func nonzero(_ m: SIMDMask<SIMD16<Int8>>) -> Bool {
        let v = unsafeBitCast(m, to: SIMD2<UInt64>.self)
        return v[0] | v[1] != 0
    }

    /// Sets bit `first + k` in `bits` for each string k of the arena (`bytes`, `ends`) that
    /// contains `needle` (at least one byte): exactly, or ASCII case-insensitively when `caseless`
    /// (then `needle` must be lower-case already). A hit skips the rest of its string.
    static func mark(_ bytes: UnsafeBufferPointer<UInt8>, _ ends: UnsafeBufferPointer<UInt32>, first: Int,
                     needle: UnsafeBufferPointer<UInt8>, caseless: Bool, into bits: UnsafeMutablePointer<UInt64>) {
        guard let base = bytes.baseAddress, !ends.isEmpty else { return }
        let m = needle.count, total = bytes.count
        let a = needle[0], b = m > 1 ? needle[1] : 0
        // For a letter, OR-ing 0x20 folds case (and maps a few symbols onto letters: harmless,
        // every candidate is verified byte by byte).
        let foldA: UInt8 = caseless && a &- 97 < 26 ? 0x20 : 0, foldB: UInt8 = caseless && b &- 97 < 26 ? 0x20 : 0
        let va = SIMD16<UInt8>(repeating: a), vb = SIMD16<UInt8>(repeating: b)
        let fa = SIMD16<UInt8>(repeating: foldA), fb = SIMD16<UInt8>(repeating: foldB)
        let raw = UnsafeRawPointer(base)
        var k = 0
        @inline(__always) func low(_ x: UInt8) -> UInt8 { caseless ? TextMatcher.lower(x) : x }
        /// Whether the needle is at `j`; if so marks its string and returns where the string ends.
        @inline(__always) func hit(_ j: Int) -> Int? {
            guard low(base[j]) == a else { return nil }
            while Int(ends[k]) <= j { k &+= 1 }
            let end = Int(ends[k])
            guard j &+ m <= end else { return nil }
            var t = 1
            while t < m && low(base[j &+ t]) == needle[t] { t &+= 1 }
            guard t == m else { return nil }
            let s = first &+ k
            bits[s &>> 6] |= 1 &<< UInt64(s & 63)
            return end
        }
        var i = 0
        scan: while i &+ m <= total {
            if i &+ 17 <= total {
                var mk = (raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self) | fa) .== va
                if m > 1 { mk = mk .& ((raw.loadUnaligned(fromByteOffset: i &+ 1, as: SIMD16<UInt8>.self) | fb) .== vb) }
                guard nonzero(mk) else {
                    i &+= 16
                    continue
                }
                for j in i..<(i &+ 16) {
                    if let end = hit(j) {
                        i = end
                        continue scan
                    }
                }
                i &+= 16
            } else {
                if let end = hit(i) { i = end } else { i &+= 1 }
            }
        }
    }

    /// Sets bit `first + k` for each string k that contains the byte `c` (or, when `caseless`
    /// and `c` is a lower-case letter, its upper case): string by string, as one byte hits most
    /// strings (about twice per base32 CID), so a whole-arena search would stop at nearly every
    /// string (a one-letter name scan took 13 ms per half a million names that way). Each string
    /// is compared 16 bytes at a time (the last block overlapping the one before it). OR-ing
    /// 0x20 is exact here: only `c` and its upper case give `c` when `c` is a lower-case letter.
    static func markContainingByte(_ bytes: UnsafeBufferPointer<UInt8>, _ ends: UnsafeBufferPointer<UInt32>, first: Int,
                                   _ c: UInt8, caseless: Bool, into bits: UnsafeMutablePointer<UInt64>) {
        guard let base = bytes.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        let fold: UInt8 = caseless && c &- 97 < 26 ? 0x20 : 0
        let vc = SIMD16<UInt8>(repeating: c), vf = SIMD16<UInt8>(repeating: fold)
        var start = 0
        for k in 0..<ends.count {
            let end = Int(ends[k])
            var found = false
            if end &- start >= 16 {
                var acc = (raw.loadUnaligned(fromByteOffset: end &- 16, as: SIMD16<UInt8>.self) | vf) .== vc
                var i = start
                while i &+ 16 < end {
                    acc = acc .| ((raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self) | vf) .== vc)
                    i &+= 16
                }
                found = nonzero(acc)
            } else {
                var i = start
                while i < end && base[i] | fold != c { i &+= 1 }
                found = i < end
            }
            if found {
                let s = first &+ k
                bits[s &>> 6] |= 1 &<< UInt64(s & 63)
            }
            start = end
        }
    }
}
