import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Looks at what a path in the export folder is before it is opened. Why: opening a FIFO blocks
/// until a writer appears (the console would stall), and a folder, socket, device or dangling
/// link used to be skipped without a word; each now becomes its own `ECSExportProblem`.
enum ECSInputCheck {
    /// nil for a regular file or a link to one; otherwise the problem to report.
    static func problem(at path: String) -> ECSExportProblem.Kind? {
        var own = stat()
        guard lstat(path, &own) == 0 else { return nil }  // gone: the caller's read says so
        var resolved = stat()
        if stat(path, &resolved) != 0 {
            guard own.st_mode & S_IFMT == S_IFLNK else { return nil }
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
            return .danglingLink(target: sanitizedForDisplay(target))
        }
        switch resolved.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return .notAFile(what: "a folder")
        case S_IFIFO: return .notAFile(what: "a FIFO (named pipe); opening it would block until a writer appears")
        case S_IFSOCK: return .notAFile(what: "a socket")
        case S_IFCHR, S_IFBLK: return .notAFile(what: "a device")
        default: return .notAFile(what: "not a regular file")
        }
    }
}
