import ClusterAPI
import ECSState
import Foundation
import Testing
@testable import ConsoleCore

/// The AWS rules on hand-made evidence, and the AWS picture's path through the update into the
/// evidence (so the triage screen and `snapshot` read the same).
@Suite struct TriageAWSRulesTests {
    static let now = Date(timeIntervalSince1970: 1_796_304_000)

    /// A peer that stopped answering (deadline exceeded, ping expired).
    static func hungPeer() -> PeerEvidence {
        var p = PeerEvidence(id: "12D3KooWhung", name: "IpfsCluster0")
        p.lastSeen = now.addingTimeInterval(-120)
        p.errorText = "context deadline exceeded"
        p.errorSince = now.addingTimeInterval(-60)
        p.pingExpiry = now.addingTimeInterval(-30)
        return p
    }

    static func efs(balance: Double, timeLeft: TimeInterval?, io: Double) -> AWSPeerEvidence {
        var a = AWSPeerEvidence()
        a.availabilityZone = "us-east-1a"
        a.fileSystemID = "fs-759a014a"
        a.efsMatch = "taskDefinition"
        a.burstCreditBalance = balance
        a.burstCredits = [TimedValue(time: now.addingTimeInterval(-3600), value: 2e11), TimedValue(time: now.addingTimeInterval(-60), value: balance)]
        a.timeLeft = timeLeft
        a.drainRatePerSecond = timeLeft.map { balance / $0 }
        a.percentIOLimit = io
        a.efsSampledAt = now.addingTimeInterval(-60)
        return a
    }

    static func run(_ peers: [PeerEvidence], findings: [DeploymentFinding] = []) -> TriageResult {
        TriageEngine.run(TriageEvidence(peers: peers, observedAt: now, deploymentFindings: findings))
    }

    @Test func exhaustedCreditsWinOverUnresponsive() throws {
        let without = Self.run([Self.hungPeer()])
        #expect(without.blocks.first?.rules.first == "peer-unresponsive", "the generic verdict without AWS evidence")
        var p = Self.hungPeer()
        p.aws = Self.efs(balance: 0, timeLeft: nil, io: 100)
        let r = Self.run([p])
        let b = try #require(r.blocks.first)
        #expect(b.rules.first == "efs-credits-exhausted")
        #expect(!b.rules.contains("peer-unresponsive"))
        #expect(!b.rules.contains("peer-missing"))
        #expect(b.severity == .critical)
        #expect(b.headline.hasPrefix("EFS burst credits exhausted in us-east-1a, so the peer stopped answering: fs-759a014a I/O throttled (PercentIOLimit 100 %)"), "\(b.headline)")
        #expect(b.headline.contains("deadline exceeded"), "the unresponsive evidence is kept: \(b.headline)")
        #expect(b.evidence.contains { $0.source == .aws && $0.text.contains("BurstCreditBalance") })
        #expect(b.nextSteps.contains { $0.contains("--throughput-mode elastic") })
        #expect(TriageEngine.unavailablePeers(TriageEvidence(peers: [p], observedAt: Self.now)).contains(p.id))
    }

    @Test func exhaustedButStillAnsweringIsMajor() throws {
        var p = PeerEvidence(id: "12D3KooWok", name: "IpfsCluster0")
        p.lastSeen = Self.now
        p.aws = Self.efs(balance: 10, timeLeft: nil, io: 97)
        let b = try #require(Self.run([p]).blocks.first)
        #expect(b.rules == ["efs-credits-exhausted"])
        #expect(b.severity == .major)
        #expect(b.headline.hasPrefix("EFS burst credits exhausted in us-east-1a: fs-759a014a I/O throttled (PercentIOLimit 97 %)"), "\(b.headline)")
        #expect(b.headline.contains("pin operations slow down"))
        #expect(!b.headline.contains("stopped answering"))
    }

    @Test func drainingCreditsGiveTheTimeLeft() throws {
        var p = PeerEvidence(id: "12D3KooWok", name: "IpfsCluster0")
        p.lastSeen = Self.now
        p.aws = Self.efs(balance: 6e9, timeLeft: 600, io: 40)
        let b = try #require(Self.run([p]).blocks.first)
        #expect(b.rules == ["efs-credits-draining"])
        #expect(b.severity == .major)
        #expect(b.headline.contains("out in about 10 min at this rate"))
        p.aws = Self.efs(balance: 1.9e11, timeLeft: 86_400 * 3, io: 10)
        #expect(Self.run([p]).blocks.isEmpty, "three days left is not a finding")
    }

