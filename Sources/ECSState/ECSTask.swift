import Foundation

/// One container of a task as `describe-tasks` reports it. Optional fields stay optional because
/// they appear only at certain lifecycle points (no `exitCode` before the container stopped, no
/// `runtimeId` before it ran).
public struct ECSContainer: Codable, Sendable, Equatable {
    public var name: String
    public var image: String?
    public var imageDigest: String?
    public var lastStatus: String?
    public var healthStatus: ECSHealthStatus?
    public var exitCode: Int?
    public var reason: String?
    public var runtimeID: String?
    public var containerARN: String?
    public var privateIPv4: String?

    public init(name: String, image: String? = nil, imageDigest: String? = nil, lastStatus: String? = nil,
                healthStatus: ECSHealthStatus? = nil, exitCode: Int? = nil, reason: String? = nil,
                runtimeID: String? = nil, containerARN: String? = nil, privateIPv4: String? = nil) {
        self.name = name; self.image = image; self.imageDigest = imageDigest; self.lastStatus = lastStatus
        self.healthStatus = healthStatus; self.exitCode = exitCode; self.reason = reason
        self.runtimeID = runtimeID; self.containerARN = containerARN; self.privateIPv4 = privateIPv4
    }

    init?(json: JSONValue) {
        guard let name = json["name"]?.stringValue else { return nil }
        self.name = name
        image = json["image"]?.stringValue
        imageDigest = json["imageDigest"]?.stringValue
        lastStatus = json["lastStatus"]?.stringValue
        healthStatus = json["healthStatus"]?.stringValue.map(ECSHealthStatus.init(rawValue:))
        exitCode = json["exitCode"]?.intValue
        reason = json["reason"]?.stringValue
        runtimeID = json["runtimeId"]?.stringValue
        containerARN = json["containerArn"]?.stringValue
        privateIPv4 = json["networkInterfaces"]?.arrayValue?.lazy.compactMap { $0["privateIpv4Address"]?.stringValue }.first
    }
}

/// An ECS task: what ECS says about the process that carries one cluster peer. Built for the tasks
/// screen and for the peer join (private IP + running window).
public struct ECSTask: Codable, Sendable, Equatable, Identifiable {
    /// Task id (last ARN segment): stable key across files and CLI versions.
    public var id: String { ECSARN.lastSegment(arn) }
    /// First 8 characters of the id, the form operators recognise from the AWS console.
    public var shortID: String { String(id.prefix(8)) }

    public var arn: String
    public var clusterARN: String?
    public var taskDefinitionARN: String?
    /// `service:<name>` for service tasks, `family:<family>` for run-task.
    public var group: String?
    public var startedBy: String?
    public var lastStatus: ECSTaskStatus?
    public var desiredStatus: ECSTaskStatus?
    public var healthStatus: ECSHealthStatus?
    public var connectivity: String?
    public var availabilityZone: String?
    public var launchType: String?
    /// `FARGATE` or `FARGATE_SPOT`: the only per-task sign of Spot.
    public var capacityProviderName: String?
    public var cpu: String?
    public var memory: String?
    public var platformVersion: String?
    /// From the ENI attachment's `privateIPv4Address` (falling back to the containers' interfaces).
    public var privateIPv4: String?
    public var subnetID: String?
    public var eniStatus: String?
    public var connectivityAt: Date?
    public var createdAt: Date?
    public var pullStartedAt: Date?
    public var pullStoppedAt: Date?
    public var startedAt: Date?
    public var stoppingAt: Date?
    public var executionStoppedAt: Date?
    public var stoppedAt: Date?
    public var stopCode: ECSStopCode?
    /// Free text; empty strings (moto on running tasks) are normalised to nil.
    public var stoppedReason: String?
    /// Incremented by ECS on every state change; picks the newest of several copies.
    public var version: Int?
    public var containers: [ECSContainer]

    public init(arn: String, containers: [ECSContainer] = []) {
        self.arn = arn
        self.containers = containers
    }

