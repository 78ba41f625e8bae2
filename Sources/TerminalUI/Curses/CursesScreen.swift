import CNcursesw
#if canImport(Glibc)
import Glibc
#endif

/// The terminal as a `Screen`, through ncursesw. Only this file group talks to curses, and only
/// from the loop's thread (the main actor).
///
/// Why `newterm` and not `initscr`: `initscr` exits the process on a bad `TERM`; `newterm` returns
/// NULL and we report a clear error. Colours are stepped down to what `COLORS` offers, and
/// pairs are allocated lazily per (fg, bg) in use.
public final class CursesScreen: Screen {
    /// Choices made at start-up.
    public struct Options: Sendable {
        /// Draw with attributes only (`--no-color`; `NO_COLOR` is checked too).
        public var noColor: Bool
        /// Report mouse clicks and wheel as `Key.mouse` (off by default: it breaks text selection).
        public var mouse: Bool
        /// Milliseconds curses waits after Esc for the rest of a sequence.
        public var escapeDelay: Int32

        public init(noColor: Bool = false, mouse: Bool = false, escapeDelay: Int32 = 25) {
            self.noColor = noColor
            self.mouse = mouse
            self.escapeDelay = escapeDelay
        }
    }

    public private(set) var size: ScreenSize
    /// What colours the frames are drawn with.
    public let colorDepth: ColorDepth
    private var previous: CellBuffer?
    private var pairs: [PairKey: Int16] = [:]
    private var nextPair: Int32 = 1
    private let maxPairs: Int32
    private var screenPointer: OpaquePointer?
    private var defaultColorsOK = false
    private var closed = false
    private var wcharScratch: [wchar_t] = []
    private var lastResolved: (style: Style, attr: attr_t, pair: Int16)?

    private struct PairKey: Hashable { var fg: Int16; var bg: Int16 }

    /// Takes over the terminal: locale, terminal mode, alternate screen, signal guards.
    /// `wakeFD` receives a byte per SIGWINCH/SIGTSTP.
    init(options: Options, wakeFD: Int32, environment: [String: String]) throws(TerminalError) {
        guard let term = environment["TERM"], !term.isEmpty else { throw .termNotSet }
        guard isatty(0) == 1, isatty(1) == 1 else { throw .notATerminal }
        CursesScreen.setUTF8Locale()
        TerminalGuard.install(wakeFD: wakeFD)
        guard let scr = newterm(nil, cn_fdopen_out(), cn_fdopen_in()) else {
            TerminalGuard.uninstall()
            throw .unknownTerminal(term)
        }
        screenPointer = scr
        TerminalGuard.setActive(true)
        // cbreak, not raw: ctrl-c stays SIGINT, so even a wedged loop can be interrupted (the guard
        // restores the terminal); ctrl-z is SIGTSTP, turned into a byte on the self-pipe and handled
        // by the loop (clean endwin, stop, repaint on continue).
        cbreak()
        noecho()
        nonl()
        let win = cn_stdscr()
        keypad(win, true)
        nodelay(win, true)
        leaveok(win, true)
        intrflush(win, false)
        _ = curs_set(0)
        set_escdelay(options.escapeDelay)
        if options.mouse {
            _ = mousemask(cn_all_mouse_events(), nil)
            mouseinterval(0)
        }
        let disabled = Theme.colorDisabled(flag: options.noColor, environment: environment)
        if !disabled && has_colors() {
            start_color()
            defaultColorsOK = use_default_colors() == OK
            colorDepth = ColorDepth(colors: Int(cn_colors()))
        } else {
            colorDepth = .none
        }
        maxPairs = min(cn_color_pairs(), 32767)
        size = ScreenSize(width: Int(cn_cols()), height: Int(cn_lines()))
    }

