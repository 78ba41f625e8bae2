import Foundation

/// Everything needed to start a simulated cluster.
public struct SimulatorConfig: Sendable {
    /// Number of peers (3 to 32; the Fargate deployment has 3).
    public var peers: Int
    /// Seeded pins generated at start (realistic CIDs, names, ~3% errors).
    public var pins: Int
    public var seed: UInt64
    /// Simulated seconds per real second; 10 runs the recorded timeline ten times faster.
    public var speed: Double
    public var host: String
    /// Load balancer port (0 = OS-chosen); nil = no load balancer.
    public var loadBalancerPort: Int?
    /// Ports for the peers in order; missing entries (or 0) are OS-chosen.
    public var peerPorts: [Int]
    /// Control API port (0 = OS-chosen); nil = no control listener.
    public var controlPort: Int?
    /// Where ECS exports, logs and `control.addr` go; nil = a fresh temporary directory.
    public var stateDirectory: String?
    /// Scenario name (`healthy`, `az-outage`, ...) or a path to a scenario JSON file; nil = none.
    public var scenario: String?
    /// `user:password` enabling basic auth and bearer tokens, as `CLUSTER_RESTAPI_BASICAUTHCREDENTIALS`.
    public var basicAuth: String?
    /// Default replication factors for pins that do not set them (-1 = everywhere).
    public var replicationMin: Int
    public var replicationMax: Int
    /// Chance (0...1) that a new pin attempt fails on a peer, besides injected failures.
    public var pinErrorRate: Double
    /// Real seconds between model ticks; nil = about half a simulated second (at most 0.5 s real,
    /// so an idle demo costs next to no CPU, at least 20 ms).
    public var tickInterval: Double?
    /// Seconds the simulated cluster's clock runs ahead of the real one (negative: behind), as a
    /// cluster whose hosts, or an operator's laptop, have the wrong time. Every time it writes
    /// (the `Date` header, metrics, alerts, logs, ECS exports) is on this clock.
    public var clockOffset: Double = 0
    /// Index of the first peer's name (`IpfsCluster<N>`) and zone: a replacement started on its
    /// own (the `split-cluster` scenario) keeps the name of the peer it replaces.
    public var firstPeerIndex: Int = 0
    /// Port of the IPFS gateway (`HEAD`/`GET /ipfs/<cid>`, as kubo's 8080 behind the load
    /// balancer): 0 = OS-chosen, nil = no gateway.
    public var gatewayPort: Int? = 0
    /// Each peer listens on a loopback address of its own (`127.0.1.N`, N = its index + 1) at
    /// the load balancer's port, and lists that address in `/peers` and `/id`, as each ECS task
    /// has its own IP with the API on the same port: a console dialling the load balancer can
    /// find every peer's own API there. Linux only (the whole of 127/8 is loopback there).
    public var ownLoopbackAddresses = false

    /// The address peer `i` listens on.
    public func peerHost(_ i: Int) -> String {
        ownLoopbackAddresses ? "127.0.1.\(firstPeerIndex + i + 1)" : host
    }

    var effectiveTickInterval: Double { tickInterval ?? min(0.5, max(0.02, 0.5 / speed)) }

    public init(peers: Int = 3, pins: Int = 0, seed: UInt64 = 42, speed: Double = 1, host: String = "127.0.0.1",
                loadBalancerPort: Int? = 0, peerPorts: [Int] = [], controlPort: Int? = 0, stateDirectory: String? = nil,
                scenario: String? = nil, basicAuth: String? = nil, replicationMin: Int = -1, replicationMax: Int = -1,
                pinErrorRate: Double = 0, tickInterval: Double? = nil) {
        self.peers = peers; self.pins = pins; self.seed = seed; self.speed = speed; self.host = host
        self.loadBalancerPort = loadBalancerPort; self.peerPorts = peerPorts; self.controlPort = controlPort
        self.stateDirectory = stateDirectory; self.scenario = scenario; self.basicAuth = basicAuth
        self.replicationMin = replicationMin; self.replicationMax = replicationMax
        self.pinErrorRate = pinErrorRate; self.tickInterval = tickInterval
    }
}

extension SimulatorConfig {
    /// What `--demo` runs: three peers, a few thousand pins, the `healthy` scenario at real speed,
    /// every listener on an OS-chosen loopback port.
    public static func demo(peers: Int = 3, pins: Int = 2_000, scenario: String = "healthy", speed: Double = 1,
                            stateDirectory: String? = nil) -> SimulatorConfig {
        SimulatorConfig(peers: peers, pins: pins, speed: speed, stateDirectory: stateDirectory, scenario: scenario)
    }
}

/// Where a started simulator can be reached.
public struct SimulatorEndpoints: Sendable {
    /// Base URLs (`http://127.0.0.1:PORT`) of each peer's REST API, in peer order.
    public var peers: [String]
    /// Peer names in the same order (`IpfsCluster0`, ...).
    public var peerNames: [String]
    /// Peer ids in the same order.
    public var peerIDs: [String]
    /// The round-robin load balancer, if configured.
    public var loadBalancer: String?
    /// The control API (`/_sim/...`), if configured.
    public var control: String?
    /// The state directory with `ecs/`, `logs/` and `control.addr`.
    public var stateDirectory: String
    /// The IPFS gateway's base URL (`http://127.0.0.1:PORT`; probe `URL/ipfs/<cid>`), if configured.
    public var gateway: String? = nil
}

/// Errors from configuring or driving the simulator.
public enum SimulatorError: Error, CustomStringConvertible, Sendable {
    case invalidConfig(String)
    case unknownPeer(String)
    case unknownScenario(String, available: [String])
    case badScenario(file: String, reason: String)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidConfig(let m): "invalid simulator configuration: \(m)"
        case .unknownPeer(let p): "unknown peer '\(p)' (use a name like IpfsCluster1 or a peer id)"
        case .unknownScenario(let s, let a): "unknown scenario '\(s)'; available: \(a.joined(separator: ", "))"
        case .badScenario(let f, let r): "scenario \(f): \(r)"
        case .io(let p, let r): "\(p): \(r)"
        }
    }
}
