import Foundation
import Testing
@testable import ECSState

/// Fixture and temp-directory helpers shared by the ECSState tests.
enum Fixtures {
    static var root: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    }
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

/// A fresh directory under the system temp dir, removed by `cleanup()`.
struct TempDir {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ecsstate-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes in place (truncate + write), like a shell `>` redirect.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let p = file(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: p))
        return p
    }

    /// Writes to a hidden temp file and renames it over the target, like export-ecs-state.
    func writeAtomically(_ name: String, _ text: String) throws {
        let tmp = file(".\(name).\(UUID().uuidString).tmp")
        try Data(text.utf8).write(to: URL(fileURLWithPath: tmp))
        guard rename(tmp, file(name)) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// Builds describe-tasks JSON for tests in either CLI timestamp style.
enum ExportText {
    enum Style { case v1, v2 }

    static func time(_ seconds: Double, _ style: Style) -> String {
        switch style {
        case .v1: return String(seconds)
        case .v2:
            // -05:00 like a CLI v2 run in New York; whole seconds drop the fraction.
            let local = seconds - 5 * 3600
            let date = Date(timeIntervalSince1970: local.rounded(.down))
            var cal = Calendar(identifier: .gregorian)
            cal.timeZone = TimeZone(identifier: "UTC")!
            let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let frac = local - local.rounded(.down)
            let fracText = frac > 0 ? String(format: ".%06d", Int((frac * 1_000_000).rounded())) : ""
            return "\"" + String(format: "%04d-%02d-%02dT%02d:%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
                + fracText + "-05:00\""
        }
    }

    struct TaskSpec {
        var id: String
        var service = "ipfs-cluster-ipfs-node-us-east-1a"
        var ip: String
        var lastStatus = "RUNNING"
        var desiredStatus = "RUNNING"
        var startedAt: Double? = nil
        var stoppedAt: Double? = nil
        var stopCode: String? = nil
        var reason: String? = nil
        var version: Int? = nil
        var capacityProvider = "FARGATE"
        var family: String? = nil
    }

    static func task(_ t: TaskSpec, _ style: Style) -> String {
        var fields: [String] = [
            "\"taskArn\": \"arn:aws:ecs:us-east-1:123456789012:task/ipfs-cluster/\(t.id)\"",
            "\"clusterArn\": \"arn:aws:ecs:us-east-1:123456789012:cluster/ipfs-cluster\"",
            "\"taskDefinitionArn\": \"arn:aws:ecs:us-east-1:123456789012:task-definition/\(t.family ?? t.service):3\"",
            "\"group\": \"service:\(t.service)\"",
            "\"lastStatus\": \"\(t.lastStatus)\"", "\"desiredStatus\": \"\(t.desiredStatus)\"",
            "\"launchType\": \"FARGATE\"", "\"capacityProviderName\": \"\(t.capacityProvider)\"",
            "\"availabilityZone\": \"us-east-1a\"",
            """
            "attachments": [{"id": "a1", "type": "ElasticNetworkInterface", "status": "ATTACHED",
              "details": [{"name": "subnetId", "value": "subnet-1"}, {"name": "privateIPv4Address", "value": "\(t.ip)"}]}]
            """,
            """
            "containers": [{"name": "ipfs", "image": "ipfs/kubo:v0.36.0", "lastStatus": "\(t.lastStatus)", "healthStatus": "HEALTHY"},
                           {"name": "ipfs-cluster", "image": "ipfs/ipfs-cluster:v1.1.6", "lastStatus": "\(t.lastStatus)"\(t.stoppedAt != nil ? ", \"exitCode\": 137" : "")}]
            """,
        ]
        if let s = t.startedAt { fields.append("\"startedAt\": \(time(s, style))"); fields.append("\"createdAt\": \(time(s - 60, style))") }
        if let s = t.stoppedAt { fields.append("\"stoppingAt\": \(time(s - 30, style))"); fields.append("\"stoppedAt\": \(time(s, style))") }
        if let c = t.stopCode { fields.append("\"stopCode\": \"\(c)\"") }
        if let r = t.reason { fields.append("\"stoppedReason\": \"\(r)\"") }
        if let v = t.version { fields.append("\"version\": \(v)") }
        return "{" + fields.joined(separator: ",\n") + "}"
    }

    static func describeTasks(_ tasks: [TaskSpec], _ style: Style, failures: String = "") -> String {
        "{\n    \"tasks\": [\n" + tasks.map { task($0, style) }.joined(separator: ",\n") + "\n    ],\n    \"failures\": [\(failures)]\n}\n"
    }
}

/// Consumes a watcher's stream on its own task so tests can wait for a condition with a deadline
/// (a bare `for await` would hang forever if the expected snapshot never came).
actor SnapshotCollector {
    private(set) var snapshots: [ECSSnapshot] = []
    private var consumer: Task<Void, Never>?

    init(_ stream: AsyncStream<ECSSnapshot>) {
        Task { await self.start(stream) }
    }

    private func start(_ stream: AsyncStream<ECSSnapshot>) {
        consumer = Task { [weak self] in
            for await snapshot in stream { await self?.append(snapshot) }
        }
    }

    private func append(_ s: ECSSnapshot) { snapshots.append(s) }

    /// The newest snapshot satisfying `predicate`, waiting up to `timeout`.
    func wait(timeout: Duration = .seconds(10), _ predicate: @Sendable (ECSSnapshot) -> Bool) async -> ECSSnapshot? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let hit = snapshots.last(where: predicate) { return hit }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return snapshots.last(where: predicate)
    }

    func stop() { consumer?.cancel() }
}
