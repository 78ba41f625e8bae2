import Foundation

/// The `ipfs-cluster-console` binary to measure: `CONSOLE_BIN` if set, else the one built next
/// to this bench (release), else the debug build.
func consoleBinary() -> String? {
    if let env = ProcessInfo.processInfo.environment["CONSOLE_BIN"], !env.isEmpty { return env }
    let dir = (currentExecutable() as NSString).deletingLastPathComponent
    let candidates = [dir + "/ipfs-cluster-console",
                      (dir as NSString).deletingLastPathComponent + "/debug/ipfs-cluster-console"]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Figure (7): CPU used by the console over `seconds` idle on the demo. The built binary runs
/// `--demo` on a 120x40 pty (TERM=xterm-256color); after `settle` seconds, utime+stime from
/// /proc/<pid>/stat are read before and after the window (all threads, the in-process simulator
/// included); then `q` and the child is reaped.
func figureIdleCPU(seconds: Double = 10, settle: Double = 3) throws -> [Figure] {
    guard let binary = consoleBinary() else {
        return [Figure(id: "idle_cpu", line: "(7) idle CPU: no ipfs-cluster-console binary (build it: swift build -c release --product ipfs-cluster-console, or set CONSOLE_BIN)",
                       values: [:], target: "< 1% of one core", met: false)]
    }
    var env = ProcessInfo.processInfo.environment.filter { ["PATH", "HOME", "TMPDIR", "XDG_CONFIG_HOME"].contains($0.key) }
    env["TERM"] = "xterm-256color"
    env["LANG"] = "C.UTF-8"
    env["SWIFT_BACKTRACE"] = "enable=no"
    let child = try PtyProcess(path: binary, arguments: ["--demo"], environment: env, columns: 120, rows: 40)
    let settleBytes = child.drain(for: settle)
    guard !child.hasExited(), let before = ProcStat.read(pid: child.pid) else {
        _ = child.finish(timeout: 1)
        throw BenchError(description: "\(binary) --demo exited during start-up (status \(child.exitStatus.map { "\($0)" } ?? "?"), \(settleBytes) bytes written)")
    }
    let t0 = now()
    let idleBytes = child.drain(for: seconds)
    let elapsed = now() - t0
    guard let after = ProcStat.read(pid: child.pid) else {
        throw BenchError(description: "\(binary) --demo exited during the idle window")
    }
    child.type("q")
    let quitCleanly = child.finish(timeout: 10)
    let cpuSeconds = Double(after.totalTicks - before.totalTicks) / ProcStat.ticksPerSecond
    let percent = cpuSeconds / elapsed * 100
    let resolution = 100 / ProcStat.ticksPerSecond / elapsed
    return [Figure(
        id: "idle_cpu",
        line: "(7) idle CPU of `\(binary) --demo` (pty 120x40) over \(fmt(elapsed, 1)) s after \(fmt(settle, 0)) s to settle: \(after.totalTicks - before.totalTicks) ticks = \(fmt(cpuSeconds, 2)) s = \(fmt(percent, 2))% of one core (resolution \(fmt(resolution, 2))%; user \(after.userTicks - before.userTicks), system \(after.systemTicks - before.systemTicks) ticks; \(after.threads) threads; \(idleBytes) bytes drawn while idle; quit with q: \(quitCleanly ? "clean" : "killed"))",
        values: ["cpu_percent": percent, "cpu_seconds": cpuSeconds, "window_seconds": elapsed,
                 "idle_bytes": Double(idleBytes), "threads": Double(after.threads)],
        target: "< 1% of one core", met: percent < 1)]
}
