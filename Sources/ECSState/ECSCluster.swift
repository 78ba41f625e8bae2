import Foundation

/// An ECS cluster as `describe-clusters` reports it.
public struct ECSCluster: Codable, Sendable, Equatable, Identifiable {
    public var id: String { name }
    public var name: String
    public var arn: String?
    /// ACTIVE, PROVISIONING, DEPROVISIONING, FAILED, INACTIVE; kept open.
    public var status: String?
    public var runningTasksCount: Int?
    public var pendingTasksCount: Int?
    public var activeServicesCount: Int?
    public var capacityProviders: [String]
    public var defaultCapacityProviderStrategy: [ECSCapacityProviderStrategyItem]
    /// `statistics` and `settings` name/value pairs (only with `--include`).
    public var statistics: [String: String]
    public var settings: [String: String]

    init?(json: JSONValue) {
        let arn = json["clusterArn"]?.stringValue
        guard let name = json["clusterName"]?.stringValue ?? arn.map(ECSARN.clusterName) else { return nil }
        self.name = name
        self.arn = arn
        status = json["status"]?.stringValue
        runningTasksCount = json["runningTasksCount"]?.intValue
        pendingTasksCount = json["pendingTasksCount"]?.intValue
        activeServicesCount = json["activeServicesCount"]?.intValue
        capacityProviders = json["capacityProviders"]?.arrayValue?.compactMap(\.stringValue) ?? []
        defaultCapacityProviderStrategy = ECSCapacityProviderStrategyItem.list(json["defaultCapacityProviderStrategy"])
        statistics = Dictionary(json["statistics"]?.namedValuePairs.map { ($0.name, $0.value) } ?? [], uniquingKeysWith: { a, _ in a })
        settings = Dictionary(json["settings"]?.namedValuePairs.map { ($0.name, $0.value) } ?? [], uniquingKeysWith: { a, _ in a })
    }
}

/// A `failures[]` entry: data, not an error (`MISSING` = stopped over an hour ago or wrong cluster).
public struct ECSFailure: Codable, Sendable, Equatable {
    public var arn: String?
    public var reason: String?
    public var detail: String?
    /// The export file it came from, so the UI can say where.
    public var file: String

    public init(arn: String?, reason: String?, detail: String?, file: String) {
        self.arn = arn; self.reason = reason; self.detail = detail; self.file = file
    }
}
