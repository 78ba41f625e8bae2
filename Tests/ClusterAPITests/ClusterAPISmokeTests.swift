import Testing
@testable import ClusterAPI

@Test func ClusterAPIModuleLinks() {
    #expect(ClusterAPIModule.name == "ClusterAPI")
}
