import ArgumentParser
import ClusterAPI
import ClusterSimulator
import ConsoleBase
import ConsoleCore
import ConsoleUI
import Foundation
import LogTail
import TerminalUI

/// Opens the full-screen console (the default subcommand), against a cluster or, with `--demo`,
/// against an in-process simulated cluster on loopback.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console", abstract: "Open the console (default).",
        discussion: "Keys: ? shows every key of the current screen. :q quits.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Run against a simulated cluster started in-process on loopback.")
    var demo = false

    @Option(help: "Demo scenario: healthy (default: gentle pin activity, then an incident), az-outage, disk-full, ipfs-down, pin-storm, spot-interruption, quiet, or a scenario JSON file.")
    var scenario = "healthy"

    @Option(help: "Demo: number of simulated peers.")
    var peers: Int = 3

    @Option(help: "Demo: number of seeded pins.")
    var pins: Int = 200

    @Option(help: "Demo: simulated seconds per real second (higher makes incidents unfold faster).")
    var speed: Double = 1

    @Option(name: .customLong("demo-state-dir"),
            help: ArgumentHelp("Demo: where the simulator writes its ECS exports (ecs/), logs (logs/) and endpoints.json, kept after exit; e.g. for `snapshot --ecs-dir DIR/ecs --logs DIR/logs` against the demo. Default: a temporary directory removed at exit.", valueName: "dir"))
    var demoStateDir: String?

    @Flag(help: "Refuse every action that changes the cluster (pin, unpin, recover, remove peer, gc).")
    var readonly = false

    @Flag(name: .customLong("osc52"), help: "Copy keys (the ECS Exec command on the tasks screen) put text on the terminal's clipboard with OSC 52 (off by default; also `osc52 = true` in a context).")
    var osc52 = false

    @Option(help: ArgumentHelp("Seconds between polls of the cheap endpoints (default 2).", valueName: "seconds"))
    var refresh: Double?

    @Option(help: "Colour theme: default, light, high-contrast, monochrome, a user theme name, or a .theme file path.")
    var theme: String?

    @Flag(name: .customLong("no-color"), help: "Draw without colours (attributes only). NO_COLOR is honoured too.")
    var noColor = false

    @Option(name: .customLong("audit-journal"), help: ArgumentHelp("Audit journal file (default $XDG_STATE_HOME/ipfs-cluster-console/audit.jsonl).", valueName: "file"))
    var auditJournal: String?

    @Option(name: .customLong("ecs-dir"), help: ArgumentHelp("Directory of AWS CLI ECS exports for the tasks, services and triage screens (overrides the context's ecs_dir).", valueName: "dir"))
    var ecsDir: String?

    @Option(name: .customLong("logs"), parsing: .upToNextOption,
            help: ArgumentHelp("Log files, globs or directories to follow in the logs pane (overrides the context's logs).", valueName: "path"))
    var logs: [String] = []

    @Flag(help: "Show the TerminalUI toolkit showcase instead of the console.")
    var showcase = false

    func validate() throws {
        if let refresh, refresh < 0.2 { throw ValidationError("--refresh must be at least 0.2 seconds") }
        guard (1...32).contains(peers) else { throw ValidationError("--peers must be between 1 and 32") }
        guard pins >= 0 else { throw ValidationError("--pins must not be negative") }
        guard speed > 0 else { throw ValidationError("--speed must be positive") }
        if demoStateDir != nil && !demo { throw ValidationError("--demo-state-dir needs --demo") }
    }

    mutating func run() async throws {
        if showcase {
            let loaded = try loadTheme(theme ?? "default")
            try await runTerminal { try await ShowcaseApp.run(theme: loaded.theme, diagnostics: loaded.diagnostics, noColor: noColor) }
            return
        }
        var simulator: ClusterSimulator?
        var endpoints: SimulatorEndpoints?
        if demo {
            let sim = ClusterSimulator(config: SimulatorConfig(peers: peers, pins: pins, speed: speed, stateDirectory: demoStateDir, scenario: scenario,
                                                               replicationMin: peers >= 3 ? 2 : -1, replicationMax: peers >= 3 ? 3 : -1))
            do {
                endpoints = try await sim.start()
            } catch {
                fail("cannot start the demo simulator: \(error)")
            }
            simulator = sim
        }

        var contextName = global.context
        var notice: String?
        while true {
            var flags = global.flags
            flags.context = contextName
            flags.readonly = readonly ? true : nil
            flags.osc52 = osc52 ? true : nil
            flags.refresh = refresh
            flags.theme = theme
            flags.auditJournal = auditJournal
            flags.ecsDir = ecsDir
            flags.logs = logs
            if let lb = endpoints?.loadBalancer { flags.hosts = [lb] }
            let resolved: ResolvedContext
            do {
                resolved = try ContextResolver.resolve(flags: flags)
            } catch {
                if contextName != global.context {
                    notice = "cannot switch context: \(error)"
                    contextName = global.context
                    continue
                }
                fail("error reading the configuration: \(error)")
            }
            let loaded = try loadTheme(resolved.theme ?? "default")
            let client: ClusterClient
            do { client = try ClusterClient(configuration: resolved.clientConfiguration) } catch { fail("\(error)") }
            let journal = (resolved.auditJournal ?? AuditJournal.defaultPath()).map { AuditJournal(path: $0) }
            let endpointText = resolved.hosts.map(\.description).joined(separator: ",")
            let ctxName = resolved.contextName ?? (demo ? "demo" : nil)
            let service = ActionService(client: client, journal: journal, contextName: ctxName ?? endpointText,
                                        readonly: resolved.readonly)
            var feeds: ConsoleFeeds?
            if let dir = endpoints?.stateDirectory {
                feeds = ConsoleFeeds(stateDirectory: dir)
            } else if resolved.ecsDir != nil || !resolved.logPaths.isEmpty {
                feeds = ConsoleFeeds(ecsDirectory: resolved.ecsDir, logTargets: resolved.logPaths.map(FollowTarget.from(argument:)))
            }
            // The demo's cluster is new each run (same seeded ids): its history would be fiction.
            let store = demo ? nil : TimelineStore.defaultPath(key: ctxName ?? endpointText).map(TimelineStore.init(path:))
            var settings = ConsoleSettings(contextName: ctxName, endpoint: endpointText, refresh: resolved.refreshSeconds,
                                           readonly: resolved.readonly, expectedPeers: endpoints?.peerIDs ?? [], demo: demo,
                                           feeds: feeds, persistTimelines: store != nil)
            settings.osc52Clipboard = resolved.osc52
            let demoControl = simulator.map { SimulatorDemoControl(simulator: $0) }
            // Resolver warnings (e.g. HTTPS switched on by basic auth, as ctl does) are shown at
            // start: the TUI owns the terminal, stderr would be lost.
            let startNotice = ([notice].compactMap { $0 } + resolved.warnings).joined(separator: "; ").nilIfEmpty
            notice = nil
            let next = try await runTerminal { [noColor] in
                try await Self.runApp(settings: settings, theme: loaded.theme, noColor: noColor, notice: startNotice) { post in
                    EffectRunner(client: client, actions: service, timelineStore: store, simulator: demoControl, post: post)
                }
            }
            await client.shutdown()
            guard let next else { break }
            contextName = next
        }
        if let simulator {
            await simulator.stop()
            if demoStateDir == nil { try? FileManager.default.removeItem(atPath: simulator.stateDirectory) }
        }
    }

    /// Runs one console session on the terminal; returns the context `:ctx` asked for, if any.
    @MainActor
    static func runApp(settings: ConsoleSettings, theme: Theme, noColor: Bool, notice: String?,
                       makeSink: @escaping @Sendable (@escaping @Sendable (ConsoleEvent) -> Void) -> any EffectSink) async throws -> String? {
        var app = ConsoleApp(settings: settings, theme: theme, makeSink: makeSink)
        if let notice { app.showNotice(notice, isError: true) }
        var final = try await TerminalRunner.run(app, options: CursesScreen.Options(noColor: noColor))
        await final.shutdown()
        return final.switchToContext
    }

    func loadTheme(_ name: String) throws -> LoadedTheme {
        do {
            let loaded = try ThemeCatalog().load(name)
            for d in loaded.diagnostics { StandardStreams.err("ipfs-cluster-console: theme: \(d)\n") }
            return loaded
        } catch {
            fail("\(error)")
        }
    }

    func runTerminal<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as TerminalError { fail("\(error)") }
    }

    func fail(_ message: String) -> Never {
        StandardStreams.err("ipfs-cluster-console: \(APISanitizer.line(message))\n")
        Foundation.exit(1)
    }
}

/// `:sim` commands of the demo, mapped onto the simulator's control API.
struct SimulatorDemoControl: SimulatorControl {
    let simulator: ClusterSimulator
    var verbs: [String] { ["freeze", "resume", "stop", "start", "ipfs-down", "ipfs-up", "disk-full", "disk-ok"] }

    func perform(_ verb: String, peer: String) async throws -> String {
        switch verb {
        case "freeze": try await simulator.freeze(peer: peer)
        case "resume": try await simulator.resume(peer: peer)
        case "stop": try await simulator.stopPeer(peer)
        case "start": try await simulator.startPeer(peer)
        case "ipfs-down": try await simulator.setIPFSDown(peer: peer, true)
        case "ipfs-up": try await simulator.setIPFSDown(peer: peer, false)
        case "disk-full": try await simulator.setDiskFull(peer: peer, true)
        case "disk-ok": try await simulator.setDiskFull(peer: peer, false)
        default: throw ValidationError("unknown :sim verb \(verb) (have: \(verbs.joined(separator: ", ")))")
        }
        return "simulator: \(verb) \(peer) done"
    }
}

private extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
