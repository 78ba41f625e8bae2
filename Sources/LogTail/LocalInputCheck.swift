import Glibc

/// What a path names when it is not a regular file, in the words an operator uses.
public enum LocalFileKind: String, Codable, Sendable, Equatable {
    case directory = "a folder"
    case fifo = "a FIFO (named pipe)"
    case socket = "a socket"
    case characterDevice = "a character device"
    case blockDevice = "a block device"
    case other = "not a regular file"

    init?(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: self = .directory
        case S_IFIFO: self = .fifo
        case S_IFSOCK: self = .socket
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        default: self = .other
        }
    }

    /// Why such a path is not opened as a log.
    var whyNotOpened: String {
        switch self {
        case .directory: "give the folder itself (followed recursively for *.log) or a file in it"
        case .fifo: "opening it would block until a writer appears, and what it carries cannot be re-read"
        case .socket: "a socket cannot be opened as a file"
        case .characterDevice, .blockDevice: "reading a device could block or never end"
        case .other: "only regular files are followed"
        }
    }
}

/// Classifies a local input before anything opens it, so that a FIFO never blocks a reader and
/// each kind of wrong path gets its own sentence instead of being skipped without a word.
public enum LocalInputCheck {
    /// Bytes looked at to decide that a file is binary.
    public static let sniffBytes = 4096

    /// nil when `path` is a regular file (or a link to one) that may be opened; otherwise the
    /// notice to show: missing, a dangling link, or not a regular file.
    public static func problem(at path: String) -> LogTailError? {
        var link = stat()
        guard lstat(path, &link) == 0 else {
            let e = errno
            return e == ENOENT ? .missing(path: path) : .cannotOpen(path: path, errno: e)
        }
        var target = stat()
        guard stat(path, &target) == 0 else {
            let e = errno
            if link.st_mode & S_IFMT == S_IFLNK, e == ENOENT { return .danglingLink(path: path, target: linkTarget(path)) }
            return .cannotOpen(path: path, errno: e)
        }
        if let kind = LocalFileKind(mode: target.st_mode) { return .notAFile(path: path, kind: kind) }
        return nil
    }

    /// Where a symbolic link points ("?" when it cannot be read).
    static func linkTarget(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n >= 0 else { return "?" }
        return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The offset of the first byte that shows `head` (a file's first bytes) is not text: a NUL,
    /// or the point where more than one byte in ten seen so far is a control character other than
    /// tab, newline, carriage return, form feed and escape (coloured logs carry ESC) or not UTF-8.
    /// nil when it reads as text (Latin-1 logs with a few accents still do).
    public static func binaryOffset(_ head: some Collection<UInt8>) -> Int? {
        var odd = 0
        var seen = 0
        var continuation = 0
        for (i, b) in head.enumerated() {
            seen += 1
            if b == 0 { return i }
            if continuation > 0 {
                if b & 0xC0 == 0x80 { continuation -= 1; continue }
                odd += 1
                continuation = 0
            }
            switch b {
            case 0x09, 0x0A, 0x0C, 0x0D, 0x1B: break
            case 0..<0x20, 0x7F: odd += 1
            case 0x80..<0xC2, 0xF5...: odd += 1
            case 0xC2..<0xE0: continuation = 1
            case 0xE0..<0xF0: continuation = 2
            case 0xF0..<0xF5: continuation = 3
            default: break
            }
            if seen >= 64, odd * 10 > seen { return i }
        }
        return seen > 0 && seen < 64 && odd * 10 > seen ? 0 : nil
    }
}
