// Module marker for ClusterSimulator; see ../shared/DESIGN.md for what this layer may import.
public enum ClusterSimulatorModule {
    public static let name = "ClusterSimulator"
}
