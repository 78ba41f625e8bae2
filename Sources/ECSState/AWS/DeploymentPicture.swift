import Foundation

/// The deployment around the cluster, joined to its peers: what EFS, Container Insights, the load
/// balancer, CloudWatch alarms and Cloud Map say, per peer where the figure can be tied to one,
/// and as deployment-level findings where it cannot. Built by `DeploymentJoin` from an
/// `ECSSnapshot` (with its `aws` part) and the task <-> peer correlation; a value, rebuilt on
/// every change, read by the overview screen, the triage rules and the snapshot report alike.
public struct DeploymentPicture: Sendable, Equatable {
    /// One entry per active task (and per peer whose task is known), peers first by name.
    public var peers: [PeerDeployment] = []
    /// Every file system with its figures, mapped or not.
    public var fileSystems: [EFSFigures] = []
    /// Container Insights per service.
    public var services: [ServiceFigures] = []
    public var loadBalancers: [ALBLoadBalancer] = []
    public var targetGroups: [TargetGroupFigures] = []
    /// Every alarm, ALARM first.
    public var alarms: [CloudWatchAlarm] = []
    /// Newest first.
    public var alarmHistory: [AlarmHistoryItem] = []
    public var metricFilters: [LogMetricFilter] = []
    /// What could not be tied to any peer: never dropped, shown on the triage screen.
    public var findings: [DeploymentFinding] = []
    /// Time the figures were judged at ("time left" and staleness are relative to it).
    public var observedAt: Date

    public init(observedAt: Date) { self.observedAt = observedAt }

    public func peer(id: String) -> PeerDeployment? { peers.first { $0.peerID == id } }
    public func task(id: String) -> PeerDeployment? { peers.first { $0.taskID == id } }
    /// Alarms currently in ALARM.
    public var firing: [CloudWatchAlarm] { alarms.filter(\.isInAlarm) }
}

/// What the deployment says about one peer (or one task no peer could be tied to yet).
public struct PeerDeployment: Sendable, Equatable {
    /// nil while the task is not joined to a peer.
    public var peerID: String?
    public var taskID: String?
    public var availabilityZone: String?
    public var serviceName: String?
    public var privateIPv4: String?
    /// How the EFS volume was tied to this task.
    public var efsMatch: EFSMatch?
    public var efs: EFSFigures?
    /// Container Insights of the task's service (one task per service in this deployment).
    public var containerInsights: ServiceFigures?
    /// Its targets in every target group (9094 and 8080).
    public var targets: [TargetFigure] = []
    /// Alarms whose dimensions name this peer's file system, service, task definition family,
    /// target group entry or log group (through a metric filter).
    public var alarms: [CloudWatchAlarm] = []
    public var cloudMap: [CloudMapInstance] = []
    /// Metric filters on the task's log groups.
    public var metricFilters: [LogMetricFilter] = []

    public init(peerID: String?, taskID: String?) { self.peerID = peerID; self.taskID = taskID }

    public var firingAlarms: [CloudWatchAlarm] { alarms.filter(\.isInAlarm) }
    public var troubledTargets: [TargetFigure] { targets.filter { $0.state.isProblem } }
}

/// How a file system was tied to a task, strongest first.
public enum EFSMatch: String, Sendable, Equatable {
    /// The task definition's `efsVolumeConfiguration.fileSystemId`.
    case taskDefinition
    /// A mount target in the task's subnet.
    case mountTargetSubnet
    /// The One Zone file system's AZ (or its only mount target's) is the task's AZ.
    case availabilityZone
}

/// EFS figures of one file system: credits, how fast they go, and whether I/O is throttled.
public struct EFSFigures: Sendable, Equatable {
    public var fileSystemID: String
    public var name: String?
    public var availabilityZone: String?
    public var throughputMode: String?
    public var mountTargets: [EFSMountTarget] = []
    /// `BurstCreditBalance` (bytes), Minimum preferred; oldest first.
    public var burstCredits: [MetricPoint] = []
    public var burstCreditBalance: Double?
    /// Bytes of credit spent per second over the last half hour (positive: draining).
    public var drainRatePerSecond: Double?
    /// Balance / drain rate: when credits run out at the current rate (nil unless draining).
    public var timeLeft: TimeInterval?
    /// `PercentIOLimit`, latest (Maximum preferred): near 100 means I/O is throttled.
    public var percentIOLimit: Double?
    public var percentIOLimitSeries: [MetricPoint] = []
    /// `PermittedThroughput`, bytes/s: falls to the baseline once credits are gone.
    public var permittedThroughput: Double?
    /// `MeteredIOBytes` per second (Sum / period) over the latest period, when exported.
    public var meteredThroughput: Double?
    /// `StorageBytes` (StorageClass Total), else `SizeInBytes` of describe-file-systems.
    public var storageBytes: Double?
    public var lastSample: Date?

    public init(fileSystemID: String) { self.fileSystemID = fileSystemID }

