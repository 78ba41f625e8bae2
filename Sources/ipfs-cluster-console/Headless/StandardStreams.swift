#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way the executable writes to stdout and stderr.
///
/// Why not `FileHandle.standardError.write(_: Data)`: its non-throwing form traps when the write
/// fails, so a reader that went away (`2>&1 | head -1`, a closed pager) turned into a crash with
/// SIGILL (exit 132) and a backtrace. Here every write goes through `write(2)`; a closed pipe
/// (EPIPE) or any other failure ends the process quietly with 141, the status a shell reports
/// for SIGPIPE and the one ipfs-cluster-ctl ends with under `| head`.
enum StandardStreams {
    /// The exit status of a command whose output pipe was closed (128 + SIGPIPE).
    static let closedPipeStatus: Int32 = 141

    /// Makes a closed pipe an EPIPE error on `write` instead of a signal that kills the process
    /// mid-line (SwiftNIO ignores SIGPIPE too, but only once its first event loop starts).
    static func ignoreSIGPIPE() {
        signal(SIGPIPE, SIG_IGN)
    }

    static func out(_ text: String) { write(text, to: 1) }
    static func err(_ text: String) { write(text, to: 2) }

    /// Writes all of `text`, retrying short writes and EINTR; exits with 141 when the descriptor
    /// cannot take it (closed pipe, closed descriptor, full disk).
    static func write(_ text: String, to fd: Int32) {
        let bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                #if canImport(Glibc)
                Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                #else
                Darwin.write(fd, raw.baseAddress! + done, raw.count - done)
                #endif
            }
            if n < 0 {
                if errno == EINTR { continue }
                exit(closedPipeStatus)
            }
            done += n
        }
    }
}
