import Foundation
import NIOCore
import NIOPosix
import NIOHTTP1
import NIOFoundationCompat

/// A simulated IPFS Cluster (v1.1.6, CRDT, Fargate-style) served over real HTTP on loopback.
///
/// Why: operators try the console without a cluster (`--demo`), and every test needs a cluster
/// that misbehaves on command. One listener per peer (like each ECS task's 9094), an optional
/// round-robin "load balancer", a control API, and a state directory with ECS exports and logs.
public actor ClusterSimulator {
    public let config: SimulatorConfig
    public nonisolated let clock: SimClock
    let model: ClusterModel
    private let group: MultiThreadedEventLoopGroup
    private let router: APIRouter
    private var peerListeners: [HTTPListener?] = []
    private var peerPorts: [Int] = []
    private var lbListener: HTTPListener?
    private var controlListener: HTTPListener?
    /// The IPFS gateway (kubo's 8080 behind the load balancer), and its port kept across a
    /// `gateway-down` / `gateway-up`.
    private var gatewayListener: HTTPListener?
    private var gatewayPort: Int?
    private var driver: Task<Void, Never>?
    private var scenario: Scenario?
    private var scenarioStart: Double = 0
    private var nextStep = 0
    private var lastBackgroundPin: Double = 0
    private var lastBackgroundUnpin: Double = 0
    private var started = false
    private var endpointsCache: SimulatorEndpoints?
    public nonisolated let stateDirectory: String
    /// Every REST request the peers answered, with its duration and size (for the benchmark).
    public nonisolated let requests = RequestLedger()
    /// A replacement peer started without `--bootstrap`: a one-peer cluster of its own that the
    /// load balancer also sends requests to (the `split-cluster` scenario).
    private var split: ClusterSimulator?
    private var lbTurn = 0

    public init(config: SimulatorConfig) {
        self.config = config
        clock = SimClock(speed: config.speed, offset: config.clockOffset)
        let dir = config.stateDirectory ?? (NSTemporaryDirectory() + "ipfs-cluster-sim-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        stateDirectory = dir
        model = ClusterModel(config: config, clock: clock, stateDir: dir)
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var creds: (String, String)?
        if let auth = config.basicAuth {
            let parts = auth.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            creds = (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        router = APIRouter(model: model, clock: clock, credentials: creds)
    }

    /// Binds every listener, boots the model (pins, tasks, logs) and starts the scenario.
    public func start() async throws -> SimulatorEndpoints {
        if let e = endpointsCache { return e }
        guard (1...32).contains(config.peers) else { throw SimulatorError.invalidConfig("peers must be 1...32, got \(config.peers)") }
        guard config.pins >= 0 && config.pins <= 50_000_000 else { throw SimulatorError.invalidConfig("pins must be 0...50000000") }
        guard config.speed > 0 else { throw SimulatorError.invalidConfig("speed must be > 0") }
        do {
            try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        } catch {
            throw SimulatorError.io(path: stateDirectory, reason: "cannot create state directory: \(error.localizedDescription)")
        }
        if let name = config.scenario { scenario = try Scenario.load(name) }
        await model.boot()
        do {
            if let p = config.loadBalancerPort {
                lbListener = try await HTTPListener.start(group: group, host: config.host, port: p) { [weak self] req, w in
                    guard let self else { return false }
                    return await self.handleLoadBalanced(req, w)
                }
            }
            for i in 0..<config.peers {
                var port = i < config.peerPorts.count ? config.peerPorts[i] : 0
                if port == 0, config.ownLoopbackAddresses, let lb = lbListener?.port { port = lb }
                if port == 0, let lb = config.loadBalancerPort, lb != 0 { port = lb + 1 + i }
                let l = try await bindPeer(i, port: port)
                peerListeners.append(l)
                peerPorts.append(l.port)
            }
            if let p = config.gatewayPort {
                let l = try await bindGateway(port: p)
                gatewayListener = l
                gatewayPort = l.port
            }
            if let p = config.controlPort {
                controlListener = try await HTTPListener.start(group: group, host: config.host, port: p) { [weak self] req, w in
                    guard let self else { return false }
                    let r = await self.control(req)
                    return await ResponseRenderer.send(r, fault: nil, writer: w, clock: self.clock)
                }
            }
        } catch {
            await shutdownListeners()
            throw SimulatorError.io(path: "\(config.host)", reason: "cannot listen: \(error)")
        }
        started = true
        scenarioStart = clock.elapsed
        let names = await model.peers.map(\.name)
        let ids = await model.peers.map(\.peerID)
        let e = SimulatorEndpoints(peers: peerPorts.enumerated().map { "http://\(config.peerHost($0.offset)):\($0.element)" }, peerNames: names, peerIDs: ids,
                                   loadBalancer: lbListener?.url, control: controlListener?.url, stateDirectory: stateDirectory,
                                   gateway: gatewayListener?.url)
        endpointsCache = e
        if let c = controlListener {
            try? (c.url + "\n").write(toFile: stateDirectory + "/control.addr", atomically: true, encoding: .utf8)
        }
        try? endpointsJSON(e).write(toFile: stateDirectory + "/endpoints.json", atomically: true, encoding: .utf8)
        let interval = config.effectiveTickInterval
        driver = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int64(max(interval, 0.005) * 1000)))
                guard let self else { return }
                await self.tick()
            }
        }
        return e
    }

    /// Stops the scenario, every listener and the event loop; the state directory is kept.
    public func stop() async {
        driver?.cancel()
        driver = nil
        await split?.stop()
        split = nil
        await shutdownListeners()
        await model.flushSideEffects()
        try? await group.shutdownGracefully()
        started = false
    }

    private func shutdownListeners() async {
        for l in peerListeners { await l?.close() }
        peerListeners = peerListeners.map { _ in nil }
        await lbListener?.close(); lbListener = nil
        await controlListener?.close(); controlListener = nil
        await gatewayListener?.close(); gatewayListener = nil
    }

    /// The addresses returned by `start()`, or nil before it.
    public var endpoints: SimulatorEndpoints? { endpointsCache }

    // MARK: fault and lifecycle control (Swift API)

    private func index(_ peer: String) async throws -> Int {
        guard let i = await model.peerIndex(peer) else { throw SimulatorError.unknownPeer(peer) }
        return i
    }

    /// SIGSTOP: requests to it hang, `/peers` elsewhere waits 15 s for it, its ping expires after 30 s.
    public func freeze(peer: String) async throws { await model.freeze(try await index(peer)) }
    /// SIGCONT.
    public func resume(peer: String) async throws { await model.resume(try await index(peer)) }
    /// Clean exit: connection refused at once, drops out of `/peers` after ~30 s; its task stops.
    public func stopPeer(_ peer: String, stopCode: String = "EssentialContainerExited",
                         reason: String = "Essential container in task exited", exitCode: Int = 0) async throws {
        let i = try await index(peer)
        await model.stop(i, stopCode: stopCode, reason: reason, exitCode: exitCode)
        await peerListeners[i]?.close()
        peerListeners[i] = nil
    }
    /// Starts a stopped peer as a new task (new task id and IP).
    public func startPeer(_ peer: String) async throws {
        let i = try await index(peer)
        guard peerListeners[i] == nil else { return }
        await model.start(i)
        peerListeners[i] = try await bindPeer(i, port: peerPorts[i])
    }
    /// Replaces the peer's task (stop with an ECS stop code, then start a new task).
    public func replacePeer(_ peer: String, stopCode: String = "ServiceSchedulerInitiated",
                            reason: String = "Task failed container health checks", exitCode: Int = 137) async throws {
        let i = try await index(peer)
        await model.replace(i, stopCode: stopCode, reason: reason, exitCode: exitCode)
        if peerListeners[i] == nil { peerListeners[i] = try await bindPeer(i, port: peerPorts[i]) }
    }
    /// The peer's `/health/alerts` list is emptied, as after a restart of its monitor, while
    /// the others keep theirs: behind a load balancer the answers then differ by peer.
    public func forgetAlerts(peer: String) async throws { await model.forgetAlerts(try await index(peer)) }
    /// Starts a replacement for `peer` without `--bootstrap`: a new peer id under the same name,
    /// in a cluster of its own (it sees only itself, has no pins), registered behind this
    /// simulator's load balancer so it answers every third call, as a new ECS task does when the
    /// target group takes it in.
    public func startUnbootstrapped(_ peer: String) async throws {
        let i = try await index(peer)
        guard split == nil else { return }
        var c = SimulatorConfig(peers: 1, pins: 0, seed: config.seed &+ 1_000 &+ UInt64(i), speed: config.speed, host: config.host,
                                loadBalancerPort: nil, controlPort: nil, stateDirectory: stateDirectory + "/split-\(i)")
        c.firstPeerIndex = i
        c.clockOffset = config.clockOffset
        c.gatewayPort = nil
        let s = ClusterSimulator(config: c)
        _ = try await s.start()
        split = s
        await model.note("IpfsCluster\(i) replacement started without --bootstrap: a one-peer cluster behind the load balancer")
    }

    /// The split peer when it is its turn behind the load balancer.
    private func splitTurn() -> ClusterSimulator? {
        guard let split else { return nil }
        lbTurn += 1
        return lbTurn % 3 == 0 ? split : nil
    }

    /// The kubo daemon beside the peer is down (or back).
    public func setIPFSDown(peer: String, _ down: Bool) async throws { await model.setIPFSDown(try await index(peer), down) }
    /// The peer's repository is full (freespace 0) or not.
    public func setDiskFull(peer: String, _ full: Bool) async throws { await model.setDiskFull(try await index(peer), full) }
    /// The gateway stops accepting connections (refused, as a load balancer with no listener), or
    /// listens again on the same port.
    public func setGatewayDown(_ down: Bool) async throws {
        guard let port = gatewayPort else { throw SimulatorError.invalidConfig("this simulator has no gateway") }
        if down {
            await gatewayListener?.close()
            gatewayListener = nil
            await model.note("gateway down: connections refused")
        } else if gatewayListener == nil {
            gatewayListener = try await bindGateway(port: port)
            await model.note("gateway up again")
        }
    }
    /// From now on content pinned is not served (a 504 after `delay` seconds), or is served again.
    public func setGatewayUnserved(_ on: Bool, delay: Double? = nil) async { await model.setGatewayUnserved(on, delay: delay) }
    /// Injects a transport fault; the first matching fault applies to each request.
    public func addFault(_ fault: Fault) async { await model.addFault(fault) }
    /// Removes every injected fault (peer states are left as they are).
    public func clearFaults() async { await model.clearFaults() }
    /// Faults still active (counted ones disappear when used up).
    public func faults() async -> [Fault] { await model.listFaults() }

    /// Starts (or restarts) a scenario now.
    public func runScenario(_ nameOrPath: String) async throws {
        scenario = try Scenario.load(nameOrPath)
        scenarioStart = clock.elapsed
        nextStep = 0
        await model.note("scenario \(scenario?.name ?? nameOrPath) started")
    }

    /// Pins a random CID through a live peer (as background activity would); returns it.
    public func pinRandom(replicationMin: Int = -1, replicationMax: Int = -1) async -> String? {
        await model.backgroundPin(rmin: replicationMin, rmax: replicationMax, errorRate: 0)
    }

    /// Current state as JSON (the control API's `GET /_sim/state`).
    public func stateJSON() async -> String {
        let snap = await model.peerSnapshot()
        let counts = await model.pinCounts()
        let faults = await model.listFaults()
        var w = JSONWriter()
        w.beginObject()
        w.member("speed", Int(clock.speed))
        w.key("elapsed"); w.double((clock.elapsed * 1000).rounded() / 1000)
        w.member("state_dir", stateDirectory)
        w.member("scenario", scenario?.name ?? "")
        w.key("load_balancer"); if let lb = lbListener?.url { w.string(lb) } else { w.null() }
        w.key("gateway"); if let g = gatewayListener?.url { w.string(g) } else { w.null() }
        w.key("peers"); w.beginArray()
        for (i, p) in snap.enumerated() {
            w.beginObject()
            w.member("name", p.name); w.member("id", p.id); w.member("state", p.state.rawValue)
            w.member("ipfs_down", p.ipfsDown); w.member("disk_full", p.diskFull); w.member("in_peerset", p.inPeerSet)
            w.member("url", i < peerPorts.count ? "http://\(config.peerHost(i)):\(peerPorts[i])" : "")
            w.member("ip", p.ip); w.member("az", p.az); w.member("task_id", p.task ?? "")
            w.endObject()
        }
        w.endArray()
        w.key("pins"); w.beginObject()
        w.member("total", counts.total)
        for (k, v) in counts.byStatus.sorted(by: { $0.key < $1.key }) { w.member(k, v) }
        w.endObject()
        w.key("faults"); w.beginArray()
        for f in faults {
            w.beginObject()
            w.member("kind", f.kind.rawValue)
            if let p = f.peer { w.member("peer", p) }
            if let e = f.endpoint { w.member("endpoint", e) }
            if let c = f.count { w.member("count", c) }
            w.endObject()
        }
        w.endArray()
        w.member("events", strings: await model.recentEvents())
        w.endObject()
        w.newline()
        return String(buffer: w.buffer)
    }

    // MARK: driver

    private func tick() async {
        await model.tick()
        await runScenarioSteps()
    }

    private func runScenarioSteps() async {
        guard let s = scenario else { return }
        let t = clock.elapsed - scenarioStart
        while nextStep < s.steps.count && s.steps[nextStep].at <= t {
            let step = s.steps[nextStep]
            nextStep += 1
            await apply(step)
        }
        if let bg = s.background {
            let rmin = bg.replicationMin ?? config.replicationMin, rmax = bg.replicationMax ?? config.replicationMax
            if let every = bg.pinEvery, every > 0, t - lastBackgroundPin >= every {
                lastBackgroundPin = t
                await model.backgroundPin(rmin: rmin, rmax: rmax, errorRate: bg.errorRate ?? 0)
            }
            if let every = bg.unpinEvery, every > 0, t - lastBackgroundUnpin >= every {
                lastBackgroundUnpin = t
                await model.backgroundUnpin()
            }
        }
    }

    private func apply(_ step: Scenario.Step) async {
        do {
            switch step.action {
            case "freeze": try await freeze(peer: step.peer ?? "")
            case "resume": try await resume(peer: step.peer ?? "")
            case "stop":
                try await stopPeer(step.peer ?? "", stopCode: step.stopCode ?? "EssentialContainerExited",
                                   reason: step.reason ?? "Essential container in task exited", exitCode: step.exitCode ?? 0)
            case "start": try await startPeer(step.peer ?? "")
            case "replace":
                try await replacePeer(step.peer ?? "", stopCode: step.stopCode ?? "ServiceSchedulerInitiated",
                                      reason: step.reason ?? "Task failed container health checks", exitCode: step.exitCode ?? 137)
            case "ipfs-down": try await setIPFSDown(peer: step.peer ?? "", true)
            case "ipfs-up": try await setIPFSDown(peer: step.peer ?? "", false)
            case "disk-full": try await setDiskFull(peer: step.peer ?? "", true)
            case "disk-ok": try await setDiskFull(peer: step.peer ?? "", false)
            case "freeze-az":
                for i in await model.peers(inAZ: step.az ?? "") { await model.freeze(i) }
            case "stop-az":
                for i in await model.peers(inAZ: step.az ?? "") {
                    try await stopPeer(String(i), stopCode: step.stopCode ?? "TaskFailedToStart",
                                       reason: step.reason ?? "Essential container in task exited", exitCode: step.exitCode ?? 137)
                }
            case "start-az":
                for i in await model.peers(inAZ: step.az ?? "") { try await startPeer(String(i)) }
            case "pin-burst":
                let bg = scenario?.background
                await model.pinBurst(step.count ?? 100, rmin: bg?.replicationMin ?? config.replicationMin,
                                     rmax: bg?.replicationMax ?? config.replicationMax, errorRate: bg?.errorRate ?? 0)
            case "recover-all": await model.recoverAllNow()
            case "fault": if let f = step.fault { await model.addFault(f) }
            case "clear-faults": await model.clearFaults()
            case "note": await model.note(step.message ?? "")
            case "start-unbootstrapped": try await startUnbootstrapped(step.peer ?? "")
            case "efs-drain":
                // A tick delayed under load applies the step late: the credits drain from its time.
                let late = max(0, clock.elapsed - scenarioStart - step.at)
                await model.drainEFS(az: step.az ?? "", seconds: step.value ?? 60, late: late)
            case "alb-unhealthy":
                await model.setTarget(try await index(step.peer ?? ""), state: "unhealthy", reason: step.reason ?? "Target.Timeout",
                                      description: step.message ?? "Request timed out")
            case "alb-healthy": await model.setTarget(try await index(step.peer ?? ""), state: "healthy", reason: nil, description: nil)
            case "memory-pressure": await model.setMemory(try await index(step.peer ?? ""), share: step.value ?? 0.97)
            case "gateway-unserved": await model.setGatewayUnserved(true, delay: step.value)
            case "gateway-served": await model.setGatewayUnserved(false, delay: nil)
            case "gateway-down": try await setGatewayDown(true)
            case "gateway-up": try await setGatewayDown(false)
            default: break
            }
        } catch {
            await model.note("scenario step \(step.action) failed: \(error)")
        }
    }

    // MARK: listeners

    private func bindGateway(port: Int) async throws -> HTTPListener {
        try await HTTPListener.start(group: group, host: config.host, port: port) { [weak self] req, w in
            guard let self else { return false }
            return await self.handleGateway(req, w)
        }
    }

    /// `HEAD`/`GET /ipfs/<cid>[/path]` as kubo's gateway answers behind the load balancer: 200
    /// for content a live peer holds pinned, 404 for content no peer holds, and for pinned
    /// content the scenario made unserved (or whose holders are all hung) a 504 after a delay.
    private nonisolated func handleGateway(_ req: SimRequest, _ w: ResponseWriter) async -> Bool {
        let date = ResponseRenderer.date(clock)
        func send(_ status: HTTPResponseStatus, _ headers: [(String, String)], _ body: ByteBuffer) async -> Bool {
            do {
                try await w.head(status, headers + [("Date", date), ("Content-Length", String(body.readableBytes))])
                if req.method != .HEAD, body.readableBytes > 0 { try await w.body(body) }
                try await w.end()
                return true
            } catch {
                return false
            }
        }
        let text = [("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff")]
        guard req.method == .HEAD || req.method == .GET else {
            return await send(.methodNotAllowed, text + [("Allow", "GET, HEAD, OPTIONS")], ByteBuffer(string: "method not allowed\n"))
        }
        let parts = req.path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[0] == "ipfs" else {
            return await send(.notFound, text, ByteBuffer(string: "404 page not found\n"))
        }
        let cid = String(parts[1])
        switch await model.gatewayAnswer(cid: cid) {
        case .served(let size):
            var body = ByteBuffer()
            body.writeRepeatingByte(UInt8(ascii: "x"), count: size)
            return await send(.ok, [("Accept-Ranges", "bytes"), ("Cache-Control", "public, max-age=29030400, immutable"),
                                    ("Content-Type", "application/octet-stream"), ("Etag", "\"\(cid)\""),
                                    ("X-Ipfs-Path", "/ipfs/\(cid)"), ("X-Ipfs-Roots", cid)], body)
        case .notPinned:
            return await send(.notFound, text, ByteBuffer(string: "ipfs resolve -r /ipfs/\(cid): not found (no peer of the simulated cluster holds it pinned)\n"))
        case .unserved(let delay):
            let end = ContinuousClock.now + .milliseconds(Int64(delay * 1000))
            while ContinuousClock.now < end {
                if Task.isCancelled || !w.isActive() { return false }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return await send(.gatewayTimeout, text, ByteBuffer(string: "504 Gateway Timeout: retrieval of /ipfs/\(cid) timed out: no provider answered\n"))
        }
    }

    private func bindPeer(_ i: Int, port: Int) async throws -> HTTPListener {
        try await HTTPListener.start(group: group, host: config.peerHost(i), port: port) { [weak self] req, w in
            guard let self else { return false }
            return await self.handlePeer(req, w, peer: i)
        }
    }

    private nonisolated func handleLoadBalanced(_ req: SimRequest, _ w: ResponseWriter) async -> Bool {
        if let other = await splitTurn() { return await other.handlePeer(req, w, peer: 0) }
        guard let peer = await model.nextLivePeer() else {
            let body = ByteBuffer(string: "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n")
            return await ResponseRenderer.send(.raw(.serviceUnavailable, [("Server", "awselb/2.0"), ("Content-Type", "text/html")], body),
                                               fault: nil, writer: w, clock: clock)
        }
        return await handlePeer(req, w, peer: peer)
    }

    /// One request to peer `peer`: frozen peers never answer; faults apply; then the REST API.
    nonisolated func handlePeer(_ req: SimRequest, _ w: ResponseWriter, peer: Int) async -> Bool {
        while await model.peerState(peer) == .frozen {
            if Task.isCancelled || !w.isActive() { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        if await model.peerState(peer) == .stopped { return false }
        let fault = await model.takeFault(peer: peer, path: req.path)
        if let f = fault {
            switch f.kind {
            case .latency:
                try? await Task.sleep(for: .milliseconds(f.ms ?? 500))
            case .hang:
                while !Task.isCancelled && w.isActive() { try? await Task.sleep(for: .milliseconds(20)) }
                return false
            case .error5xx:
                let status = HTTPResponseStatus(statusCode: f.status ?? 500)
                return await ResponseRenderer.send(.error(status, f.message ?? "simulated failure"), fault: nil, writer: w, clock: clock)
            default: break
            }
        }
        let method = req.method.rawValue, uri = req.uri, remote = req.remote
        let ledger = requests, token = ledger.begin(peer: peer, method: method, uri: uri)
        let response = await router.respond(req, peer: peer)
        let model = self.model
        let keep = await ResponseRenderer.send(response, fault: fault, writer: w, clock: clock) { status, bytes in
            ledger.end(token, status: status, bytes: bytes)
            Task { await model.logAccess(peer: peer, remote: remote, method: method, uri: uri, status: status, bytes: bytes) }
        }
        ledger.end(token, status: 0, bytes: 0)
        return keep
    }

    // MARK: control API

    private func controlJSON(_ status: Int, _ s: String) -> SimResponse {
        .raw(HTTPResponseStatus(statusCode: status), [("Content-Type", "application/json")], ByteBuffer(string: s))
    }

    private func ok() -> SimResponse { controlJSON(200, "{\"ok\":true}\n") }

    private func control(_ req: SimRequest) async -> SimResponse {
        let comps = req.path.split(separator: "/").map(String.init)
        guard comps.first == "_sim" else { return controlJSON(404, "{\"error\":\"not found: routes are under /_sim\"}\n") }
        do {
            let parts = Array(comps.dropFirst())
            let route = req.method.rawValue + " " + (parts.count == 3 && parts[0] == "peers" ? "peers/*/*"
                : parts.count == 2 && parts[0] == "scenario" ? "scenario/*" : parts.joined(separator: "/"))
            switch route {
            case "GET state", "GET ":
                return controlJSON(200, await stateJSON())
            case "POST peers/*/*":
                let p = parts[1], action = parts[2]
                switch action {
                case "freeze": try await freeze(peer: p)
                case "resume": try await resume(peer: p)
                case "stop":
                    try await stopPeer(p, stopCode: req.param("stopCode") ?? "EssentialContainerExited",
                                       reason: req.param("reason") ?? "Essential container in task exited")
                case "start": try await startPeer(p)
                case "replace":
                    try await replacePeer(p, stopCode: req.param("stopCode") ?? "ServiceSchedulerInitiated",
                                          reason: req.param("reason") ?? "Task failed container health checks")
                case "ipfs-down": try await setIPFSDown(peer: p, true)
                case "ipfs-up": try await setIPFSDown(peer: p, false)
                case "disk-full": try await setDiskFull(peer: p, true)
                case "disk-ok": try await setDiskFull(peer: p, false)
                default: return controlJSON(404, "{\"error\":\"unknown peer action \(action)\"}\n")
                }
                return ok()
            case "POST gateway/down": try await setGatewayDown(true); return ok()
            case "POST gateway/up": try await setGatewayDown(false); return ok()
            case "POST gateway/unserved":
                await setGatewayUnserved(true, delay: req.param("delay").flatMap(Double.init))
                return ok()
            case "POST gateway/served": await setGatewayUnserved(false); return ok()
            case "POST faults":
                do {
                    let f = try Fault.decodeControlBody(Data(buffer: req.body))
                    if let p = f.peer, p != "*", await model.peerIndex(p) == nil { throw SimulatorError.unknownPeer(p) }
                    await addFault(f)
                    return ok()
                } catch let e as DecodingError {
                    return controlJSON(400, "{\"error\":\(jsonString("bad fault JSON: \(e)"))}\n")
                }
            case "GET faults":
                let data = (try? JSONEncoder().encode(await faults())) ?? Data("[]".utf8)
                return controlJSON(200, String(decoding: data, as: UTF8.self) + "\n")
            case "DELETE faults":
                await clearFaults()
                return ok()
            case "POST scenario/*":
                try await runScenario(parts[1])
                return ok()
            case "POST pins":
                let n = Int(req.param("count") ?? "1") ?? 1
                var cids: [String] = []
                for _ in 0..<min(n, 10_000) {
                    if let c = await pinRandom(replicationMin: Int(req.param("replication-min") ?? "") ?? config.replicationMin,
                                               replicationMax: Int(req.param("replication-max") ?? "") ?? config.replicationMax) {
                        cids.append(c)
                    }
                }
                return controlJSON(200, "{\"pinned\":[" + cids.map { "\"\($0)\"" }.joined(separator: ",") + "]}\n")
            default:
                return controlJSON(404, "{\"error\":\"unknown control route \(req.method.rawValue) \(req.path)\"}\n")
            }
        } catch {
            return controlJSON(400, "{\"error\":\(jsonString("\(error)"))}\n")
        }
    }

    private func jsonString(_ s: String) -> String {
        var w = JSONWriter(); w.string(s); return String(buffer: w.buffer)
    }

    private func endpointsJSON(_ e: SimulatorEndpoints) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("load_balancer"); if let lb = e.loadBalancer { w.string(lb) } else { w.null() }
        w.key("control"); if let c = e.control { w.string(c) } else { w.null() }
        w.key("gateway"); if let g = e.gateway { w.string(g) } else { w.null() }
        w.key("peers"); w.beginArray()
        for (n, u) in e.peers.enumerated() {
            w.beginObject(); w.member("name", e.peerNames[n]); w.member("id", e.peerIDs[n]); w.member("url", u); w.endObject()
        }
        w.endArray()
        w.member("state_dir", e.stateDirectory)
        w.endObject()
        w.newline()
        return String(buffer: w.buffer)
    }
}
