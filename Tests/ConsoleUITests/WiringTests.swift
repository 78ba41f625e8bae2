import ClusterAPI
import ConsoleCore
import ECSState
import Foundation
import LogTail
import Testing
import TerminalUI
@testable import ConsoleUI

/// The ECS, logs and triage panes inside the live console: events in, screens out.
@MainActor
enum WiringFixture {
    nonisolated static let t0 = UIFixture.t0
    static let p1 = UIFixture.p1, p2 = UIFixture.p2, p3 = UIFixture.p3
    static let runningTask = "aaaa1111aaaa1111aaaa1111aaaa1111"
    static let stoppedTask = "cccc3333cccc3333cccc3333cccc3333"

    static func peer(_ id: String, _ name: String, ip: String) -> ClusterPeer {
        ClusterPeer(id: id, addresses: ["/ip4/\(ip)/tcp/9096/p2p/\(id)"], clusterPeers: [p1, p2, p3], version: "1.1.6",
                    ipfs: IPFSID(id: "12D3KooWIPFS\(name)"), peername: name)
    }

    static func iso(_ d: Date) -> String { ISO8601DateFormatter().string(from: d) }

    static func task(id: String, service: String, ip: String, status: String, started: Date, stopped: Date? = nil,
                     stopCode: String? = nil, reason: String? = nil) -> String {
        var fields = [
            "\"taskArn\": \"arn:aws:ecs:us-east-1:123456789012:task/ipfs-cluster/\(id)\"",
            "\"clusterArn\": \"arn:aws:ecs:us-east-1:123456789012:cluster/ipfs-cluster\"",
            "\"taskDefinitionArn\": \"arn:aws:ecs:us-east-1:123456789012:task-definition/\(service):3\"",
            "\"group\": \"service:\(service)\"", "\"lastStatus\": \"\(status)\"", "\"desiredStatus\": \"\(status)\"",
            "\"launchType\": \"FARGATE\"", "\"capacityProviderName\": \"FARGATE_SPOT\"", "\"availabilityZone\": \"us-east-1c\"",
            """
            "attachments": [{"id": "a1", "type": "ElasticNetworkInterface", "status": "ATTACHED",
              "details": [{"name": "privateIPv4Address", "value": "\(ip)"}]}]
            """,
            "\"containers\": [{\"name\": \"ipfs-cluster\", \"image\": \"ipfs/ipfs-cluster:v1.1.6\", \"lastStatus\": \"\(status)\"}]",
            "\"startedAt\": \"\(iso(started))\"", "\"createdAt\": \"\(iso(started.addingTimeInterval(-30)))\"",
        ]
        if let stopped {
            fields.append("\"stoppingAt\": \"\(iso(stopped.addingTimeInterval(-5)))\"")
            fields.append("\"stoppedAt\": \"\(iso(stopped))\"")
        }
        if let stopCode { fields.append("\"stopCode\": \"\(stopCode)\"") }
        if let reason { fields.append("\"stoppedReason\": \"\(reason)\"") }
        return "{" + fields.joined(separator: ",\n") + "}"
    }

    /// p1 runs on a healthy task; p3's Spot task stopped and p3 is missing from the cluster.
    static func snapshot() throws -> ECSSnapshot {
        let tasks = [
            task(id: runningTask, service: "ipfs-cluster-ipfs-node-us-east-1a", ip: "10.0.1.10", status: "RUNNING",
                 started: t0.addingTimeInterval(-3600)),
            task(id: stoppedTask, service: "ipfs-cluster-ipfs-node-us-east-1c", ip: "10.0.1.30", status: "STOPPED",
                 started: t0.addingTimeInterval(-3600), stopped: t0.addingTimeInterval(40), stopCode: "SpotInterruption",
                 reason: "Your Spot Task was interrupted."),
        ]
        let text = "{\"tasks\": [" + tasks.joined(separator: ",") + "], \"failures\": []}"
        let file = try ECSExportReader.parse(bytes: Array(text.utf8), file: "describe-tasks.json")
        return ECSStateMerger.merge(files: [file])
    }

