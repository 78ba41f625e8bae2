import Foundation
import Testing

/// The `gateway-unserved` demo: content pinned after the first 20 simulated seconds is not
/// served by the simulator's gateway. The demo console probes it by itself (no --gateway given),
/// and the overview and the triage screen both show a pin the cluster reports pinned that the
/// gateway does not serve.
@Suite(.serialized, .enabled(if: hasTmux(), "tmux is not installed (Scripts/test installs it)"))
struct GatewayEndToEndTests {
    @Test func pinnedButNotServedIsShownOnTheOverviewAndTheTriageScreen() throws {
        let dir = NSTemporaryDirectory() + "gateway-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tmux = Tmux()
        try tmux.start("cd \(shellQuote(dir)) && XDG_STATE_HOME=\(shellQuote(dir)) \(shellQuote(try consoleBinary()))"
            + " --demo --scenario gateway-unserved --speed 10 --pins 30 --refresh 0.5 --gateway-interval 1; echo \"EXIT=$?\"; sleep 600",
            width: 120, height: 40)
        var r = tmux.waitFor(timeout: 30) { $0.contains("Deployment") && $0.contains("Gateway  ") }
        #expect(r.ok, "the overview has its gateway line:\n\(r.screen)")
        #expect(r.screen.contains("http://127.0.0.1:"), "the demo probes its simulator's gateway:\n\(r.screen)")

        // New pins after the step are not served: the overview says so, pin by pin.
        r = tmux.waitFor(timeout: 90) { s in
            s.split(separator: "\n").contains { $0.hasPrefix("  NOT SERVED") && $0.contains("HTTP 504") && $0.contains("pinned on IpfsCluster") }
        }
        #expect(r.ok, "a pinned CID not served on the overview:\n\(r.screen)")
        let summary = screenLine(r.screen, "Gateway  ")
        #expect(summary.contains("PINNED NOT SERVED") && summary.contains("served "), "\(summary)")
        let pinLine = screenLine(r.screen, "  NOT SERVED")
        let name = pinLine.split(separator: " ").first { $0.hasPrefix("upload-") }.map(String.init) ?? "upload-"

        // The triage screen lists it as a deployment-level finding with what to run.
        tmux.sendKeys(":")
        tmux.sendLiteral("triage")
        tmux.sendKeys("Enter")
        r = tmux.waitFor(timeout: 30) { s in
            s.contains("Triage:") && s.contains("[gateway] pinned but not served:") && s.contains("HTTP 504")
        }
        #expect(r.ok, "triage names the pin not served:\n\(r.screen)")
        #expect(r.screen.contains("GATEWAY: served"), "the gateway's rollup on triage:\n\(r.screen)")
        #expect(r.screen.contains(name), "the same pin (\(name)) on both screens:\n\(r.screen)")
        #expect(r.screen.contains("then: curl -I http://127.0.0.1:"), "its next step:\n\(r.screen)")
        r = tmux.quit()
        #expect(r.ok, "quit:\n\(r.screen)")
    }
}
