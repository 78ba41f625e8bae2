// Module marker for ConsoleUI; see ../shared/DESIGN.md for what this layer may import.
public enum ConsoleUIModule {
    public static let name = "ConsoleUI"
}
