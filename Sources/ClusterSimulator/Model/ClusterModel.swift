import Foundation

/// The simulated cluster: peers, CRDT membership, pinset, metrics, alerts, ECS tasks and logs.
///
/// Why one actor: every listener, the control API and the scenario runner change the same state;
/// an actor serialises that without locks. Long operations (streams, waits for frozen peers) are
/// done by callers in small batches so the actor is never held for long.
actor ClusterModel {
    let config: SimulatorConfig
    let clock: SimClock
    var peers: [SimPeer] = []
    /// Peer indices sorted by peer id (Go sorts map keys; Cluster sorts peer lists).
    private(set) var sortedPeers: [Int] = []
    var store: PinStore
    var inflight: Set<Int> = []
    /// Recently unpinned CIDs: allocated-peer mask (0 = everywhere) and start time.
    var unpinning: [String: (mask: UInt32, started: Double, peers: Int)] = [:]
    var faults: [Fault] = []
    var tokens: Set<String> = []
    var rng: SeededRandom
    var lbCursor = 0
    let ecs: ECSWorld?
    /// EFS, ALB, Container Insights and alarms, written beside the ECS exports.
    let aws: AWSWorld?
    let logs: LogFiles?
    var scenarioLog: [String] = []
    var lastTick: Double = 0
    var backgroundPins: [String] = []
    /// Entries whose next pin attempt must fail (scenario error rate).
    var failNext: Set<Int> = []
    /// The gateway's story (`gateway-unserved`): content pinned from this wall time on is not
    /// served (nil: everything pinned is), answered with a 504 after `gatewayDelay` real seconds.
    var gatewayUnservedFrom: Double?
    var gatewayDelay: Double = 2

    static let version = "1.1.6"

    init(config: SimulatorConfig, clock: SimClock, stateDir: String?) {
        self.config = config
        self.clock = clock
        rng = SeededRandom(seed: config.seed)
        store = PinStore(peerCount: config.peers, seed: config.seed &+ 7)
        let azs = ["us-east-1a", "us-east-1b", "us-east-1c"]
        var prng = SeededRandom(seed: config.seed &* 31 &+ 1)
        var ps: [SimPeer] = []
        for i in 0..<config.peers {
            let n = i + config.firstPeerIndex
            let az = azs[n % azs.count]
            let ip = "10.0.\(n % azs.count).\(10 + Int(prng.next() % 240))"
            ps.append(SimPeer(index: i, name: "IpfsCluster\(n)", peerID: Identifiers.peerID(&prng),
                                 ipfsID: Identifiers.peerID(&prng), az: az, ip: ip,
                                 startedAt: 0, freeSpace: Int64(80 + prng.next() % 40) * 1_000_000_000))
        }
        peers = ps
        sortedPeers = ps.indices.sorted { ps[$0].peerID < ps[$1].peerID }
        if let dir = stateDir {
            ecs = ECSWorld(directory: dir + "/ecs", seed: config.seed)
            aws = AWSWorld(directory: dir + "/ecs", azs: azs, seed: config.seed)
            logs = LogFiles(directory: dir + "/logs")
        } else {
            ecs = nil
            aws = nil
            logs = nil
        }
    }

    var now: Double { clock.elapsed }
    func wall(_ elapsed: Double) -> Double { clock.wall(at: elapsed) }

    /// Generates seeded pins and starts every peer's task (writing start-up logs and ECS files).
    func boot() {
        let t = now
        var r = SeededRandom(seed: config.seed &+ 99)
        let gen = store.generator
        store.generate(config.pins, peers: config.peers, now: wall(t), rng: &r) { i in
            switch i % 4 {
            case 0: return "context canceled"
            case 1:
                let c = gen.cid(i)
                return "IPFS error (pin/add?arg=\(c)&recursive=true&progress=true). Code: 500. Message: failed to fetch all nodes: context deadline exceeded"
            case 2: return "context canceled"
            default: return "pin/unpin operation queue is full. Try increasing max_pin_queue_size"
            }
        }
        for i in peers.indices {
            ecs?.launchTask(peer: peers[i], at: wall(t), peerCount: peers.count)
            writeStartupLogs(i, at: t)
        }
        flushSideEffects()
    }

    // MARK: peer lookup

    func peerIndex(_ nameOrID: String) -> Int? {
        peers.firstIndex { $0.name == nameOrID || $0.peerID == nameOrID || String($0.index) == nameOrID }
    }

    func peerState(_ i: Int) -> PeerRunState { peers[i].state }

    /// Peers currently in the CRDT peer set (unexpired ping), in peer-id order.
    func peerSet() -> [Int] { sortedPeers.filter { peers[$0].inPeerSet(now: now) } }

    /// The next live peer for the load balancer, round robin.
    func nextLivePeer() -> Int? {
        for _ in 0..<peers.count {
            lbCursor = (lbCursor + 1) % peers.count
            if peers[lbCursor].state == .running { return lbCursor }
        }
        return nil
    }

    // MARK: faults

    func addFault(_ f: Fault) { faults.append(f) }
    func clearFaults() { faults.removeAll() }
    func listFaults() -> [Fault] { faults }

    /// The first fault matching this request; consumes one use of a counted fault.
    func takeFault(peer: Int, path: String) -> Fault? {
        guard !path.hasPrefix("/_sim") else { return nil }
        for (n, f) in faults.enumerated() where f.matches(peerName: peers[peer].name, peerID: peers[peer].peerID, path: path) {
            if let c = f.count {
                if c <= 1 { faults.remove(at: n) } else { faults[n].count = c - 1 }
            }
            return f
        }
        return nil
    }

    // MARK: auth

    func issueToken(user: String) -> String {
        func b64url(_ s: String) -> String {
            Data(s.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
        let sig = Data(rng.bytes(32)).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let token = b64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64url("{\"iss\":\"\(user)\"}") + "." + sig
        tokens.insert(token)
        return token
    }

    func isValidToken(_ t: String) -> Bool { tokens.contains(t) }

    // MARK: lifecycle control

    func freeze(_ i: Int) {
        guard peers[i].state == .running else { return }
        let t = now
        peers[i].state = .frozen
        peers[i].publishStoppedAt = t
        scenarioLog.append("\(TimeFormat.rfc3339Nano(wall(t))) freeze \(peers[i].name)")
    }

    func resume(_ i: Int) {
        guard peers[i].state == .frozen else { return }
        let t = now
        peers[i].state = .running
        peers[i].publishStoppedAt = nil
        peers[i].startedAt = t
        for q in peers.indices where q != i && peers[q].state == .running {
            logCluster(i, at: t, "INFO", "cluster", "src/cluster.go:1123", "reconnected to \(peers[q].peerID)")
        }
        scenarioLog.append("\(TimeFormat.rfc3339Nano(wall(t))) resume \(peers[i].name)")
    }

    /// Clean exit (SIGTERM): shutdown sequence in its log, its task stops.
    /// Empties the peer's alert list; the expiries it already alerted on are not raised again.
    func forgetAlerts(_ i: Int) { peers[i].alerts = [] }

    func stop(_ i: Int, stopCode: String = "EssentialContainerExited", reason: String = "Essential container in task exited",
              exitCode: Int = 0) {
        guard peers[i].state != .stopped else { return }
        let t = now
        if peers[i].state == .running { writeShutdownLogs(i, at: t) }
        peers[i].state = .stopped
        if peers[i].publishStoppedAt == nil { peers[i].publishStoppedAt = t }
        peers[i].alerts = []
        peers[i].alerted = []
        ecs?.stopTask(peer: peers[i], at: wall(t), stopCode: stopCode, reason: reason, exitCode: exitCode)
        scenarioLog.append("\(TimeFormat.rfc3339Nano(wall(t))) stop \(peers[i].name) (\(stopCode))")
    }

    /// Starts a stopped peer as a new ECS task (new task id and IP; same peer id from EFS).
    func start(_ i: Int) {
        guard peers[i].state == .stopped else { return }
        let t = now
        let az = peers[i].az.last.map { String($0) } ?? "a"
        let azIndex = ["a": 0, "b": 1, "c": 2][az] ?? 0
        peers[i].ip = "10.0.\(azIndex).\(10 + Int(rng.next() % 240))"
        peers[i].state = .running
        peers[i].publishStoppedAt = nil
        peers[i].startedAt = t
        peers[i].ipfsDown = false
        peers[i].ipfsDownSince = nil
        ecs?.launchTask(peer: peers[i], at: wall(t), peerCount: peers.count)
        writeStartupLogs(i, at: t)
        requeueAfterRestart(i, at: t)
        scenarioLog.append("\(TimeFormat.rfc3339Nano(wall(t))) start \(peers[i].name)")
    }

    /// Replaces a peer's task: stop with the given ECS stop code, then start a new one.
    func replace(_ i: Int, stopCode: String, reason: String, exitCode: Int = 137) {
        if peers[i].state == .frozen {
            // SIGKILL of a frozen process: no shutdown lines, metrics already stopped at the freeze.
            peers[i].state = .stopped
            peers[i].alerts = []
            peers[i].alerted = []
            ecs?.stopTask(peer: peers[i], at: wall(now), stopCode: stopCode, reason: reason, exitCode: exitCode)
            scenarioLog.append("\(TimeFormat.rfc3339Nano(wall(now))) kill \(peers[i].name) (\(stopCode))")
        } else {
            stop(i, stopCode: stopCode, reason: reason, exitCode: exitCode)
        }
        start(i)
    }

    func setIPFSDown(_ i: Int, _ down: Bool) {
        let t = now
        guard peers[i].ipfsDown != down else { return }
        peers[i].ipfsDown = down
        peers[i].ipfsDownSince = down ? t : nil
        if down {
            logs?.append(ecsTask: ecs?.currentTaskID(peer: i), container: "ipfs",
                         lines: ["Received interrupt signal, shutting down...", "(Hit ctrl-c again to force-shutdown the daemon.)"])
            logIPFSUnreachable(i, at: t)
            ecs?.setContainerHealth(peer: i, container: "ipfs", health: "UNHEALTHY", at: wall(t))
        } else {
            writeKuboStartup(i)
            logCluster(i, at: t, "INFO", "ipfshttp", "ipfshttp/ipfshttp.go:1213", "Lifting up rate limit")
            ecs?.setContainerHealth(peer: i, container: "ipfs", health: "HEALTHY", at: wall(t))
        }
        scenarioLog.append("\(TimeFormat.rfc3339Nano(wall(t))) ipfs-\(down ? "down" : "up") \(peers[i].name)")
    }

    func setDiskFull(_ i: Int, _ full: Bool) {
        peers[i].diskFull = full
        if full { logCluster(i, at: now, "WARN", "diskinfo", "disk/informer.go:109", "reported freespace is 0") }
        scenarioLog.append("\(TimeFormat.rfc3339Nano(wall(now))) disk-\(full ? "full" : "ok") \(peers[i].name)")
    }

    func note(_ s: String) { scenarioLog.append("\(TimeFormat.rfc3339Nano(wall(now))) \(s)") }

    // MARK: tick

    /// Advances pin operations, metrics, alerts, expiry and the contact-loss log lines.
    func tick() {
        let t = now
        advancePins(at: t)
        checkAlerts(at: t)
        logLostContact(at: t)
        logIPFSDown(at: t)
        expirePins(at: t)
        for (cid, u) in unpinning where t - u.started > 2.0 {
            unpinning[cid] = nil
        }
        lastTick = t
        flushSideEffects()
    }

    func flushSideEffects() {
        logs?.flush()
        ecs?.writeIfDirty()
        aws?.advance(to: wall(now), peers: peers)
        aws?.writeIfDirty(peers: peers)
    }

    private func checkAlerts(at t: Double) {
        for q in peers.indices {
            for metric in ["ping", "freespace", "tag:group"] {
                guard let last = peers[q].lastPublish(metric, now: t) else { continue }
                let expire = last + SimPeer.metricTTL
                guard t >= expire + SimPeer.alertCheckDelay else { continue }
                let key = "\(q):\(metric)"
                for o in peers.indices where o != q && peers[o].state == .running && peers[o].startedAt <= expire {
                    guard !peers[o].alerted.contains(key) else { continue }
                    peers[o].alerted.insert(key)
                    let alert = SimAlert(metric: metric, peer: q, value: metricValue(metric, q), expire: expire,
                                         receivedAt: last, triggeredAt: t)
                    peers[o].alerts.insert(alert, at: 0)
                    if peers[o].alerts.count > 1000 { peers[o].alerts = [] }
                    logCluster(o, at: t, "WARN", "cluster", "src/cluster.go:485",
                               "metric alert for \(metric): Peer: \(peers[q].peerID).")
                }
            }
        }
    }

    /// Neighbours of a frozen or stopped peer that is still in the peer set log what a real peer
    /// logs when its periodic fan-outs fail.
    private func logLostContact(at t: Double) {
        for q in peers.indices where peers[q].state != .running && peers[q].inPeerSet(now: t) {
            for o in peers.indices where o != q && peers[o].state == .running {
                let last = peers[o].lastContactLog[q] ?? -1e9
                guard t - last >= 10 else { continue }
                let since = peers[q].publishStoppedAt ?? t
                if peers[q].state == .frozen && t - since < 15 { continue }
                peers[o].lastContactLog[q] = t
                logCluster(o, at: t, "ERROR", "cluster", "src/cluster.go:1967",
                           "Peers: error in broadcast response from \(peers[q].peerID): \(rpcError(q)) ")
            }
        }
    }

    /// While kubo is down its cluster peer keeps failing to reach it (every ~10 s).
    private func logIPFSDown(at t: Double) {
        for i in peers.indices where peers[i].state == .running && peers[i].ipfsDown {
            let since = peers[i].ipfsDownSince ?? t
            let key = -1 - i
            let last = peers[i].lastContactLog[key] ?? since
            guard t - last >= 10 else { continue }
            peers[i].lastContactLog[key] = t
            logCluster(i, at: t, "ERROR", "ipfshttp", "ipfshttp/ipfshttp.go:587",
                       "error posting to IPFS:Post \"http://127.0.0.1:5001/api/v0/repo/stat?size-only=true\": dial tcp 127.0.0.1:5001: connect: connection refused")
            logCluster(i, at: t, "WARN", "ipfshttp", "ipfshttp/ipfshttp.go:1195",
                       "ipfs does not seem to be available after \(Int((t - since) / 10) + 1) retries")
        }
    }

    /// The RPC error text other peers get when calling peer `q`.
    func rpcError(_ q: Int) -> String {
        switch peers[q].state {
        case .frozen: return "context deadline exceeded"
        case .stopped:
            return "failed to dial \(peers[q].peerID):\n  * [/ip4/\(peers[q].ip)/tcp/9096] dial tcp \(peers[q].ip):9096: connect: connection refused"
        case .running: return ""
        }
    }

    /// Same as `rpcError` on one line, as it appears inside JSON responses.
    func rpcErrorInline(_ q: Int) -> String {
        switch peers[q].state {
        case .stopped:
            return "failed to dial \(peers[q].peerID): all dials failed  * [/ip4/\(peers[q].ip)/tcp/9096] dial tcp \(peers[q].ip):9096: connect: connection refused"
        default: return rpcError(q)
        }
    }

    func metricValue(_ metric: String, _ q: Int) -> String {
        switch metric {
        case "ping": return "{\"peer_name\":\"\(peers[q].name)\",\"ipfs_id\":\"\(peers[q].ipfsID)\"}"
        case "freespace": return String(peers[q].freespaceValue)
        case "pinqueue": return String(pinQueueLength(q))
        case "tag:group": return "default"
        default: return ""
        }
    }

    func pinQueueLength(_ q: Int) -> Int {
        var n = 0
        for key in inflight where key & 63 == q {
            if store.status(key >> 6, q) == .pinQueued { n += 1 }
        }
        return n
    }
}
