import Foundation
import Glibc

/// One followed path and the file currently open at it. Confined to the follower's thread.
///
/// Files are read with `pread` at our own offset, so a truncation shows up as `size < offset`
/// and a rotated file can still be drained through its open descriptor after the rename.
final class TailedFile {
    let path: String
    let origin: LogOrigin
    private(set) var fd: Int32 = -1
    private(set) var identity: FileIdentity?
    private(set) var offset: Int64 = 0
    var splitter: LineSplitter
    var parser: LogLineParser
    /// Monotonic time of the last bytes read (drives the partial-line flush).
    var lastDataAt: Double = 0
    /// Decided from the first bytes: a CloudWatch JSON export is re-read whole, not line by line.
    private var isExport: Bool?
    private var exportSeen: Set<String> = []
    private var exportStamp: (Int64, Int) = (-1, -1)
    /// Errors are reported once per kind until the situation changes.
    var reportedError: LogTailError?
    /// Whether the head of the current file was checked for binary content, and what it showed:
    /// a binary file stays open (so rotation is still noticed) but nothing of it is ingested.
    private var sniffed = false
    private(set) var rejectedAsBinary = false
    /// CloudWatch exports are read whole; above this they are refused.
    static let exportSizeLimit: Int64 = 256 << 20

    struct FileIdentity: Hashable {
        var dev: UInt64
        var ino: UInt64
    }

    init(path: String, origin: LogOrigin, maxLineBytes: Int) {
        self.path = path
        self.origin = origin
        // Keep a few bytes more than the cut length so the sanitizer can cut on a UTF-8 boundary.
        self.splitter = LineSplitter(maxLineBytes: maxLineBytes + 4)
        self.parser = LogLineParser(origin: origin)
    }

    var isOpen: Bool { fd >= 0 }

    static func identity(ofPath path: String) -> FileIdentity? {
        var st = stat()
        guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
        return FileIdentity(dev: UInt64(st.st_dev), ino: UInt64(st.st_ino))
    }

