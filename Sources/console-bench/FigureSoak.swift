import ClusterSimulator
import Foundation

/// Figure (12): issue "Scale"'s done-when, as an operator would leave it. The built
/// `ipfs-cluster-console` runs in its own process on a 200x50 pty against a simulated cluster
/// of `pins` pins x 3 peers served by this process (through a load balancer, each peer also on
/// its own loopback address so the console polls them directly; ECS exports and logs
/// followed). After the first `/allocations` has been served whole and the pins screen is open,
/// for `seconds`:
/// - the cluster's side: the share of wall time some peer spent serving a full stream
///   (`/allocations`, unfiltered `/pins`, recover-all), from the simulator's request ledger,
///   and the bytes the console pulled;
/// - the console's CPU (utime+stime of its process from /proc) and resident memory;
/// - key latency: every `keyEvery` seconds, once the screen has been still for 150 ms, `j` or
///   `k` is typed and the time to the first byte drawn in answer is taken (wall time, pty
///   included).
@MainActor
func figureSoak(pins: Int, seconds: Double, keyEvery: Double = 5) async throws -> [Figure] {
    guard let binary = consoleBinary() else {
        return [Figure(id: "soak", line: "(12) soak: no ipfs-cluster-console binary (build it: swift build -c release --product ipfs-cluster-console, or set CONSOLE_BIN)",
                       values: [:], target: "", met: false)]
    }
    var config = SimulatorConfig(peers: 3, pins: pins, loadBalancerPort: 0, controlPort: nil)
    config.tickInterval = 5
    config.ownLoopbackAddresses = true
    let sim = ClusterSimulator(config: config)
    let endpoints = try await sim.start()
    defer { try? FileManager.default.removeItem(atPath: endpoints.stateDirectory) }
    let home = NSTemporaryDirectory() + "bench-soak-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: home) }
    var env = ProcessInfo.processInfo.environment.filter { ["PATH", "TMPDIR"].contains($0.key) }
    env["HOME"] = home
    env["XDG_CONFIG_HOME"] = home + "/config"
    env["XDG_STATE_HOME"] = home + "/state"
    env["TERM"] = "xterm-256color"
    env["LANG"] = "C.UTF-8"
    env["SWIFT_BACKTRACE"] = "enable=no"
    let target = endpoints.loadBalancer ?? endpoints.peers[0]
    let args = ["--host", target, "--readonly",
                "--ecs-dir", endpoints.stateDirectory + "/ecs", "--logs", endpoints.stateDirectory + "/logs"]
    let child = try PtyProcess(path: binary, arguments: args, environment: env, columns: 200, rows: 50)
    defer { if !child.hasExited() { child.type("q"); _ = child.finish(timeout: 10) } }

    // The first load: until the cluster has served one /allocations whole.
    let t0 = now()
    while !sim.requests.snapshot().contains(where: { $0.uri.hasPrefix("/allocations") && $0.status == 200 }) {
        _ = child.drain(for: 1)
        if child.hasExited() { throw BenchError(description: "\(binary) exited during the first load (status \(child.exitStatus.map { "\($0)" } ?? "?"))") }
        if now() - t0 > 1800 { throw BenchError(description: "no /allocations served whole within 30 min") }
    }
    let firstLoad = now() - t0
    child.type(":pins\r")
    _ = child.drain(for: 5)

    guard let before = ProcStat.read(pid: child.pid) else { throw BenchError(description: "\(binary) exited after the first load") }
    let rssBefore = residentKB(pid: child.pid)
    let w0 = RequestLedger.now(), c0 = now()
    var latencies: [Double] = [], missed = 0, down = true
    while now() - c0 < seconds {
        _ = child.drain(for: max(0, keyEvery - 0.5))
        if child.hasExited() { break }
        if let l = child.keyLatency(down ? "j" : "k") { latencies.append(l) } else { missed += 1 }
        down.toggle()
    }
    guard let after = ProcStat.read(pid: child.pid), !child.hasExited() else {
        throw BenchError(description: "\(binary) exited during the soak, after \(fmt(now() - c0, 0)) s")
    }
    let w1 = RequestLedger.now()
    let rssAfter = residentKB(pid: child.pid)
    let wall = w1 - w0
    let served = sim.requests.snapshot()
    let busy = RequestLedger.fullStreamBusy(served, from: w0, to: w1)
    let inWindow = served.filter { $0.ended > w0 && $0.started < w1 }
    let full = inWindow.filter(\.isFullStream)
    let fullBytes = full.reduce(0) { $0 + $1.bytes }, allBytes = inWindow.reduce(0) { $0 + $1.bytes }
    let cpu = Double(after.totalTicks - before.totalTicks) / ProcStat.ticksPerSecond
    child.type("q")
    let clean = child.finish(timeout: 10)
    await sim.stop()

    let share = busy / wall, cpuShare = cpu / wall
    let sorted = latencies.sorted()
    func pct(_ p: Double) -> Double { sorted.isEmpty ? .infinity : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000 }
    let p50 = pct(0.5), p99 = pct(0.99), worst = (sorted.last ?? .infinity) * 1000
    let longest = full.map { $0.ended - $0.started }.max() ?? 0
    // Where the bytes went: the heaviest request kinds (path and query, CIDs cut).
    var byKind: [String: (count: Int, bytes: Int)] = [:]
    for r in inWindow {
        let kind = r.method + " " + (r.uri.count > 48 ? String(r.uri.prefix(45)) + "..." : r.uri)
        byKind[kind, default: (0, 0)].count += 1
        byKind[kind, default: (0, 0)].bytes += r.bytes
    }
    let heaviest = byKind.sorted { $0.value.bytes > $1.value.bytes }.prefix(4)
        .map { "\($0.key) x\($0.value.count) \(fmt(Double($0.value.bytes) / 1e6, 1)) MB" }.joined(separator: ", ")
    let line = "(12) soak: `\(binary)` on a 200x50 pty against a simulated \(pins)-pin cluster (3 peers behind a load balancer, polled directly too; first load \(fmt(firstLoad, 0)) s), "
        + "\(fmt(wall / 60, 1)) min after it: full streams \(full.count) (\(Set(full.map(\.uri)).sorted().joined(separator: ", ")); longest \(fmt(longest, 1)) s), "
        + "cluster busy with full streams \(fmt(share * 100, 2)) % of wall time, \(fmt(Double(fullBytes) / 1e6, 1)) MB of full streams and \(fmt(Double(allBytes) / 1e6, 1)) MB in all over \(inWindow.count) requests (heaviest: \(heaviest)); "
        + "console CPU \(fmt(cpuShare * 100, 2)) % of a core (\(after.totalTicks - before.totalTicks) ticks), resident \(rssBefore / 1024) -> \(rssAfter / 1024) MiB; "
        + "key latency over \(latencies.count) keys (\(missed) unanswered within 5 s): median \(fmt(p50, 1)), p99 \(fmt(p99, 1)), max \(fmt(worst, 1)) ms wall; quit with q: \(clean ? "clean" : "killed")"
    return [Figure(id: "soak_\(pins)", line: line,
                   values: ["pins": Double(pins), "seconds": wall, "first_load_s": firstLoad, "busy_share": share,
                            "full_streams": Double(full.count), "full_stream_bytes": Double(fullBytes), "bytes": Double(allBytes),
                            "console_cpu_share": cpuShare, "rss_before_kb": Double(rssBefore), "rss_after_kb": Double(rssAfter),
                            "key_p50_ms": p50, "key_p99_ms": p99, "key_max_ms": worst, "keys_unanswered": Double(missed)],
                   target: "full-stream busy < 5 %, console CPU < 2 % of a core, every key answered within 50 ms",
                   met: share < 0.05 && cpuShare < 0.02 && missed == 0 && worst < 50)]
}

/// VmRSS of a process in KiB (0 when unreadable).
func residentKB(pid: Int32) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
    return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
}

extension PtyProcess {
    /// Waits until the screen has been still for `quiet` seconds (at most 3 s, so a clock
    /// redraw is not taken for the answer), types `key`, and returns the seconds until the
    /// first byte drawn after it; nil when nothing came within `limit`.
    func keyLatency(_ key: String, quiet: Double = 0.15, limit: Double = 5) -> Double? {
        _ = readUntilQuiet(firstByte: quiet, quiet: quiet, limit: 3)
        let t0 = now()
        type(key)
        let out = readUntilQuiet(firstByte: limit, quiet: 0, limit: limit)
        return out.isEmpty ? nil : now() - t0
    }
}
