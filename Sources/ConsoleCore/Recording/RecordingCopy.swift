import ConsoleBase
import Foundation

/// Copies a recording and its rotated files into a folder next to an incident snapshot, so the
/// report travels with the minutes that led to it (bounded by the recording's rotation).
public enum RecordingCopy {
    /// Returns the path of the copy of the current file (`DIR/recording-<time>.iccrec`, with
    /// `.1`, `.2`... beside it).
    public static func copy(_ path: String, into directory: String, now: Date = Date()) throws -> String {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let stamp = CivilTime(now).compactText + "Z"
        let target = (directory as NSString).appendingPathComponent("recording-\(stamp).iccrec")
        try? fm.removeItem(atPath: target)
        try fm.copyItem(atPath: path, toPath: target)
        var n = 1
        while fm.fileExists(atPath: "\(path).\(n)") {
            try? fm.removeItem(atPath: "\(target).\(n)")
            try fm.copyItem(atPath: "\(path).\(n)", toPath: "\(target).\(n)")
            n += 1
        }
        return target
    }
}
