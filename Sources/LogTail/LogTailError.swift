import Foundation

/// Errors with the context an operator needs to fix the cause (which file, which offset, which
/// errno), so they can be shown as one specific sentence on the status line.
public enum LogTailError: Codable, Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, errno: Int32)
    case readFailed(path: String, errno: Int32)
    case watchFailed(path: String, errno: Int32)
    case inotifyUnavailable(errno: Int32)
    /// A file that looked like a CloudWatch Logs export but is not one; `offset` is the byte where
    /// decoding failed when known.
    case invalidExport(path: String, reason: String, offset: Int?)
    case invalidRegex(pattern: String, reason: String)
    case saveFailed(path: String, errno: Int32)
    /// Nothing at the path (yet): a followed file is read when it appears.
    case missing(path: String)
    /// A symbolic link whose target does not exist.
    case danglingLink(path: String, target: String)
    /// A folder, FIFO, socket or device where a file was expected: never opened (a FIFO would
    /// block the reader).
    case notAFile(path: String, kind: LocalFileKind)
    /// Not text (a NUL or mostly control bytes at `offset`): detected, not ingested.
    case binary(path: String, offset: Int)
    /// Over the size a whole-file read accepts.
    case tooLarge(path: String, size: Int64, limit: Int64)

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
        case let .missing(path): "\(path) does not exist (yet); it is read when it appears"
        case let .danglingLink(path, target): "\(path) is a link to \(target), which does not exist; not read"
        case let .notAFile(path, kind): "\(path) is \(kind.rawValue), not a file; not opened: \(kind.whyNotOpened)"
        case let .binary(path, offset): "\(path) is binary (not text at byte \(offset)); not ingested"
        case let .tooLarge(path, size, limit):
            "\(path) is \(size >> 20) MiB, over the \(limit >> 20) MiB limit for reading a whole file; not read"
        }
    }

    static func text(_ e: Int32) -> String { String(cString: strerror(e)) }
}
