import Foundation
import Testing

/// The demo with a cluster whose clock is ten minutes off, in the built binary under tmux: the
/// header says so, every peer is up, the alerts pane ages pings on the cluster's clock and the
/// triage screen calls no peer CRITICAL (the healthy scenario freezes a peer only at 20 s).
@Suite(.serialized, .enabled(if: hasTmux(), "tmux is not installed (Scripts/test installs it)"))
struct ClusterClockEndToEndTests {
    @Test(arguments: [-600, 600])
    func skewedClusterClockGivesNoFalseVerdict(offset: Int) async throws {
        let dir = NSTemporaryDirectory() + "console-clock-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tmux = Tmux()
        try tmux.start("cd \(shellQuote(dir)) && XDG_STATE_HOME=\(shellQuote(dir)) \(shellQuote(try consoleBinary())) --demo --clock-offset=\(offset)"
            + " --pins 30 --refresh 1; echo \"EXIT=$?\"; sleep 600", width: 200, height: 50)
        let sign = offset > 0 ? "+" : "-"
        var r = tmux.waitFor(timeout: 30) { $0.contains("cluster clock \(sign)10 min") && $0.contains("peers 3/3 up") }
        #expect(r.ok, "header names the skew and all peers up:\n\(r.screen)")
        tmux.sendKeys(":")
        tmux.sendLiteral("alerts")
        tmux.sendKeys("Enter")
        r = tmux.waitFor(timeout: 10) { s in s.contains("Metrics per peer") && s.split(separator: "\n").filter { $0.contains("IpfsCluster") && $0.contains(" in ") }.count >= 3 }
        #expect(r.ok, "every ping expires in the future on the cluster's clock:\n\(r.screen)")
        #expect(!r.screen.contains("expired"), "\(r.screen)")
        tmux.sendKeys(":")
        tmux.sendLiteral("triage")
        tmux.sendKeys("Enter")
        r = tmux.waitFor(timeout: 10) { $0.contains("Triage: ") }
        #expect(r.ok, "triage:\n\(r.screen)")
        #expect(!r.screen.contains("CRITICAL"), "no false verdict:\n\(r.screen)")
        #expect(!r.screen.contains("peer unresponsive"), "\(r.screen)")
        r = tmux.quit()
        #expect(r.ok, "quit:\n\(r.screen)")
    }
}
