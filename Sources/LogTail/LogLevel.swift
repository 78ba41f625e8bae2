/// Severity of a log line, ordered so that `>=` filters ("warnings and worse") are a plain comparison.
///
/// The go-log/zap levels are the reference scale because both ipfs-cluster-service and kubo log
/// through it. `unknown` is for lines that carry no level (plain daemon output, raw text): it sorts
/// with `info` for filtering, because such lines are nearly always informational and hiding them
/// behind "info and worse" would make kubo's startup output vanish.
public enum LogLevel: UInt8, Codable, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    case debug = 0
    case unknown = 1
    case info = 2
    case warn = 3
    case error = 4
    case dpanic = 5
    case panic = 6
    case fatal = 7

    /// Rank used by level filters: `unknown` counts as `info` (see the type's note).
    public var severity: UInt8 { self == .unknown ? LogLevel.info.rawValue : rawValue }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether a line of this level passes a "`minimum` and worse" filter.
    public func isAtLeast(_ minimum: LogLevel) -> Bool { severity >= minimum.severity }

    /// The upper-case word shown next to colours, so that level is never conveyed by colour alone.
    public var word: String {
        switch self {
        case .debug: "DEBUG"
        case .info: "INFO"
        case .warn: "WARN"
        case .error: "ERROR"
        case .dpanic: "DPANIC"
        case .panic: "PANIC"
        case .fatal: "FATAL"
        case .unknown: "-"
        }
    }

    public var description: String { word }

    /// Parses a level word from bytes; the upper-case go-log words are matched without allocating.
    init?(ascii p: UnsafeBufferPointer<UInt8>) {
        switch p.count {
        case 4 where ByteSearch.hasPrefix("INFO", p): self = .info
        case 4 where ByteSearch.hasPrefix("WARN", p): self = .warn
        case 5 where ByteSearch.hasPrefix("ERROR", p): self = .error
        case 5 where ByteSearch.hasPrefix("DEBUG", p): self = .debug
        case 3...7: self.init(word: Substring(String(decoding: p, as: UTF8.self)))
        default: return nil
        }
    }

    /// Parses the level words go-log, zap JSON and common loggers emit (any case, `WARNING`/`ERR` too).
    public init?(word: Substring) {
        switch word.count {
        case 3...7: break
        default: return nil
        }
        switch word.uppercased() {
        case "DEBUG", "DBG", "TRACE": self = .debug
        case "INFO", "INF", "NOTICE": self = .info
        case "WARN", "WARNING", "WRN": self = .warn
        case "ERROR", "ERR": self = .error
        case "DPANIC": self = .dpanic
        case "PANIC": self = .panic
        case "FATAL", "CRIT": self = .fatal
        default: return nil
        }
    }
}
