import Foundation

/// Ties the AWS exports to tasks and peers. Pure: same inputs, same picture.
///
/// How each figure finds its peer: the task definition's EFS volume (else a mount target in the
/// task's subnet, else the One Zone file system of the task's AZ); Container Insights by service
/// name; targets by the task's private IP; Cloud Map instances by task id or IP; metric filters
/// by the task's log groups; alarms by any of those dimensions (or by a metric a filter on the
/// peer's log group produces). Whatever matches no task becomes a `DeploymentFinding`.
public enum DeploymentJoin {
    public static func join(_ ecs: ECSSnapshot, correlation: PeerTaskCorrelation?, now: Date) -> DeploymentPicture {
        let aws = ecs.aws
        var picture = DeploymentPicture(observedAt: now)
        picture.fileSystems = fileSystemFigures(aws)
        picture.services = serviceFigures(aws, ecs: ecs)
        picture.loadBalancers = aws.loadBalancers
        picture.targetGroups = targetGroupFigures(aws)
        picture.alarms = aws.alarms.sorted { ($0.isInAlarm ? 0 : 1, $0.name) < ($1.isInAlarm ? 0 : 1, $1.name) }
        picture.alarmHistory = aws.alarmHistory
        picture.metricFilters = aws.metricFilters

        var entries = selectTasks(ecs, correlation: correlation)
        for i in entries.indices {
            guard let task = entries[i].taskID.flatMap(ecs.task(id:)) else { continue }
            attach(&entries[i], task: task, ecs: ecs, picture: picture)
        }
        picture.peers = entries
        picture.findings = findings(picture, ecs: ecs)
        return picture
    }

    // MARK: which tasks

    /// One entry per peer with a known task (its current one, else the one that explains its
    /// absence, else its latest), then one per active task no peer is joined to.
    static func selectTasks(_ ecs: ECSSnapshot, correlation: PeerTaskCorrelation?) -> [PeerDeployment] {
        var out: [PeerDeployment] = []
        var used = Set<String>()
        for (peerID, link) in (correlation?.peers ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let taskID = link.currentTaskID ?? link.likelyCauseTaskID ?? link.previousTaskIDs.first else { continue }
            out.append(PeerDeployment(peerID: peerID, taskID: taskID))
            used.insert(taskID)
        }
        for task in ecs.tasks where task.isActive && !used.contains(task.id) {
            out.append(PeerDeployment(peerID: nil, taskID: task.id))
            used.insert(task.id)
        }
        return out
    }

    static func attach(_ e: inout PeerDeployment, task: ECSTask, ecs: ECSSnapshot, picture: DeploymentPicture) {
        let aws = ecs.aws
        e.availabilityZone = task.availabilityZone
        e.serviceName = task.serviceName
        e.privateIPv4 = task.privateIPv4
        let definition = ecs.taskDefinition(for: task)
        if let (fs, how) = fileSystem(for: task, definition: definition, aws: aws, figures: picture.fileSystems) {
            e.efs = fs; e.efsMatch = how
        }
        if let service = task.serviceName { e.containerInsights = picture.services.first { $0.serviceName == service } }
        if let ip = task.privateIPv4 {
            e.targets = picture.targetGroups.flatMap(\.targets).filter { $0.targetID == ip }
        }
        e.cloudMap = aws.cloudMapInstances.filter { $0.id == task.id || ($0.ipv4 != nil && $0.ipv4 == task.privateIPv4) }
        let groups = Set(definition?.containerDefinitions.compactMap { $0.logConfiguration?.group } ?? [])
        e.metricFilters = aws.metricFilters.filter { $0.logGroup.map(groups.contains) ?? false }
        e.alarms = picture.alarms.filter { alarm in
            matches(alarm, entry: e, family: definition?.family)
        }
    }

    /// The alarm watches one of this entry's resources.
    static func matches(_ alarm: CloudWatchAlarm, entry e: PeerDeployment, family: String?) -> Bool {
        for m in alarm.watchedMetrics {
            let d = m.dimensions
            if let fs = d["FileSystemId"], fs == e.efs?.fileSystemID { return true }
            if let s = d["ServiceName"], s == e.serviceName { return true }
            if let f = d["TaskDefinitionFamily"], f == family { return true }
            if let t = d["TaskId"], t == e.taskID { return true }
            let produced = e.metricFilters.flatMap(\.transformations)
            if produced.contains(where: { $0.metricName == m.metricName && (m.namespace == nil || $0.namespace == m.namespace) }) {
                return true
            }
        }
        return false
    }

