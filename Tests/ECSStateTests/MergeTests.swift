import Foundation
import Testing
@testable import ECSState

@Suite struct MergeTests {
    typealias Spec = ExportText.TaskSpec

    func file(_ text: String, _ name: String) throws -> ECSExportFile {
        try ECSExportReader.parse(bytes: Array(text.utf8), file: name)
    }

    @Test func highestVersionWinsRegardlessOfFileOrder() throws {
        let a = try file(ExportText.describeTasks([Spec(id: "t1", ip: "10.0.0.5", lastStatus: "RUNNING", version: 9)], .v1), "a.json")
        let b = try file(ExportText.describeTasks([Spec(id: "t1", ip: "10.0.0.5", lastStatus: "STOPPED", version: 4)], .v2), "b.json")
        #expect(ECSStateMerger.merge(files: [a, b]).task(id: "t1")?.lastStatus == .running)
        #expect(ECSStateMerger.merge(files: [b, a]).task(id: "t1")?.lastStatus == .running)
    }

    @Test func withoutVersionsTheLatestLifecycleTimeWins() throws {
        let running = try file(ExportText.describeTasks([Spec(id: "t1", ip: "10.0.0.5", startedAt: 1000)], .v1), "a.json")
        let stopped = try file(ExportText.describeTasks([Spec(id: "t1", ip: "10.0.0.5", lastStatus: "STOPPED", desiredStatus: "STOPPED",
                                                              startedAt: 1000, stoppedAt: 2000)], .v2), "b.json")
        let merged = ECSStateMerger.merge(files: [stopped, running])
        #expect(merged.task(id: "t1")?.lastStatus == .stopped)
        #expect(merged.task(id: "t1")?.stoppedAt?.timeIntervalSince1970 == 2000)
    }

    @Test func bothTimestampStylesGiveTheSameTask() throws {
        let spec = Spec(id: "t1", ip: "10.0.0.5", lastStatus: "STOPPED", desiredStatus: "STOPPED",
                        startedAt: 1_795_236_000.25, stoppedAt: 1_795_239_045, stopCode: "SpotInterruption",
                        reason: "Your Spot Task was interrupted.", version: 6, capacityProvider: "FARGATE_SPOT")
        let v1 = try file(ExportText.describeTasks([spec], .v1), "v1.json").documents[0].tasks[0]
        let v2 = try file(ExportText.describeTasks([spec], .v2), "v2.json").documents[0].tasks[0]
        #expect(v1 == v2)
        #expect(v1.startedAt?.timeIntervalSince1970 == 1_795_236_000.25)
        #expect(v1.windowEnd?.timeIntervalSince1970 == 1_795_239_015)
        #expect(v1.containers.last?.exitCode == 137)
    }

    @Test func serviceEventsMergeByIDNewestFirst() throws {
        func services(_ events: String, updated: Double) -> String {
            """
            {"services": [{"serviceName": "s1", "status": "ACTIVE", "desiredCount": 1, "runningCount": 0,
              "deployments": [{"id": "ecs-svc/1", "status": "PRIMARY", "updatedAt": \(updated), "rolloutState": "IN_PROGRESS"}],
              "events": [\(events)]}], "failures": []}
            """
        }
        let old = try file(services("{\"id\": \"e1\", \"createdAt\": 100, \"message\": \"(service s1) has started 1 tasks: (task a).\"}", updated: 100), "a.json")
        let new = try file(services("{\"id\": \"e2\", \"createdAt\": \"1970-01-01T00:03:20Z\", \"message\": \"(service s1) has reached a steady state.\"}, {\"id\": \"e1\", \"createdAt\": 100, \"message\": \"(service s1) has started 1 tasks: (task a).\"}", updated: 200), "b.json")
        let s = try #require(ECSStateMerger.merge(files: [new, old]).service(named: "s1"))
        #expect(s.events.map(\.id) == ["e2", "e1"])
        #expect(s.deployments.first?.updatedAt?.timeIntervalSince1970 == 200)
        #expect(!s.isStable)
    }

    @Test func missingFailureMarksAKnownTaskStale() throws {
        let first = try file(ExportText.describeTasks([Spec(id: "t1", ip: "10.0.0.5", startedAt: 1000, version: 3)], .v1), "a.json")
        let before = ECSStateMerger.merge(files: [first])
        let later = try file(ExportText.describeTasks([], .v1, failures: "{\"arn\": \"arn:aws:ecs:us-east-1:123456789012:task/ipfs-cluster/t1\", \"reason\": \"MISSING\"}"), "a.json")
        let after = ECSStateMerger.merge(files: [later], previous: before)
        #expect(after.task(id: "t1")?.version == 3, "last word on the task kept")
        #expect(after.staleTaskIDs == ["t1"])
        #expect(after.failure(forTaskID: "t1")?.reason == "MISSING")
    }
}

@Suite struct LogStreamTests {
    @Test func buildAndParseStreamNames() {
        #expect(AWSLogStreams.logStreamName(prefix: "ipfs-cluster", container: "ipfs-cluster", taskID: "abc") == "ipfs-cluster/ipfs-cluster/abc")
        #expect(AWSLogStreams.parse("ipfs/ipfs/3f6c0a9e") == .init(prefix: "ipfs", container: "ipfs", taskID: "3f6c0a9e"))
        #expect(AWSLogStreams.parse("team/a/IpfsCluster1/3f6c.log") == .init(prefix: "team/a", container: "IpfsCluster1", taskID: "3f6c"))
        #expect(AWSLogStreams.parse("ipfs/3f6c") == nil)
        #expect(AWSLogStreams.parse("ipfs//3f6c") == nil)
    }
}
