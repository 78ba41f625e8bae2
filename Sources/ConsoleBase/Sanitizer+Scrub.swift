extension Sanitizer {
    /// The slow path shared by every policy: walks the scalars once, dropping escape sequences and
    /// rewriting what the policy says. `p` may hold invalid UTF-8.
    static func scrub(_ p: UnsafeBufferPointer<UInt8>, _ policy: Policy) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(p.count + 16)
        var last: UInt32 = 0 // the last scalar written, for the terminal's ZWJ rule
        var i = 0
        while i < p.count {
            let b = p[i]
            if b >= 0x20 && b < 0x7F {
                out.append(b)
                last = UInt32(b)
                i += 1
                continue
            }
            if b == 0x1B {
                i = EscapeSequence.end(ofESCAt: i, in: p)
                continue
            }
            if b == 0xC2, i + 1 < p.count, (0x80...0x9F).contains(p[i + 1]),
               let end = EscapeSequence.end(ofC1At: i, in: p) {
                i = end
                continue
            }
            let (v, length) = UTF8Scalars.decode(p, at: i)
            i += length
            if policy == .terminal, v == 0x200D, isEmoji(last) {
                i = endOfJoinedEmoji(after: i, in: p)
                continue
            }
            if let v = replacement(for: v, policy, into: &out) { UTF8Scalars.append(v, to: &out); last = v }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// What `v` (not printable ASCII, not part of an escape sequence) becomes: a scalar to write,
    /// or nil when it was dropped or already written as an ASCII escape.
    @inline(__always)
    private static func replacement(for v: UInt32, _ policy: Policy, into out: inout [UInt8]) -> UInt32? {
        let visible = policy == .terminal || policy == .logLine // Control Pictures, not `\u{..}`
        switch v {
        case 0x09:
            return policy == .logLine ? v : 0x20
        case 0x00...0x1F:
            if visible { return 0x2400 + v }
        case 0x7F:
            if visible { return 0x2421 }
        case 0x80...0x9F:
            if visible { return 0xFFFD }
        case 0x2028, 0x2029:
            if policy == .terminal { return 0x20 }
            if policy == .logLine { return 0xFFFD }
        case _ where isBidiControl(v):
            if policy == .terminal { return nil }
            if policy == .logLine { return 0xFFFD }
        default:
            return policy == .terminal ? terminalScalar(v) : v
        }
        escape(v, into: &out)
        return nil
    }

    /// The terminal's rules for a scalar outside the control ranges.
    private static func terminalScalar(_ v: UInt32) -> UInt32? {
        switch v {
        case 0xFE00...0xFE0F, 0x1F3FB...0x1F3FF, 0xE0000...0xE007F, 0xE0100...0xE01EF:
            return nil // variation selectors, skin tones, tags
        case 0xFDD0...0xFDEF:
            return 0xFFFD
        case _ where v & 0xFFFE == 0xFFFE:
            return 0xFFFD // noncharacters
        default:
            guard v >= 0xA0, let s = Unicode.Scalar(v) else { return v }
            return s.properties.generalCategory == .format ? nil : v
        }
    }

    /// `\u{1b}`: visible, ASCII, and unambiguous when pasted.
    private static func escape(_ v: UInt32, into out: inout [UInt8]) {
        out.append(contentsOf: #"\u{"#.utf8)
        out.append(contentsOf: String(v, radix: 16).utf8)
        out.append(UInt8(ascii: "}"))
    }

    /// Bidi embeddings, overrides, isolates and marks: they reorder how text is displayed.
    private static func isBidiControl(_ v: UInt32) -> Bool {
        (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
    }

    private static func isEmoji(_ v: UInt32) -> Bool {
        v > 0xFF && (Unicode.Scalar(v)?.properties.isEmoji ?? false)
    }

    /// After a ZWJ that follows an emoji: skips the joined emoji and the modifiers around it, so
    /// the sequence collapses to its first emoji.
    private static func endOfJoinedEmoji(after start: Int, in p: UnsafeBufferPointer<UInt8>) -> Int {
        var i = start
        func skipTails() {
            while i < p.count {
                let (v, n) = UTF8Scalars.decode(p, at: i)
                guard (0xFE00...0xFE0F).contains(v) || (0x1F3FB...0x1F3FF).contains(v)
                    || (0xE0020...0xE007F).contains(v) else { return }
                i += n
            }
        }
        skipTails()
        if i < p.count { i += UTF8Scalars.decode(p, at: i).length }
        skipTails()
        return i
    }
}
