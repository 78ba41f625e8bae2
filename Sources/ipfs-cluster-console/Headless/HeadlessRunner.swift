import ArgumentParser
import ClusterAPI
import ConsoleBase
import ConsoleCore
import Foundation

/// Writes command output. Text follows ctl's layouts; JSON is one object per line.
struct Printer: Sendable {
    let json: Bool
    let text = CtlTextFormatter()

    /// A reader that went away (`| head`) ends the command quietly with the shell's SIGPIPE
    /// status, as ipfs-cluster-ctl does, instead of a crash report.
    func out(_ s: String) { StandardStreams.out(s) }

    /// Prints one wire value either as JSON or through its ctl text layout.
    func emit<T: Encodable>(_ value: T, _ layout: (CtlTextFormatter) -> String) throws {
        out(json ? try JSONOutput.line(value) : layout(text))
    }

    /// A pin or unpin's result as ctl prints it: the status read afterwards, else the pin.
    func emit(_ outcome: PinActions.Outcome) throws {
        if let status = outcome.status {
            try emit(status) { $0.status(status) }
        } else {
            try emit(outcome.pin) { $0.pin(outcome.pin) }
        }
    }

    func error(_ e: ClusterAPIError) {
        out(json ? JSONOutput.error(e) : text.error(e))
    }
}

func printError(_ s: String) {
    StandardStreams.err(APISanitizer.line(s) + "\n")
}

/// A `--filter a,b` list, lower-cased, checked against `valid` as ctl does locally before any
/// request (`invalid filter name`, exit 1).
func parseFilterNames(_ text: String?, valid: Set<String>) throws -> [String] {
    guard let text, !text.isEmpty else { return [] }
    let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    for part in parts where !valid.contains(part) {
        printError("error parsing filter: invalid filter name: \(part) (valid: \(valid.sorted().joined(separator: ", ")))")
        throw ExitCode(1)
    }
    return parts
}

/// Shared frame of every headless command: resolve the context, build the client, run, and
/// map failures to ctl's exit codes (0 ok, 1 client/transport, 2 API error).
enum Headless {
    /// The action service of the running command (read-only guard and audit journal).
    @TaskLocal static var actions: ActionService?

    /// Runs a mutating call through the shared action service, so the journal records it.
    static func audited<T>(_ kind: ActionKind, _ body: () async throws -> T) async throws -> T {
        guard let actions else { return try await body() }
        return try await actions.audited(kind, body)
    }

    /// Resolves the context (flags > environment > file) and builds its client; a bad
    /// configuration or client setting ends the command with exit code 1 and one sentence.
    /// `--timeout` is the command's overall deadline here (`CommandDeadline`), so it is not
    /// passed on as the idle timeout: that one comes from the context or its default.
    static func connect(_ flags: ConsoleFlags) throws -> (ResolvedContext, ClusterClient) {
        var flags = flags
        flags.timeout = nil
        let resolved: ResolvedContext
        do {
            resolved = try ContextResolver.resolve(flags: flags)
        } catch let e as ConfigError {
            printError("error reading the configuration: \(e)")
            throw ExitCode(1)
        }
        for w in resolved.warnings { printError(w) }
        do {
            return (resolved, try ClusterClient(configuration: resolved.clientConfiguration))
        } catch let e as ClusterAPIError {
            printError("error: \(e)")
            throw ExitCode(1)
        }
    }

    /// - Parameter waitSeconds: how long the command was asked to wait on purpose
    ///   (`--wait-timeout`); it extends the overall deadline.
    static func run(_ global: GlobalOptions, _ output: OutputOptions, waitSeconds: Double = 0,
                    _ body: (ClusterClient, Printer) async throws -> Void) async throws {
        global.reportIgnoredOptions()
        var flags = global.flags
        if output.readonly { flags.readonly = true }
        let (resolved, client) = try connect(flags)
        let printer = Printer(json: output.useJSON)
        let journal = (resolved.auditJournal ?? AuditJournal.defaultPath()).map { AuditJournal(path: $0) }
        let service = ActionService(client: client, journal: journal,
                                    contextName: resolved.contextName ?? resolved.hosts.map(\.description).joined(separator: ","),
                                    readonly: resolved.readonly)
        do {
            try await CommandDeadline(timeout: global.timeout, extraSeconds: waitSeconds)
                .enforce(on: client, report: { printer.error($0) }) {
                    try await Headless.$actions.withValue(service) { try await body(client, printer) }
                }
            await client.shutdown()
        } catch let e as ClusterAPIError {
            await client.shutdown()
            if case .invalidArgument = e.kind {
                printError("error: \(e)")
            } else {
                printer.error(e)
            }
            throw ExitCode(e.exitCode)
        } catch let e as LocalFailure {
            await client.shutdown()
            printError(e.message)
            throw ExitCode(1)
        } catch let e as ActionFailure {
            await client.shutdown()
            printError(e.message)
            throw ExitCode(1)
        } catch {
            await client.shutdown()
            throw error
        }
    }
}

/// A failure on our side that ctl reports as `error <doing>: <err>` on stderr, exit 1.
struct LocalFailure: Error {
    var message: String
}
