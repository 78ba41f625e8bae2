import Foundation
import Testing

// A demo incident saved as a recording (`simulate --record`), replayed in the console under
// tmux (`--replay`): the frozen peer goes missing on screen as it did live, actions are refused,
// and `snapshot --from-recording` writes the postmortem from the same file.

@Suite(.serialized, .enabled(if: hasTmux(), "tmux is not installed (Scripts/test installs it)"))
struct RecordReplayEndToEndTests {
    @Test func aRecordedDemoIncidentReplaysWithTheFrozenPeerGoingMissing() throws {
        let dir = NSTemporaryDirectory() + "console-replay-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let binary = try consoleBinary()
        let file = dir + "/demo.iccrec"
        let tmux = Tmux()
        // `healthy` at speed 5: IpfsCluster1 freezes about 4 s in and is replaced about 22 s in.
        try tmux.start("cd \(shellQuote(dir)) && \(shellQuote(binary)) simulate --scenario healthy --speed 5 --pins 30"
            + " --state-dir \(shellQuote(dir + "/sim")) --record \(shellQuote(file)) --duration 18; echo \"REC=$?\"; sleep 600",
            width: 160, height: 40)
        var r = tmux.waitFor("REC=", timeout: 60)
        #expect(r.screen.contains("REC=0") && r.screen.contains("recorded "), "simulate --record:\n\(r.screen)")
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        #expect(size > 1000)

        // The replay, fast: the peer is fine first, then missing, as it was live.
        tmux.openWindow("cd \(shellQuote(dir)) && \(shellQuote(binary)) --replay \(shellQuote(file)) --speed 4; echo \"EXIT=$?\"; sleep 600")
        r = tmux.waitFor(timeout: 20) { $0.contains("REPLAY of") && $0.contains("IpfsCluster1") }
        #expect(r.ok, "replay up:\n\(r.screen)")
        // Recorded as the demo polls: each peer at its own address (the direct answers replayed).
        r = tmux.waitFor(timeout: 20) { $0.contains("direct to 3 peers") || $0.contains("direct to 2 of 3 peers") }
        #expect(r.ok, "the replay's header says direct mode:\n\(r.screen)")
        r = tmux.waitFor(timeout: 30) { screenLine($0, "IpfsCluster1 ").lowercased().contains("missing") }
        #expect(r.ok, "the frozen peer goes missing in the replay:\n\(r.screen)")
        // Actions are refused: on the peers screen `D` (remove peer) opens nothing and says why.
        tmux.sendKeys("2")
        tmux.sendKeys("D")
        r = tmux.waitFor("actions are refused", timeout: 5)
        #expect(r.ok, "refused:\n\(r.screen)")
        #expect(!r.screen.contains("Type"), "no confirmation dialog:\n\(r.screen)")
        // Pause, then the help lists the replay's keys.
        tmux.sendKeys("Space")
        r = tmux.waitFor("PAUSED", timeout: 5)
        #expect(r.ok, "paused:\n\(r.screen)")
        tmux.sendKeys("?")
        r = tmux.waitFor("next change of a triage verdict", timeout: 5)
        #expect(r.ok, "help:\n\(r.screen)")
        tmux.sendKeys("Escape")
        r = tmux.quit()
        #expect(r.ok, "clean exit:\n\(r.screen)")

        // The postmortem from the recording, at a moment inside the incident.
        tmux.openWindow("cd \(shellQuote(dir)) && \(shellQuote(binary)) snapshot --from-recording \(shellQuote(file)) --at +16 --out out; echo \"SNAP=$?\"; sleep 600")
        r = tmux.waitFor("SNAP=", timeout: 30)
        #expect(r.screen.contains("SNAP=0"), "snapshot:\n\(r.screen)")
        let reports = (try? FileManager.default.contentsOfDirectory(atPath: dir + "/out")) ?? []
        let md = try #require(reports.first { $0.hasSuffix(".md") })
        let text = try String(contentsOfFile: dir + "/out/" + md, encoding: .utf8)
        #expect(text.contains("IpfsCluster1") && text.contains("peer unresponsive"), "\(text)")
        #expect(text.contains("from the recording"))
    }
}
