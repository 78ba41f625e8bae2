import Testing
@testable import ConsoleBase

/// The eight-bytes-at-a-time test of "nothing to sanitise" against the byte rule, with one odd
/// byte at every position of lines of every length around the word size.
@Suite struct InertFastPathTests {
    static func naive(_ bytes: [UInt8], keepTabs: Bool) -> Bool {
        bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F || keepTabs && $0 == 0x09 }
    }

    @Test func wordTestAgreesWithTheByteRule() {
        var checked = 0
        for length in 0..<20 {
            for position in 0..<max(length, 1) {
                for odd: UInt8 in [0x00, 0x09, 0x1F, 0x20, 0x41, 0x7E, 0x7F, 0x80, 0xC3, 0xFF] {
                    var bytes = [UInt8](repeating: 0x61, count: length)
                    if length > 0 { bytes[position] = odd }
                    for keepTabs in [false, true] {
                        let fast = bytes.withUnsafeBufferPointer { Sanitizer.isInert($0, keepTabs: keepTabs) }
                        #expect(fast == Self.naive(bytes, keepTabs: keepTabs), "\(bytes) keepTabs \(keepTabs)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 3000)
        #expect(Sanitizer.clean("a\u{7F}b", for: .logLine) != "a\u{7F}b")
        #expect(Sanitizer.clean("tab\tkept in a log line", for: .logLine) == "tab\tkept in a log line")
    }
}
