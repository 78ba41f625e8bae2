import Glibc

/// Substring search on UTF-8 bytes via memchr/memcmp. The parsers and the triage classifier run
/// on every ingested line; the generic `String` algorithms cost tens of microseconds per line in
/// debug builds (what tests and `swift run` use), these cost well under one.
enum ByteSearch {
    static func find(_ needle: StaticString, in hay: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Int? {
        needle.withUTF8Buffer { find($0, in: hay, from: from) }
    }

    static func find(_ n: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Int? {
        guard let nb = n.baseAddress, !n.isEmpty else { return from }
        guard let hb = hay.baseAddress, from >= 0, hay.count - from >= n.count else { return nil }
        let last = hay.count - n.count
        var i = from
        let first = Int32(nb[0])
        while i <= last {
            guard let hit = memchr(hb + i, first, last - i + 1) else { return nil }
            let j = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - hb
            if n.count == 1 || memcmp(hb + j + 1, nb + 1, n.count - 1) == 0 { return j }
            i = j + 1
        }
        return nil
    }

    static func contains(_ needle: StaticString, in hay: UnsafeBufferPointer<UInt8>) -> Bool {
        find(needle, in: hay) != nil
    }

    static func hasPrefix(_ needle: StaticString, _ hay: UnsafeBufferPointer<UInt8>, at: Int = 0) -> Bool {
        needle.withUTF8Buffer { n in
            guard hay.count - at >= n.count, let hb = hay.baseAddress, let nb = n.baseAddress else { return n.isEmpty }
            return memcmp(hb + at, nb, n.count) == 0
        }
    }

    static func index(of byte: UInt8, in hay: UnsafeBufferPointer<UInt8>, from: Int, to end: Int? = nil) -> Int? {
        let end = end ?? hay.count
        guard let hb = hay.baseAddress, from < end else { return nil }
        guard let hit = memchr(hb + from, Int32(byte), end - from) else { return nil }
        return UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - hb
    }

    static func string(_ p: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> String {
        guard a < b else { return "" }
        return String(decoding: UnsafeBufferPointer(rebasing: p[a..<b]), as: UTF8.self)
    }
}
