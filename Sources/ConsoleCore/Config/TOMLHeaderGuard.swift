/// Refuses, before TOMLKit sees it, the shapes of input found by fuzzing (Fuzz/Regressions/config)
/// that make toml++ abort the process instead of reporting a parse error (assertions in its
/// parser: exit 134 in debug builds, undefined behaviour with assertions off):
/// - a table header whose `[` or `[[` is followed by anything but a key (`[$contexts.prod]`,
///   `[` alone on a line, `[#x]`): `parse_key`;
/// - a `}` closing an array (`a = [1, }]`): `parse_value`.
/// Both are invalid TOML anyway, so nothing valid is refused. Lines inside a multi-line array
/// or string are values, not headers.
enum TOMLHeaderGuard {
    static func check(_ text: String, file: String?) throws(ConfigError) {
        var scanner = ValueScanner()
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            func scan(_ part: Substring) throws(ConfigError) {
                guard let bad = scanner.scan(part) else { return }
                throw ConfigError(file: file, line: index + 1, column: line.distance(from: line.startIndex, to: bad) + 1,
                                  message: "\"}\" closes an array (\"]\" expected)")
            }
            if scanner.isInsideValue {
                try scan(line[...])
                continue
            }
            var rest = line.drop { $0 == " " || $0 == "\t" }
            guard rest.first == "[" else {
                if let eq = line.firstIndex(of: "=") { try scan(line[line.index(after: eq)...]) }
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

    /// The unclosed arrays and inline tables a value is in, across lines, skipping strings
    /// (multi-line ones too) and comments: enough to tell a header from an array's continuation.
    struct ValueScanner {
        private var open: [Character] = []
        private var multiline: String?

        var isInsideValue: Bool { !open.isEmpty || multiline != nil }

        /// Scans one line (or its part after `=`); returns where a `}` closes an array.
        mutating func scan(_ text: Substring) -> Substring.Index? {
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
                case "#": return nil
                case "\"", "'":
                    // A one-line string: skip to its closing quote (escapes only in basic strings).
                    var j = text.index(after: i)
                    while j < text.endIndex, text[j] != c {
                        if c == "\"", text[j] == "\\" { j = text.index(after: j) }
                        if j < text.endIndex { j = text.index(after: j) }
                    }
                    i = j < text.endIndex ? text.index(after: j) : j
                    continue
                case "[", "{": open.append(c)
                case "}" where open.last == "[": return i
                case "]", "}": _ = open.popLast()
                default: break
                }
                i = text.index(after: i)
            }
            return nil
        }
    }
}
