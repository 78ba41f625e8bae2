import ECSState
import Foundation

/// What the deployment around the cluster (EFS, the load balancer, Container Insights, CloudWatch
/// alarms) says about one peer, reduced to plain Codable values so it can sit in `PeerEvidence`
/// and be written into a snapshot as is. Built from ECSState's `PeerDeployment`.
public struct AWSPeerEvidence: Sendable, Hashable, Codable {
    public struct Target: Sendable, Hashable, Codable {
        public var group: String?
        public var targetID: String
        public var port: Int?
        public var state: String
        public var reason: String?
        public var description: String?
        public var isProblem: Bool
    }

    public struct Alarm: Sendable, Hashable, Codable {
        public var name: String
        public var state: String
        public var reason: String?
        public var since: Date?
        public var metric: String?
    }

    public var availabilityZone: String?
    public var fileSystemID: String?
    /// How the file system was tied to the peer's task (`taskDefinition`, `availabilityZone`, ...).
    public var efsMatch: String?
    public var throughputMode: String?
    public var burstCreditBalance: Double?
    /// Oldest first, for the trend the verdict quotes.
    public var burstCredits: [TimedValue] = []
    public var drainRatePerSecond: Double?
    public var timeLeft: TimeInterval?
    public var percentIOLimit: Double?
    public var permittedThroughput: Double?
    public var storageBytes: Double?
    public var efsSampledAt: Date?
    public var serviceName: String?
    public var cpuUtilized: Double?
    public var cpuReserved: Double?
    public var memoryUtilized: Double?
    public var memoryReserved: Double?
    public var insightsSampledAt: Date?
    public var targets: [Target] = []
    public var alarms: [Alarm] = []

    public init() {}

    public init(_ d: PeerDeployment) {
        availabilityZone = d.availabilityZone
        if let f = d.efs {
            fileSystemID = f.fileSystemID
            efsMatch = d.efsMatch?.rawValue
            throughputMode = f.throughputMode
            burstCreditBalance = f.burstCreditBalance
            burstCredits = f.burstCredits.suffix(60).map { TimedValue(time: $0.time, value: $0.value) }
            drainRatePerSecond = f.drainRatePerSecond
            timeLeft = f.timeLeft
            percentIOLimit = f.percentIOLimit
            permittedThroughput = f.permittedThroughput
            storageBytes = f.storageBytes
            efsSampledAt = f.lastSample
        }
        serviceName = d.serviceName
        if let c = d.containerInsights {
            cpuUtilized = c.cpuUtilized; cpuReserved = c.cpuReserved
            memoryUtilized = c.memoryUtilized; memoryReserved = c.memoryReserved
            insightsSampledAt = c.lastSample
        }
        targets = d.targets.map {
            Target(group: $0.targetGroupName, targetID: $0.targetID, port: $0.port, state: $0.state.rawValue,
                   reason: $0.reason, description: $0.description, isProblem: $0.state.isProblem)
        }
        alarms = d.alarms.map { a in
            Alarm(name: a.name, state: a.state, reason: a.stateReason, since: a.stateUpdatedAt,
                  metric: a.metricName.map { m in (a.namespace.map { $0 + " " } ?? "") + m })
        }
    }

    /// Credits gone or I/O at its limit (`EFSThresholds`).
    public var efsExhausted: Bool {
        (percentIOLimit.map { $0 >= EFSThresholds.ioLimitPercent } ?? false)
            || (burstCreditBalance.map { $0 <= EFSThresholds.exhaustedBytes } ?? false)
    }

    public var efsDraining: Bool { timeLeft.map { $0 <= EFSThresholds.drainWarning } ?? false }

    public var memoryShare: Double? {
        guard let u = memoryUtilized, let r = memoryReserved, r > 0 else { return nil }
        return u / r
    }

    public var cpuShare: Double? {
        guard let u = cpuUtilized, let r = cpuReserved, r > 0 else { return nil }
        return u / r
    }
}

extension TriageEvidenceBuilder {
    /// Sets each peer's AWS evidence from the deployment picture (peers joined by id) and
    /// returns the deployment-level findings, so no AWS problem is dropped.
    public static func attachDeployment(to peers: inout [PeerEvidence], picture: DeploymentPicture) -> [DeploymentFinding] {
        var findings = picture.findings
        let known = Set(peers.map(\.id))
        for i in peers.indices {
            if let d = picture.peer(id: peers[i].id) { peers[i].aws = AWSPeerEvidence(d) }
        }
        // A task with AWS trouble but no peer joined to it (the peer never answered, or the join
        // has no sighting yet): its problems are deployment-level, not lost.
        for d in picture.peers where d.peerID.map({ !known.contains($0) }) ?? true {
            let who = "task " + String((d.taskID ?? "?").prefix(8)) + (d.availabilityZone.map { " (\($0))" } ?? "")
            let e = AWSPeerEvidence(d)
            if e.efsExhausted, let fs = e.fileSystemID {
                findings.append(.init(kind: .fileSystem, subject: fs, text: "\(who): EFS \(fs) burst credits exhausted or I/O at its limit; no cluster peer is joined to this task", isProblem: true, since: e.efsSampledAt))
            }
            for t in e.targets where t.isProblem {
                findings.append(.init(kind: .target, subject: t.targetID, text: "\(who): ALB target \(t.targetID) \(t.state)\(t.reason.map { " (\($0))" } ?? ""); no cluster peer is joined to this task", isProblem: true))
            }
            for a in e.alarms where a.state == "ALARM" {
                findings.append(.init(kind: .alarm, subject: a.name, text: "\(who): alarm \(a.name) in ALARM; no cluster peer is joined to this task", isProblem: true, since: a.since))
            }
        }
        return findings
    }
}
