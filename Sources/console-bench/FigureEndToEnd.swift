import ClusterAPI
import ClusterSimulator
import ConsoleCore
import Foundation
import NIOCore

/// What one fetch of `/pins` over HTTP into a table took.
struct StreamFetch {
    var pins = 0
    var bytes = 0
    /// Seconds from sending the request to the first row in the table, and to the last.
    var firstRow = 0.0
    var lastRow = 0.0
    /// CPU seconds of the whole process meanwhile (client, decoder and the in-process simulator).
    var processCPU = 0.0
    /// CPU seconds the console's side spent decoding and storing (the thread running the
    /// body callback), so the time to last row can be judged on the console, not the simulator.
    var consoleCPU = 0.0
}

/// Fetches `endpoint` with `ClusterClient.consumeRaw` into a fresh `PinTable`, as the console's
/// full refresh does: each body chunk goes straight into `PinStreamDecoder`.
func fetchPins(_ client: ClusterClient, _ endpoint: Endpoint) async throws -> StreamFetch {
    var table = PinTable()
    var decoder = PinStreamDecoder(source: .pins)
    var out = StreamFetch()
    let t0 = now()
    let c0 = processCPUNow()
    try await client.consumeRaw(endpoint) { buffer in
        let c = cpuNow()
        try buffer.withUnsafeReadableBytes { try decoder.feed($0, into: &table) }
        out.consoleCPU += cpuNow() - c
        if out.firstRow == 0 && table.liveCount > 0 { out.firstRow = now() - t0 }
    }
    try decoder.finish(into: &table)
    out.lastRow = now() - t0
    out.processCPU = processCPUNow() - c0
    out.pins = table.liveCount
    out.bytes = decoder.bytesFed
    return out
}

/// Figure (3): the simulator (in this process) serving `pins` x `peers` over loopback HTTP; the
/// console's client fetches the global `/pins` into the table. Then `local=true` on one peer.
func figureEndToEnd(pins: Int, peers: Int) async throws -> [Figure] {
    var config = SimulatorConfig(peers: peers, pins: pins, loadBalancerPort: nil, controlPort: nil)
    config.tickInterval = 5 // no scenario; keep the model's ticks out of the measurement
    let sim = ClusterSimulator(config: config)
    let boot = Stopwatch()
    let endpoints = try await sim.start()
    let bootSeconds = boot.wall
    var client: ClusterClient?
    do {
        let host = try ClusterHost.parse(endpoints.peers[0], https: false)
        let c = try ClusterClient(configuration: ClusterClientConfiguration(hosts: [host], idleTimeout: 120))
        client = c
        let global = try await fetchPins(c, .pins())
        let local = try await fetchPins(c, .pins(local: true))
        await c.shutdown()
        await sim.stop()
        let mb = Double(global.bytes) / 1e6
        let globalFig = Figure(
            id: "end_to_end_\(pins)x\(peers)",
            line: "(3) simulator -> loopback HTTP -> ClusterClient.consumeRaw -> table, global /pins, \(global.pins) pins x \(peers) peers (\(fmt(mb)) MB): first row \(fmt(global.firstRow, 3)) s, last row \(fmt(global.lastRow, 2)) s (\(fmt(mb / global.lastRow)) MB/s; process CPU \(fmt(global.processCPU, 2)) s incl. the simulator's encoding; the console's own decode+store \(fmt(global.consoleCPU, 2)) s CPU = \(fmt(100 * global.consoleCPU / global.lastRow)) % of the time to last row; simulator boot \(fmt(bootSeconds, 1)) s not counted). The simulator streams as it merges (it holds back only while a peer is frozen, as a real cluster waits for every peer)",
            values: ["pins": Double(global.pins), "bytes": Double(global.bytes), "first_row_s": global.firstRow,
                     "last_row_s": global.lastRow, "process_cpu_s": global.processCPU, "simulator_boot_s": bootSeconds,
                     "console_cpu_s": global.consoleCPU, "console_share": global.consoleCPU / global.lastRow],
            target: "first row <= 0.5 s, last row <= 10 s",
            met: global.pins == pins && global.firstRow <= 0.5 && global.lastRow <= 10)
        let localFig = Figure(
            id: "end_to_end_local_\(pins)",
            line: "(3) same with local=true (one peer's entries): \(local.pins) pins (\(fmt(Double(local.bytes) / 1e6)) MB): first row \(fmt(local.firstRow, 3)) s, last row \(fmt(local.lastRow, 2)) s (process CPU \(fmt(local.processCPU, 2)) s)",
            values: ["pins": Double(local.pins), "bytes": Double(local.bytes), "first_row_s": local.firstRow,
                     "last_row_s": local.lastRow, "process_cpu_s": local.processCPU])
        return [globalFig, localFig]
    } catch {
        await client?.shutdown()
        await sim.stop()
        throw error
    }
}
