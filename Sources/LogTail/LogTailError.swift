import Foundation

/// Errors with the context an operator needs to fix the cause (which file, which offset, which
/// errno), so they can be shown as one specific sentence on the status line.
public enum LogTailError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, errno: Int32)
    case readFailed(path: String, errno: Int32)
    case watchFailed(path: String, errno: Int32)
    case inotifyUnavailable(errno: Int32)
    /// A file that looked like a CloudWatch Logs export but is not one; `offset` is the byte where
    /// decoding failed when known.
    case invalidExport(path: String, reason: String, offset: Int?)
    case invalidRegex(pattern: String, reason: String)
    case saveFailed(path: String, errno: Int32)

    public var description: String {
        switch self {
        case let .cannotOpen(path, e): "cannot open \(path): \(Self.text(e))"
        case let .readFailed(path, e): "cannot read \(path): \(Self.text(e))"
        case let .watchFailed(path, e): "cannot watch \(path): \(Self.text(e))"
        case let .inotifyUnavailable(e): "inotify unavailable: \(Self.text(e)); falling back to a slow stat check"
        case let .invalidExport(path, reason, offset):
            "\(path) is not a usable CloudWatch Logs export: \(reason)" + (offset.map { " (at byte \($0))" } ?? "")
        case let .invalidRegex(pattern, reason): "invalid regular expression \(pattern): \(reason)"
        case let .saveFailed(path, e): "cannot save to \(path): \(Self.text(e))"
        }
    }

    static func text(_ e: Int32) -> String { String(cString: strerror(e)) }
}
