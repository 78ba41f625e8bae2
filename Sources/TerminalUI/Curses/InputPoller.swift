import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain thread that blocks in poll(2) on the terminal and the self-pipe, and tells the loop
/// when there is something to read.
///
/// Why a thread: blocking reads on the cooperative pool starve it (2 cores here), and a periodic
/// non-blocking read costs CPU when idle. poll is level-triggered, so after reporting input the
/// thread waits until the loop has drained curses' queue (`drained()`) before polling again.
final class InputPoller: Sendable {
    let pipeRead: Int32
    let pipeWrite: Int32
    private let drainedSignal = DispatchSemaphore(value: 0)

    init() throws(TerminalError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw .systemCall("pipe", errno) }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        pipeRead = fds[0]
        pipeWrite = fds[1]
    }

    func start<Event>(delivering queue: WakeQueue<Event>) {
        let thread = Thread { [self] in self.loop(queue) }
        thread.name = "terminal-input"
        thread.start()
    }

    /// The loop has read everything curses had; poll again.
    func drained() { drainedSignal.signal() }

    /// Ends the thread; it closes the pipe on its way out.
    func stop() {
        var q = UInt8(ascii: "Q")
        _ = write(pipeWrite, &q, 1)
        drainedSignal.signal()
    }

    private func loop<Event>(_ queue: WakeQueue<Event>) {
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: pipeRead, events: Int16(POLLIN), revents: 0)]
        var buf = [UInt8](repeating: 0, count: 64)
        running: while true {
            fds[0].revents = 0
            fds[1].revents = 0
            let r = poll(&fds, 2, -1)
            if r < 0 {
                if errno == EINTR { continue }
                queue.push(.hangup)
                break
            }
            if fds[1].revents & Int16(POLLIN) != 0 {
                let n = read(pipeRead, &buf, buf.count)
                if n > 0 {
                    for b in buf[0..<n] {
                        switch b {
                        case UInt8(ascii: "W"): queue.push(.resize)
                        case UInt8(ascii: "Z"): queue.push(.suspend)
                        case UInt8(ascii: "Q"): break running
                        default: break
                        }
                    }
                }
            }
            if fds[0].revents & Int16(POLLIN) != 0 {
                queue.push(.input)
                drainedSignal.wait()
            } else if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                queue.push(.hangup)
                break
            }
        }
        close(pipeRead)
        close(pipeWrite)
    }
}
