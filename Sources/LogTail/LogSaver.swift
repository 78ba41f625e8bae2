import Foundation
import Glibc

/// Writes lines (typically the current view) to a plain-text file, one line each, so an operator
/// can attach what they saw to an incident ticket.
///
/// Layout: `<UTC time or -> <source> <LEVEL> [subsystem] <message>`; continuation lines keep the
/// head's columns so the file greps well. The text is already sanitised. The file is written to
/// a temporary name and renamed, so a reader never sees half a file.
public enum LogSaver {
    public static func format(_ line: LogLine) -> String {
        var s = line.time.map(LogTimestamp.format) ?? "-"
        s += " "
        s += line.source
        s += " "
        s += line.level.word
        if let sub = line.subsystem {
            s += " "
            s += sub
        }
        s += " "
        s += line.message.replacingOccurrences(of: "\t", with: " ")
        return s
    }

    @discardableResult
    public static func save<S: Sequence>(_ lines: S, to path: String) throws(LogTailError) -> Int where S.Element == LogLine {
        var text = ""
        var n = 0
        for l in lines {
            text += format(l)
            text += "\n"
            n += 1
        }
        let tmp = path + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .saveFailed(path: path, errno: errno) }
        var failure: Int32 = 0
        text.withUTF8 { buf in
            var off = 0
            while off < buf.count {
                let w = write(fd, buf.baseAddress! + off, buf.count - off)
                if w < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                off += w
            }
        }
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == 0 && rename(tmp, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(tmp)
            throw .saveFailed(path: path, errno: failure)
        }
        return n
    }
}