    /// Three peers answer, then IpfsCluster2 (p3) disappears; the ECS snapshot arrives after.
    @MainActor
    static func app(readonly: Bool = false, startOnPeers: Bool = true,
                    clock: @escaping @Sendable () -> Date = { t0.addingTimeInterval(60) }) throws -> ConsoleApp {
        var app = ConsoleApp(settings: ConsoleSettings(contextName: "demo", endpoint: "http://127.0.0.1:9094", refresh: 2,
                                                       readonly: readonly, demo: true),
                             theme: Theme.default, makeSink: nil, clock: clock)
        let all = allPeers
        load(&app, peers: all)
        load(&app, peers: Array(all.prefix(2)))
        _ = app.handle(event: .ecsSnapshot(try snapshot()))
        // These tests start on the peers screen; the home screen (the overview) has its own.
        if startOnPeers { app.ui.stack = [.peers] }
        return app
    }

    static let allPeers = [peer(p1, "IpfsCluster0", ip: "10.0.1.10"), peer(p2, "IpfsCluster1", ip: "10.0.1.20"),
                           peer(p3, "IpfsCluster2", ip: "10.0.1.30")]

    /// One `/peers` answer, as the runner would deliver it.
    static func load(_ app: inout ConsoleApp, peers list: [ClusterPeer]) {
        app.dispatch(.intent(.refreshNow))
        let g = app.core.freshness(.peers).generation
        _ = app.handle(event: .loaded(.peers, generation: g, .peers(list)))
    }

    static func logLine(_ message: String, level: LogLevel, task: String, triage: TriageMatch? = nil) -> LogLine {
        LogLine(time: t0.addingTimeInterval(50), level: level, source: "ipfs-cluster/ipfs-cluster/\(task).log",
                container: "ipfs-cluster", taskID: task, message: message, raw: message, format: .raw, triage: triage)
    }

    static func screenText(_ app: inout ConsoleApp, width: Int = 200, height: Int = 45) -> String {
        UIFixture.render(&app, width: width, height: height).lines().joined(separator: "\n")
    }

    static func line(_ text: String, containing needle: String) -> String {
        text.split(separator: "\n").first { $0.contains(needle) }.map(String.init) ?? ""
    }
}

@MainActor
@Suite struct WiringTests {
    typealias F = WiringFixture

    @Test func commandsOpenTheNewScreensAndEscGoesBack() throws {
        var app = try F.app()
        for (command, screen, marker) in [("tasks", ScreenID.tasks, "STOP CODE"), ("svc", .services, "SERVICE"),
                                          ("logs", .logs, "logs merged"), ("triage", .triage, "Triage")] {
            _ = app.runCommand(command)
            #expect(app.ui.screen == screen, "\(command)")
            let text = F.screenText(&app)
            #expect(text.contains(marker), "\(command):\n\(text)")
            _ = app.handle(.escape)
            #expect(app.ui.screen == .peers, "esc after :\(command)")
        }
    }

    @Test func peersScreenShowsTheTaskAndTheLikelyCause() throws {
        var app = try F.app()
        let text = F.screenText(&app, width: 240)
        #expect(text.contains("ECS TASK"))
        let missing = F.line(text, containing: "IpfsCluster2")
        #expect(missing.contains("cccc3333"), "\(text)")
        #expect(missing.contains("likely cause"))
        let healthy = F.line(text, containing: "IpfsCluster0")
        #expect(healthy.contains("aaaa1111 RUNNING"))
        #expect(F.line(text, containing: "IpfsCluster1").contains("no task"))
    }

    @Test func jumpFromPeerToTaskAndBack() throws {
        var app = try F.app()
        app.ui.peersTable.selectedID = F.p3
        _ = app.handle(.char("t"))
        #expect(app.ui.screen == .tasks)
        #expect(app.tasksPane.selectedTask?.id == F.stoppedTask)
        let text = F.screenText(&app, width: 260)
        #expect(F.line(text, containing: "cccc3333").contains("LIKELY CAUSE"))
        app.ui.peersTable.selectedID = F.p1
        _ = app.handle(.char("p"))
        #expect(app.ui.screen == .peers)
        #expect(app.ui.peersTable.selectedID == F.p3, "p selects the task's peer")
        // A peer without a joined task says so instead of jumping.
        app.ui.peersTable.selectedID = F.p2
        _ = app.handle(.char("t"))
        #expect(app.ui.screen == .peers)
        #expect(app.ui.notice?.text.contains("no ECS task") == true)
    }

