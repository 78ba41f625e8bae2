import ClusterAPI
import ECSState
import Foundation
import LogTail
import Testing
@testable import ConsoleCore

/// The incident picture (ECS join, log lines, timelines, alert history) changes only in the
/// update, with the event's time.
@Suite struct UpdateIncidentTests {
    typealias F = Fixture
    static let task1 = "aaaa1111aaaa1111aaaa1111aaaa1111"

    static func snapshot(ip: String = "10.0.0.1") throws -> ECSSnapshot {
        let started = ISO8601DateFormatter().string(from: F.t0.addingTimeInterval(-3600))
        let text = """
        {"tasks": [{"taskArn": "arn:aws:ecs:us-east-1:123456789012:task/ipfs-cluster/\(task1)",
          "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/node-a:3",
          "group": "service:node-a", "lastStatus": "RUNNING", "desiredStatus": "RUNNING", "launchType": "FARGATE",
          "availabilityZone": "us-east-1a", "startedAt": "\(started)",
          "attachments": [{"id": "a1", "type": "ElasticNetworkInterface", "status": "ATTACHED",
            "details": [{"name": "privateIPv4Address", "value": "\(ip)"}]}],
          "containers": [{"name": "ipfs-cluster", "lastStatus": "RUNNING"}]}], "failures": []}
        """
        return ECSStateMerger.merge(files: [try ECSExportReader.parse(bytes: Array(text.utf8), file: "describe-tasks.json")])
    }

    static func line(_ message: String, level: LogLevel, triage: TriageMatch? = nil) -> LogLine {
        LogLine(time: F.t0, level: level, source: "ipfs-cluster/ipfs-cluster/\(task1).log", container: "ipfs-cluster",
                taskID: task1, message: message, raw: message, format: .raw, triage: triage)
    }

    /// One `/peers` answer at `t`.
    static func peers(_ s: inout ConsoleState, _ list: [ClusterPeer], at t: Date) {
        let g = F.begin(&s, .peers, at: t)
        _ = ConsoleUpdate.update(&s, .loaded(.peers, generation: g, .peers(list)), now: t)
    }

    @Test func ecsSnapshotJoinsTasksToPeersAndNamesTheirEarlierLogLines() throws {
        var s = F.state()
        Self.peers(&s, [F.peer(F.p1, "IpfsCluster0")], at: F.t0)
        // Lines arrive before the ECS export: no peer yet.
        _ = ConsoleUpdate.update(&s, .logBatch(LogBatch(lines: [Self.line("hello", level: .info)])), now: F.t0)
        #expect(s.logs.ring.last?.peer == nil)
        let before = s.triageInputVersion
        _ = ConsoleUpdate.update(&s, .ecsSnapshot(try Self.snapshot()), now: F.t0.addingTimeInterval(5))
        #expect(s.ecs.correlation?.peerID(forTask: Self.task1) == F.p1)
        #expect(s.ecs.task(forPeer: F.p1)?.task.id == Self.task1)
        #expect(s.logs.ring.last?.peer == "IpfsCluster0", "back-filled by the join")
        #expect(s.triageInputVersion > before)
        #expect(s.now == F.t0.addingTimeInterval(5), "time comes with the event")
    }

    @Test func logBatchesGrowTheRingAndCountProblemsPerPeerID() throws {
        var s = F.state()
        Self.peers(&s, [F.peer(F.p1, "IpfsCluster0")], at: F.t0)
        _ = ConsoleUpdate.update(&s, .ecsSnapshot(try Self.snapshot()), now: F.t0)
        let v0 = s.triageInputVersion
        _ = ConsoleUpdate.update(&s, .logBatch(LogBatch(lines: [Self.line("fine", level: .info)])), now: F.t0)
        #expect(s.triageInputVersion == v0, "an info line cannot change a verdict")
        let alert = Self.line("metric alert for ping: Peer: \(F.p3).", level: .error,
                              triage: TriageMatch(kind: .metricAlert, peer: F.p3, metric: "ping"))
        _ = ConsoleUpdate.update(&s, .logBatch(LogBatch(lines: [alert, Self.line("refused", level: .error,
                                                                                   triage: TriageMatch(kind: .connectionRefused))],
                                                        notices: [FollowerNotice(path: "/x.log", event: .error(.cannotOpen(path: "/x.log", errno: EACCES)))],
                                                        droppedLines: 3)), now: F.t0)
        #expect(s.triageInputVersion > v0)
        #expect(s.logs.ring.count == 3)
        #expect(s.logs.readerDropped == 3)
        #expect(s.logs.problems.count == 1 && s.logs.problems[0].contains("/x.log"))
        #expect(s.logs.problemLineCount(peer: F.p3) == 1, "the alert counts for the peer it names")
        #expect(s.logs.problemLineCount(peer: F.p1) == 1, "the refusal for the peer that logged it, by id")
    }