    static func fileSystem(for task: ECSTask, definition: ECSTaskDefinition?, aws: AWSSnapshot,
                           figures: [EFSFigures]) -> (EFSFigures, EFSMatch)? {
        func figure(_ id: String) -> EFSFigures? { figures.first { $0.fileSystemID == id } }
        for id in definition?.efsFileSystemIDs ?? [] { if let f = figure(id) { return (f, .taskDefinition) } }
        if let subnet = task.subnetID, let mt = aws.mountTargets.first(where: { $0.subnetID == subnet }),
           let f = figure(mt.fileSystemID) {
            return (f, .mountTargetSubnet)
        }
        if let az = task.availabilityZone {
            let inAZ = figures.filter { $0.availabilityZone == az
                || ($0.availabilityZone == nil && !$0.mountTargets.isEmpty && $0.mountTargets.allSatisfy { $0.availabilityZone == az }) }
            if inAZ.count == 1 { return (inAZ[0], .availabilityZone) }
        }
        return nil
    }

    // MARK: figures

    static func fileSystemFigures(_ aws: AWSSnapshot) -> [EFSFigures] {
        var ids = aws.fileSystems.map(\.id)
        for s in aws.metrics.series where s.identity.namespace == "AWS/EFS" || s.identity.namespace == nil {
            if let id = s.identity.dimensions["FileSystemId"], !ids.contains(id) { ids.append(id) }
        }
        return ids.map { id in
            var f = EFSFigures(fileSystemID: id)
            let fs = aws.fileSystem(id: id)
            f.name = fs?.name
            f.throughputMode = fs?.throughputMode
            f.mountTargets = aws.mountTargets.filter { $0.fileSystemID == id }
            f.availabilityZone = fs?.availabilityZone
            let m = aws.metrics
            let dims = ["FileSystemId": id]
            if let s = m.find("BurstCreditBalance", namespace: "AWS/EFS", dimensions: dims, preferring: "Minimum") {
                f.burstCredits = s.points
                f.burstCreditBalance = s.latest?.value
                f.lastSample = s.latest?.time
                if let rate = s.ratePerSecond(), rate < 0 {
                    f.drainRatePerSecond = -rate
                    f.timeLeft = (s.latest?.value ?? 0) / -rate
                } else if let rate = s.ratePerSecond() {
                    f.drainRatePerSecond = -rate
                }
            }
            if let s = m.find("PercentIOLimit", namespace: "AWS/EFS", dimensions: dims, preferring: "Maximum") {
                f.percentIOLimit = s.latest?.value
                f.percentIOLimitSeries = s.points
                f.lastSample = max(f.lastSample ?? .distantPast, s.latest?.time ?? .distantPast)
            }
            f.permittedThroughput = m.find("PermittedThroughput", namespace: "AWS/EFS", dimensions: dims, preferring: "Average")?.latest?.value
            if let s = m.find("MeteredIOBytes", namespace: "AWS/EFS", dimensions: dims, preferring: "Sum"), s.points.count >= 2 {
                let a = s.points[s.points.count - 2], b = s.points[s.points.count - 1]
                let period = b.time.timeIntervalSince(a.time)
                if period > 0 { f.meteredThroughput = b.value / period }
            }
            f.storageBytes = m.find("StorageBytes", namespace: "AWS/EFS", dimensions: ["FileSystemId": id, "StorageClass": "Total"])?.latest?.value
                ?? fs?.sizeBytes
            return f
        }
    }

    static func serviceFigures(_ aws: AWSSnapshot, ecs: ECSSnapshot) -> [ServiceFigures] {
        let ns = "ECS/ContainerInsights"
        var names = ecs.services.map(\.name)
        for s in aws.metrics.series where s.identity.namespace == ns || s.identity.namespace == nil {
            if let n = s.identity.dimensions["ServiceName"], !names.contains(n) { names.append(n) }
        }
        return names.compactMap { name in
            var f = ServiceFigures(serviceName: name)
            let dims = ["ServiceName": name]
            let m = aws.metrics
            func latest(_ metric: String) -> MetricSeries? { m.find(metric, namespace: ns, dimensions: dims, preferring: "Average") }
            let cpu = latest("CpuUtilized"), mem = latest("MemoryUtilized")
            f.cpuUtilized = cpu?.latest?.value
            f.cpuReserved = latest("CpuReserved")?.latest?.value
            f.memoryUtilized = mem?.latest?.value
            f.memoryReserved = latest("MemoryReserved")?.latest?.value
            f.runningTaskCount = latest("RunningTaskCount")?.latest?.value
            f.pendingTaskCount = latest("PendingTaskCount")?.latest?.value
            f.cpuSeries = cpu?.points ?? []
            f.memorySeries = mem?.points ?? []
            f.clusterName = (cpu ?? mem)?.identity.dimensions["ClusterName"]
            f.lastSample = [cpu?.latest?.time, mem?.latest?.time].compactMap { $0 }.max()
            // A service with no Container Insights at all is left out (nothing to show).
            let any = [f.cpuUtilized, f.cpuReserved, f.memoryUtilized, f.memoryReserved, f.runningTaskCount].contains { $0 != nil }
            return any ? f : nil
        }
    }

