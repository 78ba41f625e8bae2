import ConsoleBase

/// Makes text from outside (cluster API, log files, ECS exports) safe to put on a terminal.
///
/// Why: a log line or a pin name can carry escape sequences that move the cursor, change colours,
/// set the window title (OSC) or reorder text (bidi overrides). The cell buffer runs every string
/// through this, so nothing a remote party controls can act on the terminal. The rules are
/// ConsoleBase's `Sanitizer` policy `.terminal`; this name stays because every widget calls it.
@inline(__always)
public func sanitizeForTerminal(_ text: String) -> String {
    Sanitizer.clean(text, for: .terminal)
}