    /// Cluster name (from the cluster ARN).
    public var clusterName: String? { clusterARN.map(ECSARN.clusterName) }
    /// Service name when the task belongs to a service (`group` = `service:<name>`).
    public var serviceName: String? {
        guard let group, group.hasPrefix("service:") else { return nil }
        return String(group.dropFirst("service:".count))
    }
    /// `family:revision` of the task definition.
    public var taskDefinitionName: String? { taskDefinitionARN.map(ECSARN.taskDefinitionName) }
    public var taskDefinitionFamily: String? {
        taskDefinitionName.map { name in name.lastIndex(of: ":").map { String(name[..<$0]) } ?? name }
    }

    /// True while ECS means the task to run and it has not started to stop.
    public var isActive: Bool {
        !(lastStatus?.isStoppingOrStopped ?? false) && desiredStatus != .stopped
    }

    /// When the task began to carry traffic: started, else created (moto leaves both out).
    public var windowStart: Date? { startedAt ?? pullStartedAt ?? createdAt }
    /// When the task stopped carrying traffic; nil while it runs or when ECS did not say.
    public var windowEnd: Date? { stoppingAt ?? executionStoppedAt ?? stoppedAt }

    init?(json: JSONValue) {
        guard let arn = json["taskArn"]?.stringValue, !arn.isEmpty else { return nil }
        self.arn = arn
        clusterARN = json["clusterArn"]?.stringValue
        taskDefinitionARN = json["taskDefinitionArn"]?.stringValue
        group = json["group"]?.stringValue
        startedBy = json["startedBy"]?.stringValue
        lastStatus = json["lastStatus"]?.stringValue.map(ECSTaskStatus.init(rawValue:))
        desiredStatus = json["desiredStatus"]?.stringValue.map(ECSTaskStatus.init(rawValue:))
        healthStatus = json["healthStatus"]?.stringValue.map(ECSHealthStatus.init(rawValue:))
        connectivity = json["connectivity"]?.stringValue
        availabilityZone = json["availabilityZone"]?.stringValue
        launchType = json["launchType"]?.stringValue
        capacityProviderName = json["capacityProviderName"]?.stringValue
        cpu = json["cpu"].flatMap { $0.stringValue ?? $0.intValue.map(String.init) }
        memory = json["memory"].flatMap { $0.stringValue ?? $0.intValue.map(String.init) }
        platformVersion = json["platformVersion"]?.stringValue
        connectivityAt = ECSTimestamp.date(from: json["connectivityAt"])
        createdAt = ECSTimestamp.date(from: json["createdAt"])
        pullStartedAt = ECSTimestamp.date(from: json["pullStartedAt"])
        pullStoppedAt = ECSTimestamp.date(from: json["pullStoppedAt"])
        startedAt = ECSTimestamp.date(from: json["startedAt"])
        stoppingAt = ECSTimestamp.date(from: json["stoppingAt"])
        executionStoppedAt = ECSTimestamp.date(from: json["executionStoppedAt"])
        stoppedAt = ECSTimestamp.date(from: json["stoppedAt"])
        stopCode = json["stopCode"]?.stringValue.map(ECSStopCode.init(rawValue:))
        if let reason = json["stoppedReason"]?.stringValue, !reason.isEmpty { stoppedReason = reason }
        version = json["version"]?.intValue
        containers = json["containers"]?.arrayValue?.compactMap(ECSContainer.init(json:)) ?? []
        for attachment in json["attachments"]?.arrayValue ?? [] {
            guard attachment["type"]?.stringValue == "ElasticNetworkInterface" || attachment["type"] == nil else { continue }
            let details = attachment["details"]?.namedValuePairs ?? []
            if let ip = details.first(where: { $0.name == "privateIPv4Address" })?.value, !ip.isEmpty {
                privateIPv4 = ip
                subnetID = details.first(where: { $0.name == "subnetId" })?.value
                eniStatus = attachment["status"]?.stringValue
                break
            }
        }
        if privateIPv4 == nil { privateIPv4 = containers.lazy.compactMap(\.privateIPv4).first }
    }
}