    static func targetGroupFigures(_ aws: AWSSnapshot) -> [TargetGroupFigures] {
        let ns = "AWS/ApplicationELB"
        var out = aws.targetGroups.map { group -> TargetGroupFigures in
            var f = TargetGroupFigures(group: group)
            f.targets = aws.targetHealth.filter { $0.targetGroupARN == group.arn }.map { TargetFigure($0, group: group) }
            if let dim = group.dimensionValue {
                let dims = ["TargetGroup": dim]
                let m = aws.metrics
                // Per-AZ copies exist too; the series without AvailabilityZone is the group's own.
                func value(_ metric: String, _ stat: String) -> Double? {
                    let hits = m.series.filter { $0.identity.metricName == metric && $0.identity.dimensions["TargetGroup"] == dim
                        && ($0.identity.namespace == nil || $0.identity.namespace == ns) }
                    let pick = hits.first { $0.identity.dimensions["AvailabilityZone"] == nil && $0.identity.stat == stat }
                        ?? hits.first { $0.identity.dimensions["AvailabilityZone"] == nil } ?? hits.first
                    _ = dims
                    return pick?.latest?.value
                }
                f.healthyHostCount = value("HealthyHostCount", "Minimum")
                f.unhealthyHostCount = value("UnHealthyHostCount", "Maximum")
                f.targetResponseTime = value("TargetResponseTime", "Average")
                f.target5xxCount = value("HTTPCode_Target_5XX_Count", "Sum")
                f.requestCount = value("RequestCount", "Sum")
            }
            return f
        }
        // Targets whose group is unknown (ambiguous port, group not exported) still count.
        let orphans = aws.targetHealth.filter { h in h.targetGroupARN == nil || aws.targetGroup(arn: h.targetGroupARN!) == nil }
        if !orphans.isEmpty {
            var f = TargetGroupFigures(group: ALBTargetGroup(arn: "", name: "(unknown target group)"))
            f.targets = orphans.map { TargetFigure($0, group: nil) }
            out.append(f)
        }
        return out
    }

    // MARK: findings

    static func findings(_ picture: DeploymentPicture, ecs: ECSSnapshot) -> [DeploymentFinding] {
        var out: [DeploymentFinding] = []
        let mappedFS = Set(picture.peers.compactMap { $0.efs?.fileSystemID })
        for f in picture.fileSystems where !mappedFS.contains(f.fileSystemID) {
            let problem = f.isExhausted || f.isDraining
            var text = "file system \(f.fileSystemID)" + (f.availabilityZone.map { " (\($0))" } ?? "") + " is used by no known task"
            if f.isExhausted { text += "; burst credits exhausted or I/O at its limit" }
            else if let t = f.timeLeft, f.isDraining { text += "; burst credits run out in \(DeploymentText.span(t))" }
            out.append(DeploymentFinding(kind: .fileSystem, subject: f.fileSystemID, text: text, isProblem: problem, since: f.lastSample))
        }
        let mappedAlarms = Set(picture.peers.flatMap { $0.alarms.map(\.name) })
        for a in picture.alarms where !mappedAlarms.contains(a.name) {
            var text = "alarm \(a.name) is \(a.state)"
            if let m = a.metricName { text += " on \(a.namespace.map { $0 + " " } ?? "")\(m)" }
            if let r = a.stateReason, a.isInAlarm { text += ": \(r)" }
            out.append(DeploymentFinding(kind: .alarm, subject: a.name, text: text, isProblem: a.isInAlarm, since: a.stateUpdatedAt))
        }
        let known = Set(picture.peers.compactMap(\.privateIPv4))
        for g in picture.targetGroups {
            for t in g.targets where !known.contains(t.targetID) {
                let owner = ecs.tasks.first { $0.privateIPv4 == t.targetID }
                var text = "target \(t.targetID)" + (t.port.map { ":\($0)" } ?? "") + " in \(g.group.name) is \(t.state.rawValue)"
                if let r = t.reason { text += " (\(r))" }
                text += owner.map { "; it was task \($0.shortID)'s IP (\($0.lastStatus?.rawValue ?? "?"))" } ?? "; its IP is no known task's"
                out.append(DeploymentFinding(kind: .target, subject: t.targetID, text: text, isProblem: t.state.isProblem))
            }
        }
        return out
    }
}

/// Durations worded the way the rest of the console words them ("2 h 5 min").
public enum DeploymentText {
    public static func span(_ t: TimeInterval) -> String {
        let s = Int(max(0, t).rounded())
        if s < 90 { return "\(s) s" }
        if s < 5400 { return "\(s / 60) min" }
        if s < 48 * 3600 { return "\(s / 3600) h \(s % 3600 / 60) min" }
        return "\(s / 86400) d \(s % 86400 / 3600) h"
    }

    public static func bytes(_ b: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var v = b, i = 0
        while abs(v) >= 1024, i < units.count - 1 { v /= 1024; i += 1 }
        return i == 0 ? "\(Int(v)) B" : String(format: "%.1f %@", v, units[i])
    }
}
