import ECSState
import Foundation
import LogTail

/// Where a fact came from. Shown next to every evidence item so an operator can tell a cluster
/// observation from an ECS export or a log line, and go check it there.
public enum EvidenceSource: String, Sendable, Codable, Hashable, CaseIterable {
    case cluster, ecs, logs, aws, gateway
}

/// One sample of a metric over time (free space, pin queue), kept so rules can read a trend
/// instead of a single value that may be stale or noisy.
public struct TimedValue: Sendable, Hashable, Codable {
    public var time: Date
    public var value: Double
    public init(time: Date, value: Double) { self.time = time; self.value = value }
}

/// An alert from `/health/alerts`, reduced to what triage reads.
public struct AlertEvidence: Sendable, Hashable, Codable {
    public var metric: String
    public var triggeredAt: Date
    public init(metric: String, triggeredAt: Date) { self.metric = metric; self.triggeredAt = triggeredAt }
}

/// One container of a task: exit code and reason explain an `EssentialContainerExited` stop.
public struct ContainerEvidence: Sendable, Hashable, Codable {
    public var name: String
    public var lastStatus: String?
    public var health: String?
    public var exitCode: Int?
    public var reason: String?
    public init(name: String, lastStatus: String? = nil, health: String? = nil, exitCode: Int? = nil, reason: String? = nil) {
        self.name = name; self.lastStatus = lastStatus; self.health = health; self.exitCode = exitCode; self.reason = reason
    }
}

/// What ECS says about one task of the peer. Plain strings (not ECSState's open enums) so the
/// evidence is Codable and can be written into a snapshot as is.
public struct TaskEvidence: Sendable, Hashable, Codable {
    public var taskID: String
    public var lastStatus: String?
    public var desiredStatus: String?
    public var health: String?
    public var capacityProvider: String?
    /// Where it ran (`us-east-1b`): an AZ outage shows as every affected task in one zone.
    public var availabilityZone: String?
    public var stopCode: String?
    public var stoppedReason: String?
    public var startedAt: Date?
    public var stoppingAt: Date?
    public var stoppedAt: Date?
    public var containers: [ContainerEvidence]
    /// The task's and its cluster's ARNs (for ready-to-paste ECS Exec lines in next steps).
    public var arn: String?
    public var clusterARN: String?

    public init(taskID: String, lastStatus: String? = nil, desiredStatus: String? = nil, health: String? = nil,
                capacityProvider: String? = nil, stopCode: String? = nil, stoppedReason: String? = nil,
                startedAt: Date? = nil, stoppingAt: Date? = nil, stoppedAt: Date? = nil, containers: [ContainerEvidence] = []) {
        self.taskID = taskID; self.lastStatus = lastStatus; self.desiredStatus = desiredStatus; self.health = health
        self.capacityProvider = capacityProvider; self.stopCode = stopCode; self.stoppedReason = stoppedReason
        self.startedAt = startedAt; self.stoppingAt = stoppingAt; self.stoppedAt = stoppedAt; self.containers = containers
    }

    /// From the ECS model the app already holds.
    public init(_ task: ECSTask) {
        self.init(taskID: task.id, lastStatus: task.lastStatus?.rawValue, desiredStatus: task.desiredStatus?.rawValue,
                  health: task.healthStatus?.rawValue, capacityProvider: task.capacityProviderName,
                  stopCode: task.stopCode?.rawValue, stoppedReason: task.stoppedReason, startedAt: task.startedAt,
                  stoppingAt: task.stoppingAt, stoppedAt: task.stoppedAt ?? task.executionStoppedAt,
                  containers: task.containers.map {
                      ContainerEvidence(name: $0.name, lastStatus: $0.lastStatus, health: $0.healthStatus?.rawValue,
                                        exitCode: $0.exitCode, reason: $0.reason)
                  })
        availabilityZone = task.availabilityZone
        arn = task.arn
        clusterARN = task.clusterARN
    }

    /// `aws ecs execute-command ... --container C --command "CMD"` on this task.
    public func execLine(container: String, command: String) -> String {
        ECSExecLine.make(taskARN: arn ?? "", clusterARN: clusterARN, taskID: taskID, container: container, command: command)
    }

