// Module marker for ConsoleCore; see ../shared/DESIGN.md for what this layer may import.
public enum ConsoleCoreModule {
    public static let name = "ConsoleCore"
}
