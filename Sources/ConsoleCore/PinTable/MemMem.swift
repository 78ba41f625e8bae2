import Foundation

/// glibc's `memmem` (SSE two-way search), looked up at run time because Glibc's Swift module
/// does not declare it (it is a GNU extension). Falls back to a first-byte `memchr` loop where
/// the symbol is missing.
enum MemMem {
    typealias Fn = @convention(c) (UnsafeRawPointer?, Int, UnsafeRawPointer?, Int) -> UnsafeMutableRawPointer?
    static let glibc: Fn? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "memmem").map { unsafeBitCast($0, to: Fn.self) }

    /// First occurrence of `needle` (m > 0 bytes) in `hay` (n bytes), or nil.
    @inline(__always)
    static func find(_ hay: UnsafePointer<UInt8>, _ n: Int, _ needle: UnsafePointer<UInt8>, _ m: Int) -> UnsafeMutableRawPointer? {
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
}
