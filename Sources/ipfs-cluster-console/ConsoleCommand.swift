import ArgumentParser

/// Opens the full-screen console (the default subcommand).
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "console", abstract: "Open the console (default).")

    @Flag(help: "Run against the built-in simulated cluster.")
    var demo = false

    mutating func run() async throws {
        print("console: not built yet")
    }
}
