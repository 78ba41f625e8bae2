import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

// The demo path a newcomer takes, against the in-process simulator (`--demo`), in tmux.

/// Runs the demo with a private audit journal; prints the exit status afterwards.
private func demoCommand(_ binary: String, stateHome: String, _ args: String) -> String {
    "XDG_STATE_HOME=\(shellQuote(stateHome)) \(shellQuote(binary)) --demo --scenario quiet --pins 40 --speed 10 --refresh 0.5 \(args); echo \"EXIT=$?\"; sleep 600"
}

@Suite(.serialized, .enabled(if: hasTmux(), "tmux is not installed (Scripts/test installs it)"))
struct LiveConsoleEndToEndTests {
    @Test func demoIncidentFilterDetailRecoverPinUnpinQuit() throws {
        let stateHome = NSTemporaryDirectory() + "console-e2e-\(UUID().uuidString)"
        let tmux = Tmux()
        try tmux.start(demoCommand(try consoleBinary(), stateHome: stateHome, ""), width: 160, height: 45)
        var r = tmux.waitFor(timeout: 30) { $0.contains("peers 3/3 up") && $0.contains("IpfsCluster2") }
        #expect(r.ok, "three peers up:\n\(r.screen)")
        #expect(r.screen.contains("DEMO"))
        // Home is the overview; this walk starts on the peers screen (tab 2).
        tmux.sendKeys("2")

        // Freeze a peer through the simulator control; watch it go to error, then missing.
        tmux.sendKeys(":")
        tmux.sendLiteral("sim freeze IpfsCluster2")
        tmux.sendKeys("Enter")
        r = tmux.waitFor(timeout: 30) { screenLine($0, "IpfsCluster2").contains("error:") }
        #expect(r.ok, "frozen peer in error:\n\(r.screen)")
        r = tmux.waitFor(timeout: 30) { screenLine($0, "IpfsCluster2").contains("missing since") }
        #expect(r.ok, "frozen peer missing:\n\(r.screen)")
        #expect(r.screen.contains("peers 2/3 up"))

        // Pins in error: the pins screen, error chip.
        tmux.sendKeys("3", "c")
        r = tmux.waitFor(timeout: 20) { $0.contains("[error]") && $0.contains("pin_error") }
        #expect(r.ok, "pins in error:\n\(r.screen)")

        // Open the first one's detail, read why, recover it.
        tmux.sendKeys("g", "Enter")
        r = tmux.waitFor(timeout: 20) { $0.contains("Pin Qm") || $0.contains("Pin baf") }
        #expect(r.ok, "pin detail:\n\(r.screen)")
        r = tmux.waitFor(timeout: 20) { $0.contains("PIN_ERROR") && $0.contains("error: ") }
        #expect(r.ok, "detail shows the error:\n\(r.screen)")
        tmux.sendKeys("R")
        r = tmux.waitFor(timeout: 20) { $0.contains("recover ") && ($0.contains("no errors left") || $0.contains("still in error")) }
        #expect(r.ok, "recover outcome:\n\(r.screen)")
        tmux.sendKeys("Escape", "Escape")

        // Pin a CID with replication 2 through the form, then unpin it with confirmation.
        let cid = "bafybeiary2ibmljf3l466qzk5hud3rnlk7zped37oik64zlfh22sa5nrg4"
        tmux.sendKeys("a")
        r = tmux.waitFor("Pin a CID")
        #expect(r.ok, "form:\n\(r.screen)")
        tmux.sendLiteral(cid)
        tmux.sendKeys("Tab")
        tmux.sendLiteral("e2e-pin")
        tmux.sendKeys("Tab")
        tmux.sendLiteral("2")
        tmux.sendKeys("Tab")
        tmux.sendLiteral("2")
        tmux.sendKeys("Enter")
        r = tmux.waitFor(timeout: 20, { $0.contains("pinned \(cid)") || $0.contains("ok") && $0.contains("pin-add") })
        #expect(r.ok, "pin added:\n\(r.screen)")
        tmux.sendKeys(":")
        tmux.sendLiteral("unpin \(cid)")
        tmux.sendKeys("Enter")
        r = tmux.waitFor("y confirm")
        #expect(r.ok, "unpin confirmation:\n\(r.screen)")
        #expect(r.screen.contains(cid))
        tmux.sendKeys("y")
        r = tmux.waitFor(timeout: 20) { $0.contains("unpinned \(cid)") || screenLine($0, "unpin ").contains("ok") }
        #expect(r.ok, "unpinned:\n\(r.screen)")

        r = tmux.quit()
        #expect(r.ok, "quit:\n\(r.screen)")
        let journal = (try? String(contentsOfFile: stateHome + "/ipfs-cluster-console/audit.jsonl", encoding: .utf8)) ?? ""
        #expect(journal.contains("\"action\":\"pin-add\""))
        #expect(journal.contains("\"action\":\"unpin\""))
        #expect(journal.contains("\"outcome\":\"ok\""))
        try? FileManager.default.removeItem(atPath: stateHome)
    }

    @Test func readonlyRefusesAndJournalsTheRefusal() throws {
        let stateHome = NSTemporaryDirectory() + "console-e2e-\(UUID().uuidString)"
        let tmux = Tmux()
        try tmux.start(demoCommand(try consoleBinary(), stateHome: stateHome, "--readonly"), width: 140, height: 40)
        var r = tmux.waitFor(timeout: 30) { $0.contains("READ-ONLY") && $0.contains("peers 3/3 up") }
        #expect(r.ok, "read-only header:\n\(r.screen)")
        tmux.sendKeys("3")
        r = tmux.waitFor(timeout: 20) { $0.contains("shown /") && !$0.contains("0 shown / 0 total") }
        #expect(r.ok, "pins:\n\(r.screen)")
        tmux.sendKeys("d")
        r = tmux.waitFor("READ-ONLY: unpin")
        #expect(r.ok, "refused:\n\(r.screen)")
        #expect(!r.screen.contains("y confirm"))
        tmux.sendKeys("?")
        r = tmux.waitFor("Help: Pins")
        #expect(r.ok)
        // Not listed in the help box (the refusal's toast may still name it below the box).
        #expect(!r.screen.split(separator: "\n").contains { $0.contains("│") && $0.contains("unpin the selected pin") }, "\(r.screen)")
        // The ECS tasks and logs panes read the demo's state directory.
        tmux.sendKeys("Escape", "6")
        r = tmux.waitFor(timeout: 20) { $0.contains("RUNNING") && $0.contains("FARGATE") }
        #expect(r.ok, "tasks pane:\n\(r.screen)")
        tmux.sendKeys("8")
        r = tmux.waitFor(timeout: 20) { $0.contains("logs merged") && $0.contains("INFO") }
        #expect(r.ok, "logs pane:\n\(r.screen)")
        r = tmux.quit()
        #expect(r.ok, "quit:\n\(r.screen)")
        let journal = (try? String(contentsOfFile: stateHome + "/ipfs-cluster-console/audit.jsonl", encoding: .utf8)) ?? ""
        #expect(journal.contains("refused: read-only"))
        try? FileManager.default.removeItem(atPath: stateHome)
    }
}
