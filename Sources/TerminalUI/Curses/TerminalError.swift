/// Why the terminal could not be used. Each case says what the user can do about it.
public enum TerminalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `TERM` is unset or empty.
    case termNotSet
    /// ncurses has no terminfo entry for `TERM`.
    case unknownTerminal(String)
    /// stdin or stdout is not a terminal (piped, redirected).
    case notATerminal
    /// A system call failed while setting up.
    case systemCall(String, Int32)

    public var description: String {
        switch self {
        case .termNotSet:
            return "TERM is not set: run this from a terminal, or set TERM (e.g. TERM=xterm-256color)"
        case .unknownTerminal(let t):
            return "unknown terminal type '\(sanitizeForTerminal(t))': set TERM to one your system knows (e.g. xterm-256color), or install ncurses-term"
        case .notATerminal:
            return "standard input and output must be a terminal (for scripts use the headless subcommands, see --help)"
        case .systemCall(let name, let err):
            return "\(name) failed (errno \(err))"
        }
    }
}
