/// Finds where an ECMA-48 escape sequence ends, so that sanitisers drop it whole.
///
/// Works on UTF-8 bytes: every byte of a sequence's structure is ASCII, except the 8-bit C1
/// introducers and ST, which arrive as the two-byte UTF-8 forms `C2 80`...`C2 9F`.
enum EscapeSequence {
    /// The index after the sequence that starts with the ESC at `start`. A lone ESC (followed by
    /// nothing that forms a sequence) is dropped on its own and what follows is kept.
    static func end(ofESCAt start: Int, in p: UnsafeBufferPointer<UInt8>) -> Int {
        var j = start + 1
        guard j < p.count else { return j }
        switch p[j] {
        case UInt8(ascii: "["):
            return end(ofCSIBodyAt: j + 1, in: p)
        case UInt8(ascii: "]"), UInt8(ascii: "P"), UInt8(ascii: "X"), UInt8(ascii: "^"), UInt8(ascii: "_"):
            return end(ofStringBodyAt: j + 1, in: p)
        case 0x20...0x2F:
            // nF escapes such as ESC ( B: intermediates, then one final byte.
            while j < p.count, (0x20...0x2F).contains(p[j]) { j += 1 }
            if j < p.count, (0x30...0x7E).contains(p[j]) { j += 1 }
            return j
        case 0x30...0x7E:
            return j + 1
        default:
            return j
        }
    }

    /// The index after the sequence whose 8-bit C1 introducer (`C2 xx`) is at `start`, or nil when
    /// that C1 control introduces nothing (it is then a lone control for the policy to show).
    static func end(ofC1At start: Int, in p: UnsafeBufferPointer<UInt8>) -> Int? {
        switch p[start + 1] {
        case 0x9B: return end(ofCSIBodyAt: start + 2, in: p)
        case 0x90, 0x98, 0x9D, 0x9E, 0x9F: return end(ofStringBodyAt: start + 2, in: p)
        default: return nil
        }
    }

    /// CSI parameters and intermediates (0x20...0x3F), then the final byte (0x40...0x7E). A byte
    /// outside both ranges ends a malformed sequence and is kept.
    static func end(ofCSIBodyAt from: Int, in p: UnsafeBufferPointer<UInt8>) -> Int {
        var j = from
        while j < p.count, (0x20...0x3F).contains(p[j]) { j += 1 }
        if j < p.count, (0x40...0x7E).contains(p[j]) { j += 1 }
        return j
    }

    /// OSC/DCS/SOS/PM/APC bodies end with BEL, `ESC \` or the 8-bit ST; another ESC ends the body
    /// and starts a sequence of its own; unterminated bodies run to the end.
    static func end(ofStringBodyAt from: Int, in p: UnsafeBufferPointer<UInt8>) -> Int {
        var j = from
        while j < p.count {
            let c = p[j]
            if c == 0x07 { return j + 1 }
            if c == 0x1B { return j + 1 < p.count && p[j + 1] == UInt8(ascii: "\\") ? j + 2 : j }
            if c == 0xC2, j + 1 < p.count, p[j + 1] == 0x9C { return j + 2 }
            j += 1
        }
        return p.count
    }
}
