import ConsoleCore
import Foundation

/// Figure (10): how long the console's loop is held while a huge response arrives, which bounds
/// how long a key waits (keys are read between two events).
///
/// Each chunk goes through `ConsoleUpdate.update` exactly as the runner posts it. Once a second
/// the pins screen's background query takes a copy of the table (as `PinQueryJob` does), so the
/// next chunk pays the copy-on-write it would pay in the console.
enum LoopBlocking {
    /// One allocation line of about 400 bytes for pin `i` (distinct CIDs, three peers).
    static func allocationLine(_ i: Int, peers: [String]) -> [UInt8] {
        var digits = String(i, radix: 32)
        digits = String(repeating: "a", count: max(0, 52 - digits.count)) + digits
        let alloc = peers.map { "\"\($0)\"" }.joined(separator: ",")
        return Array("{\"replication_factor_min\":2,\"replication_factor_max\":3,\"name\":\"pin-\(i)\",\"mode\":\"recursive\",\"shard_size\":0,\"user_allocations\":null,\"expire_at\":\"0001-01-01T00:00:00Z\",\"metadata\":null,\"pin_update\":null,\"origins\":[],\"cid\":\"bafyrei\(digits)\",\"type\":\"pin\",\"allocations\":[\(alloc)],\"max_depth\":-1,\"reference\":null,\"timestamp\":\"2021-12-07T16:24:58+01:00\"}\n".utf8)
    }

    /// One `/pins` line of `bytes` bytes: a pin whose metadata holds thousands of entries.
    static func hugeLine(bytes: Int, peer: String) -> [UInt8] {
        var out = Array("{\"cid\":\"bafybeiary2ibmljf3l466qzk5hud3rnlk7zped37oik64zlfh22sa5nrg4\",\"name\":\"huge\",\"allocations\":[],\"origins\":[],\"created\":\"2026-05-21T09:58:12Z\",\"metadata\":{".utf8)
        var k = 0
        while out.count < bytes - 400 {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            out += Array("\"key\(k)\":\"\(String(repeating: "v", count: 80))\"".utf8)
            k += 1
        }
        out += Array("},\"peer_map\":{\"\(peer)\":{\"peername\":\"p\",\"status\":\"pinned\",\"timestamp\":\"2026-05-21T10:02:13Z\",\"error\":\"\",\"attempt_count\":0,\"priority_pin\":false}}}\n".utf8)
        return out
    }

    /// Per step: the loop thread's CPU ms (what the console itself holds the loop for, stable
    /// on a loaded machine) and the wall ms (what a key would wait, including preemption).
    struct Outcome {
        var steps: [Double]; var wallSteps: [Double]; var bytes: Int; var wall: Double; var pins: Int
        /// CPU ms of the long lines read off the loop; the huge line's metadata entries; whether
        /// the stream was finished (its end waits for a line read off the loop).
        var offLoopCPU: Double; var metadataEntries: Int; var ended: Bool
    }

    /// A `.decodeLargeLine` effect run on another thread, as the effect runner runs it.
    final class OffLoop: @unchecked Sendable {
        let done = DispatchSemaphore(value: 0)
        var answer: ConsoleEvent?
        var cpuMs = 0.0
        init(_ effect: Effect) {
            guard case .decodeLargeLine(let source, let generation, let job) = effect else { return }
            Thread.detachNewThread { [self] in
                let c = cpuNow()
                answer = .largeLineDecoded(source, generation: generation, job.run())
                cpuMs = (cpuNow() - c) * 1000
                done.signal()
            }
        }
    }