    public var shortID: String { String(taskID.prefix(8)) }
    /// On its way out or gone: the peer it carries is not coming back on this task.
    public var isStoppingOrStopped: Bool {
        ECSTaskStatus(rawValue: lastStatus ?? "").isStoppingOrStopped || desiredStatus == "STOPPED"
    }
    /// When it stopped (or began to), for "3 min ago".
    public var stopTime: Date? { stoppingAt ?? stoppedAt }
}

/// A service event (`(service S) ...`).
public struct ServiceEventEvidence: Sendable, Hashable, Codable {
    public var time: Date?
    public var message: String
    public init(time: Date?, message: String) { self.time = time; self.message = message }
}

/// A log line that matters for triage: from the peer itself, or from a neighbour about it.
public struct LogEvidence: Sendable, Hashable, Codable {
    public var time: Date?
    /// Raw value of LogTail's `TriageKind`, when the classifier recognised the line.
    public var kindRaw: UInt8?
    public var level: String
    /// File or stream name.
    public var source: String
    public var message: String
    /// The peer that logged the line, when known.
    public var fromPeer: String?
    /// Who logged it, as an operator reads it ("IpfsCluster0 ipfs-cluster": peer name and
    /// container), set when the line's peer is known; the file path is only the fallback.
    public var logger: String?

    public init(time: Date?, kind: TriageKind?, level: LogLevel, source: String, message: String, fromPeer: String? = nil) {
        self.time = time; self.kindRaw = kind?.rawValue; self.level = level.word; self.source = source
        self.message = message; self.fromPeer = fromPeer
    }

    /// From a ring line (the app's `LogRing`); `fromPeer` is the line's peer once correlated.
    public init(_ line: LogLine) {
        self.init(time: line.time, kind: line.triage?.kind, level: line.level, source: line.source,
                  message: line.message, fromPeer: line.peer)
    }

    public var kind: TriageKind? { kindRaw.flatMap(TriageKind.init(rawValue:)) }
}

/// What the peer's own REST API address said when polled directly (see ``DirectPeers``).
public struct DirectAPIEvidence: Sendable, Hashable, Codable {
    /// `10.0.1.12:9094`.
    public var address: String
    public var answering: Bool
    /// Since when it does not answer (the cluster's clock).
    public var failingSince: Date?
    public var error: String?
    /// Its last answer (the cluster's clock).
    public var lastAnswer: Date?
    /// The main endpoint answered `/id` at the same time: the console's network is not the cause.
    public var mainAnswers: Bool
    /// The main endpoint answers for several peers (a load balancer).
    public var viaLoadBalancer: Bool
    /// Other peers' own addresses that answer: the console can reach the peers directly.
    public var othersAnswering: Int

    public init(address: String, answering: Bool, failingSince: Date? = nil, error: String? = nil, lastAnswer: Date? = nil,
                mainAnswers: Bool, viaLoadBalancer: Bool, othersAnswering: Int) {
        self.address = address; self.answering = answering; self.failingSince = failingSince; self.error = error
        self.lastAnswer = lastAnswer; self.mainAnswers = mainAnswers; self.viaLoadBalancer = viaLoadBalancer
        self.othersAnswering = othersAnswering
    }

    /// "connection refused", "connect timed out", or the error cut to one short line.
    public var shortError: String {
        guard let e = error else { return "no answer" }
        if e.contains("connection refused") { return "connection refused" }
        if e.contains("could not connect") { return "connect timed out" }
        if e.hasPrefix("no answer within") { return e }
        if e.hasPrefix("no data for") { return "no data (idle timeout)" }
        return TriageText.oneLine(e, limit: 60)
    }

    /// It does not answer while the main endpoint and other peers' addresses do: the peer's own
    /// API is down (not the console's network).
    public var isDownAlone: Bool { !answering && failingSince != nil && mainAnswers && othersAnswering > 0 }
}

