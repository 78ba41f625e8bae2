import ClusterAPI
import Foundation

/// How the console finds the peers' own REST API addresses in `/peers`: each peer lists its
/// addresses (libp2p multiaddrs carrying its IP); its API listens on that IP at the port (and
/// scheme) of the address the console dials, as every task of a deployment runs the same
/// configuration (`/ip4/0.0.0.0/tcp/9094`). Nil in the settings: discovery is off.
public struct PeerAPIDiscovery: Sendable, Equatable, Codable {
    public var useTLS: Bool
    public var port: Int
    /// The hosts the console dials already (the load balancer, or the one peer): never probed
    /// as a peer's own address.
    public var excludedHosts: [String]
    /// Public IPs may be probed too: only when no credentials would go to them unprotected (no
    /// auth, or TLS with the certificate verified before anything is sent). Private and
    /// loopback IPs always may.
    public var allowPublic: Bool

    public init(useTLS: Bool, port: Int, excludedHosts: [String] = [], allowPublic: Bool = true) {
        self.useTLS = useTLS; self.port = port; self.excludedHosts = excludedHosts; self.allowPublic = allowPublic
    }

    /// Whether `ip` is worth a probe under these settings.
    public func mayProbe(_ ip: String) -> Bool {
        Self.isUsable(ip) && !excludedHosts.contains(ip) && (allowPublic || Self.isPrivate(ip))
    }

    /// Private or loopback: RFC 1918, shared (100.64/10), 127/8, `::1`, unique local (`fc00::/7`).
    public static func isPrivate(_ ip: String) -> Bool {
        if ClusterHost.isIPv4(ip) {
            let o = ip.split(separator: ".").compactMap { Int($0) }
            guard o.count == 4 else { return false }
            return o[0] == 10 || o[0] == 127 || (o[0] == 172 && (16...31).contains(o[1])) || (o[0] == 192 && o[1] == 168)
                || (o[0] == 100 && (64...127).contains(o[1]))
        }
        let l = ip.lowercased()
        return l == "::1" || l.hasPrefix("fc") || l.hasPrefix("fd")
    }

    /// The IP of a multiaddr (`/ip4/10.0.1.12/tcp/9096/p2p/...` -> `10.0.1.12`); nil for DNS,
    /// circuit or malformed addresses.
    public static func ip(ofMultiaddr a: String) -> String? {
        let parts = a.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[0] == "ip4" || parts[0] == "ip6" else { return nil }
        let ip = String(parts[1])
        if parts[0] == "ip4" { return ClusterHost.isIPv4(ip) ? ip : nil }
        return ip.contains(":") && ip.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) ? ip : nil
    }

    /// Whether an IP may be some peer's API address from here: private, loopback or routable;
    /// not unspecified (`0.0.0.0`, `::`), link-local (`169.254/16`, `fe80::/10`, which need an
    /// interface), multicast or broadcast.
    public static func isUsable(_ ip: String) -> Bool {
        if ClusterHost.isIPv4(ip) {
            let o = ip.split(separator: ".").compactMap { Int($0) }
            guard o.count == 4 else { return false }
            if o[0] == 0 || o[0] >= 224 { return false }
            if o[0] == 169 && o[1] == 254 { return false }
            return true
        }
        let l = ip.lowercased()
        if l == "::" || l.hasPrefix("ff") { return false }
        if l.hasPrefix("fe8") || l.hasPrefix("fe9") || l.hasPrefix("fea") || l.hasPrefix("feb") { return false }
        return true
    }

    /// The API base URL on `ip` (`http://10.0.1.12:9094`).
    public func url(_ ip: String) -> String { ClusterHost(useTLS: useTLS, host: ip, port: port).baseURL }
}

/// One per-peer call to a direct address: its schedule, as `SourceFreshness` is for the main
/// endpoint's calls.
public struct DirectCall: Sendable, Equatable, Codable {
    /// Of the call in flight or last started; answers of another generation are dropped.
    public var generation = 0
    public var inFlightSince: Date?
    public var lastStart: Date?
    public var lastSuccess: Date?
    public var lastError: String?
    public init() {}
}

/// One peer's own REST API address, polled directly for the per-peer calls.
public struct DirectAddress: Sendable, Equatable, Codable {
    public enum Origin: String, Sendable, Equatable, Codable {
        /// From the configuration (`peer-apis`, `--peer-api`, the demo's simulator).
        case configured
        /// Derived from the peer's `/peers` addresses.
        case discovered
    }

    /// Base URL as dialled (`http://10.0.1.12:9094`).
    public var url: String
    /// `10.0.1.12:9094`: what the header, the peers screen and the evidence name.
    public var hostPort: String
    public var origin: Origin
    /// The peer expected there: for a discovered address the peer whose addresses gave it, for a
    /// configured one the first peer that answered `/id` there.
    public var expectedPeer: String?
    /// `/id` answered there as the expected peer at least once.
    public var confirmed = false
    public var lastAnswer: Date?
    /// Set while the address does not answer (refused, timed out), since the first failure.
    public var failingSince: Date?
    /// The latest failure, answered or not.
    public var lastError: String?
    /// Why it is not polled (a discovered address that never answered or answered as another
    /// peer; a configured one that answers as several peers, i.e. a load balancer).
    public var unusable: String?
    public var unusableSince: Date?
    public var calls: [DataSource: DirectCall] = [:]

