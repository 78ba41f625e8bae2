import ArgumentParser
import ClusterAPI
import ConsoleCore
import Foundation
import LogTail

/// `ipfs-cluster-console snapshot`: writes the incident report (Markdown + JSON) without the TUI,
/// for a cron job, a pager hook or a shell over a broken terminal.
struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Write an incident snapshot (Markdown postmortem draft + JSON) of the cluster's unhealthy peers.")

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Folder for the report files (created if needed).", valueName: "dir"))
    var out: String = "."

    @Option(name: [.customLong("ecs-dir"), .customLong("exports-dir")], help: ArgumentHelp("Folder of AWS CLI exports (describe-tasks, describe-services..., and EFS, ELB, CloudWatch, Cloud Map); --exports-dir is the same.", valueName: "dir"))
    var ecsDir: String?

    @Option(name: .customLong("logs"), parsing: .upToNextOption, help: ArgumentHelp("Log files or folders to read.", valueName: "path"))
    var logs: [String] = []

    @Option(name: .customLong("audit-journal"), help: ArgumentHelp("Audit journal (JSON lines) to include recent actions from.", valueName: "file"))
    var auditJournal: String?

    @Flag(name: .customLong("no-pins"), help: "Skip /allocations and the global /pins (no impact numbers; for huge pinsets).")
    var noPins = false

    func run() async throws {
        var flags = global.flags
        flags.ecsDir = ecsDir
        flags.logs = logs
        flags.auditJournal = auditJournal
        let (resolved, client) = try Headless.connect(flags)
        // Globs (`**` too) are expanded here: the snapshot reads files and folders once.
        let logPaths = resolved.logPaths.flatMap { FollowTarget.from(argument: $0).pathsToRead }
        let request = SnapshotRequest(ecsDirectory: resolved.ecsDir, logPaths: logPaths,
                                      auditJournal: resolved.auditJournal, includePins: !noPins)
        let paths: (markdown: String, json: String)
        do {
            paths = try await CommandDeadline(timeout: global.timeout).enforce(on: client, report: { printError("error: \($0)") }) {
                try await SnapshotCommand.writeSnapshot(client: client, request: request, outDirectory: out)
            }
        } catch {
            await client.shutdown()
            printError("\(error)")
            throw ExitCode(1)
        }
        await client.shutdown()
        StandardStreams.out("\(paths.markdown)\n\(paths.json)\n")
    }

    /// The command's core: gather, triage, write both files.
    /// Gaps (a failed request, an unreadable file) are reported on stderr too, not only in the report.
    static func writeSnapshot(client: ClusterClient, request: SnapshotRequest, outDirectory: String) async throws -> (markdown: String, json: String) {
        let gathered = await SnapshotGatherer.gather(client: client, request: request)
        for n in gathered.snapshot.notes { printError("warning: \(n)") }
        return try SnapshotWriter.write(gathered.snapshot, to: outDirectory)
    }
}