    @Test func servicesEnterShowsTheServiceTasks() throws {
        var app = try F.app()
        _ = app.handle(event: .ecsSnapshot(PaneFixtures.deploymentSnapshot()))
        _ = app.runCommand("services")
        let service = try #require(app.servicesPane.selectedService?.name)
        _ = app.handle(.enter)
        #expect(app.ui.screen == .tasks)
        #expect(app.tasksPane.visible.allSatisfy { $0.serviceName == service })
    }

    @Test func logsSplitFocusSearchAndHelp() throws {
        var app = try F.app()
        let alert = F.logLine("metric alert for ping: Peer: \(F.p3).", level: .error, task: F.runningTask,
                              triage: TriageMatch(kind: .metricAlert, peer: F.p3, metric: "ping"))
        _ = app.handle(event: .logBatch(LogBatch(lines: [F.logLine("peer ready", level: .info, task: F.runningTask), alert])))
        // Lines of a joined task carry the peer; the alert counts for the peer it names.
        #expect(app.logsPane.ring.last?.peer == "IpfsCluster0")
        #expect(app.core.logs.problemLineCount(peer: F.p3) == 1)
        var text = F.screenText(&app, width: 240)
        #expect(F.line(text, containing: "IpfsCluster2").hasSuffix("1") || F.line(text, containing: "IpfsCluster2").contains(" 1 "))

        _ = app.handle(.char("L"))
        #expect(app.ui.ops.logsSplit && app.ui.ops.logsFocused)
        text = F.screenText(&app)
        #expect(text.contains("metric alert for ping"))
        #expect(text.contains("Peers"))
        // `?` searches in the logs pane; help stays on F1.
        _ = app.handle(.char("?"))
        #expect(app.logsPane.isCapturingInput)
        #expect(!app.ui.showHelp)
        _ = app.handle(.char("q"))
        #expect(app.logsPane.isCapturingInput, "q is text while the search prompt is open")
        _ = app.handle(.escape)
        #expect(!app.logsPane.isCapturingInput)
        _ = app.handle(.f(1))
        #expect(app.ui.showHelp)
        text = F.screenText(&app)
        #expect(text.contains("Logs: move"))
        _ = app.handle(.escape)
        // Tab leaves the logs for the table: keys go to the peers table again.
        _ = app.handle(.tab)
        #expect(!app.ui.ops.logsFocused)
        _ = app.handle(.char("L"))
        #expect(!app.ui.ops.logsSplit)
        #expect(!F.screenText(&app).contains("metric alert for ping"))
    }

    @Test func logsEnterJumpsToThePeer() throws {
        var app = try F.app()
        _ = app.handle(event: .logBatch(LogBatch(lines: [F.logLine("IPFS error: connection refused", level: .error, task: F.runningTask)])))
        _ = app.runCommand("logs")
        _ = app.handle(.enter)
        #expect(app.ui.screen == .peers)
        #expect(app.ui.peersTable.selectedID == F.p1)
    }
}

@MainActor
@Suite struct TriageScreenTests {
    typealias F = WiringFixture

    @Test func triageNamesTheMissingPeerItsCauseAndNextSteps() throws {
        var app = try F.app()
        _ = app.runCommand("triage")
        let text = F.screenText(&app, width: 220, height: 50)
        #expect(text.contains("Triage: "), "\(text)")
        let block = F.line(text, containing: "▶")
        #expect(block.contains("IpfsCluster2"), "\(text)")
        #expect(block.contains("CRITICAL") || block.contains("MAJOR"))
        #expect(text.contains("rule: "))
        #expect(text.contains("Spot") || text.contains("spot"), "the cause:\n\(text)")
        #expect(text.contains("[ecs]"), "ECS evidence:\n\(text)")
        // The missing peer's timeline shows it down in the latest bucket.
        #expect(F.line(text, containing: "30m  up ").contains("▁"))
        #expect(text.contains("[l] open its logs"))
        #expect(text.contains("[X] remove it from the cluster"))
        // Computed once for these inputs; drawing again does not recompute.
        let version = app.derived.computedVersion
        #expect(version == app.core.triageInputVersion)
        _ = F.screenText(&app)
        #expect(app.derived.computedVersion == version)
    }

