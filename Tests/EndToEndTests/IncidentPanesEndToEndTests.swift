import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

// The incident path across the witnesses: stop a peer in the demo, then read the triage verdict,
// the stopped task's reason and the neighbours' log lines, in the built binary under tmux.

@Suite(.serialized, .enabled(if: hasTmux(), "tmux is not installed (Scripts/test installs it)"))
struct IncidentPanesEndToEndTests {
    @Test func stoppedPeerShowsInTriageTasksAndLogs() throws {
        let stateHome = NSTemporaryDirectory() + "console-e2e-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: stateHome) }
        let tmux = Tmux()
        try FileManager.default.createDirectory(atPath: stateHome, withIntermediateDirectories: true)
        // The incident snapshot lands in the working directory: a private one, removed at the end.
        let command = "cd \(shellQuote(stateHome)) && XDG_STATE_HOME=\(shellQuote(stateHome)) \(shellQuote(try consoleBinary()))"
            + " --demo --pins 30 --speed 20 --refresh 0.5; echo \"EXIT=$?\"; sleep 600"
        try tmux.start(command, width: 200, height: 50)
        var r = tmux.waitFor(timeout: 30) { $0.contains("peers 3/3 up") && $0.contains("IpfsCluster2") }
        #expect(r.ok, "three peers up:\n\(r.screen)")
        // The ECS join shows up on the peers screen (tab 2; home is the overview).
        tmux.sendKeys("2")
        r = tmux.waitFor(timeout: 15) { screenLine($0, "IpfsCluster2").contains("RUNNING") }
        #expect(r.ok, "peer's task on the peers screen:\n\(r.screen)")

        tmux.sendKeys(":")
        tmux.sendLiteral("sim stop IpfsCluster2")
        tmux.sendKeys("Enter")
        r = tmux.waitFor(timeout: 20) { screenLine($0, "IpfsCluster2").contains("missing since") }
        #expect(r.ok, "stopped peer missing:\n\(r.screen)")

        // Triage names the peer and a cause.
        tmux.sendKeys(":")
        tmux.sendLiteral("triage")
        tmux.sendKeys("Enter")
        r = tmux.waitFor(timeout: 20) { s in
            s.contains("Triage:") && s.contains("rule: ")
                && s.split(separator: "\n").contains { $0.contains("IpfsCluster2") && $0.contains("stopped") }
        }
        #expect(r.ok, "triage verdict:\n\(r.screen)")
        #expect(screenLine(r.screen, "rule: ").contains("peer-"), "rule shown:\n\(r.screen)")

        // `w` writes the incident snapshot and says where.
        tmux.sendKeys("w")
        r = tmux.waitFor(timeout: 10) { $0.contains("incident snapshot:") }
        #expect(r.ok, "snapshot toast:\n\(r.screen)")
        let reports = (try? FileManager.default.contentsOfDirectory(atPath: stateHome)) ?? []
        let md = reports.first { $0.hasSuffix(".md") }
        #expect(md != nil, "files: \(reports)")
        if let md {
            let text = (try? String(contentsOfFile: stateHome + "/" + md, encoding: .utf8)) ?? ""
            #expect(text.contains("IpfsCluster2"))
        }

        // The tasks screen shows why the task stopped.
        tmux.sendKeys(":")
        tmux.sendLiteral("tasks")
        tmux.sendKeys("Enter")
        r = tmux.waitFor(timeout: 15) { s in s.split(separator: "\n").contains { $0.contains("IpfsCluster2") && $0.contains("LIKELY CAUSE") } }
        #expect(r.ok, "stopped task marked as the likely cause:\n\(r.screen)")
        // Its detail gives the stop code and the full reason.
        tmux.sendKeys("/")
        tmux.sendLiteral("STOPPED")
        tmux.sendKeys("Enter", "Enter")
        r = tmux.waitFor(timeout: 15) { $0.contains("EssentialContainerExited: Essential container in task exited") }
        #expect(r.ok, "stopped task's reason:\n\(r.screen)")

        // The logs show a neighbour logging the failure.
        tmux.sendKeys(":")
        tmux.sendLiteral("logs")
        tmux.sendKeys("Enter")
        r = tmux.waitFor("logs merged")
        tmux.sendKeys("/")
        tmux.sendLiteral("re:connection refused|metric alert")
        tmux.sendKeys("Enter")
        r = tmux.waitFor(timeout: 20) { s in
            s.split(separator: "\n").contains { ($0.contains("connection refused") || $0.contains("metric alert")) && !$0.contains("re:") }
        }
        #expect(r.ok, "neighbours' log lines:\n\(r.screen)")

        r = tmux.quit()
        #expect(r.ok, "quit:\n\(r.screen)")
    }
}
