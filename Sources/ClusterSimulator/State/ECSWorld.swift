import Foundation

/// The ECS side of the simulated Fargate deployment (stack `ipfs-cluster`, one service per AZ),
/// exported as the AWS CLI v2 would print `list-tasks`, `describe-tasks`, `describe-services`,
/// `describe-clusters` and `describe-task-definition`.
///
/// Why: the console's ECS panes and triage read exactly these files; a replaced task must show up
/// as a new task id and IP with the old one STOPPED, its stop code and reason, and service events.
final class ECSWorld {
    struct Container {
        var name: String
        var image: String
        var lastStatus = "RUNNING"
        var exitCode: Int?
        var reason: String?
        var health = "HEALTHY"
        var uuid: String
    }

    struct TaskState {
        var id: String
        var peer: Int
        var ip: String
        var az: String
        var service: String
        var capacity: String
        var createdAt: Double
        var startedAt: Double?
        var stoppingAt: Double?
        var stoppedAt: Double?
        var lastStatus = "RUNNING"
        var desiredStatus = "RUNNING"
        var stopCode: String?
        var stoppedReason: String?
        var containers: [Container]
        var version = 3
        var eni: String
        var mac: String
        var subnet: String
        var attachmentID: String
    }

    struct Service {
        var name: String
        var az: String
        var capacity: String
        var createdAt: Double
        var deployment: String
        var events: [(id: String, at: Double, message: String)] = []
        var subnet: String
    }

    static let account = "123456789012"
    static let region = "us-east-1"
    static let clusterName = "ipfs-cluster"
    static var clusterArn: String { "arn:aws:ecs:\(region):\(account):cluster/\(clusterName)" }
    static let apiTargetGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ipfs-cluster-nodes-api/ab85f177a1ce4440"
    static let webTargetGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ipfs-cluster-nodes-web/744256514fb10208"

    let directory: String
    private var rng: SeededRandom
    private(set) var tasks: [TaskState] = []
    private var current: [Int: Int] = [:]
    private var services: [Int: Service] = [:]
    private var dirty = true
    private(set) var lastError: String?

