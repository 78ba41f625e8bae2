import Foundation
import Testing
@testable import ClusterSimulator

/// The state directory other modules read: ECS exports, logs, scenarios.
extension SimulatorTests {
@Suite struct StateDirTests {
    @Test func ecsExportsParseWithExpectedFields() async throws {
        try await withSimulator { _, e in
            let ecs = e.stateDirectory + "/ecs"
            let list = try #require(jsonFile(ecs + "/list-tasks.json"))
            #expect((list["taskArns"] as? [String])?.count == 3)
            let tasks = try #require(jsonFile(ecs + "/describe-tasks.json")?["tasks"] as? [[String: Any]])
            #expect(tasks.count == 3)
            for t in tasks {
                #expect(t["lastStatus"] as? String == "RUNNING")
                #expect((t["group"] as? String)?.hasPrefix("service:ipfs-cluster-ipfs-node-us-east-1") == true)
                #expect(["FARGATE", "FARGATE_SPOT"].contains(t["capacityProviderName"] as? String ?? ""))
                #expect((t["availabilityZone"] as? String)?.hasPrefix("us-east-1") == true)
                let startedAt = try #require(t["startedAt"] as? String)
                #expect(startedAt.hasSuffix("+00:00"))
                let details = (t["attachments"] as? [[String: Any]])?.first?["details"] as? [[String: String]]
                let ip = details?.first { $0["name"] == "privateIPv4Address" }?["value"]
                #expect(ip?.hasPrefix("10.0.") == true)
                #expect((t["containers"] as? [[String: Any]])?.map { $0["name"] as? String ?? "" }.sorted() == ["ipfs", "ipfs-cluster"])
                #expect(t["healthStatus"] as? String == "HEALTHY")
            }
            let services = try #require(jsonFile(ecs + "/describe-services.json")?["services"] as? [[String: Any]])
            #expect(services.map { $0["serviceName"] as? String ?? "" }.sorted() ==
                    ["ipfs-cluster-ipfs-node-us-east-1a", "ipfs-cluster-ipfs-node-us-east-1b", "ipfs-cluster-ipfs-node-us-east-1c"])
            #expect(jsonFile(ecs + "/describe-clusters.json")?["clusters"] != nil)
            let td = try #require(jsonFile(ecs + "/describe-task-definition-ipfs-cluster-ipfs-node-us-east-1a.json")?["taskDefinition"] as? [String: Any])
            let opts = ((td["containerDefinitions"] as? [[String: Any]])?.last?["logConfiguration"] as? [String: Any])?["options"] as? [String: String]
            #expect(opts?["awslogs-stream-prefix"] == "ipfs-cluster")
            // Each task has its awslogs-style files with the READY banner and kubo's start.
            for t in tasks {
                let id = try #require((t["taskArn"] as? String)?.split(separator: "/").last.map(String.init))
                let cluster = readFile(e.stateDirectory + "/logs/ipfs-cluster/ipfs-cluster/\(id).log")
                #expect(cluster.contains("\tINFO\tcluster\tsrc/cluster.go:821\t** IPFS Cluster is READY **"))
                #expect(cluster.contains("IPFS Cluster v1.1.6 listening on:\n        /ip4/10.0."))
                #expect(readFile(e.stateDirectory + "/logs/ipfs/ipfs/\(id).log").contains("Daemon is ready"))
            }
        }
    }

