/// What can go wrong reading or writing a recording; each names the file position an operator
/// (or a bug report) needs.
public enum RecordingError: Error, Equatable, CustomStringConvertible {
    /// The file does not start with the recording magic (not a recording, or another version).
    case notARecording(path: String)
    /// A chunk is cut short (the writer was killed mid-write) at this byte offset.
    case truncated(offset: Int)
    /// A chunk's header, checksum, compression or records are wrong at this byte offset.
    case corrupt(offset: Int, reason: String)
    case unreadable(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    /// An event kind written by a newer console: skipped by the reader.
    case unknownEventKind(String)
    /// The recording holds no event at or before the time asked for.
    case nothingBefore(String)

    public var description: String {
        switch self {
        case .notARecording(let p): "\(p) is not a console recording (no ICCREC header)"
        case .truncated(let o): "recording truncated at byte \(o): replaying what came before"
        case .corrupt(let o, let r): "recording corrupt at byte \(o) (\(r)): replaying what came before"
        case .unreadable(let p, let r): "cannot read \(p): \(r)"
        case .cannotWrite(let p, let r): "cannot write the recording \(p): \(r)"
        case .unknownEventKind(let k): "unknown event kind \(k)"
        case .nothingBefore(let t): "the recording has no event at or before \(t)"
        }
    }
}
