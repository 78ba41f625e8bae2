import Foundation
import Testing
@testable import LogTail

@Suite struct TimestampTests {
    @Test func goLogZulu() throws {
        let m = try #require(LogTimestamp.parseISO("2026-11-21T05:11:26.191Z\tINFO"))
        #expect(abs(m.date.timeIntervalSince1970 - 1_795_237_886.191) < 0.0005)
        #expect(m.length == 24)
        #expect(m.hasZone)
    }

    @Test func goLogOffsetWithoutColon() throws {
        let a = try #require(LogTimestamp.parseISO("2024-08-27T21:06:41.059-0700"))
        let b = try #require(LogTimestamp.parseISO("2024-08-28T04:06:41.059Z"))
        #expect(abs(a.date.timeIntervalSince(b.date)) < 0.0005)
    }

    @Test func awsTailMicrosecondsAndColonOffset() throws {
        let m = try #require(LogTimestamp.parseISO("2026-11-21T04:36:14.264000+00:00 ipfs/ipfs/x msg"))
        #expect(m.fractionDigits == 6)
        #expect(m.length == 32)
        #expect(LogTimestamp.format(m.date) == "2026-11-21T04:36:14.264Z")
    }

    @Test func dockerNanoseconds() throws {
        let m = try #require(LogTimestamp.parseISO("2025-03-14T08:50:02.123456789Z Daemon is ready"))
        #expect(m.fractionDigits == 9)
        #expect(m.length == 30)
    }

    @Test func goStandardLogger() throws {
        var s = "2026/11/21 04:10:30 failed to sufficiently increase receive buffer size"
        let m = try #require(s.withUTF8 { LogTimestamp.parseGoStd($0) })
        #expect(LogTimestamp.format(m.date) == "2026-11-21T04:10:30.000Z")
    }

    @Test func rejectsNonTimes() {
        #expect(LogTimestamp.parseISO("Daemon is ready") == nil)
        #expect(LogTimestamp.parseISO("2026-13-21T05:11:26Z") == nil)
        #expect(LogTimestamp.parseISO("127.0.0.1 - - [21/Nov/2026:05:11:49 +0000]") == nil)
    }
}
