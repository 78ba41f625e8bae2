import ArgumentParser
import ClusterAPI
import ClusterSimulator
import ConsoleCore
import Foundation

extension SimulateCommand {
    /// Runs the console's core (no screen) against the simulator for `duration` seconds and
    /// records what it receives: the demo's scenario as a recording the console replays.
    static func record(to path: String, endpoints: SimulatorEndpoints, basicAuth: String?, duration: Double) async throws -> Int {
        guard let lb = endpoints.loadBalancer ?? endpoints.peers.first else {
            StandardStreams.err("simulate: the simulator has no endpoint\n")
            throw ExitCode(1)
        }
        var auth = ClusterAuth.none
        if let b = basicAuth {
            let (u, p) = ClusterAuth.parseBasic(b)
            auth = .basic(user: u, password: p)
        }
        let client: ClusterClient
        do {
            client = try ClusterClient(configuration: ClusterClientConfiguration(hosts: [try ClusterHost.parse(lb, https: false)], auth: auth,
                                                                              connectTimeout: 5, idleTimeout: 20))
        } catch {
            StandardStreams.err("simulate: \(error)\n")
            throw ExitCode(1)
        }
        var settings = ConsoleSettings(contextName: "demo", endpoint: lb, expectedPeers: endpoints.peerIDs, demo: true,
                                       feeds: ConsoleFeeds(stateDirectory: endpoints.stateDirectory))
        // The recording probes the simulator's gateway as the demo console does.
        settings.gateway = endpoints.gateway.map { GatewaySettings(url: $0) }
        let prober = (try? GatewayOptions.prober(settings.gateway, trust: client.configuration)) ?? nil
        // As the demo does: each peer polled at its own address.
        settings.peerAPIs = endpoints.peers
        let recorder: EventRecorder
        do {
            recorder = try EventRecorder(options: RecordingOptions(path: path, secrets: auth.secrets), settings: settings,
                                         writerVersion: ConsoleVersion.current, startedAt: Date())
        } catch {
            StandardStreams.err("simulate: \(error)\n")
            throw ExitCode(1)
        }
        let service = ActionService(client: client, journal: nil, contextName: "demo", readonly: true)
        let n = await HeadlessRecording.run(settings: settings, duration: duration, recorder: recorder) { post in
            EffectRunner(client: client, actions: service, gateway: prober, post: post)
        }
        await client.shutdown()
        await prober?.shutdown()
        return n
    }
}
