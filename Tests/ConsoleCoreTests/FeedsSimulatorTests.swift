import ClusterSimulator
import ECSState
import Foundation
import LogTail
import Testing
@testable import ConsoleCore

/// The demo path: the simulator's state directory read through `DemoStateDir` and both feeds.
@Suite struct FeedsSimulatorTests {
    @Test func feedsReadTheSimulatorStateDirectory() async throws {
        let dir = NSTemporaryDirectory() + "feeds-sim-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sim = ClusterSimulator(config: SimulatorConfig(peers: 3, pins: 0, speed: 20, stateDirectory: dir))
        let endpoints = try await sim.start()
        let state = DemoStateDir(root: endpoints.stateDirectory)
        #expect(state.problems().isEmpty)

        let snapshots = FeedInbox<ECSSnapshot>()
        let batches = FeedInbox<LogBatch>()
        var options = FollowerOptions()
        options.start = .beginning
        let ecs = ECSFeed(directory: state.ecsDirectory, interval: .milliseconds(100)) { snapshots.add($0) }
        let logs = try LogFeed(targets: state.logTargets, options: options) { batches.add($0) }
        let sawTasks = await snapshots.wait(seconds: 15) { $0.contains { $0.tasks.count == 3 && $0.services.count == 3 } }
        let sawReady = await batches.wait(seconds: 15) { all in
            all.flatMap(\.lines).contains { $0.triage?.kind == .ready && $0.taskID != nil && $0.container == "ipfs-cluster" }
        }
        ecs.cancel()
        logs.cancel()
        await sim.stop()
        #expect(sawTasks)
        #expect(sawReady)
        // Every ready line belongs to a task the ECS export describes: the join key is shared.
        let taskIDs = Set(snapshots.all.last?.tasks.map(\.id) ?? [])
        let readyTasks = Set(batches.all.flatMap(\.lines).filter { $0.triage?.kind == .ready }.compactMap(\.taskID))
        #expect(!readyTasks.isEmpty)
        #expect(readyTasks.isSubset(of: taskIDs))
    }
}
