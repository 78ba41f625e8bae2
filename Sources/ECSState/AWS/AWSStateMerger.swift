import Foundation

/// Merges the AWS documents of every file into one `AWSSnapshot`. Rules: resources by id (the
/// newer file wins); metric results named through the queries of any file, then their label;
/// several files of one series merged by time; target health tied to its target group by port
/// (or by the group's name in the file name when two groups share a port).
enum AWSStateMerger {
    static func merge(files: [ECSExportFile]) -> (snapshot: AWSSnapshot, notes: [ECSExportNote]) {
        var out = AWSSnapshot()
        var notes: [ECSExportNote] = []
        let ordered = files.sorted { ($0.modified ?? .distantPast, $0.path) < ($1.modified ?? .distantPast, $1.path) }
        var fileSystems: [String: EFSFileSystem] = [:], mountTargets: [String: EFSMountTarget] = [:]
        var balancers: [String: ALBLoadBalancer] = [:], groups: [String: ALBTargetGroup] = [:]
        var alarms: [String: CloudWatchAlarm] = [:], filters: [String: LogMetricFilter] = [:]
        var instances: [String: CloudMapInstance] = [:]
        var history: [String: AlarmHistoryItem] = [:]
        var queries: [String: MetricDataQuery] = [:]
        var results: [(MetricDataResult, String)] = []
        var health: [String: ALBTargetHealth] = [:]
        for file in ordered {
            for doc in file.documents {
                guard let a = doc.aws else { continue }
                for x in a.fileSystems { fileSystems[x.id] = x }
                for x in a.mountTargets { mountTargets[x.id] = x }
                for x in a.loadBalancers { balancers[x.arn] = x }
                for x in a.targetGroups { groups[x.arn] = x }
                for x in a.alarms { alarms[x.name] = x }
                for x in a.metricFilters { filters[(x.logGroup ?? "") + "\u{1}" + x.name] = x }
                for x in a.cloudMapInstances { instances[x.id] = x }
                for x in a.alarmHistory { history["\(x.alarmName)\u{1}\(x.time?.timeIntervalSince1970 ?? 0)\u{1}\(x.summary)"] = x }
                for x in a.metricQueries { queries[x.id] = x }
                for x in a.metricResults { results.append((x, file.path)) }
                for s in a.statistics { out.metrics.add(s) }
                for x in a.targetHealth { health["\(x.file)\u{1}\(x.targetID):\(x.port ?? 0)"] = x }
            }
        }
        for (r, path) in results {
            var identity: MetricIdentity
            if let q = queries[r.id], let known = q.identity {
                identity = known
            } else if let label = r.label, !label.isEmpty {
                identity = MetricLabel.parse(label)
                if identity.dimensions.isEmpty && queries[r.id] == nil {
                    notes.append(ECSExportNote(file: path, message:
                        "\(r.position) (Id \(sanitizedForDisplay(r.id, limit: 40))): no query and no dimensions in its label; kept as a deployment-level series"))
                }
            } else {
                identity = MetricIdentity(metricName: r.id)
            }
            if r.statusCode == "PartialData" {
                notes.append(ECSExportNote(file: path, message: "\(r.position) (Id \(sanitizedForDisplay(r.id, limit: 40))): PartialData, more points were not fetched"))
            }
            out.metrics.add(MetricSeries(identity: identity, queryIDs: [r.id], label: r.label, statusCode: r.statusCode, points: r.points))
        }
        out.fileSystems = fileSystems.values.sorted { $0.id < $1.id }
        out.mountTargets = mountTargets.values.sorted { $0.id < $1.id }
        out.loadBalancers = balancers.values.sorted { $0.name < $1.name }
        out.targetGroups = groups.values.sorted { $0.name < $1.name }
        out.alarms = alarms.values.sorted { $0.name < $1.name }
        out.alarmHistory = history.values.sorted { ($0.time ?? .distantPast) > ($1.time ?? .distantPast) }
        out.metricFilters = filters.values.sorted { $0.name < $1.name }
        out.cloudMapInstances = instances.values.sorted { $0.id < $1.id }
        out.targetHealth = health.values.map { h in
            var h = h
            h.targetGroupARN = targetGroup(for: h, groups: out.targetGroups)?.arn
            return h
        }.sorted { ($0.targetGroupARN ?? "", $0.targetID) < ($1.targetGroupARN ?? "", $1.targetID) }
        return (out, notes)
    }

    /// describe-target-health does not name its group: the group whose name is in the file name,
    /// else the only group on the target's port.
    static func targetGroup(for h: ALBTargetHealth, groups: [ALBTargetGroup]) -> ALBTargetGroup? {
        let name = (h.file as NSString).lastPathComponent
        let named = groups.filter { name.contains($0.name) }.sorted { $0.name.count > $1.name.count }
        if let g = named.first { return g }
        let onPort = groups.filter { $0.port != nil && $0.port == h.port }
        return onPort.count == 1 ? onPort[0] : nil
    }
}
