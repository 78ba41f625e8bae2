import Foundation
import LogTail
import Testing
@testable import ConsoleCore

/// Hand-made evidence around a fixed "now".
enum TriageFixture {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static func ago(_ s: TimeInterval) -> Date { now.addingTimeInterval(-s) }
    static let a = "12D3KooWAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1"
    static let b = "12D3KooWBbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2"
    static let c = "12D3KooWCccccccccccccccccccccccccccccccccccccccccccccc3"

    static func healthy(_ id: String, _ name: String, sees: [String]? = nil) -> PeerEvidence {
        PeerEvidence(id: id, name: name, lastSeen: ago(2), clusterPeers: sees ?? [a, b, c], version: "1.1.6",
                     pingExpiry: now.addingTimeInterval(20))
    }

    static func context(_ peers: [PeerEvidence]) -> ClusterContext { ClusterContext(now: now, peers: peers) }

    static func log(_ message: String, _ at: TimeInterval, level: LogLevel = .error, from: String? = nil) -> LogEvidence {
        LogEvidence(time: ago(at), kind: TriageClassifier.classify(message)?.kind, level: level,
                    source: "ipfs-cluster/ipfs-cluster/task.log", message: message, fromPeer: from)
    }
}

@Suite struct TriageRuleTests {
    typealias F = TriageFixture

    @Test func frozenPeerFires() {
        var p = F.healthy(F.c, "IpfsCluster2")
        p.missingSince = F.ago(120)
        p.errorText = "context deadline exceeded"
        p.errorSince = F.ago(150)
        p.pingExpiry = F.ago(100)
        p.alerts = [AlertEvidence(metric: "ping", triggeredAt: F.ago(90)), AlertEvidence(metric: "freespace", triggeredAt: F.ago(90))]
        p.logs = [F.log("metric alert for ping: Peer: \(F.c).", 90, level: .warn, from: F.a)]
        for i in 0..<5 {
            p.logs.append(F.log("\(F.a): error in broadcast response from \(F.c): context deadline exceeded ", Double(50 - i), from: F.a))
        }
        let v = TriageRules.peerUnresponsive(p, F.context([p]))
        #expect(v?.sentence.contains("5 deadline-exceeded log lines") == true)
        #expect(v?.evidence.contains { $0.text.hasPrefix("5× ") && $0.source == .logs } == true)
        #expect(v != nil)
        #expect(v?.severity == .critical)
        #expect(v?.sentence.contains("context deadline exceeded") == true)
        #expect(v?.sentence.contains("missing from the cluster since 2 min") == true)
        #expect(v?.sentence.contains("ping metric expired 1 min ago") == true)
        // Evidence newest first, with sources.
        let times = v!.evidence.compactMap(\.time)
        #expect(times == times.sorted(by: >))
        #expect(Set(v!.evidence.map(\.source)) == [.cluster, .logs])
        #expect(TriageRules.peerStopped(p, F.context([p])) == nil)
    }

    @Test func frozenDoesNotFireOnHealthyPeerWithOldAlerts() {
        var p = F.healthy(F.c, "IpfsCluster2")
        // Alerts are never cleared by the cluster: a recovered peer still lists them.
        p.alerts = [AlertEvidence(metric: "ping", triggeredAt: F.ago(600))]
        #expect(TriageRules.peerUnresponsive(p, F.context([p])) == nil)
        #expect(TriageEngine.run(TriageEvidence(peers: [p], observedAt: F.now)).blocks.isEmpty)
    }

    @Test func stoppedPeerFires() {
        var p = F.healthy(F.b, "IpfsCluster1")
        p.errorText = "failed to dial 12D3KooWB: all dials failed: dial tcp 10.0.1.5:9096: connect: connection refused"
        p.errorSince = F.ago(60)
        p.logs = [F.log("shutting down Cluster", 65, level: .info, from: F.b),
                  F.log("stopping Consensus component", 64, level: .info, from: F.b)]
        p.currentTask = TaskEvidence(taskID: "c22b541e0b804eb3818d27dc98575a77", lastStatus: "STOPPED", desiredStatus: "STOPPED",
                                     stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited",
                                     stoppedAt: F.ago(62), containers: [ContainerEvidence(name: "ipfs-cluster", exitCode: 0)])
        let v = TriageRules.peerStopped(p, F.context([p]))
        #expect(v?.rule == "peer-stopped")
        #expect(v?.sentence.contains("task c22b541e STOPPED 1 min ago") == true)
        #expect(v?.sentence.contains("connection refused") == true)
        #expect(v?.evidence.contains { $0.source == .ecs } == true)
        #expect(TriageRules.peerUnresponsive(p, F.context([p])) == nil)
        #expect(TriageRules.peerStopped(F.healthy(F.b, "x"), F.context([p])) == nil)
    }

