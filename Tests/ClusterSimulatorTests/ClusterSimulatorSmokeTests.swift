import Testing
@testable import ClusterSimulator

@Test func ClusterSimulatorModuleLinks() {
    #expect(ClusterSimulatorModule.name == "ClusterSimulator")
}
