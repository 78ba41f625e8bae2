import Foundation
import Testing
@testable import ClusterSimulator

/// Every simulator test runs one at a time: each starts real listeners and a ticking model, and
/// the waits are in simulated time, which a CPU-starved run would stretch.
@Suite(.serialized) struct SimulatorTests {}

/// Starts a simulator on OS-chosen loopback ports in a fresh state directory, runs `body`, stops it.
func withSimulator<T: Sendable>(peers: Int = 3, pins: Int = 0, speed: Double = 20, scenario: String? = nil,
                                basicAuth: String? = nil, replicationMin: Int = -1, replicationMax: Int = -1,
                                _ body: @Sendable (ClusterSimulator, SimulatorEndpoints) async throws -> T) async throws -> T {
    let dir = NSTemporaryDirectory() + "simtest-\(UUID().uuidString)"
    let sim = ClusterSimulator(config: SimulatorConfig(peers: peers, pins: pins, speed: speed, stateDirectory: dir,
                                                       scenario: scenario, basicAuth: basicAuth,
                                                       replicationMin: replicationMin, replicationMax: replicationMax))
    let endpoints = try await sim.start()
    do {
        let result = try await body(sim, endpoints)
        await sim.stop()
        try? FileManager.default.removeItem(atPath: dir)
        return result
    } catch {
        await sim.stop()
        try? FileManager.default.removeItem(atPath: dir)
        throw error
    }
}

func readFile(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

func jsonFile(_ path: String) -> [String: Any]? {
    guard let d = FileManager.default.contents(atPath: path) else { return nil }
    return (try? JSONSerialization.jsonObject(with: d)) as? [String: Any]
}

/// Keys of a top-level JSON object in wire order.
func keyOrder(_ line: String) -> [String] {
    // Top-level keys only: track depth while scanning.
    var keys: [String] = []
    var depth = 0
    var inString = false
    var escaped = false
    var current = ""
    var expectingKey = false
    var chars = Array(line)
    if chars.last == "\n" { chars.removeLast() }
    for (n, c) in chars.enumerated() {
        if inString {
            if escaped { escaped = false; current.append(c); continue }
            if c == "\\" { escaped = true; continue }
            if c == "\"" {
                inString = false
                if expectingKey && depth == 1 && n + 1 < chars.count && chars[n + 1] == ":" { keys.append(current) }
                continue
            }
            current.append(c)
            continue
        }
        switch c {
        case "\"": inString = true; current = ""
        case "{", "[": depth += 1; expectingKey = c == "{" && depth == 1 ? true : expectingKey
        case "}", "]": depth -= 1
        case ",": if depth == 1 { expectingKey = true }
        default: break
        }
    }
    return keys
}
