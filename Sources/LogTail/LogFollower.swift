import Foundation
import Glibc

/// Follows many log files at once with `tail -F` semantics and delivers parsed lines in batches.
///
/// Why this shape: one dedicated thread blocks in poll(2) on inotify (directory watches) and a
/// self-pipe, so following 50 files costs one idle thread and no CPU, and a 50,000 lines/s flood
/// is read, sanitised, parsed and classified off the UI thread and arrives as a few batches per
/// frame. A slow stat/glob check (`rescanInterval`) catches what inotify misses.
///
/// The stream never blocks the reader: when the consumer falls behind, the oldest buffered batches
/// are dropped and counted in `LogBatch.droppedLines`. The stream finishes after `stop()` (also
/// called when the consumer stops iterating or the follower is released).
public final class LogFollower: Sendable {
    public let batches: AsyncStream<LogBatch>
    private let stopper: Stopper

    public init(targets: [FollowTarget], options: FollowerOptions = FollowerOptions()) throws(LogTailError) {
        let stopper = try Stopper()
        let (stream, continuation) = AsyncStream<LogBatch>.makeStream(
            bufferingPolicy: .bufferingNewest(max(1, options.bufferedBatches)))
        self.batches = stream
        self.stopper = stopper
        continuation.onTermination = { _ in stopper.stop() }
        Thread.detachNewThread {
            // The loop keeps the stopper (and so both pipe ends) alive until it has finished.
            FollowerLoop(targets: targets, options: options, continuation: continuation, stopFD: stopper.readFD).run()
            withExtendedLifetime(stopper) {}
        }
    }

    /// Stops following; the stream ends after delivering what was already read. Idempotent.
    public func stop() { stopper.stop() }

    deinit { stopper.stop() }

    /// The self-pipe that wakes the follower's poll(2) to stop it. It is the one lock in this
    /// module: `stop()` may be called from any thread (and from the stream's termination handler)
    /// and must write at most once. Both ends stay open until the last owner (the follower or its
    /// thread) lets go, so a write can never hit a closed pipe (SIGPIPE) or a recycled descriptor.
    private final class Stopper: @unchecked Sendable {
        let readFD: Int32
        private let writeFD: Int32
        private let lock = NSLock()
        private var stopped = false

        init() throws(LogTailError) {
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else { throw .watchFailed(path: "self-pipe", errno: errno) }
            for fd in fds {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            }
            readFD = fds[0]
            writeFD = fds[1]
        }

        func stop() {
            lock.lock()
            defer { lock.unlock() }
            guard !stopped else { return }
            stopped = true
            var byte: UInt8 = 1
            _ = write(writeFD, &byte, 1)
        }

        deinit {
            close(readFD)
            close(writeFD)
        }
    }
}

/// One-shot reading of a whole file (a static capture or a CloudWatch export), with the same
/// recognition, sanitising and parsing as the follower, and the partial last line flushed at EOF.
public enum LogFileReader {
    /// - Throws: `LogTailError` naming the path: missing, a dangling link, not a regular file
    ///   (never opened, so a FIFO cannot block), unreadable, binary (not ingested), or an export
    ///   over the size limit.
    public static func read(path: String, root: String? = nil, maxLineBytes: Int = 4096) throws(LogTailError) -> [LogLine] {
        switch LocalInputCheck.problem(at: path) {
        case .none: break
        // "read when it appears" is the follower's promise; a one-shot read just cannot open it.
        case .missing?: throw .cannotOpen(path: path, errno: ENOENT)
        case let problem?: throw problem
        }
        let f = TailedFile(path: path, origin: .file(path: path, root: root), maxLineBytes: maxLineBytes)
        try f.open(lastLines: nil)
        defer { f.close() }
        let sanitizer = LineSanitizer(maxLineBytes: maxLineBytes)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        var lines: [LogLine] = []
        var notices: [FollowerNotice] = []
        while f.readAvailable(buffer: buffer, budget: 64 << 20, now: 0, sanitizer: sanitizer,
                              sink: &lines, notices: &notices) {}
        f.flushPartial(sanitizer: sanitizer, sink: &lines)
        for n in notices { if case let .error(e) = n.event { throw e } }
        return lines
    }
}
