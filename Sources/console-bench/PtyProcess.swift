import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process whose stdin, stdout and stderr are the slave side of a fresh pseudo-terminal;
/// the bench reads from the master side exactly the bytes the child sends to its "terminal".
///
/// Spawned with `posix_spawn` (not `Foundation.Process`) with an empty signal mask and default
/// signal actions: a child started from a Swift concurrency thread would otherwise inherit its
/// blocked signals (SIGWINCH, SIGTERM...). It gets its own session, so the bench's own terminal
/// and process group are never involved.
final class PtyProcess {
    let pid: pid_t
    let master: Int32
    private var reaped = false
    private(set) var exitStatus: Int32?

    init(path: String, arguments: [String], environment: [String: String], columns: Int, rows: Int) throws {
        let m = PtyCalls.openpt(O_RDWR | O_NOCTTY)
        guard m >= 0 else { throw BenchError(description: "posix_openpt failed: errno \(errno)") }
        var name = [CChar](repeating: 0, count: 256)
        guard PtyCalls.grantpt(m) == 0, PtyCalls.unlockpt(m) == 0, PtyCalls.ptsname(m, &name, name.count) == 0 else {
            close(m)
            throw BenchError(description: "cannot set up the pseudo-terminal: errno \(errno)")
        }
        let slaveName = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let slave = open(slaveName, O_RDWR | O_NOCTTY)
        guard slave >= 0 else {
            close(m)
            throw BenchError(description: "cannot open \(slaveName): errno \(errno)")
        }
        var ws = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(m, UInt(TIOCSWINSZ), &ws)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in Int32(0)...2 { posix_spawn_file_actions_adddup2(&actions, slave, fd) }
        posix_spawn_file_actions_addclose(&actions, m)
        if slave > 2 { posix_spawn_file_actions_addclose(&actions, slave) }

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGWINCH, SIGTSTP, SIGCHLD, SIGTTIN, SIGTTOU, SIGCONT] {
            sigaddset(&defaults, s)
        }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        let setsid: Int32 = 0x80 // POSIX_SPAWN_SETSID (glibc)
        posix_spawnattr_setflags(&attr, Int16(Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF) | setsid))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let rc = posix_spawn(&child, path, &actions, &attr, argv, envp)
        close(slave)
        guard rc == 0 else {
            close(m)
            throw BenchError(description: "cannot start \(path): \(String(cString: strerror(rc)))")
        }
        pid = child
        master = m
    }

    deinit {
        if !reaped {
            kill(pid, SIGKILL)
            _ = waitpid(pid, nil, 0)
        }
        close(master)
    }

    /// Sends bytes as if typed.
    func type(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Reads what the child writes: waits up to `firstByte` seconds for output to start, then
    /// returns once nothing more arrived for `quiet` seconds (or after `limit` seconds in all).
    func readUntilQuiet(firstByte: Double, quiet: Double, limit: Double = 60) -> [UInt8] {
        var out: [UInt8] = []
        let start = now()
        var last = start
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let t = now()
            if t - start >= limit { break }
            let wait = out.isEmpty ? start + firstByte - t : last + quiet - t
            if wait <= 0 { break }
            var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let r = poll(&pfd, 1, Int32(max(1, min(wait, limit - (t - start)) * 1000)))
            if r < 0 && errno == EINTR { continue }
            if r <= 0 { continue }
            let n = buf.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if n <= 0 { break } // EIO: the child closed the terminal
            out += buf[0..<n]
            last = now()
        }
        return out
    }

    /// Reads and discards output for `seconds` (so the child never blocks on a full terminal);
    /// returns how many bytes arrived.
    func drain(for seconds: Double) -> Int {
        var total = 0
        let end = now() + seconds
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let left = end - now()
            if left <= 0 { break }
            var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let r = poll(&pfd, 1, Int32(max(1, left * 1000)))
            if r <= 0 { continue }
            let n = buf.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if n <= 0 {
                usleep(UInt32(min(left, 0.05) * 1_000_000))
                continue
            }
            total += n
        }
        return total
    }

    /// Whether the child has exited (reaps it if so).
    func hasExited() -> Bool {
        if reaped { return true }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid {
            reaped = true
            exitStatus = status
        }
        return reaped
    }

    /// Waits up to `timeout` seconds for the child to exit, draining its output; kills it after.
    /// Returns true when it exited by itself.
    @discardableResult
    func finish(timeout: Double) -> Bool {
        let end = now() + timeout
        while now() < end {
            if hasExited() { return true }
            _ = drain(for: 0.05)
        }
        if hasExited() { return true }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        reaped = true
        exitStatus = status
        return false
    }
}

/// The path of the running executable (to start this bench again in a child mode).
func currentExecutable() -> String {
    var buf = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buf, buf.count - 1)
    if n > 0 { return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
    return CommandLine.arguments[0]
}

/// glibc's pseudo-terminal calls, looked up at run time: `stdlib.h` declares them only under
/// `_XOPEN_SOURCE`, which the Glibc module is not built with.
enum PtyCalls {
    typealias IntToInt = @convention(c) (Int32) -> Int32
    typealias PtsName = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32

    static func symbol<T>(_ name: String, as: T.Type) -> T? {
        guard let sym = dlsym(nil, name) else { return nil }
        return unsafeBitCast(sym, to: T.self)
    }

    static func openpt(_ flags: Int32) -> Int32 { symbol("posix_openpt", as: IntToInt.self)?(flags) ?? -1 }
    static func grantpt(_ fd: Int32) -> Int32 { symbol("grantpt", as: IntToInt.self)?(fd) ?? -1 }
    static func unlockpt(_ fd: Int32) -> Int32 { symbol("unlockpt", as: IntToInt.self)?(fd) ?? -1 }
    static func ptsname(_ fd: Int32, _ buf: UnsafeMutablePointer<CChar>, _ len: Int) -> Int32 {
        symbol("ptsname_r", as: PtsName.self)?(fd, buf, len) ?? -1
    }
}
