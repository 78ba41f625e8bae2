import ClusterAPI
import ClusterSimulator
import ECSState
import Foundation
import LogTail
@testable import ConsoleCore

/// The console's loop without a terminal, against a simulator over HTTP on 127.0.0.1: ticks at
/// real time, every fetch the update asks for answered by the real client, the ECS exports read
/// each round; `triage()` adds the peers' log files and runs the one derivation the screen uses.
///
/// Why: the demo scenarios' headlines must be checked the way an operator meets them, with the
/// timelines (trends need several polls) built by the same update the console runs.
final class ScenarioDriver: @unchecked Sendable {
    let sim: ClusterSimulator
    let endpoints: SimulatorEndpoints
    let client: ClusterClient
    let dir: String
    /// Touched only by the test's own task (one round at a time).
    var state = ConsoleState(settings: ConsoleSettings(endpoint: "", refresh: 1))
    /// Per `/health/alerts` answer: how many alerts it listed, and how many the state shows after it.
    var alertCounts: [(answered: Int, shown: Int)] = []

    init(scenario: String?, speed: Double, peers: Int = 3, pins: Int = 60, configure: (inout SimulatorConfig) -> Void = { _ in },
         settings: (SimulatorEndpoints, inout ConsoleSettings) -> Void = { _, _ in }) async throws {
        dir = NSTemporaryDirectory() + "scenario-\(scenario ?? "none")-\(UUID().uuidString.prefix(8))"
        var config = SimulatorConfig(peers: peers, pins: pins, speed: speed, stateDirectory: dir, scenario: scenario)
        configure(&config)
        sim = ClusterSimulator(config: config)
        endpoints = try await sim.start()
        var console = ConsoleSettings(endpoint: "", refresh: 1)
        settings(endpoints, &console)
        state = ConsoleState(settings: console)
        client = try ClusterClient(configuration: ClusterClientConfiguration(
            hosts: [try ClusterHost.parse(endpoints.loadBalancer ?? endpoints.peers[0], https: false)], connectTimeout: 2, idleTimeout: 20))
    }

    func stop() async {
        await client.shutdown()
        await sim.stop()
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// One poll round: a tick, every fetch it asked for, their answers, the ECS exports.
    func round() async {
        var pending = ConsoleUpdate.update(&state, .tick, now: Date())
        while !pending.isEmpty {
            let effect = pending.removeFirst()
            for event in await SnapshotGatherer.answer(effect, client: client) {
                pending += ConsoleUpdate.update(&state, event, now: Date()).filter {
                    switch $0 {
                    case .fetch, .fetchDirect: true
                    default: false
                    }
                }
                if case .loaded(.alerts, _, .alerts(let list)) = event { alertCounts.append((list.count, state.alerts.count)) }
            }
        }
        _ = ConsoleUpdate.update(&state, .ecsSnapshot(ECSDirectoryState.read(directory: dir + "/ecs")), now: Date())
    }

    /// The triage result as the screen would show it now (logs read from the simulator's files).
    func triage() -> TriageResult {
        var s = state
        var notes: [String] = []
        if let lines = try? SnapshotGatherer.readLogs(dir + "/logs", notes: &notes), !lines.isEmpty {
            _ = ConsoleUpdate.update(&s, .logBatch(LogBatch(lines: LogMerge.mergeByTime(lines))), now: Date())
        }
        var d = TriageDerivation()
        if let job = d.refresh(s, force: true) { d.take(job.run()); _ = d.refresh(s, force: true) }
        return d.result ?? TriageEngine.run(TriageEvidence(peers: [], observedAt: s.now))
    }

    /// Polls every `every` real seconds until `condition` holds on the triage result, at most `seconds`.
    func until(_ seconds: Double, every: Double = 0.25, _ condition: (TriageResult) -> Bool) async -> (TriageResult, Bool) {
        let deadline = Date().addingTimeInterval(seconds)
        var r = triage()
        while Date() < deadline {
            await round()
            r = triage()
            if condition(r) { return (r, true) }
            try? await Task.sleep(for: .milliseconds(Int(every * 1000)))
        }
        return (r, false)
    }

    func id(_ name: String) -> String { endpoints.peerIDs[endpoints.peerNames.firstIndex(of: name) ?? 0] }
}

extension TriageResult {
    /// `IpfsCluster2 [disk-full,pins-in-error] CRITICAL: headline` per block, for failure messages.
    var summary: String {
        blocks.map { "\($0.peerName) [\($0.rules.joined(separator: ","))] \($0.severity): \($0.headline)" }.joined(separator: "\n")
    }
}
