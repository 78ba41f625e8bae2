import Foundation
import Testing
@testable import LogTail

@Suite struct SanitizerTests {
    let s = LineSanitizer()

    // The character rules are ConsoleBase's `.logLine` policy, tested in ConsoleBaseTests
    // (LogLinePolicyTests); these cover what LineSanitizer adds for lines.
    @Test func controlsAndEscapesAreCleaned() {
        #expect(s.sanitize("\u{1B}[31mERROR\u{1B}[0m\tboom\u{7}") == "ERROR\tboom\u{2407}")
    }

    @Test func trailingCRIsDropped() {
        #expect(s.sanitize("windows line\r") == "windows line")
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