    /// Opens the path. `lastLines` positions the offset before the last N lines; nil = beginning.
    func open(lastLines: Int?) throws(LogTailError) {
        // O_NONBLOCK: if the path became a FIFO since it was checked, open must not wait for a
        // writer (it has no effect on regular files).
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw .cannotOpen(path: path, errno: errno) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let e = errno
            Glibc.close(fd)
            throw .readFailed(path: path, errno: e)
        }
        if let kind = LocalFileKind(mode: st.st_mode) {
            Glibc.close(fd)
            throw .notAFile(path: path, kind: kind)
        }
        self.fd = fd
        identity = FileIdentity(dev: UInt64(st.st_dev), ino: UInt64(st.st_ino))
        offset = 0
        splitter.reset()
        parser.reset()
        isExport = nil  // exportSeen survives: an export rewritten under the same name is de-duplicated
        exportStamp = (-1, -1)
        reportedError = nil
        sniffed = false
        rejectedAsBinary = false
        if let n = lastLines, st.st_size > 0, !(decideExport(size: Int64(st.st_size)) ?? false) {
            offset = Self.offsetOfLastLines(fd: fd, size: Int64(st.st_size), count: n)
        }
    }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    /// Where the file's first bytes stop looking like text, if they do (see `LocalInputCheck`).
    private func sniffBinary(size: Int64) -> Int? {
        var head = [UInt8](repeating: 0, count: Int(min(size, Int64(LocalInputCheck.sniffBytes))))
        let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(0)) }
        guard n > 0 else { return nil }
        return LocalInputCheck.binaryOffset(head[..<n])
    }

    private func decideExport(size: Int64) -> Bool? {
        if let isExport { return isExport }
        guard size > 0 else { return nil }
        var head = [UInt8](repeating: 0, count: Int(min(size, 4096)))
        let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(0)) }
        guard n > 0 else { return nil }
        head.removeSubrange(n...)
        let verdict = CloudWatchExport.looksLikeExport(prefix: head)
        isExport = verdict
        return verdict
    }

    /// Reads what was appended since the last call, up to `budget` bytes.
    /// - Returns: true when more data is left (budget exhausted).
    func readAvailable(buffer: UnsafeMutableRawBufferPointer, budget: Int, now: Double,
                       sanitizer: LineSanitizer, sink: inout [LogLine], notices: inout [FollowerNotice]) -> Bool {
        guard fd >= 0 else { return false }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            report(.readFailed(path: path, errno: errno), into: &notices)
            return false
        }
        let size = Int64(st.st_size)
        if !sniffed, size > 0 {
            sniffed = true
            if let at = sniffBinary(size: size) {
                rejectedAsBinary = true
                report(.binary(path: path, offset: at), into: &notices)
            }
        }
        if rejectedAsBinary { return false }
        if decideExport(size: size) == true {
            readExport(size: size, mtime: Int(st.st_mtim.tv_sec) &* 1_000_000_000 &+ Int(st.st_mtim.tv_nsec),
                       sanitizer: sanitizer, sink: &sink, notices: &notices)
            return false
        }
        if size < offset {
            flushPartial(sanitizer: sanitizer, sink: &sink)
            offset = 0
            parser.reset()
            notices.append(FollowerNotice(path: path, event: .truncated))
        }
        var read = 0
        while read < budget {
            let n = pread(fd, buffer.baseAddress, min(buffer.count, budget - read), off_t(offset))
            if n < 0 {
                if errno == EINTR { continue }
                report(.readFailed(path: path, errno: errno), into: &notices)
                return false
            }
            if n == 0 { return false }
            offset += Int64(n)
            read += n
            lastDataAt = now
            let chunk = UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n)
            splitter.feed(chunk) { bytes, cut in
                let text = sanitizer.sanitize(bytes, alreadyCut: cut)
                if let line = parser.parse(text) { sink.append(line) }
            }
        }
        return true
    }

    /// Emits a held partial line (quiet period over, file replaced or gone, or end of a static file).
    func flushPartial(sanitizer: LineSanitizer, sink: inout [LogLine]) {
        splitter.flush { bytes, cut in
            let text = sanitizer.sanitize(bytes, alreadyCut: cut)
            if let line = parser.parse(text) { sink.append(line) }
        }
    }

    private func readExport(size: Int64, mtime: Int, sanitizer: LineSanitizer,
                            sink: inout [LogLine], notices: inout [FollowerNotice]) {
        guard exportStamp != (size, mtime) else { return }
        guard size <= Self.exportSizeLimit else {
            report(.tooLarge(path: path, size: size, limit: Self.exportSizeLimit), into: &notices)
            return
        }
        var data = Data(count: Int(size))
        let n = data.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(0)) }
        guard n == Int(size) else { return }  // changing under us: the next cycle retries
        let document: CloudWatchExport.Document
        do {
            document = try CloudWatchExport.decode(data, path: path)
        } catch {
            // A file being rewritten fails at its end; report once, retry on the next change.
            report(error, into: &notices)
            return
        }
        exportStamp = (size, mtime)
        reportedError = nil
        let fresh = CloudWatchExport.Document(kind: document.kind,
                                              events: document.events.filter { exportSeen.insert($0.identity).inserted })
        let fallback = CloudWatchExport.Kind.getLogEvents == document.kind
            ? (LogOrigin.getLogEventsFile(name: path) ?? origin) : origin
        sink.append(contentsOf: CloudWatchExport.lines(of: fresh, fallback: fallback, sanitizer: sanitizer))
        notices.append(FollowerNotice(path: path, event: .exportLoaded(newEvents: fresh.events.count)))
        offset = size
    }

    func report(_ error: LogTailError, into notices: inout [FollowerNotice]) {
        guard reportedError != error else { return }
        reportedError = error
        notices.append(FollowerNotice(path: path, event: .error(error)))
    }

    /// Byte offset where the last `count` lines start (a final line without newline counts as one).
    static func offsetOfLastLines(fd: Int32, size: Int64, count: Int) -> Int64 {
        guard count > 0 else { return size }
        let chunk = 64 * 1024
        var buf = [UInt8](repeating: 0, count: chunk)
        var pos = size
        var newlines = 0
        var skipFinal = true  // the newline ending the last line does not start a new line
        while pos > 0 {
            let len = Int(min(Int64(chunk), pos))
            pos -= Int64(len)
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, len, off_t(pos)) }
            guard n == len else { return 0 }
            var i = len - 1
            while i >= 0 {
                if buf[i] == 0x0A {
                    if skipFinal && pos + Int64(i) == size - 1 {
                        skipFinal = false
                    } else {
                        newlines += 1
                        if newlines == count { return pos + Int64(i) + 1 }
                    }
                }
                i -= 1
            }
            skipFinal = false
        }
        return 0
    }
}
