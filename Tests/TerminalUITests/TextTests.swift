import CNcursesw
import Testing
@testable import TerminalUI

@Suite struct DisplayWidthTests {
    @Test func widthsOfCommonText() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("中文") == 4)
        #expect(DisplayWidth.of("テスト") == 6)
        #expect(DisplayWidth.of("👍") == 2)
        #expect(DisplayWidth.of("🎉") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of(Unicode.Scalar(0x301)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x1B)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x85)!) == 0)
        #expect(DisplayWidth.of("é") == 1)
        #expect(DisplayWidth.of("│") == 1)
        #expect(DisplayWidth.of("❤") == 1)
        #expect(DisplayWidth.of("Ａ") == 2)
        #expect(DisplayWidth.of("👩\u{200D}👩\u{200D}👧") == 2)
        #expect(DisplayWidth.of("a\u{1B}[31mb") == 2)
    }

    /// The table must agree with glibc's C.UTF-8 wcwidth, which is what ncurses uses to place text.
    @Test func matchesGlibcWcwidthInCUTF8() {
        let old = setlocale(LC_CTYPE, nil).map { String(cString: $0) }
        #expect(setlocale(LC_CTYPE, "C.UTF-8") != nil)
        defer { if let old { setlocale(LC_CTYPE, old) } }
        var mismatches: [String] = []
        let ranges: [ClosedRange<UInt32>] = [0xA0...0xD7FF, 0xE000...0xFFFD, 0x1F000...0x1FAFF, 0x20000...0x20FFF, 0xE0000...0xE01EF]
        for r in ranges {
            for v in r {
                guard let s = Unicode.Scalar(v) else { continue }
                let g = Int(cn_wcwidth(wchar_t(bitPattern: v)))
                if g < 0 { continue } // glibc: not printable; we choose 0 or 1
                if DisplayWidth.of(s) != g, mismatches.count < 5 { mismatches.append(String(v, radix: 16) + ": glibc \(g)") }
            }
        }
        #expect(mismatches.isEmpty)
    }
}

@Suite struct SanitizerTests {
    // The rules are ConsoleBase's terminal policy, tested in ConsoleBaseTests (TerminalPolicyTests).
    @Test func forwardsToTheTerminalPolicy() {
        #expect(sanitizeForTerminal("a\u{1B}[31mred\u{1B}[0m\tb\u{7}") == "ared b\u{2407}")
        #expect(sanitizeForTerminal("👩\u{200D}👩\u{200D}👧!") == "👩!")
    }
}

@Suite struct CellBufferTests {
    @Test func writesAndClips() {
        var b = CellBuffer(width: 10, height: 2)
        let end = b.write("hello world", x: 2, y: 0, style: .plain)
        #expect(end == 13)
        #expect(b.line(0) == "  hello wo")
        b.write("abcdef", x: 0, y: 1, style: .plain, clip: Rect(x: 1, y: 1, width: 3, height: 1))
        #expect(b.line(1) == " bcd      ")
        b.write("zzz", x: 0, y: 5, style: .plain)
        #expect(b.lines().count == 2)
    }

    @Test func wideCharactersTakeTwoCells() {
        var b = CellBuffer(width: 8, height: 1)
        b.write("中a👍", x: 0, y: 0, style: .plain)
        #expect(b[0, 0].text == "中")
        #expect(b[1, 0].isContinuation)
        #expect(b[2, 0].text == "a")
        #expect(b[3, 0].text == "👍")
        #expect(b[4, 0].isContinuation)
        #expect(b.line(0) == "中a👍   ")
    }

    @Test func wideCharacterAtLastColumnBecomesBlank() {
        var b = CellBuffer(width: 5, height: 1)
        b.write("abcd中", x: 0, y: 0, style: .plain)
        #expect(b.line(0) == "abcd ")
        #expect(!b[4, 0].isContinuation)
        var c = CellBuffer(width: 6, height: 1)
        c.write("xx中", x: 0, y: 0, style: .plain, clip: Rect(x: 0, y: 0, width: 3, height: 1))
        #expect(c.line(0) == "xx    ")
        #expect(c[3, 0].text == " ")
    }

    @Test func wideCharacterHalfOverLeftEdge() {
        var b = CellBuffer(width: 6, height: 1)
        b.write("######", x: 0, y: 0, style: .plain)
        b.write("中ab", x: 1, y: 0, style: .plain, clip: Rect(x: 2, y: 0, width: 4, height: 1))
        #expect(b.line(0) == "## ab#")
        b.write("中", x: -1, y: 0, style: .plain)
        #expect(b.line(0) == " # ab#")
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var b = CellBuffer(width: 6, height: 1)
        b.write("中文", x: 0, y: 0, style: .plain)
        b.write("x", x: 1, y: 0, style: .plain)
        #expect(b.line(0) == " x文  ")
        b.write("y", x: 2, y: 0, style: .plain)
        #expect(b.line(0) == " xy   ")
        #expect(b.lines().allSatisfy { DisplayWidth.of($0) == 6 })
    }

