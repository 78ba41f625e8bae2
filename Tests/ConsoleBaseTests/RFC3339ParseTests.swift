import Foundation
import Testing
@testable import ConsoleBase

@Suite struct RFC3339ParseTests {
    @Test(arguments: [
        // As IPFS Cluster (Go's RFC3339Nano) writes them: 0-9 digits, trailing zeros trimmed.
        ("2026-11-20T10:11:12.123456789Z", 1_795_169_472, 123_456_789, 0),
        ("2026-11-20T10:11:12Z", 1_795_169_472, 0, 0),
        ("2026-11-20T10:11:12.1Z", 1_795_169_472, 100_000_000, 0),
        ("2021-12-07T16:25:07.48933158+01:00", 1_638_890_707, 489_331_580, 3600),
        ("2021-12-07T10:24:58-05:00", 1_638_890_698, 0, -18_000),
        ("2021-12-07T21:09:58+05:45", 1_638_890_698, 0, 20_700),
        ("1970-01-01T00:00:00Z", 0, 0, 0),
        ("1969-12-31T23:59:59.5Z", -1, 500_000_000, 0),
        ("2024-02-29T23:59:59.999999999Z", 1_709_251_199, 999_999_999, 0),
        ("2021-12-07 15:24:58,25z", 1_638_890_698, 250_000_000, 0),
        // More than 9 digits: truncated, as Go's time.Parse does.
        ("2021-12-07T15:24:58.1234567899Z", 1_638_890_698, 123_456_789, 0),
    ] as [(String, Int64, Int32, Int32)])
    func strictAccepts(text: String, seconds: Int64, nanos: Int32, offset: Int32) throws {
        let p = try #require(RFC3339.parse(text))
        #expect(p.seconds == seconds)
        #expect(p.nanoseconds == nanos)
        #expect(p.offsetSeconds == offset)
        #expect(p.length == text.utf8.count)
        #expect(p.hasZone)
    }

    @Test func goZeroTime() throws {
        let p = try #require(RFC3339.parse(RFC3339.goZeroText))
        #expect(p.seconds == RFC3339.goZeroSeconds)
        #expect(p.isGoZero)
        #expect(!(try #require(RFC3339.parse("0001-01-01T00:00:01Z"))).isGoZero)
    }

    @Test(arguments: [
        "", "2021-12-07", "2021-12-07T15:24:58", "2021-12-07T15:24:58.Z", "2021-13-07T15:24:58Z",
        "2021-00-07T15:24:58Z", "2021-12-00T15:24:58Z", "2021-02-29T15:24:58Z", "2021-04-31T00:00:00Z",
        "2021-12-07T24:00:00Z", "2021-12-07T15:60:00Z", "2021-12-07T15:24:61Z", "2021-12-07T15:24:58+0100",
        "2021-12-07T15:24:58+01", "2021-12-07T15:24:58+25:00", "2021-12-07T15:24:58Zjunk", "garbage",
        "2021/12/07 15:24:58Z", "２０２１-12-07T15:24:58Z", "2021-12-07T15:24:58.-1Z", "-021-12-07T15:24:58Z",
        "2021-12-07X15:24:58Z", "2021-12-07T15:24:58 Z",
    ])
    func strictRejects(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test func lenientISO8601() throws {
        #expect(RFC3339.parse("2026-11-21T05:57:01+0100", .iso8601)?.seconds == 1_795_237_021)
        let noZone = try #require(RFC3339.parse("2026-11-21T04:57:01.8", .iso8601))
        #expect(noZone.seconds == 1_795_237_021 && !noZone.hasZone && noZone.nanoseconds == 800_000_000)
        #expect(RFC3339.parse("2026-11-21T04:57:01+05", .iso8601) == nil)
        #expect(RFC3339.parse("2026-11-21T04:57:01.Z", .iso8601) == nil)
        #expect(RFC3339.date("2025-03-14T08:50:02.800000+00:00").map { abs($0.timeIntervalSince1970 - 1_741_942_202.8) < 1e-6 } == true)
    }

    @Test func prefixReportsWhatItConsumed() throws {
        func prefix(_ s: String, _ layout: RFC3339.PrefixLayout = .iso8601) -> RFC3339.Parsed? {
            var s = s
            return s.withUTF8 { RFC3339.parsePrefix($0, layout) }
        }
        #expect(prefix("2026-11-21T05:11:26.191Z\tINFO")?.length == 24)
        #expect(prefix("2026-11-21T04:36:14.264000+00:00 msg")?.length == 32)
        #expect(prefix("2024-08-27T21:06:41.059-0700 x")?.offsetSeconds == -25_200)
        let bare = try #require(prefix("2026-11-21 05:11:26. rest"))
        #expect(bare.length == 19 && !bare.hasZone)
        #expect(prefix("2026-11-21T05:11:26+05 x")?.length == 19)
        let std = try #require(prefix("2026/11/21 04:10:30.123456 failed", .goStandardLog))
        #expect(std.length == 26 && std.seconds == 1_795_234_230 && std.nanoseconds == 123_456_000)
        #expect(prefix("2026/11/21T04:10:30 x", .goStandardLog) == nil)
        #expect(prefix("2026/11/21 04:10:30Z", .goStandardLog)?.length == 19)
        #expect(prefix("127.0.0.1 - - [21/Nov/2026:05:11:49 +0000]") == nil)
    }

    @Test func neverTrapsOnTruncatedOrHostileInput() {
        let full = Array("2026-11-20T10:11:12.123456789+05:30".utf8)
        for n in 0...full.count {
            let cut = Array(full.prefix(n))
            _ = cut.withUnsafeBufferPointer { RFC3339.parse($0) }
            _ = cut.withUnsafeBufferPointer { RFC3339.parsePrefix($0) }
        }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var bytes = full
            bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            _ = bytes.withUnsafeBufferPointer { RFC3339.parse($0, .iso8601) }
        }
        #expect(RFC3339.parse("9999-12-31T23:59:59.999999999-23:59")?.seconds == 253_402_387_139)
        #expect(RFC3339.parse(String(repeating: "9", count: 100_000)) == nil)
    }
}