    public init(url: String, hostPort: String, origin: Origin, expectedPeer: String? = nil) {
        self.url = url; self.hostPort = hostPort; self.origin = origin; self.expectedPeer = expectedPeer
    }

    /// Counted in "direct to N of M peers": a configured address always (until it proves to be
    /// a load balancer), a discovered one once it answered as its peer.
    public var inUse: Bool { unusable == nil && (origin == .configured || confirmed) }

    /// In use and answering.
    public var answering: Bool { inUse && confirmed && failingSince == nil }

    public func call(_ s: DataSource) -> DirectCall { calls[s] ?? DirectCall() }
}

/// The answer of one direct call, as one event: who answered (status and `Date`, nil when
/// nothing did) and what.
public struct DirectAnswer: Sendable, Codable {
    public enum Outcome: Sendable, Codable {
        case loaded(SourceResult)
        case failed(String)
    }

    public var url: String
    public var source: DataSource
    public var generation: Int
    /// The response's status line and `Date` (nil: refused, timed out, cut before headers).
    public var origin: ResponseOrigin?
    public var outcome: Outcome

    public init(url: String, source: DataSource, generation: Int, origin: ResponseOrigin?, outcome: Outcome) {
        self.url = url; self.source = source; self.generation = generation; self.origin = origin; self.outcome = outcome
    }
}

/// Direct per-peer polling: the peers' own API addresses and what each answered.
///
/// Why: behind a load balancer each call reaches one peer at random, and some answers are that
/// peer's own (`/health/alerts` is held by each peer; `/id` says who answered). Polling each
/// peer at its own address gives every peer's answer every round, and an address that stops
/// answering while the load balancer still does is itself evidence (that peer's API is down).
/// The cluster-wide streams (`/peers`, `/allocations`, `/pins`) still go once through the main
/// endpoint.
public struct DirectPeers: Sendable, Equatable, Codable {
    /// The calls made to each address: `/id` first (it confirms who is there), then the metrics
    /// and alerts once it answered as its peer.
    public static let sources: [DataSource] = [.id, .ping, .freespace, .pinqueue, .alerts]
    /// Seconds before a discovered address that failed its probe may be tried again.
    public static let retryUnusableAfter: Double = 300

    /// By URL.
    public var addresses: [String: DirectAddress] = [:]
    /// URLs in the order they were added.
    public var order: [String] = []
    /// Generations are unique across every direct call.
    public var nextGeneration = 1

    public init() {}

    /// The configured addresses (URLs or multiaddrs as base URLs), in order.
    public init(configured urls: [String]) {
        for u in urls { add(DirectAddress(url: u, hostPort: Self.hostPort(u), origin: .configured)) }
    }

    public mutating func add(_ a: DirectAddress) {
        guard addresses[a.url] == nil else { return }
        addresses[a.url] = a
        order.append(a.url)
    }

    public mutating func remove(_ url: String) {
        addresses[url] = nil
        order.removeAll { $0 == url }
    }

    public var list: [DirectAddress] { order.compactMap { addresses[$0] } }

    /// Addresses counted in the mode line.
    public var inUse: [DirectAddress] { list.filter(\.inUse) }

    /// The address polled for a peer (answering first, else failing, else being probed).
    public func address(forPeer id: String) -> DirectAddress? {
        let mine = list.filter { $0.unusable == nil && $0.expectedPeer == id }
        return mine.first(where: \.answering) ?? mine.first(where: \.inUse) ?? mine.first
    }

    /// Peers answering at their own address.
    public var answeringPeers: Set<String> { Set(list.filter(\.answering).compactMap(\.expectedPeer)) }

    /// "direct to 3 peers", "direct to 2 of 3 peers"; nil when no address is in use.
    public var modeText: String? {
        let used = inUse
        guard !used.isEmpty else { return nil }
        let up = used.filter(\.answering).count
        let noun = used.count == 1 ? "peer" : "peers"
        return up == used.count ? "direct to \(used.count) \(noun)" : "direct to \(up) of \(used.count) \(noun)"
    }

    /// Whether some address in use does not answer (the header shows the mode as a warning).
    public var hasFailing: Bool { inUse.contains { !$0.answering } }

    /// The newest success of `source` at any address (the header's age of the per-peer calls).
    public func newestSuccess(_ source: DataSource) -> Date? { list.compactMap { $0.calls[source]?.lastSuccess }.max() }

    /// `10.0.1.12:9094` of a base URL (the URL itself when it cannot be read).
    public static func hostPort(_ url: String) -> String {
        (try? ClusterHost.parse(url, https: false))?.hostPort ?? url
    }
}

extension ConsoleState {
    /// Whether the per-peer calls need the main endpoint too: not while every peer that is up
    /// (in the main cluster) answers at its own address.
    public var directCoversPeerCalls: Bool {
        let answering = direct.answeringPeers
        guard !answering.isEmpty else { return false }
        return peers.values.allSatisfy { p in p.otherCluster || !p.condition.isHealthy || answering.contains(p.id) }
    }

    /// The header's mode: "direct to 2 of 3 peers" while direct addresses are in use, else what
    /// the main endpoint's answers tell ("via load balancer (3 peers answered)").
    public var connectionModeText: String? {
        direct.modeText ?? answers.modeText(name: peerName)
    }

    /// Whether the main endpoint answers for several peers (a load balancer).
    public var mainIsLoadBalancer: Bool { answers.peersByHost.values.contains { $0.count > 1 } }
}
