import ArgumentParser

/// ipfs-cluster-ctl takes its global flags before the subcommand (`ctl --host X peers ls`), but
/// ArgumentParser only parses options after the subcommand that declares them. Operators type the
/// ctl form from habit and from runbooks, so leading options are moved behind the subcommand path
/// before parsing: the connection options, ctl's `--secret`, and the options the console shares
/// with some subcommands (`--logs X snapshot --out DIR`). Anything unrecognised stops the scan.
enum GlobalArgumentOrder {
    /// Options that take one value.
    static let valued: Set<String> = ["-l", "--host", "--basic-auth", "--token", "-t", "--timeout",
                                      "--context", "--config", "--enc", "--encoding", "--secret", "--ca-file",
                                      "--ecs-dir", "--exports-dir", "--audit-journal", "--theme", "--refresh",
                                      "--gateway", "--gateway-interval", "--gateway-timeout"]
    /// Options that take every following value up to the next option or subcommand name.
    static let multiValued: Set<String> = ["--logs"]
    /// Options that are plain flags.
    static let flags: Set<String> = ["-s", "--https", "-f", "--force-http", "--no-check-certificate", "--json",
                                     "--debug", "--readonly", "--no-color"]

    /// A leading option that the chosen subcommand does not take.
    struct Misplaced: Error, CustomStringConvertible {
        let option: String
        let command: String
        var description: String { "\(option) does not apply to `\(command)`" }
    }

    static func reorder(_ arguments: [String], root: any ParsableCommand.Type) throws(Misplaced) -> [String] {
        let names = Set(root.configuration.subcommands.map { $0.configuration.commandName ?? "" })
        var globals: [String] = []
        var optionNames: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if valued.contains(name) {
                globals.append(argument)
                if !argument.contains("="), index + 1 < arguments.count {
                    globals.append(arguments[index + 1])
                    index += 1
                }
            } else if multiValued.contains(name) {
                globals.append(argument)
                while !argument.contains("="), index + 1 < arguments.count,
                      !arguments[index + 1].hasPrefix("-"), !names.contains(arguments[index + 1]) {
                    globals.append(arguments[index + 1])
                    index += 1
                }
            } else if flags.contains(argument) {
                globals.append(argument)
            } else {
                break
            }
            optionNames.append(name)
            index += 1
        }
        guard !globals.isEmpty else { return arguments }
        // Walk the subcommand path (e.g. `peers ls`) that follows the leading options.
        var command: any ParsableCommand.Type = root
        var pathEnd = index
        while pathEnd < arguments.count,
              let next = command.configuration.subcommands.first(where: { $0.configuration.commandName == arguments[pathEnd] }) {
            command = next
            pathEnd += 1
        }
        guard pathEnd > index else { return arguments }
        let usage = command.helpMessage(columns: 10_000)
        for option in optionNames where !accepts(usage, option) {
            throw Misplaced(option: option, command: arguments[index..<pathEnd].joined(separator: " "))
        }
        return Array(arguments[index..<pathEnd]) + globals + Array(arguments[pathEnd...])
    }

    /// Whether a command's help lists `option` (followed by a space, comma, `=` or line end).
    static func accepts(_ help: String, _ option: String) -> Bool {
        var rest = Substring(help)
        while let r = rest.range(of: option) {
            let next = rest[r.upperBound...].first
            if next == nil || next == " " || next == "," || next == "\n" || next == "=" || next == ")" { return true }
            rest = rest[r.upperBound...]
        }
        return false
    }
}