    @Test func readOnlyTriageOffersOnlyTheKeysThatDoNotChangeTheCluster() throws {
        var app = try F.app(readonly: true)
        _ = app.runCommand("triage")
        let text = F.screenText(&app, width: 220, height: 50)
        #expect(F.line(text, containing: "▶").contains("IpfsCluster2"), "\(text)")
        #expect(text.contains("[l] open its logs"))
        #expect(!text.contains("[X]") && !text.contains("X remove"), "\(text)")
        #expect(!text.contains("[r]") && !text.contains("r recover"), "\(text)")
        _ = app.handle(.char("X"))
        #expect(app.ui.confirmation == nil, "read-only refuses instead of asking")
        _ = app.handle(.char("?"))
        let help = F.screenText(&app, width: 220, height: 50)
        #expect(help.contains("write an incident snapshot"))
        #expect(!help.contains("remove it from the cluster"), "\(help)")
    }

    @Test func selectionFollowsTheWorstBlockUntilTheOperatorPicksOne() throws {
        final class Clock: @unchecked Sendable { var now = WiringFixture.t0.addingTimeInterval(60) }
        let clock = Clock()
        var app = try F.app(clock: { clock.now })
        _ = app.runCommand("triage")
        _ = F.screenText(&app)
        #expect(app.ui.ops.triage.selectedPeer == F.p3)
        // IpfsCluster0 disappears too: blocks are re-ranked and the selection follows the first.
        clock.now += 5
        F.load(&app, peers: [F.allPeers[1]])
        _ = F.screenText(&app)
        let blocks = try #require(app.derived.result?.blocks)
        #expect(blocks.count >= 2)
        #expect(app.ui.ops.triage.selectedPeer == blocks[0].peerID)
        // Once the operator moves, the choice sticks across recomputes.
        _ = app.handle(.char("j"))
        let picked = app.ui.ops.triage.selectedPeer
        #expect(picked == blocks[1].peerID)
        clock.now += 5
        F.load(&app, peers: [F.allPeers[1]])
        _ = F.screenText(&app)
        #expect(app.ui.ops.triage.selectedPeer == picked)
    }

    @Test func ctrlDScrollsALongTriageScreenAndJKBringsTheSelectionBack() throws {
        var app = try F.app()
        _ = app.runCommand("triage")
        let top = F.screenText(&app, width: 120, height: 14)
        #expect(top.contains("Triage:"))
        _ = app.handle(.ctrl("d"))
        let scrolled = F.screenText(&app, width: 120, height: 14)
        #expect(!scrolled.contains("Triage:"), "scrolled past the heading:\n\(scrolled)")
        _ = app.handle(.ctrl("u"))
        #expect(F.screenText(&app, width: 120, height: 14).contains("Triage:"))
        _ = app.handle(.ctrl("d"))
        _ = app.handle(.char("k"))
        #expect(F.screenText(&app, width: 120, height: 14).contains("▶"), "selection in view again")
    }

    @Test func longVerdictsWrapInsteadOfBeingCutOff() throws {
        var app = try F.app()
        _ = app.runCommand("triage")
        let text = F.screenText(&app, width: 80, height: 50)
        let headline = try #require(app.derived.result?.blocks.first?.headline)
        #expect(headline.count > 60, "fixture verdict is long: \(headline)")
        let joined = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(joined.contains(headline), "whole verdict on screen:\n\(text)")
    }