    @Test func spotInterruptionFires() {
        var p = F.healthy(F.a, "IpfsCluster0")
        p.missingSince = F.ago(120)
        p.previousTask = TaskEvidence(taskID: "aaaabbbbccccddddeeeeffff00001111", lastStatus: "STOPPED", desiredStatus: "STOPPED",
                                      capacityProvider: "FARGATE_SPOT", stopCode: "SpotInterruption",
                                      stoppedReason: "Your Spot Task was interrupted.", stoppedAt: F.ago(180))
        p.currentTask = TaskEvidence(taskID: "9999bbbbccccddddeeeeffff00001111", lastStatus: "RUNNING", desiredStatus: "RUNNING",
                                     health: "UNHEALTHY", startedAt: F.ago(60))
        let v = TriageRules.spotInterruption(p, F.context([p]))
        #expect(v?.sentence == "task aaaabbbb stopped by a Spot interruption 3 min ago; replacement task RUNNING but unhealthy; peer missing from the cluster since 2 min")
        #expect(v?.severity == .critical)
        var q = F.healthy(F.a, "IpfsCluster0")
        q.previousTask = TaskEvidence(taskID: "aaaabbbb", lastStatus: "STOPPED", stopCode: "UserInitiated", stoppedReason: "Task stopped by user")
        #expect(TriageRules.spotInterruption(q, F.context([q])) == nil)
    }

    @Test func taskUnhealthyAndEssentialExit() {
        var p = F.healthy(F.a, "IpfsCluster0")
        p.previousTask = TaskEvidence(taskID: "abcdef0123456789abcdef0123456789", lastStatus: "STOPPED", stopCode: "EssentialContainerExited",
                                      stoppedReason: "Essential container in task exited", stoppedAt: F.ago(300),
                                      containers: [ContainerEvidence(name: "ipfs", exitCode: 137, reason: "OutOfMemoryError")])
        p.currentTask = TaskEvidence(taskID: "1111", lastStatus: "RUNNING", health: "HEALTHY")
        let v = TriageRules.taskUnhealthy(p, F.context([p]))
        #expect(v?.sentence.contains("essential container ipfs exited with code 137 (SIGKILL, often out of memory) 5 min ago") == true)
        var q = F.healthy(F.a, "IpfsCluster0")
        q.currentTask = TaskEvidence(taskID: "2222", lastStatus: "RUNNING", health: "HEALTHY")
        q.serviceEvents = [ServiceEventEvidence(time: F.ago(10), message: "(service s) has reached a steady state.")]
        #expect(TriageRules.taskUnhealthy(q, F.context([q])) == nil)
        q.serviceEvents.insert(ServiceEventEvidence(time: F.ago(5), message: "(service s) (task 2222) failed container health checks."), at: 0)
        #expect(TriageRules.taskUnhealthy(q, F.context([q]))?.sentence.contains("failing health checks") == true)
    }

    @Test func taskReplacedAndPeerBackIsHistoryNotALiveProblem() {
        var p = F.healthy(F.b, "IpfsCluster1")
        p.previousTask = TaskEvidence(taskID: "61fcd88491eb4e08a3afdc7cc03332cb", lastStatus: "STOPPED", stopCode: "ServiceSchedulerInitiated",
                                      stoppedReason: "Task failed container health checks", stoppedAt: F.ago(70))
        p.currentTask = TaskEvidence(taskID: "3333", lastStatus: "RUNNING", health: "HEALTHY")
        let v = TriageRules.taskUnhealthy(p, F.context([p]))
        #expect(v?.severity == .info)
        #expect(v?.sentence.hasPrefix("recovered: task 61fcd884 stopped: Task failed container health checks") == true, "\(v?.sentence ?? "")")
        // While the peer is still out of the cluster it stays a live problem.
        p.missingSince = F.ago(60)
        #expect(TriageRules.taskUnhealthy(p, F.context([p]))?.severity == .major)
        // So does an unhealthy replacement.
        p.missingSince = nil
        p.currentTask?.health = "UNHEALTHY"
        #expect(TriageRules.taskUnhealthy(p, F.context([p]))?.severity == .major)
    }

