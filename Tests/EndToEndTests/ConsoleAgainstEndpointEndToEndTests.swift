import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

// The console as operators run it: not `--demo`, but `--host` at a cluster's load balancer with
// basic auth, ECS exports and log files given on the command line. The cluster is the headless
// `simulate` process (real HTTP on loopback), in another tmux window.

@Suite(.serialized, .enabled(if: hasTmux(), "tmux is not installed (Scripts/test installs it)"))
struct ConsoleAgainstEndpointEndToEndTests {
    /// The saved triage timelines (only what the test reads).
    struct SavedTimelines: Decodable {
        struct Line: Decodable { struct Sample: Decodable { var time: Double; var up: Bool }; var samples: [Sample] }
        var byPeer: [String: Line]
    }

    static func savedTimelines(_ stateHome: String) -> SavedTimelines? {
        let dir = stateHome + "/ipfs-cluster-console/timelines"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        guard files.count == 1, let data = FileManager.default.contents(atPath: dir + "/" + files[0]) else { return nil }
        return try? JSONDecoder().decode(SavedTimelines.self, from: data)
    }

    @Test func hostWithBasicAuthECSAndLogsAndTimelinesSurviveARestart() throws {
        let dir = NSTemporaryDirectory() + "console-host-\(UUID().uuidString.prefix(8))"
        let stateDir = dir + "/sim"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let binary = try consoleBinary()
        let secret = "s3cret-Pw-4e2e"
        let tmux = Tmux()
        try tmux.start("\(shellQuote(binary)) simulate --state-dir \(shellQuote(stateDir)) --pins 30 --basic-auth ops:\(secret); sleep 600",
                       width: 200, height: 50)
        let endpoints = try SimulatorEndpointsFile.read(stateDir)
        func console(_ extra: String) -> String {
            "cd \(shellQuote(dir)) && XDG_STATE_HOME=\(shellQuote(dir)) \(shellQuote(binary)) --host \(endpoints.loadBalancerMultiaddr)"
                + " --basic-auth ops:\(secret) --ecs-dir sim/ecs --logs sim/logs --refresh 0.5 \(extra); echo \"EXIT=$?\"; sleep 600"
        }
        let port = URL(string: endpoints.load_balancer)?.port ?? 0

        // As ipfs-cluster-ctl does, basic auth switches to HTTPS; against a plain-HTTP API the
        // console says so, and how to opt out, instead of a TLS library error.
        tmux.openWindow(console(""))
        var r = tmux.waitFor(timeout: 30) { $0.contains("does not speak TLS") && $0.contains("--force-http") }
        #expect(r.ok, "plain-HTTP API explained:\n\(r.screen)")
        #expect(!r.screen.contains(secret), "credentials never reach the screen")
        r = tmux.quit()
        try? FileManager.default.removeItem(atPath: dir + "/ipfs-cluster-console/timelines")

        tmux.openWindow(console("--force-http"))
        r = tmux.waitFor(timeout: 30) { $0.contains("peers 3/3 up") && $0.contains("127.0.0.1:\(port)") }
        #expect(r.ok, "three peers through the load balancer:\n\(r.screen)")
        #expect(!r.screen.contains("DEMO"))
        #expect(!r.screen.contains(secret), "credentials never reach the screen")
        // Peers joined to their ECS tasks from the exports (the overview, home, shows the task too).
        r = tmux.waitFor(timeout: 20) { screenLine($0, "IpfsCluster2").contains("RUNNING") }
        #expect(r.ok, "ECS task on the peers screen:\n\(r.screen)")
        // The log files are followed and attributed to peers.
        tmux.sendKeys("8")
        r = tmux.waitFor(timeout: 20) { $0.contains("logs merged") && $0.contains("IpfsCluster") }
        #expect(r.ok, "logs pane:\n\(r.screen)")
        r = tmux.quit()
        #expect(r.ok, "quit:\n\(r.screen)")

        let first = try #require(Self.savedTimelines(dir), "timelines saved at exit")
        #expect(first.byPeer.count == 3)
        #expect(first.byPeer.values.allSatisfy { !$0.samples.isEmpty && $0.samples.allSatisfy(\.up) })
        let firstEnd = first.byPeer.values.flatMap(\.samples).map(\.time).max() ?? 0

        // A second run starts from the saved history and adds to it.
        usleep(1_200_000)
        tmux.openWindow(console("--force-http"))
        r = tmux.waitFor(timeout: 30) { $0.contains("peers 3/3 up") }
        #expect(r.ok, "second run:\n\(r.screen)")
        usleep(1_500_000)
        r = tmux.quit()
        #expect(r.ok, "second quit:\n\(r.screen)")
        let second = try #require(Self.savedTimelines(dir))
        for (peer, line) in second.byPeer {
            let times = line.samples.map(\.time)
            #expect(times.contains { $0 <= firstEnd } && times.contains { $0 > firstEnd + 1 }, "\(peer): both runs' samples kept")
        }
    }
}
