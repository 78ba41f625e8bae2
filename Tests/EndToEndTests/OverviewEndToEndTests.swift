import Foundation
import Testing

/// The home screen on the `efs-burst` demo: us-east-1a's EFS runs out of burst credits and
/// IpfsCluster0 stops answering; the overview's row and the triage screen both name EFS burst
/// credits in that AZ, not a generic "unresponsive".
@Suite(.serialized, .enabled(if: hasTmux(), "tmux is not installed (Scripts/test installs it)"))
struct OverviewEndToEndTests {
    /// The overview's row of a peer: table rows start with the peer's name (the header's
    /// "via IpfsClusterN" and the event lines do not).
    static func row(_ screen: String, _ peer: String) -> String {
        screen.split(separator: "\n").first { $0.hasPrefix(peer) }.map(String.init) ?? ""
    }

    @Test func efsBurstIsNamedOnTheOverviewAndTheTriageScreen() throws {
        let dir = NSTemporaryDirectory() + "overview-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tmux = Tmux()
        try tmux.start("cd \(shellQuote(dir)) && XDG_STATE_HOME=\(shellQuote(dir)) \(shellQuote(try consoleBinary()))"
            + " --demo --scenario efs-burst --speed 40 --pins 30 --refresh 0.5; echo \"EXIT=$?\"; sleep 600", width: 160, height: 40)
        var r = tmux.waitFor(timeout: 30) { $0.contains("Deployment") && $0.contains("EFS CREDITS") }
        #expect(r.ok, "the overview is home:\n\(r.screen)")

        // The failing peer's row: its AZ and its file system out of credits.
        r = tmux.waitFor(timeout: 60) { s in
            let row = Self.row(s, "IpfsCluster0")
            return row.contains("us-east-1a") && row.contains("EXHAUSTED")
        }
        #expect(r.ok, "IpfsCluster0's EFS credits exhausted in us-east-1a:\n\(r.screen)")
        #expect(!Self.row(r.screen, "IpfsCluster1").contains("EXHAUSTED"), "no other peer is blamed:\n\(r.screen)")
        #expect(r.screen.contains("EFS 1 low on credits"), "the summary counts it:\n\(r.screen)")

        // Enter on the EFS cell opens the triage block: burst credits for that AZ.
        tmux.sendKeys("g")
        for _ in 0..<6 { tmux.sendKeys("Right") }
        r = tmux.waitFor(timeout: 10) { $0.contains("[EFS CREDITS]") }
        #expect(r.ok, "the EFS column is selected:\n\(r.screen)")
        tmux.sendKeys("Enter")
        r = tmux.waitFor(timeout: 60) { s in
            s.contains("Triage:") && s.split(separator: "\n").contains { $0.contains("IpfsCluster0") && $0.contains("burst credits") }
                && s.contains("us-east-1a")
        }
        #expect(r.ok, "triage names EFS burst credits for IpfsCluster0 in us-east-1a:\n\(r.screen)")
        #expect(r.screen.contains("efs-credits-exhausted"), "the rule:\n\(r.screen)")
        r = tmux.quit()
        #expect(r.ok, "quit:\n\(r.screen)")
    }
}
