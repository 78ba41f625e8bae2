import Foundation

/// Recognises AWS CLI `--output json` exports of EFS, CloudWatch, CloudWatch Logs metric filters,
/// ELBv2 and Cloud Map by their top-level keys (never the file name), for `ECSExportReader`.
/// Items that cannot be used are skipped with a note naming their JSON path
/// (`MetricDataResults[2]`), so a bad entry never hides the good ones.
enum AWSExportClassifier {
    typealias Notes = [ECSExportNote]

    /// The document, or nil when the object is not one of these exports.
    static func classify(_ fields: [String: JSONValue], file: String, label: String,
                         notes: inout Notes) -> ECSExportDocument? {
        func note(_ m: String) { notes.append(ECSExportNote(file: file, message: label + m)) }
        func items(_ key: String) -> [(Int, JSONValue)] { Array((fields[key]?.arrayValue ?? []).enumerated()) }
        func make(_ kind: ECSExportKind, _ fill: (inout AWSExportDocument) -> Void) -> ECSExportDocument {
            var doc = ECSExportDocument(kind: kind)
            var aws = AWSExportDocument()
            fill(&aws)
            doc.aws = aws
            return doc
        }
        func each<T>(_ key: String, _ what: String, _ parse: (JSONValue) -> T?) -> [T] {
            var out: [T] = []
            for (i, v) in items(key) {
                if let t = parse(v) { out.append(t) } else { note("\(key)[\(i)] skipped: not \(what)") }
            }
            return out
        }
        if fields["FileSystems"]?.arrayValue != nil {
            return make(.efsFileSystems) { $0.fileSystems = each("FileSystems", "a file system (no FileSystemId)", fileSystem) }
        }
        if fields["MountTargets"]?.arrayValue != nil {
            return make(.efsMountTargets) { $0.mountTargets = each("MountTargets", "a mount target (no MountTargetId/FileSystemId)", mountTarget) }
        }
        if fields["MetricDataResults"]?.arrayValue != nil {
            return make(.metricData) { doc in
                for (i, v) in items("MetricDataResults") {
                    if let r = metricResult(v, position: "MetricDataResults[\(i)]", note: note) { doc.metricResults.append(r) }
                }
                for m in fields["Messages"]?.arrayValue ?? [] {
                    if let text = m["Value"]?.stringValue { note("CloudWatch message: \(sanitizedForDisplay(text, limit: 100))") }
                }
            }
        }
        if let queries = fields["MetricDataQueries"]?.arrayValue {
            return make(.metricDataQueries) { $0.metricQueries = metricQueries(queries, note: note) }
        }
        if let datapoints = fields["Datapoints"]?.arrayValue, fields["Label"] != nil || datapoints.isEmpty {
            return make(.metricStatistics) { $0.statistics = statistics(fields["Label"]?.stringValue, datapoints, file: file, note: note) }
        }
        if fields["MetricAlarms"]?.arrayValue != nil || fields["CompositeAlarms"]?.arrayValue != nil {
            return make(.alarms) { doc in
                doc.alarms = each("MetricAlarms", "an alarm (no AlarmName/StateValue)") { alarm($0, composite: false) }
                    + each("CompositeAlarms", "an alarm (no AlarmName/StateValue)") { alarm($0, composite: true) }
            }
        }
        if fields["AlarmHistoryItems"]?.arrayValue != nil {
            return make(.alarmHistory) { $0.alarmHistory = each("AlarmHistoryItems", "a history item (no AlarmName/HistorySummary)", historyItem) }
        }
        if fields["metricFilters"]?.arrayValue != nil {
            return make(.metricFilters) { $0.metricFilters = each("metricFilters", "a metric filter (no filterName)", metricFilter) }
        }
        if fields["LoadBalancers"]?.arrayValue != nil {
            return make(.loadBalancers) { $0.loadBalancers = each("LoadBalancers", "a load balancer (no LoadBalancerArn)", loadBalancer) }
        }
        if fields["TargetGroups"]?.arrayValue != nil {
            return make(.targetGroups) { $0.targetGroups = each("TargetGroups", "a target group (no TargetGroupArn)", targetGroup) }
        }
        if fields["TargetHealthDescriptions"]?.arrayValue != nil {
            return make(.targetHealth) { $0.targetHealth = each("TargetHealthDescriptions", "a target (no Target.Id)") { targetHealth($0, file: file) } }
        }
        if fields["Instances"]?.arrayValue != nil {
            return make(.cloudMapInstances) { $0.cloudMapInstances = each("Instances", "an instance (no Id)", instance) }
        }
        return nil
    }