    @Test func ipfsDownFires() {
        var p = F.healthy(F.b, "IpfsCluster1")
        p.ipfsError = "dial tcp 127.0.0.1:5001: connect: connection refused"
        p.logs = [F.log("error posting to IPFS:Post \"http://127.0.0.1:5001/api/v0/repo/stat?size-only=true\": dial tcp 127.0.0.1:5001: connect: connection refused", 30, from: F.b)]
        p.pinsInError = 12
        p.pinErrorSamples = ["Post \"http://127.0.0.1:5001/api/v0/pin/add?arg=Qm\": dial tcp 127.0.0.1:5001: connect: connection refused"]
        p.currentTask = TaskEvidence(taskID: "4444", lastStatus: "RUNNING", health: "UNHEALTHY", startedAt: F.ago(7200),
                                     containers: [ContainerEvidence(name: "ipfs", health: "UNHEALTHY")])
        p.ipfsErrorSince = F.ago(100)
        let v = TriageRules.ipfsDown(p, F.context([p]))
        #expect(v?.rule == "ipfs-down")
        #expect(v?.since == F.ago(100), "since the first IPFS error, not since the task started")
        #expect(v?.sentence.hasPrefix("IPFS daemon down: /id reports") == true)
        #expect(v?.sentence.contains("12 pins in error") == true)
        #expect(TriageRules.ipfsDown(F.healthy(F.b, "x"), F.context([p])) == nil)
        // Errors logged before the last READY are history.
        var q = F.healthy(F.b, "IpfsCluster1")
        q.logs = [F.log("error posting to IPFS:Post ...", 300, from: F.b), F.log("** IPFS Cluster is READY **", 100, level: .info, from: F.b)]
        #expect(TriageRules.ipfsDown(q, F.context([q])) == nil)
    }

    @Test func diskFullFromZeroAndTrend() {
        var p = F.healthy(F.a, "IpfsCluster0")
        p.freespace = [TimedValue(time: F.ago(300), value: 5e9), TimedValue(time: F.ago(200), value: 0), TimedValue(time: F.ago(100), value: 0)]
        let v = TriageRules.diskFull(p, F.context([p]))
        #expect(v?.severity == .major)
        #expect(v?.sentence.contains("free space 0 B since 3 min ago") == true)
        var q = F.healthy(F.a, "IpfsCluster0")
        q.freespace = [TimedValue(time: F.ago(600), value: 3e9), TimedValue(time: F.ago(300), value: 2e9), TimedValue(time: F.ago(0), value: 1e9)]
        #expect(TriageRules.diskFull(q, F.context([q]))?.severity == .warning)
        q.freespace = [TimedValue(time: F.ago(600), value: 100e9), TimedValue(time: F.ago(300), value: 99.9e9), TimedValue(time: F.ago(0), value: 99.8e9)]
        #expect(TriageRules.diskFull(q, F.context([q])) == nil)
        var r = F.healthy(F.a, "IpfsCluster0")
        r.logs = [F.log("reported freespace is 0", 20, level: .warn, from: F.a)]
        #expect(TriageRules.diskFull(r, F.context([r])) != nil)
    }

    @Test func pinQueueGrowing() {
        var p = F.healthy(F.a, "IpfsCluster0")
        p.pinQueue = [0, 40, 90, 150, 300].enumerated().map { TimedValue(time: F.ago(Double(500 - $0.offset * 100)), value: $0.element) }
        let v = TriageRules.pinQueueGrowing(p, F.context([p]))
        #expect(v?.sentence.hasPrefix("pin queue growing: 0 → 300") == true)
        p.pinQueue = [50, 10, 60, 12, 55].enumerated().map { TimedValue(time: F.ago(Double(500 - $0.offset * 100)), value: $0.element) }
        #expect(TriageRules.pinQueueGrowing(p, F.context([p])) == nil)
        p.logs = [F.log("pin/unpin operation queue is full. Try increasing max_pin_queue_size", 5, from: F.a)]
        #expect(TriageRules.pinQueueGrowing(p, F.context([p]))?.severity == .major)
    }

    @Test func peerMissingWithoutCauseStillFires() {
        var p = F.healthy(F.c, "IpfsCluster2")
        p.missingSince = F.ago(45)
        p.pingExpiry = nil
        let v = TriageRules.peerMissing(p, F.context([p]))
        #expect(v?.sentence.hasPrefix("peer missing from the cluster since 45 s; cause unknown") == true)
        #expect(TriageEngine.run(TriageEvidence(peers: [p], observedAt: F.now)).blocks.first?.rules == ["peer-missing"])
        // With a cause, the specific rule speaks instead.
        p.errorText = "context deadline exceeded"
        #expect(TriageRules.peerMissing(p, F.context([p])) == nil)
        #expect(TriageRules.peerMissing(F.healthy(F.a, "A"), F.context([p])) == nil)
    }

