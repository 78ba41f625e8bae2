import ConsoleBase
import Foundation

/// Reads ECS timestamps in both AWS CLI styles. CLI v1 prints epoch seconds as JSON numbers
/// (`1741942202.8`, exponent form possible); CLI v2 prints ISO 8601 in the exporting machine's zone
/// (`2025-03-14T08:50:02.800000+00:00`, fraction dropped on whole seconds). A console must not care
/// which CLI an operator used.
public enum ECSTimestamp {
    /// Parses a number (seconds) or an ISO 8601 string; nil for anything else.
    public static func date(from value: JSONValue?) -> Date? {
        switch value {
        case .number(let seconds, _)?:
            guard seconds.isFinite else { return nil }
            return Date(timeIntervalSince1970: seconds)
        case .string(let text)?:
            if let seconds = Double(text), seconds.isFinite { return Date(timeIntervalSince1970: seconds) }
            return parseISO8601(text)
        default:
            return nil
        }
    }

    /// `YYYY-MM-DD[T ]HH:MM:SS[.f](Z|±HH:MM|±HHMM)`; a missing zone is read as UTC.
    public static func parseISO8601(_ text: String) -> Date? { RFC3339.date(text) }
}