    /// Feeds `chunks` through the update as one stream of `source`; returns each step's wall ms.
    /// Long lines are read off the loop as in the console (`offloadLineBytes`); their answers
    /// are applied as steps too, as soon as they are ready.
    @MainActor
    static func run(source: DataSource, chunkSize: Int, next: (inout [UInt8]) -> Bool) -> Outcome {
        var state = ConsoleState(settings: ConsoleSettings(endpoint: "bench"))
        state.pins.offloadLineBytes = ConsoleUpdate.offloadLineBytes
        state.pins.autoFullRefreshDone = true
        var offLoop: [OffLoop] = []
        var offLoopCPU = 0.0
        var steps: [Double] = []
        var wallSteps: [Double] = []
        func step(_ event: ConsoleEvent) {
            let a = now(), c = cpuNow()
            let effects = ConsoleUpdate.update(&state, event, now: Date())
            steps.append((cpuNow() - c) * 1000)
            wallSteps.append((now() - a) * 1000)
            offLoop += effects.filter { if case .decodeLargeLine = $0 { true } else { false } }.map(OffLoop.init)
        }
        /// Applies the answers that are ready (all of them, waiting, when `wait`).
        func collect(wait: Bool) {
            while let first = offLoop.first {
                if wait { first.done.wait() } else if first.done.wait(timeout: .now()) == .timedOut { return }
                offLoop.removeFirst()
                offLoopCPU += first.cpuMs
                if let answer = first.answer { step(answer) }
            }
        }
        _ = ConsoleUpdate.update(&state, .intent(source == .fullPins ? .refreshAllPins : .refreshNow), now: Date())
        let g = state.freshness(source).generation
        var snapshot: PinTable? = nil
        var lastSnapshot = now()
        var buffer: [UInt8] = []
        var total = 0
        let t0 = now()
        var more = true
        while more {
            while buffer.count < chunkSize && more { more = next(&buffer) }
            var offset = 0
            while offset < buffer.count && (buffer.count - offset >= chunkSize || !more) {
                let n = min(chunkSize, buffer.count - offset)
                let chunk = Array(buffer[offset..<offset + n])
                offset += n
                total += n
                if now() - lastSnapshot >= 1 {
                    snapshot = state.pins.table
                    lastSnapshot = now()
                }
                step(.pinChunk(source, generation: g, bytes: chunk))
                collect(wait: false)
            }
            buffer.removeFirst(offset)
        }
        step(.pinStreamEnded(source, generation: g, error: nil))
        collect(wait: true)
        _ = snapshot
        return Outcome(steps: steps, wallSteps: wallSteps, bytes: total, wall: now() - t0, pins: state.pins.table.liveCount,
                       offLoopCPU: offLoopCPU, metadataEntries: state.pins.table.extras(0)?.metadata.count ?? 0,
                       ended: state.pins.streams[source] == nil)
    }
}

/// Figure (10): the longest loop step while a `streamBytes` `/allocations` streams (64 KiB
/// chunks) and while one 10 MB `/pins` line arrives (16 KiB chunks).
@MainActor
func figureLoopBlocking(streamBytes: Int) -> [Figure] {
    let peers = (0..<3).map { "12D3KooWPeer\($0)" + String(repeating: "x", count: 40) }
    var i = 0
    var produced = 0
    let big = LoopBlocking.run(source: .allocations, chunkSize: 64 * 1024) { buf in
        let line = LoopBlocking.allocationLine(i, peers: peers)
        buf += line
        i += 1
        produced += line.count
        return produced < streamBytes
    }
    let huge = LoopBlocking.hugeLine(bytes: 10_000_000, peer: peers[0])
    var sent = false
    let one = LoopBlocking.run(source: .fullPins, chunkSize: 16 * 1024) { buf in
        if !sent { buf += huge; sent = true }
        return false
    }
    let (bm, bp, bx) = percentiles(big.steps)
    let (om, op, ox) = percentiles(one.steps)
    let bw = percentiles(big.wallSteps).max, ow = percentiles(one.wallSteps).max
    let mb = Double(big.bytes) / 1e6
    return [
        Figure(id: "loop_block_stream",
               line: "(10) loop step (CPU) while a \(Int(mb)) MB /allocations streams (\(big.pins) pins, 64 KiB chunks, a table copy each second): median \(fmt(bm, 2)) ms, p99 \(fmt(bp, 2)) ms, max \(fmt(bx, 1)) ms CPU (max \(fmt(bw, 1)) ms wall) over \(big.steps.count) steps, \(fmt(mb / big.wall)) MB/s wall",
               values: ["mb": mb, "pins": Double(big.pins), "median_ms": bm, "p99_ms": bp, "max_ms": bx, "max_wall_ms": bw, "mb_per_s": mb / big.wall],
               target: "key wait < 50 ms (max step, CPU)", met: bx < 50),
        Figure(id: "loop_block_line",
               line: "(10) loop step (CPU) while one 10 MB /pins line arrives (16 KiB chunks; lines >= \(ConsoleUpdate.offloadLineBytes / 1_000_000) MB read off the loop, \(fmt(one.offLoopCPU, 1)) ms CPU there): median \(fmt(om, 3)) ms, p99 \(fmt(op, 2)) ms, max \(fmt(ox, 1)) ms CPU (max \(fmt(ow, 1)) ms wall) over \(one.steps.count) steps, \(fmt(one.wall, 2)) s wall in all; \(one.pins) pin with \(one.metadataEntries) metadata entries, stream \(one.ended ? "finished" : "NOT finished")",
               values: ["median_ms": om, "p99_ms": op, "max_ms": ox, "max_wall_ms": ow, "wall_s": one.wall, "off_loop_cpu_ms": one.offLoopCPU],
               target: "key wait < 50 ms (max step, CPU)", met: ox < 50 && one.pins == 1 && one.ended),
    ]
}