    @Test func pinsInErrorFires() {
        var p = F.healthy(F.a, "IpfsCluster0")
        #expect(TriageRules.pinsInError(p, F.context([p])) == nil)
        p.pinsInError = 1204
        p.pinErrorSamples = ["context canceled"]
        let v = TriageRules.pinsInError(p, F.context([p]))
        #expect(v?.sentence.hasPrefix("1,204 pins allocated to it in error") == true)
        #expect(v?.severity == .major)
    }

    @Test func versionSkewFires() {
        let a = F.healthy(F.a, "A"), b = F.healthy(F.b, "B")
        var c = F.healthy(F.c, "C")
        c.version = "1.1.7-rc1"
        let ctx = F.context([a, b, c])
        #expect(TriageRules.versionSkew(c, ctx)?.sentence.contains("runs 1.1.7-rc1 while 2 peers run 1.1.6") == true)
        #expect(TriageRules.versionSkew(a, ctx) == nil)
    }
}

@Suite struct TriageMembershipTests {
    typealias F = TriageFixture

    @Test func peerSeeingOnlyItselfIsASplit() {
        let a = F.healthy(F.a, "A", sees: [F.a, F.b])
        let b = F.healthy(F.b, "B", sees: [F.a, F.b])
        let c = F.healthy(F.c, "C", sees: [F.c])
        let m = MembershipReport.analyze([a, b, c])
        #expect(m.isSplit)
        #expect(m.isolated == [F.c])
        #expect(m.groups.first?.members == [F.a, F.b].sorted())
        let ctx = F.context([a, b, c])
        let v = TriageRules.splitCluster(c, ctx)
        #expect(v?.sentence.hasPrefix("split cluster: it sees only itself while A, B see A, B") == true)
        #expect(v?.sentence.contains("--bootstrap") == true)
        #expect(TriageRules.splitCluster(a, ctx) == nil)
        let rows = m.sideBySideRows()
        #expect(rows.first == ["A sees:", "B sees:", "C sees:"])
        #expect(rows[1] == ["A", "A", "C"])
    }

    @Test func groupsSeeingDifferentSets() {
        let d = "12D3KooWDddddddddddddddddddddddddddddddddddddddddddddd4"
        let a = F.healthy(F.a, "A", sees: [F.a, F.b, F.c])
        let b = F.healthy(F.b, "B", sees: [F.a, F.b, F.c])
        let c = F.healthy(F.c, "C", sees: [F.a, F.b, F.c])
        let e = F.healthy(d, "D", sees: [d, F.a])
        let m = MembershipReport.analyze([a, b, c, e])
        #expect(m.groups.count == 2)
        #expect(m.isOutsideMajority(d))
        #expect(!m.isOutsideMajority(F.a))
    }

    @Test func missingPeerIsNotASplit() {
        // The frozen peer dropped out of A's list but not yet out of B's: not a split.
        let a = F.healthy(F.a, "A", sees: [F.a, F.b])
        let b = F.healthy(F.b, "B", sees: [F.a, F.b, F.c])
        var c = F.healthy(F.c, "C")
        c.clusterPeers = nil
        c.missingSince = F.ago(30)
        c.lastSeen = F.ago(40)
        let m = MembershipReport.analyze([a, b, c])
        #expect(!m.isSplit)
        #expect(m.unknown == [F.c])
        // Its last known list (taken before it went missing) is stale: still not a split.
        c.clusterPeers = [F.a, F.b, F.c]
        #expect(!MembershipReport.analyze([a, b, c]).isSplit)
        // But a missing peer that answers with a list of its own is outside the cluster.
        c.clusterPeers = [F.c]
        c.lastSeen = F.ago(1)
        #expect(MembershipReport.analyze([a, b, c]).isolated == [F.c])
    }

    @Test func frozenPeerStillListedWithAnErrorIsNotASplit() {
        // Seen on the demo: C froze; /peers lists it with "context deadline exceeded" (not yet
        // missing) and B's membership already dropped it while A's still has it.
        let a = F.healthy(F.a, "A", sees: [F.a, F.b, F.c])
        let b = F.healthy(F.b, "B", sees: [F.a, F.b])
        var c = F.healthy(F.c, "C")
        c.clusterPeers = nil
        c.errorText = "context deadline exceeded"
        c.errorSince = F.ago(20)
        let m = MembershipReport.analyze([a, b, c])
        #expect(!m.isSplit, "\(m.groups)")
        #expect(TriageRules.splitCluster(b, F.context([a, b, c])) == nil)
        // Two answering peers that leave each other out still are a split.
        let d = F.healthy(F.b, "B", sees: [F.b])
        #expect(MembershipReport.analyze([a, d, c]).isolated == [F.b])
    }
}
