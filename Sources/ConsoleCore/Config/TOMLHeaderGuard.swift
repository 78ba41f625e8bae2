import Foundation

/// Refuses, before TOMLKit sees it, the shapes of input found by fuzzing (Fuzz/Regressions/config)
/// that make toml++ abort the process instead of reporting a parse error (assertions in its
/// parser: exit 134 in debug builds, undefined behaviour with assertions off):
/// - a table header whose `[` or `[[` is followed by anything but a key (`[$contexts.prod]`,
///   `[` alone on a line, `[#x]`): `parse_key`;
/// - a `}` closing an array (`a = [1, }]`): `parse_value`.
/// Both are invalid TOML anyway, so nothing valid is refused. Lines inside a multi-line array
/// or string are values, not headers. Works on UTF-8 bytes, as toml++ does: as Characters,
/// `[` followed by a combining mark is one grapheme and hid a header (the fifth find).
enum TOMLHeaderGuard {
    static func check(_ text: String, file: String?) throws(ConfigError) {
        var scanner = ValueScanner()
        var lineNumber = 0
        for line in Array(text.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let bytes = Array(line)
            func scan(from start: Int) throws(ConfigError) {
                guard let bad = scanner.scan(bytes, from: start) else { return }
                throw ConfigError(file: file, line: lineNumber, column: bad + 1, message: "\"}\" closes an array (\"]\" expected)")
            }
            if scanner.isInsideValue {
                try scan(from: 0)
                continue
            }
            var k = 0
            // toml++ skips a byte order mark at the start (the fourth find: BOM then `[&`).
            if lineNumber == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { k = 3 }
            while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x09 { k += 1 }
            guard k < bytes.count, bytes[k] == UInt8(ascii: "[") else {
                if let eq = bytes.firstIndex(of: UInt8(ascii: "=")) { try scan(from: eq + 1) }
                continue
            }
            k += 1
            if k < bytes.count, bytes[k] == UInt8(ascii: "[") { k += 1 }
            while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x09 { k += 1 }
            if k < bytes.count, isKeyStart(bytes[k]) { continue }
            let what: String
            if k < bytes.count, bytes[k] != 0x0D {
                let scalar = String(decoding: bytes[k...].prefix(4), as: UTF8.self).unicodeScalars.first ?? "\u{FFFD}"
                what = scalar.properties.generalCategory == .control || scalar.value >= 0x80
                    ? String(format: "U+%04X", scalar.value) : "\"\(scalar)\""
            } else {
                what = "the end of the line"
            }
            throw ConfigError(file: file, line: lineNumber, column: k + 1,
                              message: "invalid table header: \(what) where a key should be (a bare key or a quoted one)")
        }
    }

    private static func isKeyStart(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || "_-\"'".utf8.contains(b)
    }

    /// The unclosed arrays and inline tables a value is in, across lines, skipping strings
    /// (multi-line ones too) and comments: enough to tell a header from an array's continuation.
    struct ValueScanner {
        private var open: [UInt8] = []
        private var multiline: UInt8?  // the quote of the multi-line string we are in

        var isInsideValue: Bool { !open.isEmpty || multiline != nil }

        /// Scans one line from `start` (after `=`, or 0); returns the offset of a `}` that
        /// closes an array.
        mutating func scan(_ b: [UInt8], from start: Int) -> Int? {
            var i = start
            func triple(_ q: UInt8) -> Bool { i + 2 < b.count && b[i] == q && b[i + 1] == q && b[i + 2] == q }
            while i < b.count {
                if let q = multiline {
                    if triple(q) { multiline = nil; i += 3 } else { i += 1 }
                    continue
                }
                let c = b[i]
                if c == 0x22 || c == 0x27 {
                    if triple(c) { multiline = c; i += 3; continue }
                    // A one-line string: skip to its closing quote (escapes only in basic strings).
                    var j = i + 1
                    while j < b.count, b[j] != c { j += (c == 0x22 && b[j] == 0x5C) ? 2 : 1 }
                    i = j + 1
                    continue
                }
                switch c {
                case UInt8(ascii: "#"): return nil
                case UInt8(ascii: "["), UInt8(ascii: "{"): open.append(c)
                case UInt8(ascii: "}") where open.last == UInt8(ascii: "["): return i
                case UInt8(ascii: "]"), UInt8(ascii: "}"): _ = open.popLast()
                default: break
                }
                i += 1
            }
            return nil
        }
    }
}
