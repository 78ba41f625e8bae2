// Module marker for ClusterAPI; see ../shared/DESIGN.md for what this layer may import.
public enum ClusterAPIModule {
    public static let name = "ClusterAPI"
}
