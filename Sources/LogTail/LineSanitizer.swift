/// Turns untrusted bytes of one log line into text that is safe to store, search, save and draw.
///
/// Done at ingestion (the terminal layer sanitises again at draw time) so that saved files and
/// search see the same clean text the operator sees, and so that a hostile or broken writer cannot
/// move the cursor, change colours, retitle the terminal or blow up memory with a 1 MB line.
///
/// - ANSI/ECMA-48 escape sequences (CSI, OSC, DCS, SOS, PM, APC, two- and three-byte ESC forms) and
///   their 8-bit C1 forms are removed.
/// - Other C0 controls and DEL become their visible Control Pictures (U+2400 block); other C1
///   controls, bidi overrides and line/paragraph separators become U+FFFD. TAB is kept (go-log
///   fields are tab-separated; parsers split on it).
/// - Invalid UTF-8 is repaired with U+FFFD.
/// - Lines longer than `maxLineBytes` are cut on a character boundary and end with `… [cut N bytes]`.
public struct LineSanitizer: Sendable {
    public var maxLineBytes: Int

    public init(maxLineBytes: Int = 4096) {
        self.maxLineBytes = max(16, maxLineBytes)
    }

    /// The marker appended to cut lines; public so views and tests can recognise it.
    public static func cutMarker(_ n: Int) -> String { "… [cut \(n) bytes]" }

    public func sanitize(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { sanitize($0, alreadyCut: 0) }
    }

    public func sanitize(_ bytes: [UInt8], alreadyCut: Int = 0) -> String {
        bytes.withUnsafeBufferPointer { sanitize($0, alreadyCut: alreadyCut) }
    }

    /// - Parameter alreadyCut: bytes of this line already dropped upstream (the line splitter keeps
    ///   at most `maxLineBytes` of a line in memory); they are added to the cut marker's count.
    public func sanitize(_ input: UnsafeBufferPointer<UInt8>, alreadyCut: Int) -> String {
        var limit = input.count
        var cut = alreadyCut
        if limit > maxLineBytes {
            limit = maxLineBytes
            // Do not split a UTF-8 sequence: back off continuation bytes.
            var back = 0
            while limit > 0, back < 3, input[limit] & 0xC0 == 0x80 { limit -= 1; back += 1 }
            cut += input.count - limit
        }
        if cut == 0, limit > 0, input[limit - 1] == 0x0D { limit -= 1 }  // CRLF files

        var clean = true
        for i in 0..<limit {
            let b = input[i]
            if b < 0x20 && b != 0x09 || b >= 0x7F { clean = false; break }
        }
        var text: String
        if clean {
            text = String(decoding: UnsafeBufferPointer(rebasing: input[0..<limit]), as: UTF8.self)
        } else {
            text = String(decoding: scrub(input, limit: limit), as: UTF8.self)
        }
        if cut > 0 { text += Self.cutMarker(cut) }
        return text
    }

    private func scrub(_ input: UnsafeBufferPointer<UInt8>, limit: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(limit)
        var i = 0
        while i < limit {
            let b = input[i]
            if b == 0x1B {
                i = Self.skipEscape(input, at: i, limit: limit)
                continue
            }
            if b < 0x20 && b != 0x09 {
                out.append(contentsOf: [0xE2, 0x90, 0x80 + b])  // U+2400 + b
                i += 1
                continue
            }
            if b == 0x7F {
                out.append(contentsOf: [0xE2, 0x90, 0xA1])  // U+2421 SYMBOL FOR DELETE
                i += 1
                continue
            }
            if b == 0xC2, i + 1 < limit, (0x80...0x9F).contains(input[i + 1]) {
                i = Self.skipC1(input, at: i, limit: limit, into: &out)
                continue
            }
            if b == 0xE2, i + 2 < limit {
                let b1 = input[i + 1], b2 = input[i + 2]
                // U+2028/2029 separators, U+202A–202E bidi embeddings/overrides, U+2066–2069 isolates.
                if b1 == 0x80 && (0xA8...0xAE).contains(b2) || b1 == 0x81 && (0xA6...0xA9).contains(b2) {
                    out.append(contentsOf: Self.replacement)
                    i += 3
                    continue
                }
            }
            out.append(b)
            i += 1
        }
        return out
    }

    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// Returns the index after the escape sequence starting at `start` (an ESC byte).
    static func skipEscape(_ p: UnsafeBufferPointer<UInt8>, at start: Int, limit: Int) -> Int {
        var j = start + 1
        guard j < limit else { return j }
        let n = p[j]
        switch n {
        case UInt8(ascii: "["):
            return skipCSIBody(p, from: j + 1, limit: limit)
        case UInt8(ascii: "]"), UInt8(ascii: "P"), UInt8(ascii: "X"), UInt8(ascii: "^"), UInt8(ascii: "_"):
            return skipStringBody(p, from: j + 1, limit: limit)
        case 0x20...0x2F:
            // nF sequences such as ESC ( B: intermediates then one final byte.
            while j < limit, (0x20...0x2F).contains(p[j]) { j += 1 }
            if j < limit, (0x30...0x7E).contains(p[j]) { j += 1 }
            return j
        case 0x30...0x7E:
            return j + 1
        default:
            return j  // lone ESC: drop it, keep what follows
        }
    }

    /// CSI parameters and intermediates, then the final byte.
    static func skipCSIBody(_ p: UnsafeBufferPointer<UInt8>, from: Int, limit: Int) -> Int {
        var j = from
        while j < limit, (0x20...0x3F).contains(p[j]) { j += 1 }
        if j < limit, (0x40...0x7E).contains(p[j]) { j += 1 }
        return j
    }

    /// OSC/DCS/SOS/PM/APC bodies end with BEL, ESC \ or the 8-bit ST; unterminated ones run to the end.
    static func skipStringBody(_ p: UnsafeBufferPointer<UInt8>, from: Int, limit: Int) -> Int {
        var j = from
        while j < limit {
            let c = p[j]
            if c == 0x07 { return j + 1 }
            if c == 0x1B { return j + 1 < limit && p[j + 1] == UInt8(ascii: "\\") ? j + 2 : j + 1 }
            if c == 0xC2, j + 1 < limit, p[j + 1] == 0x9C { return j + 2 }
            j += 1
        }
        return limit
    }

    /// 8-bit C1 controls (UTF-8 encoded U+0080–U+009F): CSI/OSC/DCS/... swallow their bodies too.
    static func skipC1(_ p: UnsafeBufferPointer<UInt8>, at i: Int, limit: Int, into out: inout [UInt8]) -> Int {
        let c = p[i + 1]
        switch c {
        case 0x9B: return skipCSIBody(p, from: i + 2, limit: limit)
        case 0x9D, 0x90, 0x98, 0x9E, 0x9F: return skipStringBody(p, from: i + 2, limit: limit)
        default:
            out.append(contentsOf: replacement)
            return i + 2
        }
    }
}
