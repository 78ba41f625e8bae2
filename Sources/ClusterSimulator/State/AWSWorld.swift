import Foundation

/// The AWS resources around the simulated cluster (one EFS One Zone file system per AZ, the ALB
/// with its 9094 and 8080 target groups, Container Insights, CloudWatch alarms), written as the
/// real AWS CLI prints them (`--output json`, CLI v2 timestamps) next to the ECS exports, so the
/// demo and the tests read what a folder refreshed by `export-ecs-state` would hold.
///
/// Why sampled: CloudWatch publishes one point per period; the simulator takes one every
/// `period` simulated seconds (15 s, shorter than AWS's 60 s so a short demo shows a trend).
final class AWSWorld {
    struct FileSystem {
        var id: String
        var az: String
        var sizeBytes: Double
        var balance: Double
        /// Net credit spend in bytes per second (0: earning as much as spending).
        var drainPerSecond: Double = 0
        var samples: [(t: Double, balance: Double, io: Double, permitted: Double, metered: Double)] = []
    }

    struct Target {
        var state = "healthy"
        var reason: String?
        var description: String?
    }

    static let period = 15.0
    static let startBalance = 200.0 * 1_073_741_824
    static let loadBalancerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/ipfs-cluster-alb/50dc6c495c0c9188"
    static let memoryReserved = 2048.0
    static let cpuReserved = 1024.0

    let directory: String
    private(set) var fileSystems: [FileSystem]
    private var targets: [Int: Target] = [:]
    private var memoryShare: [Int: Double] = [:]
    private var memorySamples: [Int: [(t: Double, used: Double)]] = [:]
    private var lastSample: Double?
    private var dirty = true

