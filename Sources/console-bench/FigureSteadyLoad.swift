import ClusterAPI
import ClusterSimulator
import ConsoleCore
import Foundation

/// Collects what the effect runner posts, for the loop below to apply.
actor BenchInbox {
    private var events: [ConsoleEvent] = []
    func add(_ e: ConsoleEvent) { events.append(e) }
    func drain() -> [ConsoleEvent] { defer { events = [] }; return events }
}

/// Figure (8): the console's real update/effect loop (no screen) against a simulated cluster of
/// `pins` pins over loopback for `seconds` after the first full load: how much the full streams
/// keep the cluster busy, how many bytes the console pulls, and the loop thread's CPU.
@MainActor
func figureSteadyLoad(pins: Int, seconds: Double) async throws -> [Figure] {
    var config = SimulatorConfig(peers: 3, pins: pins, loadBalancerPort: nil, controlPort: nil)
    config.tickInterval = 5
    let sim = ClusterSimulator(config: config)
    let endpoints = try await sim.start()
    let host = try ClusterHost.parse(endpoints.peers[0], https: false)
    let client = try ClusterClient(configuration: ClusterClientConfiguration(hosts: [host], idleTimeout: 120))
    let inbox = BenchInbox()
    let journal = NSTemporaryDirectory() + "bench-\(UUID().uuidString)/audit.jsonl"
    let service = ActionService(client: client, journal: AuditJournal(path: journal), contextName: "bench", readonly: true)
    let runner = EffectRunner(client: client, actions: service, post: { e in Task { await inbox.add(e) } })
    var state = ConsoleState(settings: ConsoleSettings(endpoint: endpoints.peers[0], refresh: 2))

    func step(_ events: [ConsoleEvent]) async {
        for e in events { await runner.run(ConsoleUpdate.update(&state, e, now: Date())) }
    }
    // The first load: until the first /allocations has ended.
    let t0 = now()
    var pending: [ConsoleEvent] = [.intent(.start)]
    while state.freshness(.allocations).lastSuccess == nil && now() - t0 < 600 {
        await step(pending)
        try await Task.sleep(for: .milliseconds(20))
        pending = await inbox.drain() + [.tick]
    }
    let firstLoad = now() - t0
    let first = state.lastFullStream
    // Steady state.
    var busy = 0.0, bytes: Int64 = 0, streams = 0
    var seenEnds = Set<Date>()
    let w0 = now(), c0 = cpuNow()
    var lastCheck = now()
    while now() - w0 < seconds {
        await step(pending)
        let t = now()
        if FullStreamSchedule.running(state) != nil { busy += t - lastCheck }
        lastCheck = t
        if let last = state.lastFullStream, last.ended > Date(timeIntervalSinceNow: -(t - w0)), !seenEnds.contains(last.ended) {
            seenEnds.insert(last.ended)
            streams += 1
            bytes += last.bytes
        }
        try await Task.sleep(for: .milliseconds(20))
        pending = await inbox.drain() + [.tick]
    }
    let wall = now() - w0
    let loopCPU = cpuNow() - c0
    bytes += DataSource.allCases.filter { FullStreamSchedule.isFull($0) }.reduce(0) { $0 + state.freshness($1).bytesReceived * (state.freshness($1).inFlight ? 1 : 0) }
    await step([.intent(.stop)])
    await runner.cancelAll()
    await client.shutdown()
    await sim.stop()
    let share = busy / wall
    let firstText = first.map { "first /allocations \(fmt($0.duration, 1)) s, \(FullStreamSchedule.megabytes($0.bytes))" } ?? "no first load"
    return [Figure(id: "steady_load_\(pins)",
                   line: "(8) steady state on a simulated \(pins)-pin cluster (3 peers, refresh 2 s) for \(Int(wall)) s after the first load (\(firstText); load took \(fmt(firstLoad, 1)) s wall): full streams \(streams) ended, cluster busy with full streams \(fmt(share * 100, 2)) % of wall time, \(fmt(Double(bytes) / 1e6, 1)) MB of full streams pulled, loop thread CPU \(fmt(100 * loopCPU / wall, 2)) % of a core",
                   values: ["pins": Double(pins), "seconds": wall, "busy_share": share, "full_stream_bytes": Double(bytes),
                            "full_streams": Double(streams), "loop_cpu_share": loopCPU / wall, "first_load_s": firstLoad],
                   target: "full-stream busy < 5 %, loop CPU < 2 % of a core", met: share < 0.05 && loopCPU / wall < 0.02)]
}
