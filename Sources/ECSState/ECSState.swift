// Module marker for ECSState; see ../shared/DESIGN.md for what this layer may import.
public enum ECSStateModule {
    public static let name = "ECSState"
}
