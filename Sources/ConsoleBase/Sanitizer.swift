/// The one place where text from outside (cluster API, log files, ECS exports, user input) is
/// made safe, under a policy named for where the text goes.
///
/// In every policy escape sequences are dropped whole, parameters included: CSI (`ESC [`), OSC,
/// DCS, SOS, PM and APC strings (ended by BEL, `ESC \` or ST, or by the end of the text), nF
/// escapes such as `ESC ( B`, two-byte escapes, and the 8-bit C1 forms of CSI and the strings.
/// Replacing only the ESC would leave `[31m` on screen and in files. Invalid UTF-8 (byte input)
/// becomes U+FFFD. The policies differ in what the remaining controls become.
public enum Sanitizer {
    public enum Policy: Sendable, Hashable {
        /// For cells on the terminal (the cell buffer runs every string through it). C0 controls and
        /// DEL become Control Pictures (U+2400...U+2421) so they stay visible in one cell; TAB becomes
        /// a space; other C1 controls and noncharacters become U+FFFD; bidi controls and other format
        /// characters (ZWSP, BOM, soft hyphen, tags) are dropped because they reorder or hide text;
        /// emoji ZWJ sequences collapse to their first emoji and variation selectors and skin tones
        /// are dropped, since ncurses and terminals disagree on their widths; line and paragraph
        /// separators become a space.
        case terminal
        /// For log lines at ingestion, before they are stored, searched, saved and drawn. Like
        /// ``terminal`` for C0/C1, but TAB is kept (go-log fields are tab-separated and the parsers
        /// split on it), and bidi controls and line/paragraph separators become U+FFFD so a saved
        /// file shows that something was there. Emoji and format characters are left as written:
        /// width handling is the terminal's business at draw time.
        case logLine
        /// For plain text printed by the headless commands (stdout, stderr), which may be piped to
        /// files or grep: controls, C1, bidi controls and line/paragraph separators become visible
        /// ASCII escapes such as `\u{7}`, TAB becomes a space; no credential redaction, because
        /// the output is the data the operator asked for.
        case plain
        /// For what is pasted into tickets and chat: incident snapshots (Markdown and JSON files) and
        /// error messages, which echo server text and user input. ``plain`` plus
        /// ``Redaction/redact(_:)`` (URL user info, bearer/basic credentials, `password=...`,
        /// `--basic-auth user:pass`, JWTs). Saved log files need no policy of their own: their lines
        /// were cleaned with ``logLine`` when they were read.
        case report
    }

    /// `text` made safe for `policy`.
    public static func clean(_ text: String, for policy: Policy) -> String {
        if policy != .report, isInert(text, keepTabs: policy == .logLine) { return text }
        var copy = text
        let out = copy.withUTF8 { scrub($0, policy) }
        return policy == .report ? Redaction.redact(out) : out
    }

    /// `text` made safe for `policy` and cut to at most `limit` characters, the last one being `…`.
    public static func clean(_ text: String, for policy: Policy, limit: Int) -> String {
        truncate(clean(text, for: policy), limit: limit)
    }

    /// UTF-8 bytes (possibly invalid) made safe for `policy`.
    public static func clean(_ bytes: UnsafeBufferPointer<UInt8>, for policy: Policy) -> String {
        if policy != .report, isInert(bytes, keepTabs: policy == .logLine) { return String(decoding: bytes, as: UTF8.self) }
        let out = scrub(bytes, policy)
        return policy == .report ? Redaction.redact(out) : out
    }

    /// Cuts `text` to at most `limit` characters, ending with `…` when something was cut.
    public static func truncate(_ text: String, limit: Int) -> String {
        guard text.utf8.count > limit, text.count > limit else { return text }
        return String(text.prefix(max(0, limit - 1))) + "…"
    }

    /// True when every byte is printable ASCII (or TAB, when kept): nothing to do. Eight bytes
    /// at a time, a word with any byte outside 0x20...0x7E checked byte by byte: every log line
    /// passes here, and the byte loop alone was ~7% of log ingestion (figure 6).
    static func isInert(_ bytes: UnsafeBufferPointer<UInt8>, keepTabs: Bool) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        @inline(__always) func ok(_ b: UInt8) -> Bool { b >= 0x20 && b < 0x7F || keepTabs && b == 0x09 }
        let raw = UnsafeRawPointer(base)
        let n = bytes.count
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let below = (w &- 0x20 &* ones) & ~w & highs   // some byte < 0x20 (exact as a test)
            let d = w ^ (0x7F &* ones)
            let del = (d &- ones) & ~d & highs              // some byte == 0x7F
            if (w & highs) | below | del != 0 {
                for k in i..<(i + 8) where !ok(base[k]) { return false }
            }
            i += 8
        }
        while i < n {
            if !ok(base[i]) { return false }
            i += 1
        }
        return true
    }

    private static func isInert(_ text: String, keepTabs: Bool) -> Bool {
        var copy = text
        return copy.withUTF8 { isInert($0, keepTabs: keepTabs) }
    }
}
