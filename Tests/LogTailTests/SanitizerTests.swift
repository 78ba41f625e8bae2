import Foundation
import Testing
@testable import LogTail

@Suite struct SanitizerTests {
    let s = LineSanitizer()

    @Test func plainTextPassesUnchanged() {
        #expect(s.sanitize("2026-11-21T05:11:26.191Z\tINFO\tservice\thello é 中") == "2026-11-21T05:11:26.191Z\tINFO\tservice\thello é 中")
    }

    @Test func stripsCSIAndColourCodes() {
        #expect(s.sanitize("\u{1B}[31mERROR\u{1B}[0m boom\u{1B}[2J\u{1B}[H\u{1B}[?1049h") == "ERROR boom")
    }

    @Test func stripsOSCWithBELorST() {
        #expect(s.sanitize("a\u{1B}]0;evil title\u{07}b") == "ab")
        #expect(s.sanitize("a\u{1B}]8;;http://x\u{1B}\\link\u{1B}]8;;\u{1B}\\b") == "alinkb")
        #expect(s.sanitize("a\u{1B}P1$qm\u{1B}\\b\u{1B}_apc\u{07}c") == "abc")
    }

    @Test func stripsShortEscapes() {
        #expect(s.sanitize("a\u{1B}(Bb\u{1B}7c\u{1B}") == "abc")
    }

    @Test func c1ControlsAreNeutralised() {
        // U+009B is an 8-bit CSI: its parameters must go too; U+0085 (NEL) becomes U+FFFD.
        let out = s.sanitize("x\u{9B}31my\u{85}z\u{9D}0;t\u{9C}w")
        #expect(out == "xy\u{FFFD}zw")
    }

    @Test func otherControlsBecomeVisiblePictures() {
        let out = s.sanitize("a\u{07}b\u{08}c\rd\u{7F}e\u{0}")
        #expect(out == "a\u{2407}b\u{2408}c\u{240D}d\u{2421}e\u{2400}")
        #expect(!out.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    @Test func trailingCRIsDropped() {
        #expect(s.sanitize("windows line\r") == "windows line")
    }

    @Test func bidiOverridesAreReplaced() {
        #expect(s.sanitize("safe\u{202E}txt.exe") == "safe\u{FFFD}txt.exe")
    }

    @Test func invalidUTF8IsRepaired() {
        let out = s.sanitize([0x61, 0xFF, 0xFE, 0x62, 0xC3, 0x28, 0x63, 0xE2, 0x82])
        #expect(out.hasPrefix("a\u{FFFD}"))
        #expect(out.contains("b"))
        #expect(out.contains("c"))
        #expect(out.unicodeScalars.filter { $0 == "\u{FFFD}" }.count >= 3)
    }

    @Test func overlongLineIsCutWithMarker() {
        let line = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        let out = s.sanitize(line)
        #expect(out.hasSuffix(LineSanitizer.cutMarker((1 << 20) - 4096)))
        #expect(out.utf8.count < 4200)
    }

    @Test func cutNeverSplitsACharacter() {
        let line = String(repeating: "中", count: 2000)  // 6000 bytes, 3 bytes each
        let out = LineSanitizer(maxLineBytes: 100).sanitize(line)
        let kept = out.components(separatedBy: "…")[0]
        #expect(kept == String(repeating: "中", count: 33))
        #expect(out.hasSuffix("[cut \(6000 - 99) bytes]"))
    }

    @Test func hostileLinesThroughTheFollowerReadPath() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.file("hostile.log")
        var bytes = Array("\u{1B}[31mred\u{1B}[0m \u{1B}]0;title\u{07}ok\n".utf8)
        bytes += [0x62, 0x61, 0x64, 0xFF, 0x0A]                        // invalid UTF-8
        bytes += Array("tab\there\u{9B}2Jgone\n".utf8)                 // C1 CSI
        bytes += [UInt8](repeating: UInt8(ascii: "A"), count: 1 << 20) // 1 MB line
        bytes += [0x0A]
        appendBytes(path, bytes)
        let lines = try LogFileReader.read(path: path)
        #expect(lines.map(\.message).prefix(3) == ["red ok", "bad\u{FFFD}", "tab\theregone"])
        #expect(lines.count == 4)
        #expect(lines[3].message.hasSuffix("… [cut \((1 << 20) - 4096) bytes]"))
        for l in lines {
            #expect(!l.raw.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\t") || (0x7F...0x9F).contains($0.value) })
        }
    }
}

@Suite struct HostileNamesTests {
    @Test func streamAndFileNamesAreSanitised() {
        let s = LogOrigin.stream("ipfs/ipfs\u{1B}[2J/abc\u{07}")
        #expect(s.source == "ipfs/ipfs/abc\u{2407}")
        #expect(s.container == "ipfs")
        let f = LogOrigin.file(path: "/tmp/evil\u{1B}]0;x\u{07}name.log")
        #expect(f.source == "/tmp/evilname.log")
        #expect(FollowerNotice(path: "/tmp/a\u{9B}1mb", event: .deleted).path == "/tmp/ab")
    }
}
