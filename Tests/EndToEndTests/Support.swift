import Foundation
import Testing

// Helpers shared by the end-to-end suites (they drive the built binary in tmux).

/// The built console binary: `CONSOLE_BIN` (set by Scripts/test), else `.build/debug` of this
/// package, found from this file's path.
func consoleBinary() throws -> String {
    if let bin = ProcessInfo.processInfo.environment["CONSOLE_BIN"], !bin.isEmpty { return bin }
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    let path = url.appendingPathComponent(".build/debug/ipfs-cluster-console").path
    guard FileManager.default.isExecutableFile(atPath: path) else {
        throw TmuxFailure(message: "console binary not found at \(path): run Scripts/test (it builds the binary and sets CONSOLE_BIN)")
    }
    return path
}

/// Whether tmux is on PATH; suites are disabled with a reason when it is not.
func hasTmux() -> Bool {
    (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").contains {
        FileManager.default.isExecutableFile(atPath: "\($0)/tmux")
    }
}

/// Single-quotes for sh.
func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

/// The line of a captured screen holding `needle` ("" when none does).
func screenLine(_ screen: String, _ needle: String) -> String {
    screen.split(separator: "\n").first { $0.contains(needle) }.map(String.init) ?? ""
}

/// A simulator's `endpoints.json` (in its state directory): load balancer URL and each peer's
/// name, id and URL.
struct SimulatorEndpointsFile: Decodable {
    struct Peer: Decodable { var name: String; var id: String; var url: String }
    var load_balancer: String
    var control: String?
    var peers: [Peer]

    /// Waits (bounded) for the file: the simulator writes it once its listeners are up.
    static func read(_ stateDir: String, timeout: Double = 20) throws -> SimulatorEndpointsFile {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let data = FileManager.default.contents(atPath: stateDir + "/endpoints.json"), !data.isEmpty {
                return try JSONDecoder().decode(SimulatorEndpointsFile.self, from: data)
            }
            guard Date() < deadline else { throw TmuxFailure(message: "no \(stateDir)/endpoints.json after \(timeout) s") }
            usleep(50_000)
        }
    }

    /// `--host` for the load balancer, ctl style.
    var loadBalancerMultiaddr: String {
        let url = URL(string: load_balancer)
        return "/ip4/\(url?.host ?? "127.0.0.1")/tcp/\(url?.port ?? 9094)"
    }
}
