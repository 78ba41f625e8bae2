import Testing
@testable import ConsoleBase

private func clean(_ s: String, _ p: Sanitizer.Policy) -> String { Sanitizer.clean(s, for: p) }
private func clean(_ b: [UInt8], _ p: Sanitizer.Policy) -> String {
    b.withUnsafeBufferPointer { Sanitizer.clean($0, for: p) }
}

@Suite struct LogLinePolicyTests {
    @Test func keepsTabsAndText() {
        let line = "2026-11-21T05:11:26.191Z\tINFO\tservice\thello é 中 👩\u{200D}👩"
        #expect(clean(line, .logLine) == line)
    }

    @Test func dropsEscapesAndShowsControls() {
        #expect(clean("\u{1B}[31mERROR\u{1B}[0m boom\u{1B}[2J\u{1B}[H\u{1B}[?1049h", .logLine) == "ERROR boom")
        #expect(clean("a\u{1B}]0;evil title\u{07}b\u{1B}P1$qm\u{1B}\\c", .logLine) == "abc")
        #expect(clean("x\u{9B}31my\u{85}z\u{9D}0;t\u{9C}w", .logLine) == "xy\u{FFFD}zw")
        #expect(clean("a\u{07}b\u{08}c\rd\u{7F}e\u{0}", .logLine) == "a\u{2407}b\u{2408}c\u{240D}d\u{2421}e\u{2400}")
    }

    @Test func bidiAndSeparatorsLeaveAMark() {
        #expect(clean("safe\u{202E}txt.exe", .logLine) == "safe\u{FFFD}txt.exe")
        #expect(clean("a\u{2028}b", .logLine) == "a\u{FFFD}b")
    }

    @Test func invalidUTF8IsRepairedLikeTheStandardLibrary() {
        let cases: [[UInt8]] = [
            [0x61, 0xFF, 0xFE, 0x62, 0xC3, 0x28, 0x63, 0xE2, 0x82],
            [0xED, 0xA0, 0x80, 0x41], // a surrogate
            [0xF0, 0x9F, 0x98], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0xE0, 0x80, 0x80],
            [0x1B, 0x5B, 0x33, 0xFF, 0x6D],
        ]
        for bytes in cases {
            let repaired = String(decoding: bytes.filter { $0 != 0x1B }, as: UTF8.self)
            let out = clean(bytes, .logLine)
            #expect(isInert(out, allowTab: true))
            if !bytes.contains(0x1B) { #expect(out == repaired, "\(bytes)") }
        }
        #expect(clean([0x61, 0x1B, 0x5B, 0x33, 0xFF, 0x6D], .logLine) == "a\u{FFFD}m")
    }
}

@Suite struct PlainPolicyTests {
    @Test func controlsBecomeASCIIEscapesAndEscapeSequencesGoWhole() {
        #expect(clean("a\u{1B}[31mred\u{1B}[0m", .plain) == "ared")
        #expect(clean("bell\u{7}\0nul", .plain) == #"bell\u{7}\u{0}nul"#)
        #expect(clean("a\tb\nc", .plain) == #"a b\u{a}c"#)
        #expect(clean("x\u{85}y\u{9B}2Jz", .plain) == #"x\u{85}yz"#)
        #expect(clean("safe\u{202E}txt", .plain) == #"safe\u{202e}txt"#)
        #expect(clean("\u{1B}]0;title\u{07}ok 中 👍", .plain) == "ok 中 👍")
    }

    @Test func noRedaction() {
        #expect(clean("password=hunter22", .plain) == "password=hunter22")
    }
}

@Suite struct ReportPolicyTests {
    @Test func escapesAndRedacts() {
        let s = clean("curl -u x --basic-auth bob:pw1234 https://bob:pw1234@h/ Authorization: Basic Ym9iOnB3MTIzNDU2Nzg5 password=abc \u{7}", .report)
        #expect(!s.contains("pw1234"))
        #expect(!s.contains("Ym9iOnB3MTIzNDU2Nzg5"))
        #expect(!s.contains("abc "))
        #expect(!s.contains("\u{7}") && s.hasSuffix(#"\u{7}"#))
        #expect(clean("peer 12D3KooWAbc is down", .report) == "peer 12D3KooWAbc is down")
    }

    @Test func escapeSequencesCannotHideACredential() {
        let s = clean("pass\u{1B}[0mword=hunter22 \u{1B}]0;x\u{07}token: abc", .report)
        #expect(s == "password=<redacted> token: <redacted>")
    }

    @Test func limitCutsWithAnEllipsis() {
        #expect(Sanitizer.clean(String(repeating: "é", count: 50), for: .report, limit: 10) == String(repeating: "é", count: 9) + "…")
        #expect(Sanitizer.clean("short", for: .terminal, limit: 10) == "short")
        #expect(Sanitizer.clean("a\u{1B}[31mb\tc", for: .terminal, limit: 120) == "ab c")
    }
}
