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

    @OptionGroup var gatewayOptions: GatewayOptions

    @Flag(help: "Run against a simulated cluster started in-process on loopback.")
    var demo = false

    @Option(help: "Demo scenario: healthy (default: gentle pin activity, then an incident), az-outage, disk-full, ipfs-down, pin-storm, spot-interruption, split-cluster, efs-burst, alb-unhealthy, memory-pressure, gateway-unserved, quiet, or a scenario JSON file.")
    var scenario = "healthy"

    @Option(help: "Demo: number of simulated peers.")
    var peers: Int = 3

    @Option(help: "Demo: number of seeded pins.")
    var pins: Int = 200

    @Option(help: "Demo: simulated seconds per real second (higher makes incidents unfold faster). Replay: recorded seconds per real second.")
    var speed: Double = 1

    @Option(name: .customLong("clock-offset"),
            help: ArgumentHelp("Demo: seconds the simulated cluster's clock runs ahead of this machine's (negative: behind), to see the console judge times on the cluster's clock.", valueName: "seconds"))
    var clockOffset: Double = 0

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

    @Option(name: [.customLong("ecs-dir"), .customLong("exports-dir")], help: ArgumentHelp("Directory of AWS CLI exports (ECS, and EFS, ELB, CloudWatch, Cloud Map around it) for the tasks, services and triage screens (overrides the context's ecs_dir; --exports-dir is the same).", valueName: "dir"))
    var ecsDir: String?

    @Option(name: .customLong("logs"), parsing: .upToNextOption,
            help: ArgumentHelp("Log files, globs or directories to follow in the logs pane (overrides the context's logs).", valueName: "path"))
    var logs: [String] = []

    @Option(name: .customLong("peer-api"),
            help: ArgumentHelp("A peer's own REST API address (multiaddr or URL), polled directly for its /id, metrics and alerts; repeat for each peer (replaces the context's peer-apis). Without it, addresses are looked for in /peers.", valueName: "addr"))
    var peerAPIs: [String] = []

    @Flag(name: .customLong("no-peer-discovery"), help: "Do not look for the peers' own API addresses in /peers (config: discover-peer-apis = false).")
    var noPeerDiscovery = false

    @Flag(help: "Show the TerminalUI toolkit showcase instead of the console.")
    var showcase = false

    @Option(help: ArgumentHelp("Record every event the console receives into FILE (compressed, flushed every second, credentials masked); ctrl-r stops and starts again.", valueName: "file"))
    var record: String?

    @Option(name: .customLong("record-max-mb"), help: ArgumentHelp("Rotate the recording (FILE.1, FILE.2...) before it passes this many MiB.", valueName: "mib"))
    var recordMaxMB: Int = RecordingOptions.defaultMaxFileBytes >> 20

    @Option(name: .customLong("record-keep"), help: ArgumentHelp("Rotated recording files kept (older ones are deleted).", valueName: "n"))
    var recordKeep: Int = 3

    @Option(help: ArgumentHelp("Open the console on a recording instead of a cluster (read-only; space pauses, . steps, > jumps to the next verdict change, +/- speed). --speed sets the replay speed.", valueName: "file"))
    var replay: String?

    @Option(help: ArgumentHelp("Replay: start at TIME (RFC 3339, HH:MM[:SS] UTC, or +SECONDS / +Nm from the start).", valueName: "time"))
    var from: String?

    func validate() throws {
        if let refresh, refresh < 0.2 { throw ValidationError("--refresh must be at least 0.2 seconds") }
        guard (1...32).contains(peers) else { throw ValidationError("--peers must be between 1 and 32") }
        guard pins >= 0 else { throw ValidationError("--pins must not be negative") }
        guard speed > 0 else { throw ValidationError("--speed must be positive") }
        if demoStateDir != nil && !demo { throw ValidationError("--demo-state-dir needs --demo") }
        if clockOffset != 0 && !demo { throw ValidationError("--clock-offset needs --demo (or use `simulate --clock-offset`)") }
        if replay != nil && (demo || record != nil) { throw ValidationError("--replay cannot be combined with --demo or --record") }
        if from != nil && replay == nil { throw ValidationError("--from needs --replay") }
        if replay != nil && gatewayOptions.gateway != nil {
            throw ValidationError("--gateway cannot be combined with --replay (a recording replays the probes it recorded)")
        }
        guard recordMaxMB >= 1, recordKeep >= 0 else { throw ValidationError("--record-max-mb must be at least 1 and --record-keep not negative") }
    }

    mutating func run() async throws {
        if showcase {
            let loaded = try loadTheme(theme ?? "default")
            try await runTerminal { try await ShowcaseApp.run(theme: loaded.theme, diagnostics: loaded.diagnostics, noColor: noColor) }
            return
        }
        if let replay {
            try await runReplay(replay)
            return
        }
        var simulator: ClusterSimulator?
        var endpoints: SimulatorEndpoints?
        if demo {
            var config = SimulatorConfig(peers: peers, pins: pins, speed: speed, stateDirectory: demoStateDir, scenario: scenario,
                                         replicationMin: peers >= 3 ? 2 : -1, replicationMax: peers >= 3 ? 3 : -1)
            config.clockOffset = clockOffset
            let sim = ClusterSimulator(config: config)
            do {
                endpoints = try await sim.start()
            } catch {
                fail("cannot start the demo simulator: \(error)")
            }
            simulator = sim
        }

        var contextName = global.context
        var notice: String?
        var recordingStarted = false
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
            flags.peerAPIs = peerAPIs
            flags.discoverPeerAPIs = noPeerDiscovery ? false : nil
            if let lb = endpoints?.loadBalancer { flags.hosts = [lb] }
            gatewayOptions.apply(to: &flags)
            // The demo probes its simulator's gateway unless told otherwise.
            if flags.gateway == nil, let gw = endpoints?.gateway { flags.gateway = gw }
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
            let prober: GatewayProber?
            do { prober = try GatewayOptions.prober(resolved.gateway, trust: resolved.clientConfiguration) } catch { fail("\(error)") }
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
                                           feeds: feeds, persistTimelines: store != nil,
                                           fullStreamBusyShare: resolved.fullStreamBusyShare)
            settings.osc52Clipboard = resolved.osc52
            settings.gateway = resolved.gateway
            // The demo polls each simulated peer at its own port, as a console that can reach the
            // tasks' addresses does (`--no-peer-discovery`: only through its load balancer);
            // elsewhere, the listed addresses and those found in /peers.
            if let endpoints {
                settings.peerAPIs = !peerAPIs.isEmpty ? resolved.peerAPIs.map(\.baseURL) : noPeerDiscovery ? [] : endpoints.peers
                settings.peerAPIDiscovery = nil
            } else {
                settings.peerAPIs = resolved.peerAPIs.map(\.baseURL)
                settings.peerAPIDiscovery = resolved.peerAPIDiscovery
            }
            let demoControl = simulator.map { SimulatorDemoControl(simulator: $0) }
            // Resolver warnings (e.g. HTTPS switched on by basic auth, as ctl does) are shown at
            // start: the TUI owns the terminal, stderr would be lost.
            let startNotice = ([notice].compactMap { $0 } + resolved.warnings).joined(separator: "; ").nilIfEmpty
            notice = nil
            let setup = RecordingSetup(options: record.map { recordingOptions(path: $0, secrets: resolved.auth.secrets) },
                                       maxFileBytes: recordMaxMB << 20, keepRotated: recordKeep, secrets: resolved.auth.secrets,
                                       writerVersion: ConsoleVersion.current, fileUsed: recordingStarted)
            // `--record` starts with the first session only: a session after a `:ctx` switch
            // must not truncate it (ctrl-r records it into a new file).
            var recorder: EventRecorder?
            if let options = setup.options, !recordingStarted {
                recordingStarted = true
                do {
                    recorder = try EventRecorder(options: options, settings: settings, writerVersion: setup.writerVersion, startedAt: Date())
                } catch {
                    fail("\(error)")
                }
            }
            let next = try await runTerminal { [noColor, recorder] in
                try await Self.runApp(settings: settings, theme: loaded.theme, noColor: noColor, notice: startNotice,
                                      recorder: recorder, recordingSetup: setup) { post in
                    EffectRunner(client: client, actions: service, timelineStore: store, simulator: demoControl, gateway: prober, post: post)
                }
            }
            await client.shutdown()
            await prober?.shutdown()
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
    static func runApp(settings: ConsoleSettings, theme: Theme, noColor: Bool, notice: String?, recorder: EventRecorder? = nil,
                       recordingSetup: RecordingSetup? = nil,
                       makeSink: @escaping @Sendable (@escaping @Sendable (ConsoleEvent) -> Void) -> any EffectSink) async throws -> String? {
        var app = ConsoleApp(settings: settings, theme: theme, makeSink: makeSink, recorder: recorder, recordingSetup: recordingSetup)
        if let notice { app.showNotice(notice, isError: true) }
        var final = try await TerminalRunner.run(app, options: CursesScreen.Options(noColor: noColor))
        await final.shutdown()
        return final.switchToContext
    }

    func recordingOptions(path: String, secrets: [String]) -> RecordingOptions {
        RecordingOptions(path: path, maxFileBytes: recordMaxMB << 20, keepRotated: recordKeep, secrets: secrets)
    }

    /// `--replay FILE`: the console on a recording, its rotated files read with it.
    func runReplay(_ path: String) async throws {
        let recording: Recording
        do { recording = try RecordingReader.readRotated(path: path) } catch { fail("\(error)") }
        if let p = recording.problem { StandardStreams.err("ipfs-cluster-console: \(p)\n") }
        guard let start = recording.firstTime else { fail("\(path): the recording holds no event") }
        var at: Date?
        if let from {
            guard let t = RecordingTime.parse(from, start: start) else {
                fail("--from: cannot read \(from) (RFC 3339, HH:MM[:SS] UTC, or +SECONDS)")
            }
            at = t
        }
        let loaded = try loadTheme(theme ?? "default")
        try await runTerminal { [noColor, speed] in
            try await Self.runReplayApp(recording, path: path, theme: loaded.theme, noColor: noColor, speed: speed, from: at)
        }
    }

    @MainActor
    static func runReplayApp(_ recording: Recording, path: String, theme: Theme, noColor: Bool, speed: Double, from: Date?) async throws {
        let app = ConsoleApp(replaying: recording, path: path, theme: theme, speed: speed, from: from,
                             makeSink: { post in ReplayEffectSink(post: post) })
        var final = try await TerminalRunner.run(app, options: CursesScreen.Options(noColor: noColor))
        await final.shutdown()
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
    var verbs: [String] { ["freeze", "resume", "stop", "start", "ipfs-down", "ipfs-up", "disk-full", "disk-ok", "gateway-down", "gateway-up"] }

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
        case "gateway-down": try await simulator.setGatewayDown(true)
        case "gateway-up": try await simulator.setGatewayDown(false)
        default: throw ValidationError("unknown :sim verb \(verb) (have: \(verbs.joined(separator: ", ")))")
        }
        return "simulator: \(verb)\(peer.isEmpty ? "" : " \(peer)") done"
    }
}

private extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