    /// A bare array of queries: the `file://queries.json` given to `get-metric-data`.
    static func classifyQueries(_ items: [JSONValue], file: String, label: String, notes: inout Notes) -> ECSExportDocument? {
        guard !items.isEmpty, items.allSatisfy({ $0["Id"]?.stringValue != nil && ($0["MetricStat"] != nil || $0["Expression"] != nil) })
        else { return nil }
        var doc = ECSExportDocument(kind: .metricDataQueries)
        var aws = AWSExportDocument()
        aws.metricQueries = metricQueries(items) { notes.append(ECSExportNote(file: file, message: label + $0)) }
        doc.aws = aws
        return doc
    }

    // MARK: EFS

    static func fileSystem(_ v: JSONValue) -> EFSFileSystem? {
        guard let id = v["FileSystemId"]?.stringValue else { return nil }
        return EFSFileSystem(id: id, arn: v["FileSystemArn"]?.stringValue, name: v["Name"]?.stringValue,
                             availabilityZone: v["AvailabilityZoneName"]?.stringValue,
                             lifeCycleState: v["LifeCycleState"]?.stringValue, throughputMode: v["ThroughputMode"]?.stringValue,
                             performanceMode: v["PerformanceMode"]?.stringValue,
                             provisionedThroughputMiBps: v["ProvisionedThroughputInMibps"]?.doubleValue,
                             sizeBytes: v["SizeInBytes"]?["Value"]?.doubleValue,
                             sizeTimestamp: ECSTimestamp.date(from: v["SizeInBytes"]?["Timestamp"]),
                             createdAt: ECSTimestamp.date(from: v["CreationTime"]),
                             numberOfMountTargets: v["NumberOfMountTargets"]?.intValue, tags: tags(v["Tags"]))
    }

    static func mountTarget(_ v: JSONValue) -> EFSMountTarget? {
        guard let id = v["MountTargetId"]?.stringValue, let fs = v["FileSystemId"]?.stringValue else { return nil }
        return EFSMountTarget(id: id, fileSystemID: fs, subnetID: v["SubnetId"]?.stringValue, ipAddress: v["IpAddress"]?.stringValue,
                              availabilityZone: v["AvailabilityZoneName"]?.stringValue, lifeCycleState: v["LifeCycleState"]?.stringValue,
                              networkInterfaceID: v["NetworkInterfaceId"]?.stringValue)
    }

    static func tags(_ v: JSONValue?) -> [String: String] {
        var out: [String: String] = [:]
        for t in v?.arrayValue ?? [] { if let k = t["Key"]?.stringValue { out[k] = t["Value"]?.stringValue ?? "" } }
        return out
    }

    // MARK: CloudWatch metrics

    static func metricResult(_ v: JSONValue, position: String, note: (String) -> Void) -> MetricDataResult? {
        guard let id = v["Id"]?.stringValue else { note("\(position) skipped: no Id"); return nil }
        let times = v["Timestamps"]?.arrayValue ?? []
        let values = v["Values"]?.arrayValue ?? []
        if times.count != values.count {
            note("\(position) (Id \(sanitizedForDisplay(id, limit: 40))): \(times.count) timestamps but \(values.count) values; the unpaired ones dropped")
        }
        var points: [MetricPoint] = []
        var bad = 0
        for (t, x) in zip(times, values) {
            guard let time = ECSTimestamp.date(from: t), let value = x.doubleValue, value.isFinite else { bad += 1; continue }
            points.append(MetricPoint(time: time, value: value))
        }
        if bad > 0 { note("\(position) (Id \(sanitizedForDisplay(id, limit: 40))): \(bad) points with an unreadable time or value dropped") }
        points.sort { $0.time < $1.time }
        return MetricDataResult(id: id, label: v["Label"]?.stringValue, statusCode: v["StatusCode"]?.stringValue,
                                points: points, position: position)
    }

