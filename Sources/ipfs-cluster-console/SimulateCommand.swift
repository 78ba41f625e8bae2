import ArgumentParser
import ClusterSimulator
import Foundation

/// Runs the simulated cluster alone in the foreground, so curl, ipfs-cluster-ctl, tests and the
/// console itself can talk to it.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run the simulated cluster in the foreground.",
        discussion: """
        Prints the load balancer's address first, then each peer's REST API, the IPFS gateway \
        (HEAD/GET URL/ipfs/CID: 200 for pinned content; give it to the console with --gateway), \
        the control API and the state directory (ECS exports under ecs/, logs under logs/). \
        Ctrl-C stops it. \
        Scenarios: \(Scenario.builtinNames.joined(separator: ", ")), or a path to a scenario JSON file.
        """)

    @Option(help: "Load balancer address (HOST:PORT); peers take the following ports.")
    var listen: String?

    @Option(help: "Number of peers.")
    var peers: Int = 3

    @Option(help: "Seeded pins to generate.")
    var pins: Int = 0

    @Option(help: "Scenario name or JSON file.")
    var scenario: String?

    @Option(name: .customLong("state-dir"), help: "Directory for ECS exports, logs and control.addr.")
    var stateDir: String?

    @Option(help: "Simulated seconds per real second.")
    var speed: Double = 1

    @Option(name: .customLong("basic-auth"), help: "Require basic auth (user:password), as the Fargate deployment does.")
    var basicAuth: String?

    @Option(name: .customLong("clock-offset"), help: ArgumentHelp("Seconds the cluster's clock runs ahead of the real one (negative: behind).", valueName: "seconds"))
    var clockOffset: Double = 0

    @Flag(name: .customLong("peer-ips"), help: "Each peer listens on a loopback IP of its own (127.0.1.N, Linux) at the load balancer's port and lists it in /peers, as ECS tasks do: the console dialling the load balancer finds every peer's own API.")
    var peerIPs = false

    @Option(help: "Seed for peers, pins and errors.")
    var seed: UInt64 = 42

    @Option(name: .customLong("control-port"), help: "Port of the control API (0 = any).")
    var controlPort: Int = 0

    @Option(help: ArgumentHelp("Save the scenario as a console recording: the console's core watches the simulator (cluster, ECS exports, logs) without a screen and records every event into FILE, then exits after --duration.", valueName: "file"))
    var record: String?

    @Option(help: ArgumentHelp("With --record: seconds to record (default 60).", valueName: "seconds"))
    var duration: Double = 60

    mutating func validate() throws {
        guard (1...32).contains(peers) else { throw ValidationError("--peers must be between 1 and 32") }
        guard pins >= 0 else { throw ValidationError("--pins must not be negative") }
        guard speed > 0 else { throw ValidationError("--speed must be positive") }
        if let l = listen, Self.parseListen(l) == nil { throw ValidationError("--listen must be HOST:PORT, got '\(l)'") }
        if let a = basicAuth, !a.contains(":") { throw ValidationError("--basic-auth must be user:password") }
        guard duration > 0 else { throw ValidationError("--duration must be positive") }
    }

    static func parseListen(_ s: String) -> (String, Int)? {
        guard let colon = s.lastIndex(of: ":"), let port = Int(s[s.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        let host = String(s[..<colon])
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }

    mutating func run() async throws {
        var config = SimulatorConfig(peers: peers, pins: pins, seed: seed, speed: speed, controlPort: controlPort,
                                     stateDirectory: stateDir, scenario: scenario, basicAuth: basicAuth)
        config.clockOffset = clockOffset
        config.ownLoopbackAddresses = peerIPs
        if let l = listen, let (host, port) = Self.parseListen(l) {
            config.host = host
            config.loadBalancerPort = port
        }
        let sim = ClusterSimulator(config: config)
        let endpoints: SimulatorEndpoints
        do {
            endpoints = try await sim.start()
        } catch {
            StandardStreams.err("simulate: \(error)\n")
            throw ExitCode(1)
        }
        if let lb = endpoints.loadBalancer { Self.say("load balancer  \(lb)") }
        for (n, url) in endpoints.peers.enumerated() {
            Self.say("peer \(endpoints.peerNames[n])  \(url)  \(endpoints.peerIDs[n])")
        }
        if let g = endpoints.gateway { Self.say("gateway        \(g)   (e.g. curl -I \(g)/ipfs/CID; console: --gateway \(g))") }
        if let c = endpoints.control { Self.say("control        \(c)   (e.g. curl -X POST \(c)/_sim/peers/IpfsCluster1/freeze)") }
        Self.say("state dir      \(endpoints.stateDirectory)")
        if let s = scenario { Self.say("scenario       \(s) at speed \(speed)") }
        if let record {
            let n = try await Self.record(to: record, endpoints: endpoints, basicAuth: basicAuth, duration: duration)
            await sim.stop()
            Self.say("recorded \(n) events in \(Int(duration)) s to \(record)")
            return
        }
        Self.say("Ctrl-C stops the simulator.")

        let signal = await Self.waitForTermination()
        await sim.stop()
        Self.say("simulate: stopped (\(signal))")
    }

    /// Unbuffered line output, so a parent process reading our stdout sees the addresses at once.
    static func say(_ line: String) { StandardStreams.out(line + "\n") }

    /// Waits for SIGINT or SIGTERM without blocking the cooperative pool.
    static func waitForTermination() async -> String {
        await withCheckedContinuation { (cont: CheckedContinuation<String, Never>) in
            let once = SignalOnce(cont)
            for (sig, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
                Foundation.signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                source.setEventHandler { @Sendable in once.fire(name) }
                source.resume()
                once.retain(source)
            }
        }
    }
}

/// Resumes a continuation once, from whichever signal arrives first.
private final class SignalOnce: @unchecked Sendable {
    // Guarded by `lock`; dispatch sources fire on arbitrary threads.
    private let lock = NSLock()
    private var cont: CheckedContinuation<String, Never>?
    private var sources: [DispatchSourceSignal] = []

    init(_ c: CheckedContinuation<String, Never>) { cont = c }

    func retain(_ s: DispatchSourceSignal) { lock.lock(); sources.append(s); lock.unlock() }

    func fire(_ name: String) {
        lock.lock()
        let c = cont
        cont = nil
        lock.unlock()
        c?.resume(returning: name)
    }
}
