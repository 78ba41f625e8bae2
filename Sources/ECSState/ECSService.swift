import Foundation

/// One `capacityProviderStrategy` item (service, deployment or cluster default).
public struct ECSCapacityProviderStrategyItem: Codable, Sendable, Equatable {
    public var capacityProvider: String
    public var weight: Int?
    public var base: Int?

    static func list(_ json: JSONValue?) -> [Self] {
        (json?.arrayValue ?? []).compactMap { item in
            guard let name = item["capacityProvider"]?.stringValue else { return nil }
            return Self(capacityProvider: name, weight: item["weight"]?.intValue, base: item["base"]?.intValue)
        }
    }
}

/// A service deployment; `id` equals the `startedBy` of the tasks it launched.
public struct ECSDeployment: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    /// PRIMARY (newest), ACTIVE (old one draining), INACTIVE; kept open.
    public var status: String?
    /// IN_PROGRESS, COMPLETED, FAILED; kept open.
    public var rolloutState: String?
    public var rolloutStateReason: String?
    public var taskDefinitionARN: String?
    public var desiredCount: Int?
    public var runningCount: Int?
    public var pendingCount: Int?
    public var failedTasks: Int?
    public var createdAt: Date?
    public var updatedAt: Date?
    public var launchType: String?
    public var capacityProviderStrategy: [ECSCapacityProviderStrategyItem]

    init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue else { return nil }
        self.id = id
        status = json["status"]?.stringValue
        rolloutState = json["rolloutState"]?.stringValue
        rolloutStateReason = json["rolloutStateReason"]?.stringValue
        taskDefinitionARN = json["taskDefinition"]?.stringValue
        desiredCount = json["desiredCount"]?.intValue
        runningCount = json["runningCount"]?.intValue
        pendingCount = json["pendingCount"]?.intValue
        failedTasks = json["failedTasks"]?.intValue
        createdAt = ECSTimestamp.date(from: json["createdAt"])
        updatedAt = ECSTimestamp.date(from: json["updatedAt"])
        launchType = json["launchType"]?.stringValue
        capacityProviderStrategy = ECSCapacityProviderStrategyItem.list(json["capacityProviderStrategy"])
    }
}

/// A service event line (`(service S) has started 1 tasks: ...`).
public struct ECSServiceEvent: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var createdAt: Date?
    public var message: String

    public init(id: String, createdAt: Date?, message: String) {
        self.id = id; self.createdAt = createdAt; self.message = message
    }

    init?(json: JSONValue) {
        guard let message = json["message"]?.stringValue else { return nil }
        createdAt = ECSTimestamp.date(from: json["createdAt"])
        id = json["id"]?.stringValue ?? "\(createdAt?.timeIntervalSince1970 ?? 0)|\(message)"
        self.message = message
    }
}

/// An ECS service (one per availability zone in the reference deployment).
public struct ECSService: Codable, Sendable, Equatable, Identifiable {
    /// Service name: unique within a cluster and what task `group`s refer to.
    public var id: String { name }
    public var name: String
    public var arn: String?
    public var clusterARN: String?
    /// ACTIVE, DRAINING, INACTIVE; kept open.
    public var status: String?
    public var desiredCount: Int?
    public var runningCount: Int?
    public var pendingCount: Int?
    public var launchType: String?
    public var capacityProviderStrategy: [ECSCapacityProviderStrategyItem]
    public var taskDefinitionARN: String?
    /// Newest first as ECS prints them; merged copies are re-sorted by time.
    public var deployments: [ECSDeployment]
    /// Newest first.
    public var events: [ECSServiceEvent]
    public var serviceRegistryARNs: [String]
    public var createdAt: Date?

    /// The ServicesStable waiter's rule: one deployment and running == desired.
    public var isStable: Bool {
        deployments.count == 1 && runningCount != nil && runningCount == desiredCount
    }

    /// Time used to pick the newest of several copies of a service.
    var freshness: Date? { deployments.compactMap { $0.updatedAt ?? $0.createdAt }.max() }

    init?(json: JSONValue) {
        let arn = json["serviceArn"]?.stringValue
        guard let name = json["serviceName"]?.stringValue ?? arn.map(ECSARN.lastSegment) else { return nil }
        self.name = name
        self.arn = arn
        clusterARN = json["clusterArn"]?.stringValue
        status = json["status"]?.stringValue
        desiredCount = json["desiredCount"]?.intValue
        runningCount = json["runningCount"]?.intValue
        pendingCount = json["pendingCount"]?.intValue
        launchType = json["launchType"]?.stringValue
        capacityProviderStrategy = ECSCapacityProviderStrategyItem.list(json["capacityProviderStrategy"])
        taskDefinitionARN = json["taskDefinition"]?.stringValue
        deployments = json["deployments"]?.arrayValue?.compactMap(ECSDeployment.init(json:)) ?? []
        events = (json["events"]?.arrayValue?.compactMap(ECSServiceEvent.init(json:)) ?? []).sortedNewestFirst()
        serviceRegistryARNs = json["serviceRegistries"]?.arrayValue?.compactMap { $0["registryArn"]?.stringValue } ?? []
        createdAt = ECSTimestamp.date(from: json["createdAt"])
    }
}

extension Array where Element == ECSServiceEvent {
    /// Newest first; events without a time keep their relative order at the end.
    func sortedNewestFirst() -> [ECSServiceEvent] {
        enumerated().sorted { a, b in
            switch (a.element.createdAt, b.element.createdAt) {
            case let (x?, y?): return x != y ? x > y : a.offset < b.offset
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.offset < b.offset
            }
        }.map(\.element)
    }
}
