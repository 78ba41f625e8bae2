import Foundation

/// Where a container's awslogs go; needed to map log streams/files to tasks.
public struct ECSLogConfiguration: Codable, Sendable, Equatable {
    public var logDriver: String?
    public var group: String?
    public var streamPrefix: String?
    public var region: String?
    public var options: [String: String]
}

/// A container definition: the parts the console needs (identity, log routing, per-node env).
public struct ECSContainerDefinition: Sendable, Equatable {
    public var name: String
    public var image: String?
    /// ECS defaults `essential` to true when absent.
    public var essential: Bool
    /// Environment in file order; duplicates kept (the template sets CLUSTER_PEERNAME twice).
    public var environment: [(name: String, value: String)]
    public var command: [String]
    public var logConfiguration: ECSLogConfiguration?

    /// Every non-empty value of an environment variable, in order.
    public func environmentValues(_ name: String) -> [String] {
        environment.filter { $0.name == name && !$0.value.isEmpty }.map(\.value)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.image == b.image && a.essential == b.essential && a.command == b.command
            && a.logConfiguration == b.logConfiguration
            && a.environment.map(\.name) == b.environment.map(\.name)
            && a.environment.map(\.value) == b.environment.map(\.value)
    }

    init?(json: JSONValue) {
        guard let name = json["name"]?.stringValue else { return nil }
        self.name = name
        image = json["image"]?.stringValue
        essential = json["essential"]?.boolValue ?? true
        environment = json["environment"]?.namedValuePairs ?? []
        command = json["command"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if let log = json["logConfiguration"] {
            var options: [String: String] = [:]
            for (k, v) in log["options"]?.objectValue ?? [:] { if let s = v.stringValue { options[k] = s } }
            logConfiguration = ECSLogConfiguration(
                logDriver: log["logDriver"]?.stringValue, group: options["awslogs-group"],
                streamPrefix: options["awslogs-stream-prefix"], region: options["awslogs-region"], options: options)
        }
    }
}

/// A task definition revision.
public struct ECSTaskDefinition: Codable, Sendable, Equatable, Identifiable {
    /// `family:revision`, the form task ARNs end with.
    public var id: String { "\(family):\(revision)" }
    public var arn: String?
    public var family: String
    public var revision: Int
    public var status: String?
    public var cpu: String?
    public var memory: String?
    public var containerDefinitions: [ECSContainerDefinition]
    public var registeredAt: Date?
    /// `volumes[].efsVolumeConfiguration.fileSystemId`: ties the task to its EFS file system.
    public var efsFileSystemIDs: [String] = []

    /// CLUSTER_PEERNAME values from any container (the cluster container first), the name fallback
    /// of the peer join. Several values are possible because of the template's duplicate variable.
    public var clusterPeerNames: [String] {
        let ordered = containerDefinitions.sorted { a, _ in a.name.contains("cluster") }
        var seen = Set<String>()
        return ordered.flatMap { $0.environmentValues("CLUSTER_PEERNAME") }.filter { seen.insert($0).inserted }
    }

    /// awslogs group/prefix for a container (nil when it logs elsewhere or is unknown).
    public func logConfiguration(container: String) -> ECSLogConfiguration? {
        containerDefinitions.first { $0.name == container }?.logConfiguration
    }

    init?(json: JSONValue) {
        guard let defs = json["containerDefinitions"]?.arrayValue else { return nil }
        let arn = json["taskDefinitionArn"]?.stringValue
        let nameFromARN = arn.map(ECSARN.taskDefinitionName)
        guard let family = json["family"]?.stringValue
                ?? nameFromARN.flatMap({ n in n.lastIndex(of: ":").map { String(n[..<$0]) } }) else { return nil }
        self.arn = arn
        self.family = family
        revision = json["revision"]?.intValue
            ?? nameFromARN.flatMap { n in n.lastIndex(of: ":").flatMap { Int(n[n.index(after: $0)...]) } } ?? 0
        status = json["status"]?.stringValue
        cpu = json["cpu"].flatMap { $0.stringValue ?? $0.intValue.map(String.init) }
        memory = json["memory"].flatMap { $0.stringValue ?? $0.intValue.map(String.init) }
        containerDefinitions = defs.compactMap(ECSContainerDefinition.init(json:))
        registeredAt = ECSTimestamp.date(from: json["registeredAt"])
        efsFileSystemIDs = (json["volumes"]?.arrayValue ?? []).compactMap { $0["efsVolumeConfiguration"]?["fileSystemId"]?.stringValue }
    }
}

extension ECSTaskDefinition {
    /// Decoded by hand only so that a recording made before the EFS link existed (no
    /// `efsFileSystemIDs`) still replays: absent means none.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        arn = try c.decodeIfPresent(String.self, forKey: .arn)
        family = try c.decode(String.self, forKey: .family)
        revision = try c.decode(Int.self, forKey: .revision)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        cpu = try c.decodeIfPresent(String.self, forKey: .cpu)
        memory = try c.decodeIfPresent(String.self, forKey: .memory)
        containerDefinitions = try c.decode([ECSContainerDefinition].self, forKey: .containerDefinitions)
        registeredAt = try c.decodeIfPresent(Date.self, forKey: .registeredAt)
        efsFileSystemIDs = try c.decodeIfPresent([String].self, forKey: .efsFileSystemIDs) ?? []
    }
}
