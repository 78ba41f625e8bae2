import ArgumentParser

/// Runs the simulated cluster alone in the foreground.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "simulate", abstract: "Run the simulated cluster in the foreground.")

    mutating func run() async throws {
        print("simulate: not built yet")
    }
}
