import Foundation

/// An Application Load Balancer (`aws elbv2 describe-load-balancers`).
public struct ALBLoadBalancer: Codable, Sendable, Equatable, Identifiable {
    public var id: String { arn }
    public var arn: String
    public var name: String
    public var dnsName: String?
    public var scheme: String?
    public var state: String?
    public var stateReason: String?
    public var type: String?
    public var availabilityZones: [String]
    public var createdAt: Date?

    public init(arn: String, name: String, dnsName: String? = nil, scheme: String? = nil, state: String? = nil,
                stateReason: String? = nil, type: String? = nil, availabilityZones: [String] = [], createdAt: Date? = nil) {
        self.arn = arn; self.name = name; self.dnsName = dnsName; self.scheme = scheme; self.state = state
        self.stateReason = stateReason; self.type = type; self.availabilityZones = availabilityZones; self.createdAt = createdAt
    }

    /// `app/NAME/ID`: the `LoadBalancer` dimension of `AWS/ApplicationELB` metrics.
    public var dimensionValue: String? { ALBNames.dimension(arn, marker: ":loadbalancer/") }
}

/// A target group (`aws elbv2 describe-target-groups`): the deployment has one for 9094 (REST API)
/// and one for 8080 (gateway).
public struct ALBTargetGroup: Codable, Sendable, Equatable, Identifiable {
    public var id: String { arn }
    public var arn: String
    public var name: String
    public var port: Int?
    public var protocolName: String?
    public var targetType: String?
    public var healthCheckPath: String?
    public var healthCheckPort: String?
    public var healthCheckProtocol: String?
    public var healthyThreshold: Int?
    public var unhealthyThreshold: Int?
    public var healthCheckIntervalSeconds: Int?
    public var matcher: String?
    public var loadBalancerARNs: [String]

    public init(arn: String, name: String, port: Int? = nil, protocolName: String? = nil, targetType: String? = nil,
                healthCheckPath: String? = nil, healthCheckPort: String? = nil, healthCheckProtocol: String? = nil,
                healthyThreshold: Int? = nil, unhealthyThreshold: Int? = nil, healthCheckIntervalSeconds: Int? = nil,
                matcher: String? = nil, loadBalancerARNs: [String] = []) {
        self.arn = arn; self.name = name; self.port = port; self.protocolName = protocolName; self.targetType = targetType
        self.healthCheckPath = healthCheckPath; self.healthCheckPort = healthCheckPort; self.healthCheckProtocol = healthCheckProtocol
        self.healthyThreshold = healthyThreshold; self.unhealthyThreshold = unhealthyThreshold
        self.healthCheckIntervalSeconds = healthCheckIntervalSeconds; self.matcher = matcher; self.loadBalancerARNs = loadBalancerARNs
    }

    /// `targetgroup/NAME/ID`: the `TargetGroup` dimension of `AWS/ApplicationELB` metrics.
    public var dimensionValue: String? { ALBNames.dimension(arn, marker: ":targetgroup/") }
}

/// `TargetHealth.State`, open: AWS may add states, and an unknown one is shown as is.
public struct TargetHealthState: Codable, RawRepresentable, Sendable, Hashable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let initial = Self(rawValue: "initial")
    public static let healthy = Self(rawValue: "healthy")
    public static let unhealthy = Self(rawValue: "unhealthy")
    public static let unhealthyDraining = Self(rawValue: "unhealthy.draining")
    public static let unused = Self(rawValue: "unused")
    public static let draining = Self(rawValue: "draining")
    public static let unavailable = Self(rawValue: "unavailable")

    /// Out of rotation or on its way out: what the triage rule reports.
    public var isProblem: Bool { self == .unhealthy || self == .unhealthyDraining || self == .draining || self == .unavailable }
}

/// One target of one target group (`aws elbv2 describe-target-health`). The CLI output does not
/// name the target group; the reader fills `targetGroupARN` from the port when one group matches.
public struct ALBTargetHealth: Codable, Sendable, Equatable {
    /// The task's private IP for Fargate (`Target.Id`).
    public var targetID: String
    public var port: Int?
    public var availabilityZone: String?
    public var healthCheckPort: String?
    public var state: TargetHealthState
    /// `Target.Timeout`, `Target.FailedHealthChecks`, ... (nil when healthy).
    public var reason: String?
    public var description: String?
    public var targetGroupARN: String?
    /// File it came from (a target group is known only by its file when ports are ambiguous).
    public var file: String

    public init(targetID: String, port: Int? = nil, availabilityZone: String? = nil, healthCheckPort: String? = nil,
                state: TargetHealthState, reason: String? = nil, description: String? = nil,
                targetGroupARN: String? = nil, file: String = "") {
        self.targetID = targetID; self.port = port; self.availabilityZone = availabilityZone
        self.healthCheckPort = healthCheckPort; self.state = state; self.reason = reason
        self.description = description; self.targetGroupARN = targetGroupARN; self.file = file
    }
}

enum ALBNames {
    /// The part of an ELB ARN after `loadbalancer/` or `targetgroup/`, with that prefix for
    /// target groups (`targetgroup/NAME/ID`) as CloudWatch dimensions spell it.
    static func dimension(_ arn: String, marker: String) -> String? {
        guard let r = arn.range(of: marker) else { return nil }
        let rest = String(arn[r.upperBound...])
        return marker == ":targetgroup/" ? "targetgroup/" + rest : rest
    }
}
