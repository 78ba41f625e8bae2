/// Makes text from outside (cluster API, log files, ECS exports) safe to put on a terminal.
///
/// Why: a log line or a pin name can carry escape sequences that move the cursor, change colours,
/// set the window title (OSC) or reorder text (bidi overrides). The cell buffer runs every string
/// through this, so nothing a remote party controls can act on the terminal; it is public so that
/// code that prints outside curses (headless commands) can use the same rules.
///
/// Rules:
/// - ESC sequences (CSI, OSC, DCS/SOS/PM/APC strings, two-byte escapes) and their C1 forms are
///   dropped entirely, parameters included.
/// - Other C0 controls and DEL become their visible Control Pictures (U+2400...U+2421); a tab
///   becomes one space; other C1 controls become U+FFFD.
/// - Bidi embeddings/overrides/isolates/marks and other format characters (ZWSP, BOM, soft hyphen,
///   tags) are dropped.
/// - Emoji ZWJ sequences collapse to their first emoji; variation selectors and skin-tone modifiers
///   are dropped (terminals and ncurses disagree on their width).
/// - Line/paragraph separators become a space.
public func sanitizeForTerminal(_ text: String) -> String {
    TerminalSanitizer.sanitize(text)
}

/// Namespace for the sanitiser so the rules can be unit-tested piecewise.
public enum TerminalSanitizer {
    /// See `sanitizeForTerminal(_:)`.
    public static func sanitize(_ text: String) -> String {
        // Fast path: printable ASCII only.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var out = String.UnicodeScalarView()
        var scalars = Array(text.unicodeScalars)
        var i = 0
        let n = scalars.count
        func skipString(from start: Int) -> Int {
            // Skips an OSC/DCS-style string up to BEL, ESC \ or C1 ST; returns the index after it.
            var j = start
            while j < n {
                let v = scalars[j].value
                if v == 0x07 || v == 0x9C { return j + 1 }
                if v == 0x1B {
                    if j + 1 < n, scalars[j + 1] == "\\" { return j + 2 }
                    return j // an ESC starts something new; let the main loop handle it
                }
                j += 1
            }
            return n
        }
        func skipCSI(from start: Int) -> Int {
            // Parameters and intermediates 0x20...0x3F, final byte 0x40...0x7E.
            var j = start
            while j < n {
                let v = scalars[j].value
                if v >= 0x40 && v <= 0x7E { return j + 1 }
                if v < 0x20 || v > 0x7E { return j } // malformed: stop before the stray scalar
                j += 1
            }
            return n
        }
        while i < n {
            let s = scalars[i]
            let v = s.value
            switch v {
            case 0x1B:
                guard i + 1 < n else { i = n; continue }
                let next = scalars[i + 1].value
                switch next {
                case 0x5B: i = skipCSI(from: i + 2) // [
                case 0x5D, 0x50, 0x58, 0x5E, 0x5F: i = skipString(from: i + 2) // ] P X ^ _
                case 0x20...0x2F: // ESC with intermediates, e.g. ESC ( B
                    var j = i + 1
                    while j < n, (0x20...0x2F).contains(scalars[j].value) { j += 1 }
                    i = min(n, j + 1)
                default: i += 2
                }
                continue
            case 0x9B: i = skipCSI(from: i + 1); continue
            case 0x9D, 0x90, 0x98, 0x9E, 0x9F: i = skipString(from: i + 1); continue
            case 0x09: out.append(" ")
            case 0x00...0x1F: out.append(Unicode.Scalar(0x2400 + v)!)
            case 0x7F: out.append("\u{2421}")
            case 0x80...0x9F: out.append("\u{FFFD}")
            case 0x2028, 0x2029: out.append(" ")
            case 0x200D:
                // ZWJ: inside an emoji sequence drop the joined scalar too; elsewhere drop the ZWJ.
                if let last = out.last, last.properties.isEmoji, last.value > 0xFF {
                    i += 1
                    while i < n, isEmojiTail(scalars[i]) { i += 1 }
                    if i < n { i += 1 } // the joined scalar
                    while i < n, isEmojiTail(scalars[i]) { i += 1 }
                    continue
                }
            case 0xFE00...0xFE0F, 0x1F3FB...0x1F3FF, 0xE0000...0xE007F, 0xE0100...0xE01EF:
                break // variation selectors, skin tones, tags
            default:
                if s.properties.generalCategory == .format || isBidiControl(v) { break }
                if s.properties.generalCategory == .unassigned, (0xFDD0...0xFDEF).contains(v) || (v & 0xFFFE) == 0xFFFE {
                    out.append("\u{FFFD}") // noncharacters
                    break
                }
                out.append(s)
            }
            i += 1
        }
        scalars.removeAll()
        return String(out)
    }

    private static func isEmojiTail(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0xFE00...0xFE0F).contains(v) || (0x1F3FB...0x1F3FF).contains(v) || (0xE0020...0xE007F).contains(v)
    }

    private static func isBidiControl(_ v: UInt32) -> Bool {
        (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
    }
}