    /// Credits at (or within 1 % of) zero, or I/O at its limit.
    public var isExhausted: Bool {
        (percentIOLimit.map { $0 >= EFSThresholds.ioLimitPercent } ?? false)
            || (burstCreditBalance.map { $0 <= EFSThresholds.exhaustedBytes } ?? false)
    }
    /// Draining with less than `EFSThresholds.drainWarning` left.
    public var isDraining: Bool {
        guard let t = timeLeft else { return false }
        return t <= EFSThresholds.drainWarning
    }
}

/// Thresholds the EFS figures are judged by, in one place so the rules and the screen agree.
public enum EFSThresholds {
    /// `PercentIOLimit` at or above this is throttled I/O.
    public static let ioLimitPercent = 95.0
    /// A balance this low is "no credits" (AWS's smallest unit of change is far larger).
    public static let exhaustedBytes = 1_048_576.0 * 64
    /// Time to exhaustion below which a draining file system is reported.
    public static let drainWarning: TimeInterval = 6 * 3600
}

/// Container Insights for one service (dimensions `ClusterName` + `ServiceName`).
public struct ServiceFigures: Sendable, Equatable {
    public var serviceName: String
    public var clusterName: String?
    public var cpuUtilized: Double?
    public var cpuReserved: Double?
    public var memoryUtilized: Double?
    public var memoryReserved: Double?
    public var runningTaskCount: Double?
    public var pendingTaskCount: Double?
    /// Oldest first, for sparklines.
    public var cpuSeries: [MetricPoint] = []
    public var memorySeries: [MetricPoint] = []
    public var lastSample: Date?

    public init(serviceName: String) { self.serviceName = serviceName }

    /// Utilised / reserved, 0...1+ (nil unless both known and reserved > 0).
    public var cpuShare: Double? { share(cpuUtilized, cpuReserved) }
    public var memoryShare: Double? { share(memoryUtilized, memoryReserved) }

    private func share(_ used: Double?, _ reserved: Double?) -> Double? {
        guard let used, let reserved, reserved > 0 else { return nil }
        return used / reserved
    }
}

/// One target of one target group, with the group's name and port for display.
public struct TargetFigure: Sendable, Equatable {
    public var targetGroupName: String?
    public var targetGroupARN: String?
    public var targetID: String
    public var port: Int?
    public var availabilityZone: String?
    public var state: TargetHealthState
    public var reason: String?
    public var description: String?

    public init(_ h: ALBTargetHealth, group: ALBTargetGroup?) {
        targetGroupName = group?.name; targetGroupARN = h.targetGroupARN; targetID = h.targetID; port = h.port
        availabilityZone = h.availabilityZone; state = h.state; reason = h.reason; description = h.description
    }
}

/// A target group with its CloudWatch figures and targets.
public struct TargetGroupFigures: Sendable, Equatable {
    public var group: ALBTargetGroup
    public var healthyHostCount: Double?
    public var unhealthyHostCount: Double?
    /// Seconds (Average).
    public var targetResponseTime: Double?
    /// `HTTPCode_Target_5XX_Count` (Sum) in the latest period.
    public var target5xxCount: Double?
    public var requestCount: Double?
    public var targets: [TargetFigure] = []

    public init(group: ALBTargetGroup) { self.group = group }
}

/// Something about the deployment no peer could be tied to (or that concerns all of it).
public struct DeploymentFinding: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, Hashable {
        case alarm, fileSystem, target, metric, loadBalancer
        /// The IPFS gateway in front of the peers (content pinned but not served, or the
        /// gateway unreachable).
        case gateway
    }

    public var kind: Kind
    /// The resource: alarm name, file system id, target IP, series label, CID or gateway URL.
    public var subject: String
    /// One sentence for the triage screen and the report.
    public var text: String
    /// A problem (alarm in ALARM, credits draining, target unhealthy) rather than a plain
    /// unmatched resource: the triage screen lists problems, the overview lists all.
    public var isProblem: Bool
    public var since: Date?
    /// Facts under the sentence, one per line (what was asked, what came back, when).
    public var evidence: [String] = []
    /// What to do about it, in words or as commands to paste.
    public var nextSteps: [String] = []

    public init(kind: Kind, subject: String, text: String, isProblem: Bool, since: Date? = nil,
                evidence: [String] = [], nextSteps: [String] = []) {
        self.kind = kind; self.subject = subject; self.text = text; self.isProblem = isProblem; self.since = since
        self.evidence = evidence; self.nextSteps = nextSteps
    }

    enum CodingKeys: String, CodingKey { case kind, subject, text, isProblem, since, evidence, nextSteps }

    /// Findings written before `evidence` and `nextSteps` existed read with both empty.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(Kind.self, forKey: .kind)
        subject = try c.decode(String.self, forKey: .subject)
        text = try c.decode(String.self, forKey: .text)
        isProblem = try c.decode(Bool.self, forKey: .isProblem)
        since = try c.decodeIfPresent(Date.self, forKey: .since)
        evidence = try c.decodeIfPresent([String].self, forKey: .evidence) ?? []
        nextSteps = try c.decodeIfPresent([String].self, forKey: .nextSteps) ?? []
    }
}
