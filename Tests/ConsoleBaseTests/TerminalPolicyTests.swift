import Testing
@testable import ConsoleBase

private func term(_ s: String) -> String { Sanitizer.clean(s, for: .terminal) }

/// Nothing that could act on a terminal: no C0 (TAB included), DEL, C1, ESC.
func isInert(_ s: String, allowTab: Bool = false) -> Bool {
    !s.unicodeScalars.contains { ($0.value < 0x20 && !(allowTab && $0 == "\t")) || (0x7F...0x9F).contains($0.value) }
}

@Suite struct TerminalPolicyTests {
    @Test func plainTextUnchanged() {
        #expect(term("hello world 123") == "hello world 123")
        #expect(term("中文 é 👍") == "中文 é 👍")
        #expect(term("") == "")
    }

    @Test func dropsCSIAndOSCAndDCSWhole() {
        #expect(term("a\u{1B}[31mred\u{1B}[0m b") == "ared b")
        #expect(term("x\u{1B}[2J\u{1B}[10;20Hy") == "xy")
        #expect(term("\u{1B}[?1049h\u{1B}[38;2;255;0;0mz") == "z")
        #expect(term("\u{1B}]0;evil title\u{07}ok") == "ok")
        #expect(term("\u{1B}]2;title\u{1B}\\ok") == "ok")
        #expect(term("\u{1B}]52;c;ZXZpbA==\u{07}ok") == "ok")
        #expect(term("\u{1B}]8;;http://x\u{1B}\\link\u{1B}]8;;\u{1B}\\") == "link")
        #expect(term("\u{1B}Pq#0;2;0;0;0\u{1B}\\after") == "after")
        #expect(term("\u{1B}(Bx\u{1B}7y\u{1B}") == "xy")
        #expect(term("a\u{1B}]0;never ends") == "a")
        #expect(term("a\u{1B}]0;cut\u{1B}[1mb") == "ab")
    }

    @Test func dropsC1Sequences() {
        #expect(term("a\u{9B}31mb") == "ab")
        #expect(term("a\u{9D}0;t\u{9C}b") == "ab")
        #expect(term("a\u{90}q\u{9C}b") == "ab")
        #expect(term("a\u{85}b") == "a\u{FFFD}b")
    }

    @Test func controlsBecomeVisible() {
        #expect(term("a\nb\rc") == "a\u{240A}b\u{240D}c")
        #expect(term("a\u{7F}b\u{0}c") == "a\u{2421}b\u{2400}c")
        #expect(term("a\tb") == "a b")
        #expect(term("bell\u{07}") == "bell\u{2407}")
        #expect(term("a\u{2028}b\u{2029}c") == "a b c")
    }

    @Test func dropsBidiAndFormatCharacters() {
        #expect(term("abc\u{202E}fed\u{202C}") == "abcfed")
        #expect(term("\u{2066}x\u{2069}\u{200F}\u{FEFF}\u{200B}") == "x")
        #expect(term("soft\u{AD}hyphen") == "softhyphen")
        let nonchars = "non" + String(Unicode.Scalar(0xFFFF)!) + "char" + String(Unicode.Scalar(0xFDD0)!)
        #expect(term(nonchars) == "non\u{FFFD}char\u{FFFD}")
    }

    @Test func collapsesEmojiSequences() {
        #expect(term("👩\u{200D}👩\u{200D}👧!") == "👩!")
        #expect(term("❤\u{FE0F}") == "❤")
        #expect(term("👍🏽") == "👍")
        #expect(term("🏳\u{FE0F}\u{200D}🌈x") == "🏳x")
        #expect(term("a\u{200D}b") == "ab")
    }

    @Test func nothingLeftCanMoveTheCursor() {
        let hostile = "\u{1B}[1;1H\u{1B}[?1049l\u{9B}2J\u{1B}]52;c;ZXZpbA==\u{07}\u{1B}c\r\u{8}\u{0}\u{9F}apc\u{9C}"
        let out = term(hostile)
        #expect(isInert(out))
        #expect(!out.contains("[") && !out.contains("52;"))
    }

    @Test func longInputStaysLinear() {
        let unit = "ok \u{1B}[31mred\u{1B}[0m 中\u{7}"
        let big = String(repeating: unit, count: 50_000)
        let out = term(big)
        #expect(out == String(repeating: "ok red 中\u{2407}", count: 50_000))
    }
}
