/// Reads and writes Unicode scalars on raw UTF-8 bytes.
///
/// Why by hand: sanitisers take bytes straight from files and sockets, where invalid UTF-8 must
/// become U+FFFD without first building a repaired `String` (one allocation and copy per line).
enum UTF8Scalars {
    /// The scalar at `i` and its length in bytes; an invalid sequence yields U+FFFD and the length
    /// of its maximal invalid subpart (at least 1), as `String(decoding:as:)` repairs it.
    @inline(__always)
    static func decode(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> (scalar: UInt32, length: Int) {
        let b0 = p[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        let n = p.count
        @inline(__always) func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> UInt32? {
            guard k < n, p[k] >= lo, p[k] <= hi else { return nil }
            return UInt32(p[k] & 0x3F)
        }
        switch b0 {
        case 0xC2...0xDF:
            guard let c1 = cont(i + 1) else { return (0xFFFD, 1) }
            return (UInt32(b0 & 0x1F) << 6 | c1, 2)
        case 0xE0...0xEF:
            let lo: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80, hi: UInt8 = b0 == 0xED ? 0x9F : 0xBF
            guard let c1 = cont(i + 1, lo, hi) else { return (0xFFFD, 1) }
            guard let c2 = cont(i + 2) else { return (0xFFFD, 2) }
            return (UInt32(b0 & 0x0F) << 12 | c1 << 6 | c2, 3)
        case 0xF0...0xF4:
            let lo: UInt8 = b0 == 0xF0 ? 0x90 : 0x80, hi: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
            guard let c1 = cont(i + 1, lo, hi) else { return (0xFFFD, 1) }
            guard let c2 = cont(i + 2) else { return (0xFFFD, 2) }
            guard let c3 = cont(i + 3) else { return (0xFFFD, 3) }
            return (UInt32(b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3, 4)
        default:
            return (0xFFFD, 1)
        }
    }

    /// Appends `v` (a valid scalar value) as UTF-8.
    @inline(__always)
    static func append(_ v: UInt32, to out: inout [UInt8]) {
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(0xC0 | UInt8(v >> 6))
            out.append(0x80 | UInt8(v & 0x3F))
        case 0x800..<0x10000:
            out.append(0xE0 | UInt8(v >> 12))
            out.append(0x80 | UInt8(v >> 6 & 0x3F))
            out.append(0x80 | UInt8(v & 0x3F))
        default:
            out.append(0xF0 | UInt8(v >> 18))
            out.append(0x80 | UInt8(v >> 12 & 0x3F))
            out.append(0x80 | UInt8(v >> 6 & 0x3F))
            out.append(0x80 | UInt8(v & 0x3F))
        }
    }
}