    init(directory: String, seed: UInt64) {
        self.directory = directory
        rng = SeededRandom(seed: seed &+ 4242)
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    private func uuid() -> String {
        let b = rng.bytes(16).map { String(format: "%02x", $0) }.joined()
        let c = Array(b)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-4" + String(c[13..<16]) + "-a" + String(c[17..<20]) + "-" + String(c[20..<32])
    }

    private func hex(_ n: Int) -> String { rng.bytes(n).map { String(format: "%02x", $0) }.joined() }

    static func serviceName(peer: Int, az: String) -> String {
        peer < 3 ? "ipfs-cluster-ipfs-node-\(az)" : "ipfs-cluster-ipfs-node-\(az)-\(peer / 3 + 1)"
    }

    func currentTaskID(peer: Int) -> String? { current[peer].map { tasks[$0].id } }

    private func service(for peer: SimPeer, at: Double) -> Service {
        if let s = services[peer.index] { return s }
        let s = Service(name: Self.serviceName(peer: peer.index, az: peer.az), az: peer.az,
                        capacity: peer.index == 0 ? "FARGATE" : "FARGATE_SPOT", createdAt: at - 86_400 * 3,
                        deployment: "ecs-svc/\(1_000_000_000_000_000_000 + Int(rng.next() % 8_000_000_000_000_000_000))",
                        subnet: "subnet-\(hex(8))\(String(hex(1).prefix(1)))")
        services[peer.index] = s
        return s
    }

    private func event(_ peer: Int, at: Double, _ message: String) {
        guard var s = services[peer] else { return }
        s.events.insert((uuid(), at, "(service \(s.name)) \(message)"), at: 0)
        if s.events.count > 100 { s.events.removeLast(s.events.count - 100) }
        services[peer] = s
        dirty = true
    }

    func launchTask(peer: SimPeer, at: Double, peerCount: Int) {
        let s = service(for: peer, at: at)
        let id = uuid().replacingOccurrences(of: "-", with: "")
        let t = TaskState(id: id, peer: peer.index, ip: peer.ip, az: peer.az, service: s.name, capacity: s.capacity,
                          createdAt: at - 42.318, startedAt: at,
                          containers: [Container(name: "ipfs", image: "ipfs/kubo:master-latest", uuid: uuid()),
                                       Container(name: "ipfs-cluster", image: "ipfs/ipfs-cluster:master-latest", uuid: uuid())],
                          eni: "eni-\(hex(8))\(String(hex(1).prefix(1)))", mac: "02:00:00:\(hex(1)):\(hex(1)):\(hex(1))",
                          subnet: s.subnet, attachmentID: uuid())
        tasks.append(t)
        current[peer.index] = tasks.count - 1
        event(peer.index, at: at - 40, "has started 1 tasks: (task \(id)).")
        event(peer.index, at: at + 0.5, "registered 1 targets in (target-group \(Self.apiTargetGroup))")
        event(peer.index, at: at + 1, "has reached a steady state.")
        dirty = true
    }

    func stopTask(peer: SimPeer, at: Double, stopCode: String, reason: String, exitCode: Int) {
        guard let n = current[peer.index] else { return }
        var t = tasks[n]
        if reason.contains("health checks") {
            event(peer.index, at: at - 1, "(task \(t.id)) failed container health checks.")
        }
        t.lastStatus = "STOPPED"
        t.desiredStatus = "STOPPED"
        t.stoppingAt = at
        t.stoppedAt = at + 2.2
        t.stopCode = stopCode
        t.stoppedReason = reason
        t.version += 3
        for c in t.containers.indices {
            t.containers[c].lastStatus = "STOPPED"
            t.containers[c].health = "UNKNOWN"
            let isCluster = t.containers[c].name == "ipfs-cluster"
            t.containers[c].exitCode = isCluster ? exitCode : (stopCode == "SpotInterruption" ? 0 : 137)
            if isCluster && exitCode == 137 && reason.contains("health") { t.containers[c].health = "UNHEALTHY" }
        }
        tasks[n] = t
        current[peer.index] = nil
        if stopCode == "SpotInterruption" {
            event(peer.index, at: at, "has begun draining connections on 1 tasks.")
        }
        event(peer.index, at: at, "deregistered 1 targets in (target-group \(Self.apiTargetGroup))")
        event(peer.index, at: at + 0.5, "has stopped 1 running tasks: (task \(t.id)).")
        dirty = true
    }

    func setContainerHealth(peer: Int, container: String, health: String, at: Double) {
        guard let n = current[peer], let c = tasks[n].containers.firstIndex(where: { $0.name == container }) else { return }
        tasks[n].containers[c].health = health
        tasks[n].version += 1
        if health == "UNHEALTHY" {
            event(peer, at: at + 30, "(task \(tasks[n].id)) failed container health checks.")
        }
        dirty = true
    }

    func addEvent(peer: Int, at: Double, message: String) { event(peer, at: at, message) }

    // MARK: export

    private var taskDefinitionArns: [String: String] = [:]

    private func taskDefArn(_ family: String) -> String { "arn:aws:ecs:\(Self.region):\(Self.account):task-definition/\(family):3" }

    private func ts(_ v: Double) -> PrettyJSON { .string(TimeFormat.awsISO(v)) }

    private func taskJSON(_ t: TaskState) -> PrettyJSON {
        let arn = "arn:aws:ecs:\(Self.region):\(Self.account):task/\(Self.clusterName)/\(t.id)"
        let health = t.lastStatus == "STOPPED" ? "UNKNOWN"
            : (t.containers.contains { $0.health == "UNHEALTHY" } ? "UNHEALTHY" : "HEALTHY")
        var m: [(String, PrettyJSON)] = [
            ("attachments", .array([.object([
                ("id", .string(t.attachmentID)),
                ("type", .string("ElasticNetworkInterface")),
                ("status", .string(t.lastStatus == "STOPPED" ? "DELETED" : "ATTACHED")),
                ("details", .array([
                    .object([("name", .string("subnetId")), ("value", .string(t.subnet))]),
                    .object([("name", .string("networkInterfaceId")), ("value", .string(t.eni))]),
                    .object([("name", .string("macAddress")), ("value", .string(t.mac))]),
                    .object([("name", .string("privateDnsName")), ("value", .string("ip-\(t.ip.replacingOccurrences(of: ".", with: "-")).ec2.internal"))]),
                    .object([("name", .string("privateIPv4Address")), ("value", .string(t.ip))]),
                ])),
            ])])),
            ("attributes", .array([.object([("name", .string("ecs.cpu-architecture")), ("value", .string("x86_64"))])])),
            ("availabilityZone", .string(t.az)),
            ("capacityProviderName", .string(t.capacity)),
            ("clusterArn", .string(Self.clusterArn)),
            ("connectivity", .string("CONNECTED")),
            ("connectivityAt", ts(t.createdAt + 8.5)),
            ("containers", .array(t.containers.map { c in
                var cm: [(String, PrettyJSON)] = [
                    ("containerArn", .string("arn:aws:ecs:\(Self.region):\(Self.account):container/\(Self.clusterName)/\(t.id)/\(c.uuid)")),
                    ("taskArn", .string(arn)),
                    ("name", .string(c.name)),
                    ("image", .string(c.image)),
                    ("imageDigest", .string("sha256:" + String(repeating: c.name == "ipfs" ? "3f" : "a7", count: 32))),
                    ("runtimeId", .string("\(t.id)-\(c.name == "ipfs" ? "1527641193" : "3180944123")")),
                    ("lastStatus", .string(c.lastStatus)),
                ]
                if let e = c.exitCode { cm.append(("exitCode", .int(e))) }
                if let r = c.reason { cm.append(("reason", .string(r))) }
                cm += [
                    ("networkBindings", .array([])),
                    ("networkInterfaces", .array([.object([("attachmentId", .string(t.attachmentID)), ("privateIpv4Address", .string(t.ip))])])),
                    ("healthStatus", .string(c.health)),
                    ("cpu", .string("0")),
                    ("memoryReservation", .string(c.name == "ipfs" ? "1024" : "512")),
                ]
                return .object(cm)
            })),
            ("cpu", .string("1024")),
            ("createdAt", ts(t.createdAt)),
            ("desiredStatus", .string(t.desiredStatus)),
            ("enableExecuteCommand", .bool(true)),
        ]
        if let s = t.stoppedAt { m.append(("executionStoppedAt", ts(s - 0.9))) }
        m += [
            ("group", .string("service:\(t.service)")),
            ("healthStatus", .string(health)),
            ("lastStatus", .string(t.lastStatus)),
            ("launchType", .string("FARGATE")),
            ("memory", .string("2048")),
            ("overrides", .object([("containerOverrides", .array([.object([("name", .string("ipfs"))]), .object([("name", .string("ipfs-cluster"))])])),
                                   ("inferenceAcceleratorOverrides", .array([]))])),
            ("platformVersion", .string("1.4.0")),
            ("platformFamily", .string("Linux")),
            ("pullStartedAt", ts(t.createdAt + 10.2)),
            ("pullStoppedAt", ts(t.createdAt + 31.7)),
        ]
        if let s = t.startedAt { m.append(("startedAt", ts(s))) }
        m.append(("startedBy", .string(services[t.peer]?.deployment ?? "ecs-svc/0")))
        if let c = t.stopCode { m.append(("stopCode", .string(c))) }
        if let s = t.stoppedAt { m.append(("stoppedAt", ts(s))) }
        if let r = t.stoppedReason { m.append(("stoppedReason", .string(r))) }
        if let s = t.stoppingAt { m.append(("stoppingAt", ts(s))) }
        m += [
            ("tags", .array([])),
            ("taskArn", .string(arn)),
            ("taskDefinitionArn", .string(taskDefArn(t.service))),
            ("version", .int(t.version)),
            ("ephemeralStorage", .object([("sizeInGiB", .int(20))])),
            ("fargateEphemeralStorage", .object([("sizeInGiB", .int(20))])),
        ]
        return .object(m)
    }

    private func serviceJSON(_ peer: Int, _ s: Service) -> PrettyJSON {
        let running = current[peer] != nil ? 1 : 0
        return .object([
            ("serviceArn", .string("arn:aws:ecs:\(Self.region):\(Self.account):service/\(Self.clusterName)/\(s.name)")),
            ("serviceName", .string(s.name)),
            ("clusterArn", .string(Self.clusterArn)),
            ("loadBalancers", .array([
                .object([("targetGroupArn", .string(Self.webTargetGroup)), ("containerName", .string("ipfs")), ("containerPort", .int(8080))]),
                .object([("targetGroupArn", .string(Self.apiTargetGroup)), ("containerName", .string("ipfs-cluster")), ("containerPort", .int(9094))]),
            ])),
            ("serviceRegistries", .array([.object([("registryArn", .string("arn:aws:servicediscovery:us-east-1:123456789012:service/srv-\(s.az.suffix(2))kb2xgd7q"))])])),
            ("status", .string("ACTIVE")),
            ("desiredCount", .int(1)),
            ("runningCount", .int(running)),
            ("pendingCount", .int(0)),
            ("capacityProviderStrategy", .array([.object([("capacityProvider", .string(s.capacity)), ("weight", .int(1)), ("base", .int(1))])])),
            ("platformVersion", .string("LATEST")),
            ("platformFamily", .string("Linux")),
            ("taskDefinition", .string(taskDefArn(s.name))),
            ("deploymentConfiguration", .object([
                ("deploymentCircuitBreaker", .object([("enable", .bool(false)), ("rollback", .bool(false))])),
                ("maximumPercent", .int(100)), ("minimumHealthyPercent", .int(0)),
            ])),
            ("deployments", .array([.object([
                ("id", .string(s.deployment)),
                ("status", .string("PRIMARY")),
                ("taskDefinition", .string(taskDefArn(s.name))),
                ("desiredCount", .int(1)),
                ("pendingCount", .int(0)),
                ("runningCount", .int(running)),
                ("failedTasks", .int(0)),
                ("createdAt", ts(s.createdAt)),
                ("updatedAt", ts(s.createdAt + 95.3)),
                ("capacityProviderStrategy", .array([.object([("capacityProvider", .string(s.capacity)), ("weight", .int(1)), ("base", .int(1))])])),
                ("platformVersion", .string("1.4.0")),
                ("platformFamily", .string("Linux")),
                ("rolloutState", .string("COMPLETED")),
                ("rolloutStateReason", .string("ECS deployment \(s.deployment) completed.")),
            ])])),
            ("roleArn", .string("arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS")),
            ("events", .array(s.events.map { .object([("id", .string($0.id)), ("createdAt", ts($0.at)), ("message", .string($0.message))]) })),
            ("createdAt", ts(s.createdAt)),
            ("placementConstraints", .array([])),
            ("placementStrategy", .array([])),
            ("networkConfiguration", .object([("awsvpcConfiguration", .object([
                ("subnets", .array([.string(s.subnet)])), ("securityGroups", .array([.string("sg-0a1b2c3d4e5f60718")])),
                ("assignPublicIp", .string("ENABLED")),
            ]))])),
            ("healthCheckGracePeriodSeconds", .int(600)),
            ("schedulingStrategy", .string("REPLICA")),
            ("deploymentController", .object([("type", .string("ECS"))])),
            ("createdBy", .string("arn:aws:iam::123456789012:role/cdk-hnb659fds-cfn-exec-role-123456789012-us-east-1")),
            ("enableECSManagedTags", .bool(false)),
            ("propagateTags", .string("NONE")),
            ("enableExecuteCommand", .bool(true)),
        ])
    }

    private func taskDefinitionJSON(_ s: Service, peer: Int) -> PrettyJSON {
        func container(_ name: String, image: String, ports: [Int], env: [(String, String)], command: [String]?) -> PrettyJSON {
            var m: [(String, PrettyJSON)] = [
                ("name", .string(name)), ("image", .string(image)), ("cpu", .int(0)),
                ("portMappings", .array(ports.map { .object([("containerPort", .int($0)), ("hostPort", .int($0)), ("protocol", .string("tcp"))]) })),
                ("essential", .bool(true)),
            ]
            if let command { m.append(("command", .array(command.map { .string($0) }))) }
            m += [
                ("environment", .array(env.map { .object([("name", .string($0.0)), ("value", .string($0.1))]) })),
                ("mountPoints", .array([.object([("sourceVolume", .string("ipfs")), ("containerPath", .string(name == "ipfs" ? "/data/ipfs" : "/data/ipfs-cluster"))])])),
                ("logConfiguration", .object([("logDriver", .string("awslogs")), ("options", .object([
                    ("awslogs-group", .string("/ecs/\(s.name)")), ("awslogs-region", .string(Self.region)),
                    ("awslogs-stream-prefix", .string(name)),
                ]))])),
            ]
            return .object(m)
        }
        let bootstrap: [String]? = peer == 0 ? nil : ["daemon", "--bootstrap", "/dns/ipfs-cluster-ipfs-node-us-east-1a.ipfs-cluster/tcp/9096/p2p/<ClusterId>"]
        return .object([
            ("taskDefinition", .object([
                ("taskDefinitionArn", .string(taskDefArn(s.name))),
                ("containerDefinitions", .array([
                    container("ipfs", image: "ipfs/kubo:master-latest", ports: [4001, 5001, 8080],
                              env: [("CLUSTER_PEERNAME", "ipfs-cluster-node\(peer + 1)"), ("AWS_REGION", Self.region)], command: nil),
                    container("ipfs-cluster", image: "ipfs/ipfs-cluster:master-latest", ports: [9094, 9096],
                              env: [("CLUSTER_CRDT_TRUSTEDPEERS", "*"), ("CLUSTER_MONITORPINGINTERVAL", "5s"),
                                    ("CLUSTER_PEERNAME", "IpfsCluster\(peer)"),
                                    ("CLUSTER_IPFSHTTP_NODEMULTIADDRESS", "/ip4/0.0.0.0/tcp/5001"),
                                    ("CLUSTER_RESTAPI_HTTPLISTENMULTIADDRESS", "/ip4/0.0.0.0/tcp/9094"),
                                    ("CLUSTER_REPLICATIONFACTORMIN", "-1"), ("CLUSTER_REPLICATIONFACTORMAX", "-1")],
                              command: bootstrap),
                ])),
                ("family", .string(s.name)),
                ("taskRoleArn", .string("arn:aws:iam::123456789012:role/ipfs-cluster-EcsRunTaskRole")),
                ("executionRoleArn", .string("arn:aws:iam::123456789012:role/ipfs-cluster-EcsTaskExecutionRole")),
                ("networkMode", .string("awsvpc")),
                ("revision", .int(3)),
                ("volumes", .array([.object([("name", .string("ipfs"))])])),
                ("status", .string("ACTIVE")),
                ("requiresCompatibilities", .array([.string("FARGATE")])),
                ("compatibilities", .array([.string("EC2"), .string("FARGATE")])),
                ("runtimePlatform", .object([("cpuArchitecture", .string("X86_64")), ("operatingSystemFamily", .string("LINUX"))])),
                ("cpu", .string("1024")),
                ("memory", .string("2048")),
                ("registeredAt", ts(s.createdAt - 60)),
                ("registeredBy", .string("arn:aws:sts::123456789012:assumed-role/cdk-hnb659fds-cfn-exec-role/AWSCloudFormation")),
            ])),
            ("tags", .array([])),
        ])
    }

    /// Writes every export when something changed (temp file + rename, so readers never see half a file).
    func writeIfDirty() {
        guard dirty else { return }
        dirty = false
        let running = tasks.filter { $0.lastStatus != "STOPPED" }
        let arn = { (t: TaskState) in "arn:aws:ecs:\(Self.region):\(Self.account):task/\(Self.clusterName)/\(t.id)" }
        write("list-tasks.json", .object([("taskArns", .array(running.map { .string(arn($0)) }))]))
        // Newest first per service, at most 100 tasks as one describe-tasks call allows.
        let described = Array(tasks.reversed().prefix(100))
        write("describe-tasks.json", .object([("tasks", .array(described.map(taskJSON))), ("failures", .array([]))]))
        let svc = services.keys.sorted().compactMap { k in services[k].map { serviceJSON(k, $0) } }
        write("describe-services.json", .object([("services", .array(svc)), ("failures", .array([]))]))
        write("describe-clusters.json", .object([("clusters", .array([.object([
            ("clusterArn", .string(Self.clusterArn)), ("clusterName", .string(Self.clusterName)), ("status", .string("ACTIVE")),
            ("registeredContainerInstancesCount", .int(0)), ("runningTasksCount", .int(running.count)),
            ("pendingTasksCount", .int(0)), ("activeServicesCount", .int(services.count)),
            ("statistics", .array([])), ("tags", .array([])),
            ("settings", .array([.object([("name", .string("containerInsights")), ("value", .string("disabled"))])])),
            ("capacityProviders", .array([.string("FARGATE"), .string("FARGATE_SPOT")])),
            ("defaultCapacityProviderStrategy", .array([])),
        ])])), ("failures", .array([]))]))
        for k in services.keys.sorted() {
            guard let s = services[k] else { continue }
            write("describe-task-definition-\(s.name).json", taskDefinitionJSON(s, peer: k))
        }
    }

    private func write(_ name: String, _ value: PrettyJSON) {
        let path = directory + "/" + name
        do {
            try Data(value.render().utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            lastError = "\(path): \(error)"
        }
    }
}
