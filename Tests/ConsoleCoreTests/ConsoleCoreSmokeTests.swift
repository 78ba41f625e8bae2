import Testing
@testable import ConsoleCore

@Test func ConsoleCoreModuleLinks() {
    #expect(ConsoleCoreModule.name == "ConsoleCore")
}