    static func metricQueries(_ items: [JSONValue], note: (String) -> Void) -> [MetricDataQuery] {
        var out: [MetricDataQuery] = []
        for (i, q) in items.enumerated() {
            guard let id = q["Id"]?.stringValue else { note("MetricDataQueries[\(i)] skipped: no Id"); continue }
            let stat = q["MetricStat"]
            var identity = stat?["Metric"].flatMap(metricIdentity)
            identity?.stat = stat?["Stat"]?.stringValue
            out.append(MetricDataQuery(id: id, identity: identity, expression: q["Expression"]?.stringValue,
                                       label: q["Label"]?.stringValue, period: (stat?["Period"] ?? q["Period"])?.intValue))
        }
        return out
    }

    /// `{Namespace, MetricName, Dimensions: [{Name, Value}]}`.
    static func metricIdentity(_ m: JSONValue) -> MetricIdentity? {
        guard let name = m["MetricName"]?.stringValue else { return nil }
        return MetricIdentity(namespace: m["Namespace"]?.stringValue, metricName: name, dimensions: dimensions(m["Dimensions"]))
    }

    static func dimensions(_ v: JSONValue?) -> [String: String] {
        var out: [String: String] = [:]
        for d in v?.arrayValue ?? [] { if let n = d["Name"]?.stringValue, let x = d["Value"]?.stringValue { out[n] = x } }
        return out
    }

    static let statNames: Set<String> = ["Minimum", "Maximum", "Average", "Sum", "SampleCount"]

    /// `get-metric-statistics`: one series per statistic present. The output names only the
    /// metric (its `Label`); dimensions are taken from resource ids in the file name.
    static func statistics(_ label: String?, _ datapoints: [JSONValue], file: String, note: (String) -> Void) -> [MetricSeries] {
        guard let label, !label.isEmpty else {
            if !datapoints.isEmpty { note("get-metric-statistics output without a Label; its \(datapoints.count) datapoints cannot be named") }
            return []
        }
        var parsed = MetricLabel.parse(label)
        for (k, v) in MetricLabel.dimensionsFromFileName((file as NSString).lastPathComponent) where parsed.dimensions[k] == nil {
            parsed.dimensions[k] = v
        }
        if parsed.dimensions.isEmpty {
            note("get-metric-statistics output names no dimensions (only \"\(sanitizedForDisplay(label, limit: 40))\"); kept as a deployment-level series")
        }
        var byStat: [String: [MetricPoint]] = [:]
        var unit: String?
        var bad = 0
        for (i, d) in datapoints.enumerated() {
            guard let time = ECSTimestamp.date(from: d["Timestamp"]) else { bad += 1; _ = i; continue }
            unit = d["Unit"]?.stringValue ?? unit
            for (k, v) in d.objectValue ?? [:] where statNames.contains(k) {
                if let x = v.doubleValue, x.isFinite { byStat[k, default: []].append(MetricPoint(time: time, value: x)) }
            }
            for (k, v) in d["ExtendedStatistics"]?.objectValue ?? [:] {
                if let x = v.doubleValue, x.isFinite { byStat[k, default: []].append(MetricPoint(time: time, value: x)) }
            }
        }
        if bad > 0 { note("Datapoints: \(bad) without a readable Timestamp dropped") }
        return byStat.keys.sorted().map { stat in
            var identity = parsed
            identity.stat = stat
            return MetricSeries(identity: identity, label: label, unit: unit, points: byStat[stat]!.sorted { $0.time < $1.time })
        }
    }

    // MARK: alarms

    static func alarm(_ v: JSONValue, composite: Bool) -> CloudWatchAlarm? {
        guard let name = v["AlarmName"]?.stringValue, let state = v["StateValue"]?.stringValue else { return nil }
        let metrics: [MetricIdentity] = (v["Metrics"]?.arrayValue ?? []).compactMap { q in
            var identity = q["MetricStat"]?["Metric"].flatMap(metricIdentity)
            identity?.stat = q["MetricStat"]?["Stat"]?.stringValue
            return identity
        }
        return CloudWatchAlarm(name: name, arn: v["AlarmArn"]?.stringValue, description: v["AlarmDescription"]?.stringValue,
                               state: state, stateReason: v["StateReason"]?.stringValue,
                               stateReasonData: v["StateReasonData"]?.stringValue,
                               stateUpdatedAt: ECSTimestamp.date(from: v["StateUpdatedTimestamp"]),
                               namespace: v["Namespace"]?.stringValue, metricName: v["MetricName"]?.stringValue,
                               dimensions: dimensions(v["Dimensions"]), threshold: v["Threshold"]?.doubleValue,
                               comparison: v["ComparisonOperator"]?.stringValue, isComposite: composite,
                               alarmRule: v["AlarmRule"]?.stringValue, metrics: metrics)
    }

