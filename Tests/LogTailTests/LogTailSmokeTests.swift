import Testing
@testable import LogTail

@Test func LogTailModuleLinks() {
    #expect(LogTailModule.name == "LogTail")
}
