import ArgumentParser
import Foundation

/// Root command. With no subcommand it opens the console (`ConsoleCommand`); the headless
/// subcommands mirror ipfs-cluster-ctl and share the console's service modules.
@main
struct IPFSClusterConsole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipfs-cluster-console",
        abstract: "A terminal operations console for IPFS Cluster.",
        version: ConsoleVersion.current,
        subcommands: [ConsoleCommand.self, SimulateCommand.self, SnapshotCommand.self] + HeadlessCommands.all,
        defaultSubcommand: ConsoleCommand.self
    )

    static func main() async {
        StandardStreams.ignoreSIGPIPE()
        do {
            await main(try GlobalArgumentOrder.reorder(Array(CommandLine.arguments.dropFirst()), root: Self.self))
        } catch {
            printError("Error: \(error)\nUsage: put it after the subcommand, or see --help of that subcommand.")
            Foundation.exit(64)
        }
    }
}
