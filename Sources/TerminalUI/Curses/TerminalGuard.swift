#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Restores the terminal on every way out of the process: normal exit (`atexit`), SIGINT, SIGTERM,
/// SIGHUP, SIGQUIT and crashes (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE).
///
/// Why its own type with raw pointers: signal handlers may only do async-signal-safe work, so the
/// saved `termios`, the flag and the previous handlers live in memory allocated once up front, and
/// the handler does nothing but `tcsetattr`, `write` and `sigaction`. After restoring it chains to
/// the previous handler: termination signals are re-raised (the process still dies of them, with
/// the usual exit status), faults return and re-execute into the Swift backtracer's handler.
///
/// It also turns SIGWINCH and SIGTSTP into bytes on a self-pipe (`W`, `Z`), so the loop thread
/// handles resize and suspend outside signal context.
enum TerminalGuard {
    private struct Storage {
        var savedTermios = termios()
        var haveTermios: Int32 = 0
        var active: Int32 = 0
        var wakeFD: Int32 = -1
        var installed: Int32 = 0
        var atexitRegistered: Int32 = 0
    }

    nonisolated(unsafe) private static let storage: UnsafeMutablePointer<Storage> = {
        let p = UnsafeMutablePointer<Storage>.allocate(capacity: 1)
        p.initialize(to: Storage())
        return p
    }()

    nonisolated(unsafe) private static let previous: UnsafeMutablePointer<sigaction> = {
        let p = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
        p.initialize(repeating: sigaction(), count: 65)
        return p
    }()

    static let terminationSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]
    static let wakeSignals: [Int32] = [SIGWINCH, SIGTSTP]

    /// Saves the terminal mode and installs the handlers. Call before `newterm`, so ncurses sees
    /// handlers in place and leaves SIGWINCH/SIGTSTP/SIGINT to us.
    static func install(wakeFD: Int32) {
        _ = storage
        _ = previous
        if tcgetattr(0, &storage.pointee.savedTermios) == 0 { storage.pointee.haveTermios = 1 }
        storage.pointee.wakeFD = wakeFD
        if storage.pointee.installed == 0 {
            for sig in terminationSignals + crashSignals {
                installInfoHandler(sig, restoringHandler)
                // Started with the signal ignored (nohup, a shell's `trap '' INT`): keep ignoring it.
                #if canImport(Glibc)
                let wasIgnored = unsafeBitCast(previous[Int(sig)].__sigaction_handler.sa_handler, to: Int.self) == 1
                #else
                let wasIgnored = false
                #endif
                if wasIgnored && terminationSignals.contains(sig) { sigaction(sig, previous + Int(sig), nil) }
            }
            for sig in wakeSignals { installHandler(sig, wakeHandler) }
            storage.pointee.installed = 1
        }
        if storage.pointee.atexitRegistered == 0 {
            storage.pointee.atexitRegistered = 1
            atexit { TerminalGuard.restoreNow() }
        }
    }

    /// Marks the terminal as taken over (after `newterm`) or handed back (after `endwin`).
    static func setActive(_ on: Bool) { storage.pointee.active = on ? 1 : 0 }

    /// Puts the previous signal dispositions back (at the end of a run).
    static func uninstall() {
        guard storage.pointee.installed == 1 else { return }
        for sig in terminationSignals + crashSignals + wakeSignals { sigaction(sig, previous + Int(sig), nil) }
        storage.pointee.installed = 0
        storage.pointee.wakeFD = -1
    }

    /// The async-signal-safe restore: cooked mode, then `resetSequence` (attributes, cursor,
    /// keypad, mouse, main screen).
    static func restoreNow() {
        guard storage.pointee.active == 1 else { return }
        storage.pointee.active = 0
        if storage.pointee.haveTermios == 1 { tcsetattr(0, TCSANOW, &storage.pointee.savedTermios) }
        writeReset(includingAlternateScreen: true)
    }

    /// Every mode the console may have switched on, switched off, in xterm's encoding (what
    /// tmux, screen, VTE, iTerm2, kitty and the Linux console all understand):
    /// `sgr0` (attributes), `cnorm` (cursor visible), `rmkx` (`ESC[?1l ESC>`: cursor keys and
    /// keypad back to normal mode, or the shell's arrow keys send `ESC O A`), mouse reporting off
    /// (1000/1002/1003/1006), and last `rmcup` (main screen). Why fixed bytes and not terminfo:
    /// a signal handler cannot call into ncurses, and these are the sequences ncurses itself
    /// sends for every `TERM` the console is used with.
    static let resetSequence: StaticString =
        "\u{1B}[0m\u{1B}[?25h\u{1B}[?1l\u{1B}>\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1003l\u{1B}[?1006l"
    static let leaveAlternateScreen: StaticString = "\u{1B}[?1049l"

    /// Writes `resetSequence` (and the main-screen switch) to the terminal; async-signal-safe.
    /// (A normal exit goes through `endwin`, which sends ncurses' own `rmkx`.)
    static func writeReset(includingAlternateScreen: Bool) {
        let saved = errno
        _ = write(1, resetSequence.utf8Start, resetSequence.utf8CodeUnitCount)
        if includingAlternateScreen {
            _ = write(1, leaveAlternateScreen.utf8Start, leaveAlternateScreen.utf8CodeUnitCount)
        }
        errno = saved
    }

    private static func installHandler(_ sig: Int32, _ handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = handler
        #else
        action.__sigaction_u.__sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(sig, &action, previous + Int(sig))
    }

    private static func installInfoHandler(_ sig: Int32,
                                           _ handler: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void) {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_sigaction = handler
        #else
        action.__sigaction_u.__sa_sigaction = handler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART | SA_SIGINFO
        sigaction(sig, &action, previous + Int(sig))
    }

    private static let restoringHandler: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = {
        sig, info, _ in
        TerminalGuard.restoreNow()
        sigaction(sig, TerminalGuard.previous + Int(sig), nil)
        let isFault = sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE
        let sentByProcess = (info?.pointee.si_code ?? 0) <= 0 // SI_USER, SI_QUEUE, SI_TKILL: kill/raise
        if isFault && !sentByProcess {
            return // a real fault: the instruction runs again and reaches the previous handler
        }
        // `kill -ABRT` / `kill -TRAP` from another process: the Swift backtracer reports them and
        // returns, and the console went on drawing over the restored shell (seen in tmux). Our own
        // abort() (sent by this pid) still goes to the backtracer, and glibc then ends the process.
        #if canImport(Glibc)
        let sender = info?.pointee._sifields._kill.si_pid ?? 0
        #else
        let sender = info?.pointee.si_pid ?? 0
        #endif
        let sentByOther = sentByProcess && sender != getpid()
        if isFault || ((sig == SIGABRT || sig == SIGTRAP) && sentByOther) {
            // `kill -SEGV` is a request to die: the Swift backtracer would report it and return,
            // and the process would carry on, so take the default action instead.
            var dfl = sigaction()
            #if canImport(Glibc)
            dfl.__sigaction_handler.sa_handler = SIG_DFL
            #endif
            sigaction(sig, &dfl, nil)
        }
        raise(sig) // delivered once this handler returns, with the previous disposition
    }

    private static let wakeHandler: @convention(c) (Int32) -> Void = { sig in
        let fd = TerminalGuard.storage.pointee.wakeFD
        guard fd >= 0 else { return }
        var byte: UInt8 = sig == SIGWINCH ? UInt8(ascii: "W") : UInt8(ascii: "Z")
        let saved = errno
        _ = write(fd, &byte, 1)
        errno = saved
    }
}
