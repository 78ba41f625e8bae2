import Testing
@testable import TerminalUI

@Test func TerminalUIModuleLinks() {
    #expect(TerminalUIModule.name == "TerminalUI")
}