    @Test func combiningMarksStayInTheirCell() {
        var b = CellBuffer(width: 4, height: 1)
        b.write("e\u{301}x", x: 0, y: 0, style: .plain)
        #expect(b[0, 0].text == "e\u{301}")
        #expect(b[1, 0].text == "x")
    }

    @Test func sanitisesEverythingWritten() {
        var b = CellBuffer(width: 20, height: 1)
        b.write("a\u{1B}[31mb\u{1B}]0;t\u{07}c\nd", x: 0, y: 0, style: .plain)
        #expect(b.line(0).hasPrefix("abc\u{240A}d"))
    }

    @Test func diffReportsOnlyChangedCells() {
        var a = CellBuffer(width: 10, height: 3)
        a.write("hello", x: 0, y: 0, style: .plain)
        var b = a
        #expect(b.changes(since: a).isEmpty)
        b.write("J", x: 0, y: 0, style: .plain)
        b.write("x", x: 9, y: 2, style: Style(attributes: .bold))
        let changes = b.changes(since: a)
        #expect(changes.count == 2)
        #expect(changes[0] == CellChange(x: 0, y: 0, cell: Cell("J")))
        #expect(changes[1].x == 9 && changes[1].y == 2 && changes[1].cell.style.attributes == .bold)
        #expect(b.changes(since: nil).count == 30)
        #expect(b.changes(since: CellBuffer(width: 5, height: 3)).count == 30)
    }

    @Test func boxDrawing() {
        var b = CellBuffer(width: 8, height: 3)
        b.drawBox(b.bounds, style: .plain, title: "T")
        #expect(b.lines() == ["┌ T ───┐", "│      │", "└──────┘"])
    }

    @Test func textLayoutHelpers() {
        #expect(TextLayout.truncate("abcdefgh", width: 5) == "abcd…")
        #expect(TextLayout.truncate("abc", width: 5) == "abc")
        #expect(TextLayout.truncate("中文字符", width: 5) == "中文…")
        #expect(TextLayout.truncate("中文字符", width: 4) == "中 …")
        #expect(TextLayout.fit("ab", width: 4, alignment: .right) == "  ab")
        #expect(TextLayout.fit("ab", width: 5, alignment: .center) == " ab  ")
        #expect(TextLayout.slice("abcdef", from: 2, width: 3) == "cde")
        #expect(TextLayout.slice("中文x", from: 1, width: 3) == " 文")
        #expect(TextLayout.wrap("the quick brown fox", width: 10) == ["the quick", "brown fox"])
        #expect(TextLayout.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
    }
}

@Suite struct LayoutTests {
    let area = Rect(x: 0, y: 0, width: 100, height: 40)

    @Test func fixedPercentAndFlex() {
        let parts = Layout.rows(area, [.fixed(1), .percent(25), .flex(weight: 2), .flex(weight: 1), .fixed(1)])
        #expect(parts.map(\.height) == [1, 10, 19, 9, 1])
        #expect(parts.map(\.y) == [0, 1, 11, 30, 39])
        #expect(parts.allSatisfy { $0.width == 100 })
    }

    @Test func minimumsAndShrinkingFromTheEnd() {
        #expect(Layout.lengths(total: 10, [.fixed(3), .flex(min: 4), .fixed(5)]) == [3, 4, 3])
        #expect(Layout.lengths(total: 5, [.fixed(1), .percent(10, min: 3), .fill, .fixed(1)]) == [1, 3, 0, 1])
        #expect(Layout.lengths(total: 2, [.fixed(1), .fixed(1), .fill, .fixed(1)]) == [1, 1, 0, 0])
        #expect(Layout.lengths(total: 0, [.fill]) == [0])
    }

    @Test func columnsAndRectHelpers() {
        let cols = Layout.columns(Rect(x: 5, y: 2, width: 30, height: 4), [.percent(50), .fill])
        #expect(cols == [Rect(x: 5, y: 2, width: 15, height: 4), Rect(x: 20, y: 2, width: 15, height: 4)])
        #expect(area.centered(width: 10, height: 4) == Rect(x: 45, y: 18, width: 10, height: 4))
        #expect(area.inset(by: 1) == Rect(x: 1, y: 1, width: 98, height: 38))
        #expect(Rect(x: 0, y: 0, width: 3, height: 3).inset(by: 2).isEmpty)
        #expect(area.intersection(Rect(x: 90, y: 35, width: 20, height: 20)) == Rect(x: 90, y: 35, width: 10, height: 5))
    }
}

@Suite struct RoleWritingTests {
    @Test func writesWithTheRolesStyle() {
        var b = CellBuffer(width: 6, height: 1)
        b.fill(b.bounds, role: .statusLine, theme: .default)
        b.write("err", x: 0, y: 0, role: .error, theme: .default)
        #expect(b.style(x: 0, y: 0) == Theme.default.style(.error))
        #expect(b.style(x: 5, y: 0) == Theme.default.style(.statusLine))
    }
}
