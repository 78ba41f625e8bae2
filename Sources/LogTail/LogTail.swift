// Module marker for LogTail; see ../shared/DESIGN.md for what this layer may import.
public enum LogTailModule {
    public static let name = "LogTail"
}
