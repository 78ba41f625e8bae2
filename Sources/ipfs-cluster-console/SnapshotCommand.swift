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

    @OptionGroup var gatewayOptions: GatewayOptions

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

    @Option(name: .customLong("from-recording"), help: ArgumentHelp("Write the report from a console recording instead of the cluster (no connection is made).", valueName: "file"))
    var fromRecording: String?

    @Option(help: ArgumentHelp("With --from-recording: the moment to report on (RFC 3339, HH:MM[:SS] UTC, or +SECONDS from the start; default the end).", valueName: "time"))
    var at: String?

    func validate() throws {
        if at != nil && fromRecording == nil { throw ValidationError("--at needs --from-recording") }
    }

    func run() async throws {
        if let fromRecording {
            try Self.writeFromRecording(fromRecording, at: at, outDirectory: out)
            return
        }
        var flags = global.flags
        flags.ecsDir = ecsDir
        flags.logs = logs
        flags.auditJournal = auditJournal
        gatewayOptions.apply(to: &flags)
        let (resolved, client) = try Headless.connect(flags)
        let prober: GatewayProber?
        do { prober = try GatewayOptions.prober(resolved.gateway, trust: resolved.clientConfiguration) } catch {
            await client.shutdown()
            printError("error: \(error)")
            throw ExitCode(1)
        }
        // Globs (`**` too) are expanded here: the snapshot reads files and folders once.
        let logPaths = resolved.logPaths.flatMap { FollowTarget.from(argument: $0).pathsToRead }
        let request = SnapshotRequest(ecsDirectory: resolved.ecsDir, logPaths: logPaths,
                                      auditJournal: resolved.auditJournal, includePins: !noPins, gateway: resolved.gateway)
        let paths: (markdown: String, json: String)
        do {
            paths = try await CommandDeadline(timeout: global.timeout).enforce(on: client, report: { printError("error: \($0)") }) {
                try await SnapshotCommand.writeSnapshot(client: client, request: request, gateway: prober, outDirectory: out)
            }
        } catch {
            await client.shutdown()
            await prober?.shutdown()
            printError("\(error)")
            throw ExitCode(1)
        }
        await client.shutdown()
        await prober?.shutdown()
        StandardStreams.out("\(paths.markdown)\n\(paths.json)\n")
    }

    /// `--from-recording FILE [--at TIME]`: the report of the recording at that moment.
    static func writeFromRecording(_ path: String, at: String?, outDirectory: String) throws {
        do {
            let recording = try RecordingReader.readRotated(path: path)
            if let p = recording.problem { printError("warning: \(p)") }
            var time: Date?
            if let at {
                guard let start = recording.firstTime, let t = RecordingTime.parse(at, start: start) else {
                    printError("error: --at: cannot read \(at) (RFC 3339, HH:MM[:SS] UTC, or +SECONDS)")
                    throw ExitCode(1)
                }
                time = t
            }
            let snapshot = try RecordingSnapshot.make(recording, path: path, at: time)
            let paths = try SnapshotWriter.write(snapshot, to: outDirectory)
            StandardStreams.out("\(paths.markdown)\n\(paths.json)\n")
        } catch let e as ExitCode {
            throw e
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }

    /// The command's core: gather, triage, write both files.
    /// Gaps (a failed request, an unreadable file) are reported on stderr too, not only in the report.
    static func writeSnapshot(client: ClusterClient, request: SnapshotRequest, gateway: GatewayProber? = nil,
                              outDirectory: String) async throws -> (markdown: String, json: String) {
        let gathered = await SnapshotGatherer.gather(client: client, request: request, gateway: gateway)
        for n in gathered.snapshot.notes { printError("warning: \(n)") }
        return try SnapshotWriter.write(gathered.snapshot, to: outDirectory)
    }
}
