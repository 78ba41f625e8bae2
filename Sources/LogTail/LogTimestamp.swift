import ConsoleBase
import Foundation

/// Timestamp recognition for the layouts found at the start of log lines, on ConsoleBase's parser.
///
/// It runs on every line of a 50,000 lines/s flood and must report how many bytes it consumed so
/// the caller can see what follows (TAB for go-log, space for an envelope).
public enum LogTimestamp {
    /// A parsed prefix: the instant, the bytes consumed, and facts callers use to tell layouts apart.
    public struct Match: Sendable, Equatable {
        public var date: Date
        public var length: Int
        public var fractionDigits: Int
        public var hasZone: Bool
    }

    /// ISO 8601 / RFC 3339 at the start: `YYYY-MM-DD(T| )HH:MM:SS[.f][Z|±HH[:]MM]`.
    /// Without a zone the time is taken as UTC (containers run in UTC; `aws logs tail --format
    /// short` prints UTC without a zone).
    public static func parseISO(_ p: UnsafeBufferPointer<UInt8>) -> Match? {
        RFC3339.parsePrefix(p, .iso8601).map(Match.init)
    }

    /// Go's standard logger prefix: `YYYY/MM/DD HH:MM:SS[.ffffff]`, assumed UTC.
    public static func parseGoStd(_ p: UnsafeBufferPointer<UInt8>) -> Match? {
        RFC3339.parsePrefix(p, .goStandardLog).map(Match.init)
    }

    public static func parseISO(_ s: Substring) -> Match? {
        var copy = String(s)
        return copy.withUTF8 { parseISO($0) }
    }

    /// `2026-11-21T05:11:26.191Z`: the layout used when saving lines, UTC with milliseconds.
    public static func format(_ date: Date) -> String {
        RFC3339.format(date, fraction: .milliseconds)
    }
}

extension LogTimestamp.Match {
    init(_ p: RFC3339.Parsed) {
        self.init(date: p.date, length: p.length, fractionDigits: p.fractionDigits, hasZone: p.hasZone)
    }
}
