import ConsoleBase

/// The old name of the headless printing rules, kept so that call sites written before ConsoleBase
/// (some are on branches not merged yet) still compile. The rules are ConsoleBase's `Sanitizer`
/// policy `.plain`; new code calls `Sanitizer.clean(_:for: .plain)` directly.
public enum APISanitizer {
    public static func line(_ s: String) -> String { Sanitizer.clean(s, for: .plain) }
}
