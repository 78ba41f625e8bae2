import Testing
@testable import ECSState

@Test func ECSStateModuleLinks() {
    #expect(ECSStateModule.name == "ECSState")
}
