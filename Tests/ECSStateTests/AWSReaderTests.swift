import Foundation
import Testing
@testable import ECSState

/// The AWS exports around the cluster: real aws CLI output against moto (`Fixtures/aws-moto`,
/// CLI v1 epoch timestamps) and hand-written files where moto differs (`Fixtures/aws-handmade`,
/// CLI v2 ISO timestamps; see its README), read by content and joined to peers.
@Suite struct AWSReaderTests {
    /// A temp folder with the JSON files of the given fixture folders (READMEs left out).
    static func folder(_ names: [String]) throws -> TempDir {
        let dir = try TempDir()
        for name in names {
            let src = Fixtures.path(name)
            for f in try FileManager.default.contentsOfDirectory(atPath: src) where f.hasSuffix(".json") {
                try FileManager.default.copyItem(atPath: src + "/" + f, toPath: dir.file(f))
            }
        }
        return dir
    }

    /// Peers seen at the running tasks' IPs, as the console's peers poll would record them.
    static func correlation(_ s: ECSSnapshot, now: Date) -> (PeerTaskCorrelation, [String: String]) {
        var correlator = PeerTaskCorrelator()
        var peerOfAZ: [String: String] = [:]
        var seen: [PeerEndpoints] = []
        for t in s.tasks where t.isActive {
            guard let ip = t.privateIPv4, let family = t.serviceName else { continue }
            let az = String(family.suffix(10))
            peerOfAZ[az] = "peer-" + az
            seen.append(PeerEndpoints(peerID: "peer-" + az, addresses: ["/ip4/\(ip)/tcp/9096"], lastSeen: now))
        }
        correlator.observe(seen)
        return (correlator.correlate(s, now: now), peerOfAZ)
    }

    @Test func motoExportsAreReadAndJoinedToPeers() throws {
        let dir = try Self.folder(["aws-moto"]); defer { dir.cleanup() }
        let s = ECSDirectoryState.read(directory: dir.path)
        #expect(s.problems.isEmpty, "\(s.problems)")
        let aws = s.aws
        #expect(aws.fileSystems.count == 3)
        #expect(aws.mountTargets.count == 3)
        #expect(aws.loadBalancers.count == 1)
        #expect(Set(aws.targetGroups.compactMap(\.port)) == [9094, 8080])
        #expect(aws.targetHealth.count == 6)
        #expect(aws.targetHealth.allSatisfy { $0.targetGroupARN != nil }, "each target tied to its group by the file name")
        #expect(aws.alarms.filter(\.isInAlarm).count == 2)
        #expect(aws.metricFilters.count == 3)
        #expect(aws.cloudMapInstances.count == 3)
        #expect(s.files.contains { $0.kinds == [.metricData] })
        let now = s.exportedAt ?? Date()
        let (c, peerOfAZ) = Self.correlation(s, now: now)
        let picture = DeploymentJoin.join(s, correlation: c, now: now)
        let aID = try #require(peerOfAZ["us-east-1a"])
        let a = try #require(picture.peer(id: aID))
        let efs = try #require(a.efs)
        #expect(a.efsMatch == .taskDefinition)
        #expect(efs.availabilityZone == "us-east-1a")
        #expect(efs.burstCredits.count == 30)
        // us-east-1a was seeded draining 2e11 bytes over an hour.
        let left = try #require(efs.timeLeft)
        #expect(left > 0 && left < 3600, "\(left)")
        #expect(efs.isDraining)
        #expect(efs.percentIOLimit == 60)
        #expect(a.alarms.map(\.name) == ["ipfs-cluster-efs-burst-credits-us-east-1a"])
        #expect(a.targets.count == 2 && a.targets.allSatisfy { $0.state == .healthy })
        #expect(a.cloudMap.count == 1)
        #expect(a.metricFilters.map(\.name) == ["ipfs-cluster-ipfs-node-us-east-1a-errors"])
        #expect(a.containerInsights?.memoryShare.map { $0 < 0.5 } == true)
        let cID = try #require(peerOfAZ["us-east-1c"])
        let cPeer = try #require(picture.peer(id: cID))
        #expect((cPeer.containerInsights?.memoryShare ?? 0) > 0.95)
        #expect(cPeer.efs?.isDraining == false)
        // The alarm on a file system no task uses is a deployment-level problem, not dropped.
        #expect(picture.findings.contains { $0.kind == .alarm && $0.subject == "ipfs-cluster-old-volume-credits" && $0.isProblem })
    }

