import Foundation
import Testing
@testable import ECSState

@Suite struct ReaderSampleTests {
    @Test func describeTasksSampleFromMoto() throws {
        let file = try ECSExportReader.read(path: Fixtures.path("samples/ecs-describe-tasks.json"))
        #expect(file.kinds == [.describeTasks])
        let tasks = file.documents[0].tasks
        #expect(tasks.count == 4)
        let first = try #require(tasks.first { $0.id == "c22b541e-0b80-4eb3-818d-27dc98575a77" })
        #expect(first.shortID == "c22b541e")
        #expect(first.privateIPv4 == "10.170.158.85")
        #expect(first.serviceName == "ipfs-cluster-ipfs-node-us-east-1a")
        #expect(first.taskDefinitionName == "ipfs-cluster-ipfs-node-us-east-1a:1")
        #expect(first.taskDefinitionFamily == "ipfs-cluster-ipfs-node-us-east-1a")
        #expect(first.clusterName == "ipfs-cluster")
        #expect(first.lastStatus == .running)
        #expect(first.stoppedReason == nil, "moto's empty stoppedReason means none")
        #expect(first.containers.map(\.name) == ["ipfs"])
        let stopped = try #require(tasks.first { $0.id.hasPrefix("403d1540") })
        #expect(stopped.lastStatus == .stopped)
        #expect(stopped.isActive == false)
        #expect(stopped.stoppedReason?.hasPrefix("Restarted by operator") == true)
    }

    @Test func otherSamples() throws {
        let list = try ECSExportReader.read(path: Fixtures.path("samples/ecs-list-tasks.json"))
        #expect(list.kinds == [.listTasks])
        #expect(list.documents[0].listedARNs.count == 4)

        let services = try ECSExportReader.read(path: Fixtures.path("samples/ecs-describe-services.json"))
        #expect(services.kinds == [.describeServices])
        let svc = try #require(services.documents[0].services.first)
        #expect(svc.name == "ipfs-cluster-ipfs-node-us-east-1a")
        #expect(svc.deployments.first?.id == "ecs-svc/991529923552588299")
        #expect(svc.deployments.first?.rolloutState == "COMPLETED")
        #expect(svc.deployments.first?.createdAt?.timeIntervalSince1970 == 1795237518.286)
        #expect(svc.isStable)

        let clusters = try ECSExportReader.read(path: Fixtures.path("samples/ecs-describe-clusters.json"))
        #expect(clusters.documents[0].clusters.first?.capacityProviders == ["FARGATE", "FARGATE_SPOT"])
        #expect(clusters.documents[0].clusters.first?.settings["containerInsights"] == "disabled")

        let td = try ECSExportReader.read(path: Fixtures.path("samples/ecs-describe-task-definition-us-east-1a.json"))
        let def = try #require(td.documents[0].taskDefinitions.first)
        #expect(def.id == "ipfs-cluster-ipfs-node-us-east-1a:1")
        #expect(def.clusterPeerNames == ["ipfs-cluster-node1"], "the empty duplicate CLUSTER_PEERNAME is skipped")
        let log = try #require(def.logConfiguration(container: "ipfs-cluster"))
        #expect(log.group == "/ecs/ipfs-cluster-ipfs-node-us-east-1a")
        #expect(log.streamPrefix == "ipfs-cluster")
        #expect(def.containerDefinitions.first { $0.name == "ipfs-cluster" }?.environment.filter { $0.name == "CLUSTER_PEERNAME" }.count == 2)
    }

    @Test func sampleDirectoryMergesAndReportsTheLogsFile() {
        let snapshot = ECSDirectoryState.read(directory: Fixtures.path("samples"))
        #expect(snapshot.tasks.count == 4)
        #expect(snapshot.services.count == 3)
        #expect(snapshot.clusters.map(\.name) == ["ipfs-cluster"])
        #expect(snapshot.taskDefinitions.keys.contains("ipfs-cluster-ipfs-node-us-east-1a:1"))
        #expect(snapshot.tasks.first?.isActive == true, "active tasks are listed first")
        #expect(snapshot.tasks.last?.lastStatus == .stopped)
        let logsProblem = snapshot.problems.first { $0.fileName.hasPrefix("logs-") }
        #expect(logsProblem?.kind == .notAnExport(reason: "CloudWatch Logs get-log-events output (for the logs view)"))
        #expect(logsProblem?.description.contains("logs-get-log-events-us-east-1a") == true)
        let stream = snapshot.logStream(for: snapshot.task(id: "c22b541e-0b80-4eb3-818d-27dc98575a77")!, container: "ipfs")
        #expect(stream?.group == "/ecs/ipfs-cluster-ipfs-node-us-east-1a")
        #expect(stream?.stream == "ipfs/ipfs/c22b541e-0b80-4eb3-818d-27dc98575a77")
    }
}

@Suite struct ReaderDeploymentFixtureTests {
    /// The enriched 3-AZ deployment, in both CLI timestamp styles, must read identically.
    @Test(arguments: ["deployment-3az", "deployment-3az-iso"])
    func threeAZDeployment(_ name: String) throws {
        let s = ECSDirectoryState.read(directory: Fixtures.path(name))
        #expect(s.problems.isEmpty, "\(s.problems)")
        #expect(s.services.count == 3)
        #expect(s.tasks.count == 5)
        #expect(s.tasks.filter(\.isActive).count == 3)
        let spot = try #require(s.tasks.first { $0.stopCode == .spotInterruption })
        #expect(spot.capacityProviderName == "FARGATE_SPOT")
        #expect(spot.stoppedReason == "Your Spot Task was interrupted.")
        #expect(spot.containers.map(\.exitCode) == [137, 137])
        #expect(spot.availabilityZone == "us-east-1c")
        #expect(spot.id.count == 32)
        let elb = try #require(s.tasks.first { $0.stopCode == .serviceSchedulerInitiated })
        #expect(elb.stoppedReason?.hasPrefix("Task failed ELB health checks") == true)
        #expect(elb.containers.map(\.exitCode) == [0, 143])
        #expect(elb.healthStatus == .unhealthy)
        #expect(elb.version == 7, "the overlapping older copy (version 6, STOPPING) loses")
        #expect(elb.lastStatus == .stopped)
        #expect(elb.stoppedAt?.timeIntervalSince1970 == Double(1_795_239_045))
        #expect(elb.startedAt?.timeIntervalSince1970 == Double(1_795_236_005))
        #expect(s.failures.map(\.reason) == ["MISSING"])
        #expect(s.listedTaskARNs.count == 5)
        #expect(s.listedButUndescribedTaskIDs.isEmpty)
        let node2 = try #require(s.service(named: "ipfs-cluster-ipfs-node-us-east-1b"))
        #expect(node2.capacityProviderStrategy.first?.capacityProvider == "FARGATE_SPOT")
        #expect(node2.events.count == 6)
        #expect(node2.events.first?.message.contains("steady state") == true, "newest first")
        let times = node2.events.compactMap(\.createdAt)
        #expect(times == times.sorted(by: >))
        #expect(s.tasks(ofService: "ipfs-cluster-ipfs-node-us-east-1c").count == 2)
    }

    @Test func rawMotoExportOfTheDeployment() {
        let s = ECSDirectoryState.read(directory: Fixtures.path("moto-3az"))
        #expect(s.problems.isEmpty, "\(s.problems)")
        #expect(s.tasks.count == 4)
        #expect(s.services.count == 3)
        #expect(s.taskDefinitions.count == 3)
        #expect(s.tasks.allSatisfy { $0.privateIPv4 != nil })
    }
}
