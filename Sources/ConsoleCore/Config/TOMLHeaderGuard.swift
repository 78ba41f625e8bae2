/// Refuses, before TOMLKit sees it, the shape of input found by fuzzing (Fuzz/Regressions/config)
/// that makes toml++ abort the process instead of reporting a parse error: a table header whose
/// `[` or `[[` is followed by anything but a key (`[$contexts.prod]`, `[` alone on a line,
/// `[#x]`), which trips an assertion in its `parse_key` (exit 134 in debug builds, undefined
/// behaviour with assertions off). Such a header is invalid TOML anyway. Lines inside a
/// multi-line array or string are values, not headers, and are left alone.
enum TOMLHeaderGuard {
    static func check(_ text: String, file: String?) throws(ConfigError) {
        var scanner = ValueScanner()
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if scanner.isInsideValue {
                scanner.scan(line[...])
                continue
            }
            var rest = line.drop { $0 == " " || $0 == "\t" }
            guard rest.first == "[" else {
                if let eq = line.firstIndex(of: "=") { scanner.scan(line[line.index(after: eq)...]) }
                continue
            }
            rest = rest.dropFirst()
            if rest.first == "[" { rest = rest.dropFirst() }
            let next = rest.drop { $0 == " " || $0 == "\t" }
            if let c = next.first, isKeyStart(c) { continue }
            let column = line.distance(from: line.startIndex, to: next.startIndex) + 1
            let what = next.first.map { $0 == "\r" ? "the end of the line" : "\"\($0)\"" } ?? "the end of the line"
            throw ConfigError(file: file, line: index + 1, column: column,
                              message: "invalid table header: \(what) where a key should be (a bare key or a quoted one)")
        }
    }

    private static func isKeyStart(_ c: Character) -> Bool {
        (c.isASCII && (c.isLetter || c.isNumber)) || "_-\"'".contains(c)
    }

    /// How deep in unclosed arrays and inline tables a value is, across lines, skipping strings
    /// (multi-line ones too) and comments: enough to tell a header from an array's continuation.
    struct ValueScanner {
        private var depth = 0
        private var multiline: String?

        var isInsideValue: Bool { depth > 0 || multiline != nil }

        mutating func scan(_ text: Substring) {
            var i = text.startIndex
            func starts(_ s: String) -> Bool { text[i...].hasPrefix(s) }
            while i < text.endIndex {
                if let m = multiline {
                    if starts(m) { multiline = nil; i = text.index(i, offsetBy: 3) } else { i = text.index(after: i) }
                    continue
                }
                let c = text[i]
                if starts("\"\"\"") || starts("'''") {
                    multiline = String(text[i..<text.index(i, offsetBy: 3)])
                    i = text.index(i, offsetBy: 3)
                    continue
                }
                switch c {
                case "#": return
                case "\"", "'":
                    // A one-line string: skip to its closing quote (escapes only in basic strings).
                    var j = text.index(after: i)
                    while j < text.endIndex, text[j] != c {
                        if c == "\"", text[j] == "\\" { j = text.index(after: j) }
                        if j < text.endIndex { j = text.index(after: j) }
                    }
                    i = j < text.endIndex ? text.index(after: j) : j
                    continue
                case "[", "{": depth += 1
                case "]", "}": depth = max(0, depth - 1)
                default: break
                }
                i = text.index(after: i)
            }
        }
    }
}
