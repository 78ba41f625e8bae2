import Foundation
import Testing
@testable import ConsoleBase

@Suite struct RFC3339FormatTests {
    @Test func goRFC3339NanoTrimsTrailingZeros() {
        #expect(RFC3339.format(seconds: 1_795_169_472, nanoseconds: 123_456_789) == "2026-11-20T10:11:12.123456789Z")
        #expect(RFC3339.format(seconds: 1_795_169_472, nanoseconds: 120_000_000) == "2026-11-20T10:11:12.12Z")
        #expect(RFC3339.format(seconds: 1_795_169_472) == "2026-11-20T10:11:12Z")
        #expect(RFC3339.format(seconds: 1_638_890_707, nanoseconds: 489_331_580, offsetSeconds: 3600)
            == "2021-12-07T16:25:07.48933158+01:00")
        #expect(RFC3339.format(seconds: 1_638_890_698, offsetSeconds: -20_700) == "2021-12-07T09:39:58-05:45")
        #expect(RFC3339.format(seconds: RFC3339.goZeroSeconds) == RFC3339.goZeroText)
    }

    @Test func fixedFractionsAndZones() {
        let s: Int64 = 1_795_169_472
        #expect(RFC3339.format(seconds: s, nanoseconds: 123_456_789, fraction: .none) == "2026-11-20T10:11:12Z")
        #expect(RFC3339.format(seconds: s, nanoseconds: 123_456_789, fraction: .milliseconds) == "2026-11-20T10:11:12.123Z")
        #expect(RFC3339.format(seconds: s, nanoseconds: 5_000, fraction: .microseconds) == "2026-11-20T10:11:12.000005Z")
        #expect(RFC3339.format(seconds: s, fraction: .microsecondsUnlessZero, zone: .numeric) == "2026-11-20T10:11:12+00:00")
        #expect(RFC3339.format(seconds: s, nanoseconds: 800_000_000, fraction: .microsecondsUnlessZero, zone: .numeric)
            == "2026-11-20T10:11:12.800000+00:00")
        #expect(RFC3339.format(seconds: s, nanoseconds: 999_999_999, fraction: .milliseconds) == "2026-11-20T10:11:12.999Z")
    }

    @Test func datesAreRoundedToTheDigitsShown() {
        // 59.2 is stored as 59.19999…: milliseconds must still say .200, and .9996 rounds into the next second.
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_724_818_019.2), fraction: .milliseconds) == "2024-08-28T04:06:59.200Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_724_818_019.9996), fraction: .milliseconds) == "2024-08-28T04:07:00.000Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_724_818_019.75), fraction: .none) == "2024-08-28T04:06:59Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 0.5)) == "1970-01-01T00:00:00.5Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: -0.25), fraction: .milliseconds) == "1969-12-31T23:59:59.750Z")
        #expect(!RFC3339.format(Date(timeIntervalSince1970: .infinity)).isEmpty)
        #expect(!RFC3339.format(Date.distantFuture).isEmpty)
    }

    @Test(arguments: [
        "2026-11-20T10:11:12.123456789Z", "2026-11-20T10:11:12Z", "2021-12-07T16:25:07.48933158+01:00",
        "2021-12-07T21:09:58+05:45", "0001-01-01T00:00:00Z", "1969-07-20T20:17:40.5-04:00", "9999-12-31T23:59:59.999999999Z",
    ])
    func parseFormatRoundTrip(text: String) throws {
        let p = try #require(RFC3339.parse(text))
        #expect(RFC3339.format(seconds: p.seconds, nanoseconds: p.nanoseconds, offsetSeconds: p.offsetSeconds) == text)
    }

    @Test func dateRoundTripAtMilliseconds() throws {
        for ms in stride(from: Int64(-5_000_000_000_000), through: 5_000_000_000_000, by: 123_456_789_123) {
            let text = RFC3339.format(Date(timeIntervalSince1970: Double(ms) / 1000), fraction: .milliseconds)
            let p = try #require(RFC3339.parse(text))
            #expect(p.seconds * 1000 + Int64(p.nanoseconds / 1_000_000) == ms, "\(text)")
        }
    }

    @Test func instantKeepsNanosecondsWithinDatePrecision() {
        let (s, n) = RFC3339.instant(Date(timeIntervalSince1970: 1_795_237_934.25))
        #expect(s == 1_795_237_934 && n == 250_000_000)
    }
}

@Suite struct CivilDateTests {
    @Test func daysRoundTrip() {
        for days: Int64 in [-719_468, -1, 0, 59, 365, 11_016, 20_778, 40_000, 2_932_896] {
            let (y, m, d) = CivilDate.date(days: days)
            #expect(CivilDate.days(year: y, month: m, day: d) == days)
        }
        #expect(CivilDate.date(days: 0) == (1970, 1, 1))
        #expect(CivilDate.date(days: 11_016) == (2000, 2, 29))
    }

    @Test func monthLengths() {
        #expect(CivilDate.daysInMonth(year: 2024, month: 2) == 29)
        #expect(CivilDate.daysInMonth(year: 2100, month: 2) == 28)
        #expect(CivilDate.daysInMonth(year: 2000, month: 2) == 29)
        #expect(CivilDate.daysInMonth(year: 2026, month: 4) == 30)
        #expect(CivilDate.daysInMonth(year: 2026, month: 12) == 31)
    }

    @Test func civilTimeTexts() {
        let c = CivilTime(Date(timeIntervalSince1970: 1_795_244_592.9))
        #expect(c.dateTimeText == "2026-11-21 07:03:12")
        #expect(c.compactText == "20261121-070312")
        #expect(c.weekday == 6) // a Saturday
        #expect(CivilTime(unixSeconds: 0).weekday == 4)
        #expect(CivilTime(unixSeconds: -1).dateTimeText == "1969-12-31 23:59:59")
        #expect(CivilTime(unixSeconds: -86_400 * 4).weekday == 0)
    }
}