    @Test func peersKeyOpensTriageOnThatPeerAndActionsNavigate() throws {
        var app = try F.app()
        app.ui.peersTable.selectedID = F.p3
        _ = app.handle(.char("T"))
        #expect(app.ui.screen == .triage)
        _ = F.screenText(&app)
        #expect(app.ui.ops.triage.selectedPeer == F.p3)

        _ = app.handle(.char("t"))
        #expect(app.ui.screen == .tasks)
        #expect(app.tasksPane.selectedTask?.id == F.stoppedTask)
        _ = app.handle(.escape)
        #expect(app.ui.screen == .triage)

        _ = app.handle(.char("l"))
        #expect(app.ui.screen == .logs)
        #expect(app.logsPane.filterText.contains(F.p3))
        #expect(app.logsPane.minimumLevel == .warn)
        #expect(app.handle(.char("q")) == .quit, "the logs pane leaves q to the app's key map")
        _ = app.runCommand("triage")

        _ = app.handle(.char("X"))
        let dialog = try #require(app.ui.confirmation)
        #expect(dialog.action == .removePeer(peer: F.p3, peerName: "IpfsCluster2"))
        _ = app.handle(.escape)
        #expect(app.ui.confirmation == nil)
    }

    @Test func snapshotKeyWritesMarkdownAndJSON() throws {
        var app = try F.app()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("triage-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = app.runCommand("triage")
        app.ui.ops.triage.snapshotDirectory = dir
        _ = app.handle(.char("w"))
        // `w` asks for the write as an effect (the runner does the I/O); write it as the runner would.
        guard case .writeSnapshot(let snapshot, let target)? = app.unsentEffects.last else {
            Issue.record("no snapshot effect: \(app.unsentEffects.suffix(3))"); return
        }
        #expect(target == dir)
        #expect(snapshot.summary.contains { $0.contains("IpfsCluster2") })
        _ = try SnapshotWriter.write(snapshot, to: target)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
        let md = try #require(files.first { $0.hasSuffix(".md") })
        #expect(files.contains { $0.hasSuffix(".json") })
        let report = try String(contentsOfFile: dir + "/" + md, encoding: .utf8)
        #expect(report.contains("IpfsCluster2"))
    }
}

@MainActor
@Suite struct TriageFocusTests {
    @Test func triageOnAHealthyPeerSaysSo() throws {
        var app = try WiringFixture.app()
        app.ui.peersTable.selectedID = WiringFixture.p1
        _ = app.handle(.char("T"))
        #expect(app.ui.screen == .triage)
        #expect(app.ui.notice?.text.contains("IpfsCluster0: no triage finding") == true)
        // The worst block stays selected.
        #expect(app.ui.ops.triage.selectedPeer == WiringFixture.p3)
    }

    @Test func pinErrorSamplesComeFromThePinTable() {
        let app = UIFixture.app()
        #expect(app.core.pins.table.errorSamples(peer: UIFixture.p2) == ["context canceled"])
        #expect(app.core.pins.table.errorSamples(peer: UIFixture.p1).isEmpty)
        let evidence = IncidentEvidence.build(app.core).evidence
        #expect(evidence.peers.first { $0.id == UIFixture.p2 }?.pinErrorSamples == ["context canceled"])
    }
}

@MainActor
@Suite struct OpsScreenSizeTests {
    @Test(arguments: [(20, 8), (60, 15), (300, 100)])
    func newScreensRenderAtAnySize(_ size: (Int, Int)) throws {
        var app = try WiringFixture.app()
        _ = app.handle(.char("L"))
        for command in ["peers", "pins", "tasks", "svc", "logs", "triage"] {
            _ = app.runCommand(command)
            let text = WiringFixture.screenText(&app, width: size.0, height: size.1)
            #expect(text.split(separator: "\n").count == size.1, ":\(command) at \(size)")
        }
    }
}

@MainActor
@Suite struct TriageImpactTests {
    @Test func impactLineCountsThePinsAllocatedToTheMissingPeer() {
        var app = UIFixture.app()
        _ = app.runCommand("triage")
        let text = WiringFixture.screenText(&app, width: 220, height: 50)
        let impact = WiringFixture.line(text, containing: "impact:")
        #expect(impact.contains("pins allocated"), "\(text)")
        #expect(app.derived.impact != nil)
    }
}