    @Test func eachPeersPollRecordsATimelineSampleAtTheEventTime() {
        var s = F.state()
        Self.peers(&s, [F.peer(F.p1, "IpfsCluster0"), F.peer(F.p2, "IpfsCluster1")], at: F.t0)
        Self.peers(&s, [F.peer(F.p1, "IpfsCluster0")], at: F.t0.addingTimeInterval(180))
        let up = s.timelines.sparkline(peer: F.p2, .up, buckets: 30, now: F.t0.addingTimeInterval(180))
        #expect(up.compactMap { $0 }.last == 0, "p2 missing in the latest sample")
        #expect(up.compactMap { $0 }.contains(1))
        #expect(s.timelines.sparkline(peer: F.p1, .up, buckets: 30, now: F.t0.addingTimeInterval(180)).compactMap { $0 }.allSatisfy { $0 == 1 })
    }

    @Test func alertsAreRememberedWithFirstAndLastReportAndNameTheirPeer() {
        var s = F.state()
        let metric = Metric(name: "ping", peer: F.p3, value: #"{"peer_name":"IpfsCluster2","ipfs_id":"x"}"#)
        let alert = Alert(metric: metric, triggeredAt: ClusterTime(date: F.t0))
        for t in [0.0, 10, 20] {
            let g = F.begin(&s, .alerts, at: F.t0.addingTimeInterval(t))
            _ = ConsoleUpdate.update(&s, .loaded(.alerts, generation: g, .alerts([alert])), now: F.t0.addingTimeInterval(t))
        }
        #expect(s.alertHistory.count == 1)
        #expect(s.alertHistory[0].firstReported == F.t0)
        #expect(s.alertHistory[0].lastReported == F.t0.addingTimeInterval(20))
        #expect(s.peers[F.p3]?.name == "IpfsCluster2", "a peer only an alert names still gets its name")
    }

    @Test func startLoadsTimelinesAndFeedsAndTicksSaveThemEveryInterval() {
        let feeds = ConsoleFeeds(ecsDirectory: "/tmp/ecs", logTargets: [.file("/tmp/a.log")])
        var s = ConsoleState(settings: ConsoleSettings(endpoint: "http://127.0.0.1:9094", feeds: feeds, persistTimelines: true))
        let start = ConsoleUpdate.update(&s, .intent(.start), now: F.t0)
        #expect(start.contains(.loadTimelines))
        #expect(start.contains(.startFeeds(feeds)))
        let saves = { (e: [Effect]) in e.filter { if case .saveTimelines = $0 { true } else { false } }.count }
        #expect(saves(ConsoleUpdate.update(&s, .tick, now: F.t0.addingTimeInterval(10))) == 0)
        #expect(saves(ConsoleUpdate.update(&s, .tick, now: F.t0.addingTimeInterval(31))) == 1)
        #expect(saves(ConsoleUpdate.update(&s, .tick, now: F.t0.addingTimeInterval(32))) == 0)
        let stop = ConsoleUpdate.update(&s, .intent(.stop), now: F.t0.addingTimeInterval(40))
        #expect(saves(stop) == 1 && stop.contains(.stopFeeds) && stop.contains(.cancelAll))
        // Without persistence (the demo) nothing is saved.
        var demo = ConsoleState(settings: ConsoleSettings(endpoint: "x", demo: true))
        #expect(saves(ConsoleUpdate.update(&demo, .tick, now: F.t0.addingTimeInterval(100))) == 0)
    }

    @Test func simulatorCommandsAreEffectsOnlyInTheDemo() {
        var s = F.state()
        #expect(ConsoleUpdate.update(&s, .intent(.simulator(verb: "freeze", peer: "IpfsCluster1")), now: F.t0).isEmpty)
        #expect(s.toasts.last?.text.contains("--demo") == true)
        var demo = ConsoleState(settings: ConsoleSettings(endpoint: "x", demo: true))
        #expect(ConsoleUpdate.update(&demo, .intent(.simulator(verb: "freeze", peer: "IpfsCluster1")), now: F.t0)
                == [.simulator(verb: "freeze", peer: "IpfsCluster1")])
    }
}
