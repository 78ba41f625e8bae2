import ConsoleCore
import ECSState
import Foundation
import LogTail
import Testing
import TerminalUI
@testable import ConsoleUI

/// The home screen: one row per peer across every source, columns dropped (not cut) on a small
/// terminal, absent sources named, and every cell leading somewhere.
@MainActor
@Suite struct OverviewScreenTests {
    typealias F = WiringFixture
    static let fs = "fs-0c1c1c1c1c1c1c1c1"
    static let service = "ipfs-cluster-ipfs-node-us-east-1a"
    static let apiGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ipfs-api/aaaa"
    static let gwGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ipfs-gw/bbbb"

    /// The wiring fixture plus what EFS, the ALB, Container Insights and CloudWatch say: the
    /// us-east-1c file system drains (about 1 h left), the gateway target of p1 is unhealthy, an
    /// alarm on the file system fires, memory sits at 95 % of its reservation.
    static func awsSnapshot() throws -> ECSSnapshot {
        var snapshot = try F.snapshot()
        let t = F.t0
        var aws = AWSSnapshot()
        aws.fileSystems = [EFSFileSystem(id: fs, name: "ipfs-1c", availabilityZone: "us-east-1c", throughputMode: "bursting")]
        let credits = (0..<7).map { i in MetricPoint(time: t.addingTimeInterval(Double(i - 6) * 300), value: 4e9 - Double(i) * 5e8) }
        let efs = MetricIdentity(namespace: "AWS/EFS", metricName: "BurstCreditBalance", dimensions: ["FileSystemId": fs], stat: "Minimum")
        func ci(_ name: String, _ v: Double) -> MetricSeries {
            MetricSeries(identity: MetricIdentity(namespace: "ECS/ContainerInsights", metricName: name,
                                                  dimensions: ["ClusterName": "ipfs-cluster", "ServiceName": service], stat: "Average"),
                         points: [MetricPoint(time: t, value: v)])
        }
        aws.metrics = MetricStore(series: [MetricSeries(identity: efs, points: credits),
                                           ci("CpuUtilized", 256), ci("CpuReserved", 1024), ci("MemoryUtilized", 1946), ci("MemoryReserved", 2048)])
        aws.targetGroups = [ALBTargetGroup(arn: apiGroup, name: "ipfs-api", port: 9094), ALBTargetGroup(arn: gwGroup, name: "ipfs-gw", port: 8080)]
        aws.targetHealth = [
            ALBTargetHealth(targetID: "10.0.1.10", port: 9094, state: .healthy, targetGroupARN: apiGroup),
            ALBTargetHealth(targetID: "10.0.1.10", port: 8080, state: .unhealthy, reason: "Target.Timeout",
                            description: "Request timed out", targetGroupARN: gwGroup),
        ]
        aws.alarms = [CloudWatchAlarm(name: "ipfs-1c-burst-credits-low", state: "ALARM", stateReason: "Threshold Crossed: 1 datapoint < 5e9",
                                      stateUpdatedAt: t, namespace: "AWS/EFS", metricName: "BurstCreditBalance",
                                      dimensions: ["FileSystemId": fs]),
                      CloudWatchAlarm(name: "api-5xx", state: "OK")]
        snapshot.aws = aws
        return snapshot
    }

    static func app(aws: Bool = true) throws -> ConsoleApp {
        var app = try F.app(startOnPeers: false)
        if aws { _ = app.handle(event: .ecsSnapshot(try awsSnapshot())) }
        return app
    }

    /// The table row of a peer (rows start with its name; feed lines do not).
    static func row(_ s: MemoryScreen, _ name: String) -> String { s.trimmedLines().first { $0.hasPrefix(name) } ?? "" }

    @Test func isHomeAndShowsEverySourcePerPeerAt120x40() throws {
        var app = try Self.app()
        #expect(app.ui.screen == .overview)
        let s = UIFixture.render(&app, width: 120, height: 40)
        let header = s.trimmedLines().first { $0.contains("[PEER]") } ?? ""
        for title in ["CLUSTER", "ECS TASK", "ALB TARGETS", "EFS CREDITS", "CPU", "MEM", "ALARMS", "ERR 5m"] {
            #expect(header.contains(title), "\(title) in \(header)")
        }
        let p1 = Self.row(s, "IpfsCluster0")
        #expect(p1.contains("ok") && p1.contains("RUNNING"), "\(p1)")
        #expect(p1.contains("gw UNHEALTHY") && !p1.contains("api"), "troubled targets by name, healthy ones counted: \(p1)")
        #expect(p1.contains("left"), "time left of the draining file system: \(p1)")
        #expect(p1.contains("25%") && p1.contains("⚠ 95%"), "CPU and memory as share of reservation: \(p1)")
        #expect(p1.contains("1 ALARM"), "\(p1)")
        let p3 = Self.row(s, "IpfsCluster2")
        #expect(p3.contains("MISSING") && p3.contains("⚠ SpotInterruption"), "\(p3)")
        // Below the rows: the alarm in ALARM and the newest events, with their source in words.
        #expect(s.text.contains("Alarms in ALARM"))
        #expect(s.text.contains("ipfs-1c-burst-credits-low"))
        #expect(!s.text.contains("api-5xx"), "an alarm in OK is not listed")
        #expect(s.text.contains("datapoint < 5e9"), "the alarm's reason wraps in its pane instead of being cut")
        #expect(s.text.contains("Newest events"))
        #expect(s.text.contains("ALB") && s.text.contains("UNHEALTHY Target.Timeout"))
        #expect(s.text.contains("CLUSTER") && s.text.contains("IpfsCluster2 missing"))
        #expect(s.text.contains("ECS") && s.text.contains("SpotInterruption"))
        // The frame is used: the feeds reach the last rows of the body.
        let lines = s.trimmedLines()
        #expect(lines.count == 40)
        #expect(lines.firstIndex { $0.contains("Newest events") }! < 20)
    }

