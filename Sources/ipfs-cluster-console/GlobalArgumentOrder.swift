import ArgumentParser

/// ipfs-cluster-ctl takes its global flags before the subcommand (`ctl --host X peers ls`), but
/// ArgumentParser only parses options after the subcommand that declares them. Operators type the
/// ctl form from habit and from runbooks, so the leading global options are moved behind the
/// subcommand path before parsing. Anything unrecognised stops the scan and is left untouched.
enum GlobalArgumentOrder {
    /// Global options that take a value.
    static let valued: Set<String> = ["-l", "--host", "--basic-auth", "--token", "-t", "--timeout",
                                      "--context", "--config", "--enc", "--encoding"]
    /// Global options that are plain flags.
    static let flags: Set<String> = ["-s", "--https", "-f", "--force-http", "--no-check-certificate", "--json"]

    static func reorder(_ arguments: [String], root: any ParsableCommand.Type) -> [String] {
        var globals: [String] = []
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
            } else if flags.contains(argument) {
                globals.append(argument)
            } else {
                break
            }
            index += 1
        }
        guard !globals.isEmpty else { return arguments }
        // Walk the subcommand path (e.g. `peers ls`) that follows the global options.
        var command: any ParsableCommand.Type = root
        var pathEnd = index
        while pathEnd < arguments.count,
              let next = command.configuration.subcommands.first(where: { $0.configuration.commandName == arguments[pathEnd] }) {
            command = next
            pathEnd += 1
        }
        guard pathEnd > index else { return arguments }
        return Array(arguments[index..<pathEnd]) + globals + Array(arguments[pathEnd...])
    }
}