    static func historyItem(_ v: JSONValue) -> AlarmHistoryItem? {
        guard let name = v["AlarmName"]?.stringValue, let summary = v["HistorySummary"]?.stringValue else { return nil }
        return AlarmHistoryItem(alarmName: name, time: ECSTimestamp.date(from: v["Timestamp"]),
                                type: v["HistoryItemType"]?.stringValue, summary: summary, data: v["HistoryData"]?.stringValue)
    }

    static func metricFilter(_ v: JSONValue) -> LogMetricFilter? {
        guard let name = v["filterName"]?.stringValue else { return nil }
        let transformations: [LogMetricFilter.Transformation] = (v["metricTransformations"]?.arrayValue ?? []).compactMap { t in
            guard let m = t["metricName"]?.stringValue, let ns = t["metricNamespace"]?.stringValue else { return nil }
            return .init(metricName: m, namespace: ns, value: t["metricValue"]?.stringValue)
        }
        // Logs times are epoch milliseconds in both CLI versions.
        let created = v["creationTime"]?.doubleValue.map { Date(timeIntervalSince1970: $0 / 1000) }
        return LogMetricFilter(name: name, pattern: v["filterPattern"]?.stringValue ?? "", logGroup: v["logGroupName"]?.stringValue,
                               transformations: transformations, createdAt: created)
    }

    // MARK: ELB, Cloud Map

    static func loadBalancer(_ v: JSONValue) -> ALBLoadBalancer? {
        guard let arn = v["LoadBalancerArn"]?.stringValue else { return nil }
        return ALBLoadBalancer(arn: arn, name: v["LoadBalancerName"]?.stringValue ?? ECSARN.lastSegment(arn),
                               dnsName: v["DNSName"]?.stringValue, scheme: v["Scheme"]?.stringValue,
                               state: v["State"]?["Code"]?.stringValue, stateReason: v["State"]?["Reason"]?.stringValue,
                               type: v["Type"]?.stringValue,
                               availabilityZones: (v["AvailabilityZones"]?.arrayValue ?? []).compactMap { $0["ZoneName"]?.stringValue },
                               createdAt: ECSTimestamp.date(from: v["CreatedTime"]))
    }

    static func targetGroup(_ v: JSONValue) -> ALBTargetGroup? {
        guard let arn = v["TargetGroupArn"]?.stringValue else { return nil }
        return ALBTargetGroup(arn: arn, name: v["TargetGroupName"]?.stringValue ?? arn, port: v["Port"]?.intValue,
                              protocolName: v["Protocol"]?.stringValue, targetType: v["TargetType"]?.stringValue,
                              healthCheckPath: v["HealthCheckPath"]?.stringValue, healthCheckPort: v["HealthCheckPort"]?.stringValue,
                              healthCheckProtocol: v["HealthCheckProtocol"]?.stringValue,
                              healthyThreshold: v["HealthyThresholdCount"]?.intValue, unhealthyThreshold: v["UnhealthyThresholdCount"]?.intValue,
                              healthCheckIntervalSeconds: v["HealthCheckIntervalSeconds"]?.intValue,
                              matcher: v["Matcher"]?["HttpCode"]?.stringValue,
                              loadBalancerARNs: (v["LoadBalancerArns"]?.arrayValue ?? []).compactMap(\.stringValue))
    }

    static func targetHealth(_ v: JSONValue, file: String) -> ALBTargetHealth? {
        guard let id = v["Target"]?["Id"]?.stringValue else { return nil }
        let h = v["TargetHealth"]
        return ALBTargetHealth(targetID: id, port: v["Target"]?["Port"]?.intValue,
                               availabilityZone: v["Target"]?["AvailabilityZone"]?.stringValue,
                               healthCheckPort: v["HealthCheckPort"]?.stringValue,
                               state: TargetHealthState(rawValue: h?["State"]?.stringValue ?? "unknown"),
                               reason: h?["Reason"]?.stringValue, description: h?["Description"]?.stringValue, file: file)
    }

    static func instance(_ v: JSONValue) -> CloudMapInstance? {
        guard let id = v["Id"]?.stringValue else { return nil }
        var attributes: [String: String] = [:]
        for (k, x) in v["Attributes"]?.objectValue ?? [:] { if let s = x.stringValue { attributes[k] = s } }
        return CloudMapInstance(id: id, attributes: attributes)
    }
}
