/// Refuses, before TOMLKit sees it, the one shape of input found by fuzzing (Fuzz/Regressions/
/// config) that makes toml++ abort the process instead of reporting a parse error: a line that
/// starts with `[` or `[[` followed by a character that can begin neither a key nor a value
/// (`[$contexts.prod]`, `[ .x]`), which trips an assertion in its `parse_key` (exit 134 in debug
/// builds, undefined behaviour with assertions off). Such a line is invalid TOML anyway, as a
/// table header or as an array, so nothing valid is refused. Lines inside multi-line strings
/// are skipped.
enum TOMLHeaderGuard {
    static func check(_ text: String, file: String?) throws(ConfigError) {
        var inMultiline: Substring? = nil  // the delimiter of the multi-line string we are in
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            for delimiter in ["\"\"\"", "'''"] where inMultiline == nil || inMultiline == Substring(delimiter) {
                if line.components(separatedBy: delimiter).count % 2 == 0 {  // an odd number of delimiters
                    inMultiline = inMultiline == nil ? Substring(delimiter) : nil
                }
            }
            if inMultiline != nil { continue }
            var rest = line.drop { $0 == " " || $0 == "\t" }
            guard rest.first == "[" else { continue }
            rest = rest.dropFirst()
            if rest.first == "[" { rest = rest.dropFirst() }
            let next = rest.drop { $0 == " " || $0 == "\t" }
            guard let c = next.first, !canFollowBracket(c) else { continue }
            let column = line.distance(from: line.startIndex, to: next.startIndex) + 1
            throw ConfigError(file: file, line: index + 1, column: column,
                              message: "invalid table header: \"\(c)\" cannot start a key (use a bare key or a quoted one)")
        }
    }

    /// A bare-key character, a quote, or anything that may start a value or end the brackets.
    private static func canFollowBracket(_ c: Character) -> Bool {
        if c.isASCII, c.isLetter || c.isNumber { return true }
        return "_-\"'[]{+#\r".contains(c)
    }
}
