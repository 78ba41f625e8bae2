import ConsoleBase
import Foundation

/// Why a file in the export directory could not be used. Every case names the file and, where the
/// position is known, the line/column/byte offset, so the console can say exactly what to fix.
public struct ECSExportProblem: Codable, Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Codable, Sendable, Equatable {
        /// Zero bytes: usually a failed `aws ... > file` (errors go to stderr). Means "no data yet".
        case empty
        case tooLarge(size: Int, limit: Int)
        /// NUL bytes or invalid UTF-8: not text at all.
        case binary(offset: Int)
        /// Parsing hit the end of the file inside a value: cut off or still being written.
        case truncated(line: Int, column: Int, offset: Int)
        case syntax(line: Int, column: Int, offset: Int, detail: String)
        /// Text that is not JSON (`--output text` / `table`, or a stray note).
        case notJSON(firstLine: String)
        /// Valid JSON of a kind this reader does not handle (logs exports, other services).
        case notAnExport(reason: String)
        /// Output reshaped with `--query` that cannot be mapped back to ECS objects.
        case reshaped(detail: String)
        case unreadable(reason: String)
        /// The watched directory itself is missing or unreadable.
        case directoryUnavailable(reason: String)
        /// A folder, FIFO, socket or device where an export file was expected; never opened.
        case notAFile(what: String)
        /// A symbolic link whose target does not exist.
        case danglingLink(target: String)
    }

    /// Path as given (the file name is what operators recognise).
    public var file: String
    public var kind: Kind

    public init(file: String, kind: Kind) {
        self.file = file
        self.kind = kind
    }

    /// True when retrying soon may succeed (file caught mid-write, or emptied by a rewrite).
    public var isTransient: Bool {
        switch kind {
        case .truncated, .empty: return true
        default: return false
        }
    }

    public var fileName: String { (file as NSString).lastPathComponent }

    public var description: String {
        let name = fileName
        switch kind {
        case .empty:
            return "\(name): empty file (no data yet; a failed aws call redirected with > leaves an empty file)"
        case .tooLarge(let size, let limit):
            return "\(name): \(size) bytes is over the \(limit / (1024 * 1024)) MiB limit for an ECS export; not read"
        case .binary(let offset):
            return "\(name): binary data at byte \(offset), not a JSON export"
        case .truncated(let line, let column, let offset):
            return "\(name): JSON ends early at line \(line), column \(column) (byte \(offset)): truncated or still being written"
        case .syntax(let line, let column, let offset, let detail):
            return "\(name): invalid JSON at line \(line), column \(column) (byte \(offset)): \(detail)"
        case .notJSON(let firstLine):
            return "\(name): not JSON (starts with \"\(firstLine)\"); export with --output json"
        case .notAnExport(let reason):
            return "\(name): not an ECS export: \(reason)"
        case .reshaped(let detail):
            return "\(name): output reshaped by --query that cannot be read: \(detail)"
        case .unreadable(let reason):
            return "\(name): cannot read: \(reason)"
        case .directoryUnavailable(let reason):
            return "\(file): export directory unavailable: \(reason)"
        case .notAFile(let what):
            return "\(name): is \(what), not an export file; not opened"
        case .danglingLink(let target):
            return "\(name): link to \(target), which does not exist; not read"
        }
    }
}

/// Something a file reader worked around; shown to the operator but the data is used.
public struct ECSExportNote: Codable, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\((file as NSString).lastPathComponent): \(message)" }
}

/// Makes outside text safe to show (ConsoleBase's terminal policy: escape sequences dropped whole,
/// controls made visible) and cuts it to `limit` characters, so nothing from a file can drive the
/// terminal or flood a message.
public func sanitizedForDisplay(_ text: String, limit: Int = 120) -> String {
    Sanitizer.clean(text, for: .terminal, limit: limit)
}