/// Everything the console knows about one peer, assembled by the app from the state it holds.
/// Every field is optional or empty by default: triage works on whatever part is known.
public struct PeerEvidence: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// Last time the peer was listed in `/peers` without an error.
    public var lastSeen: Date?
    /// Set while the peer is absent from `/peers` (or listed only with an error).
    public var missingSince: Date?
    /// The `/peers` error entry (`context deadline exceeded`, `connection refused`...) and since when.
    public var errorText: String?
    public var errorSince: Date?
    /// The peer's own `cluster_peers` (nil when it could not be asked).
    public var clusterPeers: [String]?
    public var version: String?
    /// `ipfs.error` of its `/id`.
    public var ipfsError: String?
    /// Since when the console has seen that error (nil when it cannot know, e.g. headless).
    public var ipfsErrorSince: Date?
    /// When its last `ping` metric expires(d) (nil: no ping metric seen).
    public var pingExpiry: Date?
    public var alerts: [AlertEvidence]
    /// Oldest first.
    public var freespace: [TimedValue]
    /// Oldest first.
    public var pinQueue: [TimedValue]
    /// Pins allocated to it in an error state on it / queued on it.
    public var pinsInError: Int
    /// Queued or pinning (both wait on the peer).
    public var pinsQueued: Int
    /// Of those, pinning now (nil when unknown, e.g. in an older snapshot).
    public var pinsPinning: Int?
    /// A few error texts of those pins (e.g. `connect: connection refused` to IPFS), for the verdict.
    public var pinErrorSamples: [String]
    public var currentTask: TaskEvidence?
    public var previousTask: TaskEvidence?
    public var serviceName: String?
    /// Newest first.
    public var serviceEvents: [ServiceEventEvidence]
    /// Recent warn/error/triage lines from it and about it.
    public var logs: [LogEvidence]
    /// What EFS, the load balancer, Container Insights and CloudWatch alarms say about it.
    public var aws: AWSPeerEvidence? = nil
    /// Its own API address, when the console polls it directly.
    public var directAPI: DirectAPIEvidence? = nil

    public init(id: String, name: String = "", lastSeen: Date? = nil, missingSince: Date? = nil, errorText: String? = nil,
                errorSince: Date? = nil, clusterPeers: [String]? = nil, version: String? = nil, ipfsError: String? = nil,
                pingExpiry: Date? = nil, alerts: [AlertEvidence] = [], freespace: [TimedValue] = [], pinQueue: [TimedValue] = [],
                pinsInError: Int = 0, pinsQueued: Int = 0, pinErrorSamples: [String] = [], currentTask: TaskEvidence? = nil,
                previousTask: TaskEvidence? = nil, serviceName: String? = nil, serviceEvents: [ServiceEventEvidence] = [],
                logs: [LogEvidence] = []) {
        self.id = id; self.name = name; self.lastSeen = lastSeen; self.missingSince = missingSince
        self.errorText = errorText; self.errorSince = errorSince; self.clusterPeers = clusterPeers; self.version = version
        self.ipfsError = ipfsError; self.pingExpiry = pingExpiry; self.alerts = alerts; self.freespace = freespace
        self.pinQueue = pinQueue; self.pinsInError = pinsInError; self.pinsQueued = pinsQueued
        self.pinErrorSamples = pinErrorSamples; self.currentTask = currentTask; self.previousTask = previousTask
        self.serviceName = serviceName; self.serviceEvents = serviceEvents; self.logs = logs
    }

    /// Name for sentences: the peer name, else a short id.
    public var displayName: String { name.isEmpty ? PeerInfo.shortID(id) : name }
}

/// The input of one triage run: every known peer (healthy ones too, for membership and version
/// comparisons), the time of the observation, and optionally the cluster's own version.
public struct TriageEvidence: Sendable, Hashable, Codable {
    public var peers: [PeerEvidence]
    /// "Now" for ages. The app passes its clock; against a simulator running faster than real
    /// time, pass the newest observed time instead (see ``IncidentEvidence/observedAt(_:)``).
    public var observedAt: Date
    public var clusterVersion: String?
    /// AWS resources with a problem (or none) that no peer could be tied to.
    public var deploymentFindings: [DeploymentFinding] = []
    /// What the gateway probes say (nil: no gateway configured).
    public var gateway: GatewayEvidence?

    public init(peers: [PeerEvidence], observedAt: Date, clusterVersion: String? = nil,
                deploymentFindings: [DeploymentFinding] = [], gateway: GatewayEvidence? = nil) {
        self.peers = peers; self.observedAt = observedAt; self.clusterVersion = clusterVersion
        self.deploymentFindings = deploymentFindings; self.gateway = gateway
    }
}
