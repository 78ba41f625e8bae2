import ECSState
import Foundation

/// Figure (11): what watching an exports folder of `files` unchanged files costs, as a share of
/// one core (process CPU over wall time, after the first snapshot, which reads every file).
func figureExportsWatch(files: Int, seconds: Double) async throws -> [Figure] {
    let dir = NSTemporaryDirectory() + "bench-exports-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let body = Data("{\"tasks\":[],\"failures\":[]}\n".utf8)
    for i in 0..<files { try body.write(to: URL(fileURLWithPath: "\(dir)/describe-tasks-\(i).json")) }
    let watcher = ECSWatcher(directory: dir)
    let t0 = now()
    let (firstSeen, firstStream) = AsyncStream.makeStream(of: Double.self)
    // One stream: its first snapshot reads every file; the steady state is measured after it.
    let task = Task {
        var first = true
        for await _ in watcher.snapshots() where first {
            first = false
            firstStream.yield(now() - t0)
            firstStream.finish()
        }
    }
    var first: Double = 0
    for await f in firstSeen { first = f }
    try await Task.sleep(for: .seconds(1))
    let cpu0 = processCPUNow(), wall0 = now()
    try await Task.sleep(for: .seconds(seconds))
    let share = (processCPUNow() - cpu0) / (now() - wall0)
    task.cancel()
    return [Figure(id: "exports_watch",
                   line: "(11) exports folder of \(files) unchanged files watched: \(fmt(share * 100, 2)) % of a core over \(Int(seconds)) s (first snapshot \(fmt(first, 2)) s wall)",
                   values: ["files": Double(files), "core_share": share, "first_snapshot_s": first],
                   target: "< 2 % of a core", met: share < 0.02)]
}
