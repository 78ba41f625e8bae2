// Module marker for TerminalUI; see ../shared/DESIGN.md for what this layer may import.
public enum TerminalUIModule {
    public static let name = "TerminalUI"
}
