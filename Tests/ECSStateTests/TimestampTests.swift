import Foundation
import Testing
@testable import ECSState

@Suite struct TimestampTests {
    @Test func epochSecondsInEveryNumberForm() {
        let forms = ["1741942202.8", "1.7419422028E9", "1.7419422028e+9", "1741942202.800"]
        for form in forms {
            var parser = JSONParser(bytes: Array(form.utf8))
            let value = try? parser.parseAll().first
            #expect(ECSTimestamp.date(from: value)?.timeIntervalSince1970 == 1741942202.8, "\(form)")
        }
    }

    @Test func iso8601WithOffsetsAndOptionalFraction() throws {
        let utc = try #require(ECSTimestamp.parseISO8601("2025-03-14T08:50:02.800000+00:00"))
        #expect(abs(utc.timeIntervalSince1970 - 1741942202.8) < 0.000_01)
        let newYork = try #require(ECSTimestamp.parseISO8601("2026-11-20T23:57:01-05:00"))
        #expect(newYork.timeIntervalSince1970 == 1795237021)
        #expect(ECSTimestamp.parseISO8601("2026-11-21T04:57:01Z")?.timeIntervalSince1970 == 1795237021)
        #expect(ECSTimestamp.parseISO8601("2026-11-21T04:57:01.123456789Z").map { abs($0.timeIntervalSince1970 - 1795237021.123456789) < 0.000_01 } == true)
        #expect(ECSTimestamp.parseISO8601("2026-11-21T05:57:01+0100")?.timeIntervalSince1970 == 1795237021)
    }

    @Test func rejectsMalformedTimes() {
        for bad in ["2026-13-01T00:00:00Z", "2026-11-21", "2026-11-21T04:57:01.Z", "yesterday", "2026-11-21T04:57:01+05"] {
            #expect(ECSTimestamp.parseISO8601(bad) == nil, "\(bad)")
        }
        #expect(ECSTimestamp.date(from: .bool(true)) == nil)
    }
}
