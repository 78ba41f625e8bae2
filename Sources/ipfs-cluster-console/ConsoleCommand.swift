import ArgumentParser
import Foundation
import TerminalUI

/// Opens the full-screen console (the default subcommand). Until the real console exists it shows
/// the TerminalUI showcase (see Showcase/), with or without `--demo`.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "console", abstract: "Open the console (default).")

    @Flag(help: "Run against the built-in simulated cluster.")
    var demo = false

    @Option(help: "Colour theme: default, light, high-contrast, monochrome, a user theme name, or a .theme file path.")
    var theme = "default"

    @Flag(name: .customLong("no-color"), help: "Draw without colours (attributes only). NO_COLOR is honoured too.")
    var noColor = false

    mutating func run() async throws {
        let loaded: LoadedTheme
        do {
            loaded = try ThemeCatalog().load(theme)
        } catch {
            FileHandle.standardError.write(Data("ipfs-cluster-console: \(error)\n".utf8))
            throw ExitCode(1)
        }
        for d in loaded.diagnostics {
            FileHandle.standardError.write(Data("ipfs-cluster-console: theme: \(d)\n".utf8))
        }
        do {
            try await ShowcaseApp.run(theme: loaded.theme, diagnostics: loaded.diagnostics, noColor: noColor)
        } catch let error as TerminalError {
            FileHandle.standardError.write(Data("ipfs-cluster-console: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