    @Test func spotInterruptionScenarioReplacesTheTask() async throws {
        try await withSimulator(speed: 40, scenario: "spot-interruption") { _, e in
            let ecs = e.stateDirectory + "/ecs"
            let initial = try #require(jsonFile(ecs + "/describe-tasks.json")?["tasks"] as? [[String: Any]])
            let oldTask = try #require(initial.first { ($0["group"] as? String)?.hasSuffix("us-east-1c") == true })
            let oldArn = try #require(oldTask["taskArn"] as? String)
            // At 15 s the Spot task stops; at 55 s a new one runs.
            let replaced = await eventually(15) {
                let tasks = jsonFile(ecs + "/describe-tasks.json")?["tasks"] as? [[String: Any]] ?? []
                let c = tasks.filter { ($0["group"] as? String)?.hasSuffix("us-east-1c") == true }
                return c.count == 2 && c.contains { $0["lastStatus"] as? String == "RUNNING" }
            }
            #expect(replaced)
            let tasks = try #require(jsonFile(ecs + "/describe-tasks.json")?["tasks"] as? [[String: Any]])
            let old = try #require(tasks.first { $0["taskArn"] as? String == oldArn })
            #expect(old["lastStatus"] as? String == "STOPPED")
            #expect(old["stopCode"] as? String == "SpotInterruption")
            #expect(old["stoppedReason"] as? String == "Your Spot Task was interrupted.")
            #expect(old["stoppedAt"] is String)
            let new = try #require(tasks.first { ($0["group"] as? String)?.hasSuffix("us-east-1c") == true && $0["lastStatus"] as? String == "RUNNING" })
            #expect(new["taskArn"] as? String != oldArn)
            let ip = { (t: [String: Any]) in
                ((t["attachments"] as? [[String: Any]])?.first?["details"] as? [[String: String]])?.first { $0["name"] == "privateIPv4Address" }?["value"]
            }
            #expect(ip(new) != nil)
            let list = try #require(jsonFile(ecs + "/list-tasks.json")?["taskArns"] as? [String])
            #expect(!list.contains(oldArn) && list.count == 3)
            // Files are replaced one by one; wait for describe-services to catch up with describe-tasks.
            let messages: @Sendable () -> [String] = {
                let svc = (jsonFile(ecs + "/describe-services.json")?["services"] as? [[String: Any]])?
                    .first { ($0["serviceName"] as? String)?.hasSuffix("1c") == true }
                return (svc?["events"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
            }
            #expect(await eventually(5) { messages().filter { $0.contains("has started 1 tasks") }.count == 2 })
            #expect(messages().contains { $0.contains("has stopped 1 running tasks") })
            // The interrupted peer wrote its shutdown sequence; the new task starts a new log stream.
            let oldID = String(oldArn.split(separator: "/").last!)
            #expect(readFile(e.stateDirectory + "/logs/ipfs-cluster/ipfs-cluster/\(oldID).log").contains("shutting down Cluster"))
            let newID = String((new["taskArn"] as? String ?? "").split(separator: "/").last ?? "")
            #expect(readFile(e.stateDirectory + "/logs/ipfs-cluster/ipfs-cluster/\(newID).log").contains("** IPFS Cluster is READY **"))
        }
    }

    @Test func ipfsDownAndDiskFullScenarios() async throws {
        try await withSimulator(speed: 40, scenario: "ipfs-down") { _, e in
            let down = await eventually(10) {
                let id = await RawHTTP.request(e.peers[0], "GET", "/id")
                return ((id.json() as? [String: Any])?["ipfs"] as? [String: Any])?["error"] as? String != ""
            }
            #expect(down)
            let unhealthy = await eventually(5) {
                let tasks = jsonFile(e.stateDirectory + "/ecs/describe-tasks.json")?["tasks"] as? [[String: Any]] ?? []
                return tasks.contains { $0["healthStatus"] as? String == "UNHEALTHY" }
            }
            #expect(unhealthy)
        }
        try await withSimulator(speed: 40, scenario: "disk-full") { _, e in
            let full = await eventually(10) {
                let m = await RawHTTP.request(e.peers[0], "GET", "/monitor/metrics/freespace")
                return ((m.json() as? [[String: Any]]) ?? []).contains { $0["peer"] as? String == e.peerIDs[2] && $0["value"] as? String == "0" }
            }
            #expect(full)
        }
    }

    @Test func everyBuiltinScenarioLoads() throws {
        for name in Scenario.builtinNames {
            let s = try Scenario.load(name)
            #expect(s.name == name)
            #expect(!s.steps.isEmpty || name == "quiet", "\(name) has a timeline")
        }
        #expect(throws: SimulatorError.self) { try Scenario.load("no-such-scenario") }
    }

    @Test func badScenarioNamesFileAndStep() {
        let data = Data("{\"name\":\"x\",\"steps\":[{\"at\":1,\"action\":\"note\"},{\"at\":2,\"action\":\"explode\"}]}".utf8)
        do {
            _ = try Scenario.parse(data, file: "x.json")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("x.json"))
            #expect("\(error)".contains("step 2: unknown action 'explode'"))
        }
    }

    @Test func generatedCIDsAreRealisticAndFindable() {
        let g = GeneratedPins(seed: 7)
        var kinds = Set<String>()
        for i in 0..<200 {
            let c = g.cid(i)
            kinds.insert(String(c.prefix(4)))
            #expect(g.index(of: c) == i)
            #expect(Identifiers.validateCID(c) == nil)
        }
        #expect(kinds.contains("bafy") && kinds.contains("bafk") && kinds.contains { $0.hasPrefix("Qm") })
        #expect(g.cid(0).count == 46)
        #expect(g.cid(5).count == 59)
        #expect(g.index(of: "QmUaixL92mVoMVGtUUoUtNFJKmPoHberuKiJSD7GFqeGWk") == nil)
    }
}
}
