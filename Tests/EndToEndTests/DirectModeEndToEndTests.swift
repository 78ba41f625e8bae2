import Foundation
import Testing

/// The demo polls each simulated peer at its own address, in the built binary under tmux: the
/// header says "direct to 3 peers"; when one peer stops, "direct to 2 of 3 peers", and the
/// triage screen names that peer with its own address refusing connections.
@Suite(.serialized, .enabled(if: hasTmux(), "tmux is not installed (Scripts/test installs it)"))
struct DirectModeEndToEndTests {
    @Test func demoHeaderSaysDirectModeAndCountsAStoppedPeer() async throws {
        let dir = NSTemporaryDirectory() + "console-direct-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tmux = Tmux()
        try tmux.start("cd \(shellQuote(dir)) && XDG_STATE_HOME=\(shellQuote(dir)) \(shellQuote(try consoleBinary())) --demo --scenario quiet"
            + " --pins 30 --refresh 1; echo \"EXIT=$?\"; sleep 600", width: 200, height: 50)
        var r = tmux.waitFor(timeout: 30) { $0.contains("direct to 3 peers") && $0.contains("peers 3/3 up") }
        #expect(r.ok, "the header names the mode:\n\(r.screen)")
        tmux.sendKeys(":")
        tmux.sendLiteral("sim stop IpfsCluster1")
        tmux.sendKeys("Enter")
        r = tmux.waitFor(timeout: 15) { $0.contains("direct to 2 of 3 peers") }
        #expect(r.ok, "one address no longer answers:\n\(r.screen)")
        tmux.sendKeys(":")
        tmux.sendLiteral("triage")
        tmux.sendKeys("Enter")
        r = tmux.waitFor(timeout: 15) { s in
            s.contains("IpfsCluster1") && s.contains("peer-api-down") && s.contains("at its own address")
        }
        #expect(r.ok, "triage names the stopped peer and its own address:\n\(r.screen)")
        #expect(!screenLine(r.screen, "IpfsCluster0").contains("CRITICAL"), "\(r.screen)")
        r = tmux.quit()
        #expect(r.ok, "quit:\n\(r.screen)")
    }
}
