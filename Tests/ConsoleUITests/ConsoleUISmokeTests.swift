import Testing
@testable import ConsoleUI

@Test func ConsoleUIModuleLinks() {
    #expect(ConsoleUIModule.name == "ConsoleUI")
}