    init(directory: String, azs: [String], seed: UInt64) {
        self.directory = directory
        var rng = SeededRandom(seed: seed &+ 4242)
        fileSystems = azs.map { az in
            let id = "fs-" + rng.bytes(9).map { String(format: "%02x", $0) }.joined().prefix(17)
            return FileSystem(id: String(id), az: az, sizeBytes: 12.5 * 1_073_741_824, balance: Self.startBalance)
        }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    // MARK: scenario hooks

    /// The AZ's file system starts spending credits so that they run out in `seconds`.
    func drainEFS(az: String, seconds: Double) {
        for i in fileSystems.indices where fileSystems[i].az == az {
            fileSystems[i].drainPerSecond = fileSystems[i].balance / max(seconds, 1)
        }
        dirty = true
    }

    func setTarget(peer: Int, state: String, reason: String?, description: String?) {
        targets[peer] = Target(state: state, reason: reason, description: description)
        dirty = true
    }

    func setMemory(peer: Int, share: Double) {
        memoryShare[peer] = share
        dirty = true
    }

    // MARK: time

    /// Spends credits up to `now` and takes a sample every `period` seconds.
    func advance(to now: Double, peers: [SimPeer]) {
        guard let last = lastSample else {
            lastSample = now
            sample(at: now, peers: peers)
            return
        }
        var t = last
        while now - t >= Self.period {
            t += Self.period
            for i in fileSystems.indices {
                fileSystems[i].balance = max(0, fileSystems[i].balance - fileSystems[i].drainPerSecond * Self.period)
            }
            sample(at: t, peers: peers)
        }
        lastSample = t
    }

    private func sample(at t: Double, peers: [SimPeer]) {
        for i in fileSystems.indices {
            let f = fileSystems[i]
            let baseline = f.sizeBytes / 1_073_741_824 * 50 * 1024
            let empty = f.balance <= 0
            let io = empty ? 100.0 : (f.drainPerSecond > 0 ? 63.0 : 8.0)
            let permitted = empty ? baseline : 104_857_600
            let metered = empty ? baseline * Self.period : (baseline + f.drainPerSecond) * Self.period
            fileSystems[i].samples.append((t, f.balance, io, permitted, metered))
            if fileSystems[i].samples.count > 240 { fileSystems[i].samples.removeFirst() }
        }
        for p in peers {
            let used = (memoryShare[p.index] ?? 0.41) * Self.memoryReserved
            memorySamples[p.index, default: []].append((t, used))
            if memorySamples[p.index]!.count > 240 { memorySamples[p.index]!.removeFirst() }
        }
        dirty = true
    }

    // MARK: files

    func writeIfDirty(peers: [SimPeer]) {
        guard dirty else { return }
        dirty = false
        write("efs-describe-file-systems.json", .object([("FileSystems", .array(fileSystems.map(fileSystemJSON)))]))
        for f in fileSystems {
            write("efs-describe-mount-targets-\(f.id).json", .object([("MountTargets", .array([mountTargetJSON(f)]))]))
        }
        write("elbv2-describe-load-balancers.json", .object([("LoadBalancers", .array([loadBalancerJSON()]))]))
        write("elbv2-describe-target-groups.json", .object([("TargetGroups", .array([
            targetGroupJSON(ECSWorld.apiTargetGroup, name: "ipfs-cluster-nodes-api", port: 9094, path: "/id"),
            targetGroupJSON(ECSWorld.webTargetGroup, name: "ipfs-cluster-nodes-web", port: 8080, path: "/ipfs/bafkqaaa"),
        ]))]))
        for (name, port) in [("ipfs-cluster-nodes-api", 9094), ("ipfs-cluster-nodes-web", 8080)] {
            write("elbv2-describe-target-health-\(name).json",
                  .object([("TargetHealthDescriptions", .array(peers.map { targetJSON($0, port: port) }))]))
        }
        let (queries, results) = metricData(peers: peers)
        write("cloudwatch-metric-data-queries.json", .array(queries))
        write("cloudwatch-get-metric-data.json", .object([("MetricDataResults", .array(results)), ("Messages", .array([]))]))
        write("cloudwatch-describe-alarms.json", .object([("MetricAlarms", .array(alarms(peers: peers))), ("CompositeAlarms", .array([]))]))
    }

    private func ts(_ v: Double) -> PrettyJSON { .string(TimeFormat.awsISO(v)) }

    private func fileSystemJSON(_ f: FileSystem) -> PrettyJSON {
        .object([
            ("OwnerId", .string(ECSWorld.account)), ("CreationToken", .string("ipfs-node-\(f.az)")),
            ("FileSystemId", .string(f.id)),
            ("FileSystemArn", .string("arn:aws:elasticfilesystem:us-east-1:\(ECSWorld.account):file-system/\(f.id)")),
            ("CreationTime", ts((lastSample ?? 0) - 86_400 * 30)), ("LifeCycleState", .string("available")),
            ("Name", .string("ipfs-cluster-ipfs-node-\(f.az)")), ("NumberOfMountTargets", .int(1)),
            ("SizeInBytes", .object([("Value", .int(Int(f.sizeBytes))), ("Timestamp", ts(lastSample ?? 0)),
                                     ("ValueInIA", .int(0)), ("ValueInStandard", .int(Int(f.sizeBytes)))])),
            ("PerformanceMode", .string("generalPurpose")), ("Encrypted", .bool(true)),
            ("ThroughputMode", .string("bursting")), ("AvailabilityZoneName", .string(f.az)),
            ("AvailabilityZoneId", .string("use1-az\(f.az.last.map { String($0.asciiValue.map { Int($0) - 96 } ?? 1) } ?? "1")")),
            ("Tags", .array([.object([("Key", .string("Name")), ("Value", .string("ipfs-cluster-ipfs-node-\(f.az)"))])])),
            ("FileSystemProtection", .object([("ReplicationOverwriteProtection", .string("ENABLED"))])),
        ])
    }

    private func mountTargetJSON(_ f: FileSystem) -> PrettyJSON {
        .object([
            ("OwnerId", .string(ECSWorld.account)), ("MountTargetId", .string("fsmt-" + f.id.dropFirst(3))),
            ("FileSystemId", .string(f.id)), ("SubnetId", .string("subnet-0a1b2c3d4e5f6\(f.az.suffix(1))0")),
            ("LifeCycleState", .string("available")), ("IpAddress", .string("10.0.\(Int(f.az.last?.asciiValue ?? 97) - 97).200")),
            ("NetworkInterfaceId", .string("eni-0f\(f.id.suffix(15))")),
            ("AvailabilityZoneId", .string("use1-az1")), ("AvailabilityZoneName", .string(f.az)), ("VpcId", .string("vpc-0c4b2a9e1d3f5a7b1")),
        ])
    }

    private func loadBalancerJSON() -> PrettyJSON {
        .object([
            ("LoadBalancerArn", .string(Self.loadBalancerArn)),
            ("DNSName", .string("ipfs-cluster-alb-1234567890.us-east-1.elb.amazonaws.com")),
            ("CanonicalHostedZoneId", .string("Z35SXDOTRQ7X7K")), ("CreatedTime", ts((lastSample ?? 0) - 86_400 * 30)),
            ("LoadBalancerName", .string("ipfs-cluster-alb")), ("Scheme", .string("internet-facing")),
            ("VpcId", .string("vpc-0c4b2a9e1d3f5a7b1")), ("State", .object([("Code", .string("active"))])),
            ("Type", .string("application")),
            ("AvailabilityZones", .array(fileSystems.map { .object([("ZoneName", .string($0.az)), ("SubnetId", .string("subnet-0a1b2c3d4e5f6\($0.az.suffix(1))0"))]) })),
            ("IpAddressType", .string("ipv4")),
        ])
    }

    private func targetGroupJSON(_ arn: String, name: String, port: Int, path: String) -> PrettyJSON {
        .object([
            ("TargetGroupArn", .string(arn)), ("TargetGroupName", .string(name)), ("Protocol", .string("HTTP")),
            ("Port", .int(port)), ("VpcId", .string("vpc-0c4b2a9e1d3f5a7b1")), ("HealthCheckProtocol", .string("HTTP")),
            ("HealthCheckPort", .string("traffic-port")), ("HealthCheckEnabled", .bool(true)),
            ("HealthCheckIntervalSeconds", .int(30)), ("HealthCheckTimeoutSeconds", .int(5)),
            ("HealthyThresholdCount", .int(5)), ("UnhealthyThresholdCount", .int(2)), ("HealthCheckPath", .string(path)),
            ("Matcher", .object([("HttpCode", .string("200"))])), ("LoadBalancerArns", .array([.string(Self.loadBalancerArn)])),
            ("TargetType", .string("ip")), ("ProtocolVersion", .string("HTTP1")), ("IpAddressType", .string("ipv4")),
        ])
    }

    private func targetJSON(_ p: SimPeer, port: Int) -> PrettyJSON {
        let t = targets[p.index] ?? Target()
        var health: [(String, PrettyJSON)] = [("State", .string(t.state))]
        if let r = t.reason { health.append(("Reason", .string(r))) }
        if let d = t.description { health.append(("Description", .string(d))) }
        return .object([
            ("Target", .object([("Id", .string(p.ip)), ("Port", .int(port)), ("AvailabilityZone", .string(p.az))])),
            ("HealthCheckPort", .string(String(port))), ("TargetHealth", .object(health)),
        ])
    }

    /// Queries (with the self-describing labels export-ecs-state uses) and their results, newest
    /// first as the CLI prints them without `--scan-by`.
    private func metricData(peers: [SimPeer]) -> ([PrettyJSON], [PrettyJSON]) {
        var queries: [PrettyJSON] = []
        var results: [PrettyJSON] = []
        func add(_ id: String, ns: String, metric: String, dims: [(String, String)], stat: String, _ points: [(Double, Double)]) {
            let label = "\(ns) \(metric) \(dims.map { "\($0.0)=\($0.1)" }.joined(separator: ",")) \(stat)"
            queries.append(.object([
                ("Id", .string(id)),
                ("MetricStat", .object([
                    ("Metric", .object([("Namespace", .string(ns)), ("MetricName", .string(metric)),
                                        ("Dimensions", .array(dims.map { .object([("Name", .string($0.0)), ("Value", .string($0.1))]) }))])),
                    ("Period", .int(Int(Self.period))), ("Stat", .string(stat)),
                ])),
                ("Label", .string(label)), ("ReturnData", .bool(true)),
            ]))
            let newest = points.reversed()
            results.append(.object([
                ("Id", .string(id)), ("Label", .string(label)),
                ("Timestamps", .array(newest.map { ts($0.0) })), ("Values", .array(newest.map { .double($0.1) })),
                ("StatusCode", .string("Complete")),
            ]))
        }
        for (n, f) in fileSystems.enumerated() {
            let dims = [("FileSystemId", f.id)]
            add("efs\(n)_credits", ns: "AWS/EFS", metric: "BurstCreditBalance", dims: dims, stat: "Minimum", f.samples.map { ($0.t, $0.balance) })
            add("efs\(n)_io", ns: "AWS/EFS", metric: "PercentIOLimit", dims: dims, stat: "Maximum", f.samples.map { ($0.t, $0.io) })
            add("efs\(n)_permitted", ns: "AWS/EFS", metric: "PermittedThroughput", dims: dims, stat: "Average", f.samples.map { ($0.t, $0.permitted) })
            add("efs\(n)_metered", ns: "AWS/EFS", metric: "MeteredIOBytes", dims: dims, stat: "Sum", f.samples.map { ($0.t, $0.metered) })
        }
        for p in peers {
            let dims = [("ClusterName", ECSWorld.clusterName), ("ServiceName", ECSWorld.serviceName(peer: p.index, az: p.az))]
            let mem = memorySamples[p.index] ?? []
            add("svc\(p.index)_mem", ns: "ECS/ContainerInsights", metric: "MemoryUtilized", dims: dims, stat: "Average", mem.map { ($0.t, $0.used) })
            add("svc\(p.index)_memres", ns: "ECS/ContainerInsights", metric: "MemoryReserved", dims: dims, stat: "Average", mem.map { ($0.t, Self.memoryReserved) })
            add("svc\(p.index)_cpu", ns: "ECS/ContainerInsights", metric: "CpuUtilized", dims: dims, stat: "Average", mem.map { ($0.t, 180) })
            add("svc\(p.index)_cpures", ns: "ECS/ContainerInsights", metric: "CpuReserved", dims: dims, stat: "Average", mem.map { ($0.t, Self.cpuReserved) })
            add("svc\(p.index)_running", ns: "ECS/ContainerInsights", metric: "RunningTaskCount", dims: dims, stat: "Average", mem.map { ($0.t, 1) })
        }
        let times = fileSystems.first?.samples.map(\.t) ?? []
        for (n, (arn, _)) in [(ECSWorld.apiTargetGroup, 9094), (ECSWorld.webTargetGroup, 8080)].enumerated() {
            let dims = [("TargetGroup", "targetgroup/" + arn.components(separatedBy: ":targetgroup/").last!),
                        ("LoadBalancer", "app/ipfs-cluster-alb/50dc6c495c0c9188")]
            let bad = Double(peers.filter { (targets[$0.index]?.state ?? "healthy") != "healthy" }.count)
            add("tg\(n)_healthy", ns: "AWS/ApplicationELB", metric: "HealthyHostCount", dims: dims, stat: "Minimum", times.map { ($0, Double(peers.count) - bad) })
            add("tg\(n)_unhealthy", ns: "AWS/ApplicationELB", metric: "UnHealthyHostCount", dims: dims, stat: "Maximum", times.map { ($0, bad) })
            add("tg\(n)_latency", ns: "AWS/ApplicationELB", metric: "TargetResponseTime", dims: dims, stat: "Average", times.map { ($0, 0.042) })
        }
        return (queries, results)
    }

    private func alarms(peers: [SimPeer]) -> [PrettyJSON] {
        var out: [PrettyJSON] = []
        let now = lastSample ?? 0
        for f in fileSystems {
            let threshold = Self.startBalance * 0.1
            let firing = f.balance < threshold
            let when = f.samples.first { $0.balance < threshold }?.t ?? now
            out.append(alarmJSON(name: "ipfs-cluster-efs-burst-credits-\(f.az)", ns: "AWS/EFS", metric: "BurstCreditBalance",
                                 dims: [("FileSystemId", f.id)], stat: "Minimum", threshold: threshold, op: "LessThanThreshold",
                                 firing: firing, value: f.balance, at: firing ? when : now))
        }
        for p in peers {
            let share = memoryShare[p.index] ?? 0.41
            let firing = share >= 0.9
            out.append(alarmJSON(name: "ipfs-cluster-memory-\(p.az)", ns: "ECS/ContainerInsights", metric: "MemoryUtilized",
                                 dims: [("ClusterName", ECSWorld.clusterName), ("ServiceName", ECSWorld.serviceName(peer: p.index, az: p.az))],
                                 stat: "Average", threshold: Self.memoryReserved * 0.9, op: "GreaterThanOrEqualToThreshold",
                                 firing: firing, value: share * Self.memoryReserved, at: now))
        }
        let bad = peers.filter { (targets[$0.index]?.state ?? "healthy") != "healthy" }.count
        out.append(alarmJSON(name: "ipfs-cluster-alb-unhealthy-hosts", ns: "AWS/ApplicationELB", metric: "UnHealthyHostCount",
                             dims: [("TargetGroup", "targetgroup/ipfs-cluster-nodes-api/ab85f177a1ce4440"),
                                    ("LoadBalancer", "app/ipfs-cluster-alb/50dc6c495c0c9188")],
                             stat: "Maximum", threshold: 0, op: "GreaterThanThreshold", firing: bad > 0, value: Double(bad), at: now))
        return out
    }

    private func alarmJSON(name: String, ns: String, metric: String, dims: [(String, String)], stat: String, threshold: Double,
                           op: String, firing: Bool, value: Double, at: Double) -> PrettyJSON {
        let words = op == "LessThanThreshold" ? "less than" : op == "GreaterThanThreshold" ? "greater than" : "greater than or equal to"
        let reason = firing
            ? "Threshold Crossed: 1 out of the last 1 datapoints [\(value) (\(TimeFormat.awsISO(at)))] was \(words) the threshold (\(threshold)) (minimum 1 datapoint for OK -> ALARM transition)."
            : "Threshold Crossed: 1 out of the last 1 datapoints [\(value) (\(TimeFormat.awsISO(at)))] was not \(words) the threshold (\(threshold)) (minimum 1 datapoint for ALARM -> OK transition)."
        return .object([
            ("AlarmName", .string(name)),
            ("AlarmArn", .string("arn:aws:cloudwatch:us-east-1:\(ECSWorld.account):alarm:\(name)")),
            ("ActionsEnabled", .bool(true)), ("OKActions", .array([])), ("AlarmActions", .array([])),
            ("InsufficientDataActions", .array([])),
            ("StateValue", .string(firing ? "ALARM" : "OK")), ("StateReason", .string(reason)),
            ("StateUpdatedTimestamp", ts(at)), ("MetricName", .string(metric)), ("Namespace", .string(ns)),
            ("Statistic", .string(stat)),
            ("Dimensions", .array(dims.map { .object([("Name", .string($0.0)), ("Value", .string($0.1))]) })),
            ("Period", .int(60)), ("EvaluationPeriods", .int(1)), ("Threshold", .double(threshold)),
            ("ComparisonOperator", .string(op)), ("TreatMissingData", .string("missing")),
        ])
    }

    private func write(_ name: String, _ value: PrettyJSON) {
        let path = directory + "/" + name
        do {
            try Data(value.render().utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            // Read by the state endpoint like ECSWorld's; a write error must not stop the cluster.
        }
    }
}