    @Test func albTargetAlarmAndReservationRules() throws {
        var p = PeerEvidence(id: "12D3KooWok", name: "IpfsCluster1")
        p.lastSeen = Self.now
        var a = AWSPeerEvidence()
        a.targets = [
            .init(group: "ipfs-cluster-nodes-api", targetID: "10.0.1.5", port: 9094, state: "unhealthy", reason: "Target.Timeout",
                  description: "Request timed out", isProblem: true),
            .init(group: "ipfs-cluster-nodes-web", targetID: "10.0.1.5", port: 8080, state: "healthy", reason: nil, description: nil, isProblem: false),
        ]
        a.serviceName = "ipfs-cluster-ipfs-node-us-east-1b"
        a.memoryUtilized = 1990; a.memoryReserved = 2048
        a.cpuUtilized = 100; a.cpuReserved = 1024
        a.alarms = [.init(name: "ipfs-cluster-memory-us-east-1b", state: "ALARM", reason: "Threshold Crossed", since: Self.now.addingTimeInterval(-300),
                          metric: "ECS/ContainerInsights MemoryUtilized"),
                    .init(name: "quiet", state: "OK", reason: nil, since: nil, metric: nil)]
        p.aws = a
        let b = try #require(Self.run([p]).blocks.first)
        #expect(Set(b.rules) == ["alb-target-unhealthy", "task-at-reservation", "cloudwatch-alarm"])
        let alb = try #require(b.verdicts.first { $0.rule == "alb-target-unhealthy" })
        #expect(alb.sentence.contains("ipfs-cluster-nodes-api:9094 unhealthy (Target.Timeout)"))
        #expect(alb.severity == .warning, "one of two targets out")
        let mem = try #require(b.verdicts.first { $0.rule == "task-at-reservation" })
        #expect(mem.sentence.contains("memory at 97 % of its reservation (1990 of 2048 MiB)"))
        #expect(!mem.sentence.contains("CPU"))
        let alarm = try #require(b.verdicts.first { $0.rule == "cloudwatch-alarm" })
        #expect(alarm.sentence.contains("ipfs-cluster-memory-us-east-1b"))
        #expect(!alarm.sentence.contains("quiet"))
    }

    @Test func deploymentFindingsReachTheResultAndTheReport() {
        let f = DeploymentFinding(kind: .alarm, subject: "old", text: "alarm old is ALARM on AWS/EFS BurstCreditBalance", isProblem: true)
        let quiet = DeploymentFinding(kind: .fileSystem, subject: "fs-1", text: "file system fs-1 is used by no known task", isProblem: false)
        let r = Self.run([PeerEvidence(id: "12D3KooWok", name: "IpfsCluster0", lastSeen: Self.now)], findings: [f, quiet])
        #expect(r.deploymentFindings == [f])
    }

    /// An ECS snapshot with an AWS part goes through the update into the state and the evidence.
    @Test func awsPictureArrivesWithTheECSSnapshotEvent() throws {
        typealias F = Fixture
        var s = F.state()
        UpdateIncidentTests.peers(&s, [F.peer(F.p1, "IpfsCluster0")], at: F.t0)
        let alarms = """
        {"MetricAlarms": [{"AlarmName": "efs-a", "StateValue": "ALARM", "StateReason": "Threshold Crossed",
          "Namespace": "AWS/EFS", "MetricName": "BurstCreditBalance",
          "Dimensions": [{"Name": "FileSystemId", "Value": "fs-0a"}]},
          {"AlarmName": "orphan", "StateValue": "ALARM", "Namespace": "AWS/EFS", "MetricName": "BurstCreditBalance",
          "Dimensions": [{"Name": "FileSystemId", "Value": "fs-gone"}]}], "CompositeAlarms": []}
        """
        let fs = """
        {"FileSystems": [{"FileSystemId": "fs-0a", "AvailabilityZoneName": "us-east-1a", "LifeCycleState": "available"}]}
        """
        let base = try UpdateIncidentTests.snapshot()
        var files = [try ECSExportReader.parse(bytes: Array(alarms.utf8), file: "cloudwatch-describe-alarms.json"),
                     try ECSExportReader.parse(bytes: Array(fs.utf8), file: "efs-describe-file-systems.json")]
        files.append(try ECSExportReader.parse(bytes: Array("""
        {"tasks": [{"taskArn": "arn:aws:ecs:us-east-1:123456789012:task/ipfs-cluster/\(UpdateIncidentTests.task1)",
          "group": "service:node-a", "lastStatus": "RUNNING", "availabilityZone": "us-east-1a",
          "attachments": [{"details": [{"name": "privateIPv4Address", "value": "\(base.tasks[0].privateIPv4 ?? "")"}]}]}]}
        """.utf8), file: "describe-tasks.json"))
        let snapshot = ECSStateMerger.merge(files: files)
        #expect(snapshot.aws.alarms.count == 2)
        _ = ConsoleUpdate.update(&s, .ecsSnapshot(snapshot), now: F.t0.addingTimeInterval(5))
        let d = try #require(s.ecs.deployment)
        let mine = try #require(d.peer(id: F.p1))
        #expect(mine.efs?.fileSystemID == "fs-0a")
        #expect(mine.efsMatch == .availabilityZone)
        #expect(mine.alarms.map(\.name) == ["efs-a"])
        let (evidence, _) = IncidentEvidence.build(s)
        let p = try #require(evidence.peers.first { $0.id == F.p1 })
        #expect(p.aws?.fileSystemID == "fs-0a")
        #expect(evidence.deploymentFindings.contains { $0.subject == "orphan" && $0.isProblem })
        let r = TriageEngine.run(evidence)
        #expect(r.block(for: F.p1)?.rules.contains("cloudwatch-alarm") == true)
        #expect(r.deploymentFindings.map(\.subject) == ["orphan"])
    }
}