    @Test func absentSourcesSayWhatIsMissing() throws {
        var app = try Self.app(aws: false)
        let s = UIFixture.render(&app, width: 240, height: 70)
        let p1 = Self.row(s, "IpfsCluster0")
        for absent in ["no ALB export", "no EFS export", "no CI", "no alarm export", "no logs"] {
            #expect(p1.contains(absent), "\(absent): \(p1)")
        }
        #expect(s.text.contains("no CloudWatch alarm export"))
        var bare = UIFixture.app(startOnPeers: false)
        let b = UIFixture.render(&bare, width: 120, height: 40)
        #expect(Self.row(b, "IpfsCluster0").contains("no ECS export"))
    }

    @Test func narrowTerminalDropsColumnsInsteadOfCuttingWords() throws {
        var app = try Self.app()
        let s = UIFixture.render(&app, width: 80, height: 24)
        let header = s.trimmedLines().first { $0.contains("[PEER]") } ?? ""
        #expect(header.contains("CLUSTER") && header.contains("ECS TASK") && header.contains("EFS CREDITS"), "\(header)")
        #expect(!header.contains("CAPACITY") && !header.contains("AZ "), "least important columns go first: \(header)")
        #expect(s.text.contains("columns hidden"))
        let p3 = Self.row(s, "IpfsCluster2")
        #expect(p3.contains("MISSING") && p3.contains("SpotInterruption"), "\(p3)")
        #expect(!p3.contains("…"), "no cell cut: \(p3)")
        #expect(OverviewColumn.fitting(width: 240) == OverviewColumn.allCases)
    }

    @Test func wideTerminalShowsEverythingWhole() throws {
        var app = try Self.app()
        let s = UIFixture.render(&app, width: 240, height: 70)
        let p1 = Self.row(s, "IpfsCluster0")
        #expect(p1.contains("us-east-1c") && p1.contains("SPOT"), "\(p1)")
        #expect(!s.trimmedLines().prefix(12).contains { $0.contains("…") }, "nothing cut in the rows")
        #expect(s.text.contains("Threshold Crossed"))
    }

    @Test func nothingIsConveyedByColourAlone() throws {
        var app = try Self.app()
        let s = UIFixture.render(&app, width: 120, height: 40)
        let p3 = Self.row(s, "IpfsCluster2")
        #expect(p3.contains("MISSING"))
        #expect(Self.row(s, "IpfsCluster0").contains("UNHEALTHY"))
        #expect(Self.row(s, "IpfsCluster0").contains("⚠"), "memory near its reservation is marked in text")
    }

    @Test func everyColumnDrillsDown() throws {
        func open(_ column: OverviewColumn, row: Int = 0) throws -> ConsoleApp {
            var app = try Self.app()
            _ = UIFixture.render(&app, width: 240, height: 70)
            for _ in 0..<row { _ = app.handle(.char("j")) }
            while app.ui.overview.column != column { _ = app.handle(.right) }
            _ = app.handle(.enter)
            return app
        }
        #expect(try open(.peer).ui.screen == .peers)
        #expect(try open(.cluster, row: 2).ui.peersTable.selectedID == F.p3)
        let task = try open(.task, row: 2)
        #expect(task.ui.screen == .tasks)
        #expect(task.tasksPane.selectedTask?.id == F.stoppedTask)
        #expect(try open(.capacity).ui.screen == .tasks)
        for c in [OverviewColumn.alb, .efs, .cpu, .memory, .alarms] {
            let a = try open(c, row: 2)
            #expect(a.ui.screen == .triage, "\(c) opens triage")
        }
        #expect(try open(.errors).ui.screen == .logs)
        // ← stops at the first column; Esc from a drill comes back home.
        var app = try open(.task, row: 2)
        _ = app.handle(.escape)
        #expect(app.ui.screen == .overview)
        for _ in 0..<20 { _ = app.handle(.left) }
        #expect(app.ui.overview.column == .peer)
    }

    @Test func errorLinesOfTheLastFiveMinutesAreCountedPerPeer() throws {
        var app = try Self.app()
        let now = app.core.now
        // In file order: an error from 15 minutes ago, then three recent ones.
        let lines = [LogLine(time: now.addingTimeInterval(-900), level: .error, source: "ipfs-cluster/x.log", container: "ipfs-cluster",
                             taskID: F.runningTask, peer: nil, subsystem: nil, message: "old", raw: "old", format: .raw, triage: nil)]
            + (0..<3).reversed().map { i in
                LogLine(time: now.addingTimeInterval(-Double(i) * 10), level: .error, source: "ipfs-cluster/x.log", container: "ipfs-cluster",
                        taskID: F.runningTask, peer: nil, subsystem: nil, message: "boom \(i)", raw: "boom", format: .raw, triage: nil)
            }
        _ = app.handle(event: .logBatch(LogBatch(lines: lines)))
        let s = UIFixture.render(&app, width: 160, height: 40)
        #expect(Self.row(s, "IpfsCluster0").contains("⚠ 3"), "\(Self.row(s, "IpfsCluster0"))")
        #expect(Self.row(s, "IpfsCluster1").hasSuffix(" 0"), "a followed log without errors says 0: \(Self.row(s, "IpfsCluster1"))")
    }
}
