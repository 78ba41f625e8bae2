import Foundation
import Testing
@testable import ConsoleCore

/// Inputs found by `Scripts/fuzz config` (kept in Fuzz/Regressions/config): each must be an
/// error with a line and column, never an abort in toml++.
@Suite struct ConfigFuzzRegressionTests {
    /// The fuzzer's input, a mutated README example: `[$contexts.prod]` aborted the process
    /// (toml++ assertion in parse_key, exit 134).
    @Test func tableHeaderStartingWithANonKeyCharacterIsAnError() {
        let text = "current-context = \"prod\"\n\n[$contexts.prod]\nhosts = [\"/dns/x/tcp/1\"]\n"
        #expect(throws: ConfigError(file: "c.toml", line: 3, column: 2,
                                    message: "invalid table header: \"$\" where a key should be (a bare key or a quoted one)")) {
            try ConfigFile.parse(text, path: "c.toml")
        }
        // The second find: `[` alone on a line (then a newline where the key should be).
        // The fourth: the same after a byte order mark.
        for header in ["[ $a]", "[[$a]]", "  [\t.x]", "[,]", "[", "[\r", "[#x]", "[[ ]]", "\u{FEFF}[&",
                       // The fifth: `[` then a combining mark (one Character in Swift).
                       "[\u{30A}contexts.b]"] {
            #expect(throws: ConfigError.self) { try ConfigFile.parse(header + "\n") }
        }
    }

    /// The third find: `}` as an array element (toml++ parse_value assertion).
    @Test func braceClosingAnArrayIsAnError() {
        #expect(throws: ConfigError(file: nil, line: 2, column: 10, message: "\"}\" closes an array (\"]\" expected)")) {
            try ConfigFile.parse("[contexts.a]\nhosts = [}]\n")
        }
        #expect(throws: ConfigError.self) { try ConfigFile.parse("[contexts.a]\nhosts = [\n  \"x\",\n}}\n") }
    }

    /// What the guard must let through: arrays continued on lines that start with `[`, brackets
    /// in strings, comments and multi-line strings.
    @Test func validShapesStillParse() throws {
        let shapes = #"""
        matrix = [
          [
            "[$", '[,', "\\"
          ],
          [ ], # [ in a comment
        ]
        inline = { a = [
        [1] ] }
        text = """
        [$not a header
        """
        [ "quoted header" ]
        [[ array.of.tables ]]
        """#
        try TOMLHeaderGuard.check(shapes, file: nil)
        let text = #"""
        current-context = "a"
        [contexts.a]
        hosts = [
          "/ip4/127.0.0.1/tcp/9094",
        ]
        [ contexts."b" ]
        logs = [

        ]
        theme = """
        [$not a header
        """
        """#
        let file = try ConfigFile.parse(text)
        #expect(file.contexts.keys.sorted() == ["a", "b"])
    }
}