    @Test func handWrittenV2ExportsMergeByTimeAndNameEveryBadEntry() throws {
        let dir = try Self.folder(["aws-handmade"]); defer { dir.cleanup() }
        let s = ECSDirectoryState.read(directory: dir.path)
        #expect(s.problems.isEmpty, "\(s.problems)")
        let aws = s.aws
        #expect(aws.fileSystems.first?.sizeBytes == 13_421_772_800)
        #expect(aws.fileSystems.first?.createdAt == ECSTimestamp.parseISO8601("2026-11-02T09:14:05Z"))
        let states = Dictionary(uniqueKeysWithValues: aws.targetHealth.map { ($0.targetID, $0) })
        #expect(states["10.5.89.196"]?.state == .unhealthy)
        #expect(states["10.5.89.196"]?.reason == "Target.Timeout")
        #expect(states["10.5.89.196"]?.description == "Request timed out")
        #expect(states["10.61.139.133"]?.state == .draining)
        #expect(states["10.61.139.133"]?.state.isProblem == true)
        #expect(aws.alarmHistory.count == 2)
        #expect(aws.alarmHistory.last?.time == ECSTimestamp.parseISO8601("2026-12-02T13:02:11Z"), "-05:00 offset read")
        #expect(aws.alarmHistory.first?.summary == "Alarm updated from OK to ALARM")
        // Two files of one series, newest-first ISO and ascending epoch, merged by time.
        let credits = try #require(aws.metrics.find("BurstCreditBalance", dimensions: ["FileSystemId": "fs-759a014a"]))
        #expect(credits.points.map(\.value) == [24e9, 18e9, 12e9, 6e9])
        let times = credits.points.map(\.time)
        #expect(times == times.sorted())
        // A label that names nothing: the queries file says what efs1_io measures.
        let io = try #require(aws.metrics.find("PercentIOLimit", namespace: "AWS/EFS", dimensions: ["FileSystemId": "fs-759a014a"]))
        #expect(io.identity.stat == "Maximum")
        let picture = DeploymentJoin.join(s, correlation: nil, now: Date())
        let f = try #require(picture.fileSystems.first { $0.fileSystemID == "fs-759a014a" })
        #expect(f.percentIOLimit == 41.5)
        #expect(f.permittedThroughput == 104_857_600, "get-metric-statistics, dimension from the file name")
        #expect(f.timeLeft.map { abs($0 - 600) < 1 } == true, "6e9 left at 1e7/s: \(String(describing: f.timeLeft))")
        // Every bad entry named with its file and position.
        let notes = s.notes.map(\.description)
        let mismatch = notes.contains { n in
            n.hasPrefix("cloudwatch-get-metric-data-ascending.json:") && n.contains("MetricDataResults[0] (Id efs1_credits): 3 timestamps but 4 values")
        }
        #expect(mismatch)
        #expect(notes.contains { $0.contains("MetricDataResults[1] skipped: no Id") })
        #expect(notes.contains { $0.contains("PartialData") })
        #expect(notes.contains { $0.contains("The maximum number of metrics was exceeded") })
        // No task in this folder: every unhealthy target and the file system are deployment-level.
        #expect(picture.findings.filter { $0.kind == .target && $0.isProblem }.count == 3)
        #expect(picture.findings.contains { $0.kind == .fileSystem && $0.subject == "fs-759a014a" && $0.isProblem })
    }

    @Test func badAWSFilesAreNamedWithTheirPosition() throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        try dir.write("cloudwatch-get-metric-data.json", "{\n  \"MetricDataResults\": [\n    {\"Id\": \"a\", \"Timestamps\": [1],")
        try dir.write("cloudwatch-describe-alarms.json", "{\n  \"MetricAlarms\": [\n    {\"AlarmName\": \"x\" \"StateValue\": \"OK\"}\n  ]\n}\n")
        try dir.write("elbv2-describe-target-health.json", "{\"TargetHealthDescriptions\": [{\"Target\": {}}, {\"Target\": {\"Id\": \"10.0.0.1\"}, \"TargetHealth\": {\"State\": \"healthy\"}}]}")
        try Data([0x7B, 0x00, 0x01]).write(to: URL(fileURLWithPath: dir.file("efs-binary.json")))
        let s = ECSDirectoryState.read(directory: dir.path)
        let byName = Dictionary(uniqueKeysWithValues: s.problems.map { ($0.fileName, $0) })
        #expect(byName["cloudwatch-get-metric-data.json"]?.kind == .truncated(line: 3, column: 35, offset: 61))
        if case .syntax(let line, let column, _, _)? = byName["cloudwatch-describe-alarms.json"]?.kind {
            #expect(line == 3 && column == 23)
        } else { Issue.record("no syntax problem: \(s.problems)") }
        #expect(byName["efs-binary.json"]?.kind == .binary(offset: 1))
        #expect(s.aws.targetHealth.map(\.targetID) == ["10.0.0.1"])
        #expect(s.notes.contains { $0.description == "elbv2-describe-target-health.json: TargetHealthDescriptions[0] skipped: not a target (no Target.Id)" })
    }

    @Test func unchangedFilesAreNotReadAgain() throws {
        let dir = try Self.folder(["aws-moto"]); defer { dir.cleanup() }
        var state = ECSDirectoryState(directory: dir.path)
        let first = state.poll()
        #expect(first)
        let again = state.poll()
        #expect(!again, "nothing changed: no re-read, no new snapshot")
        let path = dir.file("cloudwatch-describe-alarms.json")
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\"ALARM\"", with: "\"OK\"")
        try dir.writeAtomically("cloudwatch-describe-alarms.json", text)
        let changed = state.poll()
        #expect(changed)
        #expect(state.snapshot.aws.alarms.allSatisfy { !$0.isInAlarm })
    }
}