    /// `setlocale(LC_ALL, "")`, falling back to `C.UTF-8` for LC_CTYPE: without a UTF-8 locale
    /// ncursesw draws every non-ASCII character as blanks.
    static func setUTF8Locale() {
        let name = setlocale(LC_ALL, "").map { String(cString: $0) } ?? ""
        let ctype = setlocale(LC_CTYPE, nil).map { String(cString: $0) } ?? name
        let lower = ctype.lowercased()
        if !(lower.contains("utf-8") || lower.contains("utf8")) {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
    }

    public func draw(_ buffer: CellBuffer) {
        guard !closed else { return }
        let win = cn_stdscr()
        let changes = buffer.changes(since: previous)
        var cc = cchar_t()
        for change in changes where !change.cell.isContinuation {
            wcharScratch.removeAll(keepingCapacity: true)
            for s in change.cell.text.unicodeScalars { wcharScratch.append(wchar_t(bitPattern: s.value)) }
            wcharScratch.append(0)
            let (attrs, pair) = resolve(change.cell.style)
            setcchar(&cc, wcharScratch, attrs, pair, nil)
            mvwadd_wch(win, Int32(change.y), Int32(change.x), &cc)
        }
        previous = buffer
        wnoutrefresh(win)
        doupdate()
    }

    /// Writes an escape sequence straight to the terminal after the frame (curses has flushed in
    /// `doupdate`); it moves no cursor and changes no cell, so curses' picture stays right.
    func passthrough(_ sequence: String) {
        guard !closed else { return }
        var bytes = Array(sequence.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(1, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { break }
            offset += n
        }
    }

    /// Reads one pending key without blocking; nil when curses has nothing more.
    func readKey() -> Key? {
        var wch: wint_t = 0
        let r = wget_wch(cn_stdscr(), &wch)
        if r == ERR { return nil }
        if r == KEY_CODE_YES { return decodeKeyCode(Int32(bitPattern: wch)) }
        return Key.fromCharacter(wch)
    }

    /// Asks the kernel for the new size and resizes curses' screens; the next draw is a full one.
    func handleResize() {
        var ws = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_row > 0, ws.ws_col > 0 {
            resize_term(Int32(ws.ws_row), Int32(ws.ws_col))
        }
        size = ScreenSize(width: Int(cn_cols()), height: Int(cn_lines()))
        forceFullRedraw()
    }

    /// Makes the next `draw` repaint every cell (after resize or resume).
    func forceFullRedraw() {
        previous = nil
        wclear(cn_stdscr())
    }

    /// ctrl-z: hand the terminal back, stop, and on `fg` take it again and repaint.
    func suspend() {
        endwin()
        TerminalGuard.setActive(false)
        // raise (a signal to this thread), not kill(getpid()): a process-directed SIGSTOP may be
        // taken by another thread, and this one would run on and repaint before the stop lands.
        raise(SIGSTOP)
        // Continued.
        TerminalGuard.setActive(true)
        wrefresh(cn_stdscr())
        handleResize()
    }

    /// Gives the terminal back (idempotent).
    func close() {
        guard !closed else { return }
        closed = true
        endwin()
        TerminalGuard.setActive(false)
        TerminalGuard.uninstall()
        if let s = screenPointer { delscreen(s) }
        screenPointer = nil
    }

    // MARK: styles

    private func resolve(_ style: Style) -> (attr_t, Int16) {
        // Runs of cells share a style; skip the work for repeats.
        if let last = lastResolved, last.style == style { return (last.attr, last.pair) }
        let resolved = resolveUncached(style)
        lastResolved = (style, resolved.0, resolved.1)
        return resolved
    }

    private func resolveUncached(_ style: Style) -> (attr_t, Int16) {
        var a: attr_t = cn_a_normal()
        if style.attributes.contains(.bold) { a |= cn_a_bold() }
        if style.attributes.contains(.dim) { a |= cn_a_dim() }
        if style.attributes.contains(.reverse) { a |= cn_a_reverse() }
        if style.attributes.contains(.underline) { a |= cn_a_underline() }
        if style.attributes.contains(.italic) { a |= cn_a_italic() }
        guard colorDepth != .none else { return (a, 0) }
        let fg = colorNumber(colorDepth.map(style.foreground), isForeground: true)
        let bg = colorNumber(colorDepth.map(style.background), isForeground: false)
        if fg == -1 && bg == -1 && defaultColorsOK { return (a, 0) }
        let key = PairKey(fg: fg, bg: bg)
        if let p = pairs[key] { return (a, p) }
        guard nextPair < maxPairs else { return (a, 0) } // pair table full: default colours
        let p = Int16(nextPair)
        nextPair += 1
        init_pair(p, fg, bg)
        pairs[key] = p
        return (a, p)
    }

    private func colorNumber(_ color: Color?, isForeground: Bool) -> Int16 {
        switch color {
        case .none, .some(.default): return defaultColorsOK ? -1 : (isForeground ? 7 : 0)
        case .some(.ansi(let i)): return Int16(i)
        case .some(.index(let i)): return Int16(i)
        case .some(.rgb(let r, let g, let b)): return Int16(ColorDepth.nearest256(r, g, b))
        }
    }

    // MARK: keys

    private func decodeKeyCode(_ code: Int32) -> Key {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_IC: return .insert
        case KEY_DC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_RESIZE: return .resize
        case KEY_MOUSE:
            var ev = MEVENT()
            guard getmouse(&ev) == OK else { return .unknown(Int(code)) }
            let b = ev.bstate
            let button: MouseButton
            if b & (cn_button1_pressed() | cn_button1_clicked() | cn_button1_released()) != 0 { button = .left }
            else if b & cn_button4_pressed() != 0 { button = .wheelUp }
            else if b & cn_button5_pressed() != 0 { button = .wheelDown }
            else { button = .other }
            return .mouse(x: Int(ev.x), y: Int(ev.y), button: button)
        default:
            let f0 = cn_key_f(0)
            if code > f0 && code <= f0 + 63 { return .f(Int(code - f0)) }
            return .unknown(Int(code))
        }
    }
}
