import ClusterAPI
import ECSState
import Foundation

/// Settings fixed at start (from flags, config and context) that the update function reads.
public struct ConsoleSettings: Sendable, Equatable {
    /// Context name shown in the header (nil: flags only).
    public var contextName: String?
    /// Endpoint(s) as typed, for the header.
    public var endpoint: String
    /// Seconds between cheap polls (`--refresh`).
    public var refresh: Double
    public var readonly: Bool
    /// Peer ids expected before they are seen (the demo's simulator knows them; a real
    /// cluster's peers appear as /peers, metrics or ECS name them).
    public var expectedPeers: [String]
    /// Demo mode: the simulator runs in-process and `:sim` commands work.
    public var demo: Bool
    /// The ECS exports folder and log files followed (nil: none).
    public var feeds: ConsoleFeeds?
    /// Whether timelines are loaded at start and saved every `timelineSaveInterval` (not for
    /// the demo, whose cluster is new each run).
    public var persistTimelines: Bool
    /// Copy keys (the ECS Exec line) write OSC 52 to the terminal; off unless asked for
    /// (`--osc52`, `osc52 = true`), since it overwrites the operator's clipboard.
    public var osc52Clipboard = false
    /// Share of wall time the full streams may keep the cluster busy (config `full-stream-budget`).
    public var fullStreamBusyShare: Double
    /// The IPFS gateway probed for pinned content (`--gateway`); nil: no probes.
    public var gateway: GatewaySettings?
    /// The peers' own REST API addresses to poll directly (base URLs: config `peer-apis`,
    /// `--peer-api`, the demo's simulator).
    public var peerAPIs: [String] = []
    /// How to find more of them in `/peers` (nil: discovery off, config `discover-peer-apis`).
    public var peerAPIDiscovery: PeerAPIDiscovery?

    public init(contextName: String? = nil, endpoint: String, refresh: Double = 2, readonly: Bool = false,
                expectedPeers: [String] = [], demo: Bool = false, feeds: ConsoleFeeds? = nil, persistTimelines: Bool = false,
                fullStreamBusyShare: Double = FullStreamSchedule.defaultBusyShare) {
        self.contextName = contextName
        self.endpoint = endpoint
        self.refresh = refresh
        self.readonly = readonly
        self.expectedPeers = expectedPeers
        self.demo = demo
        self.feeds = feeds
        self.persistTimelines = persistTimelines
        self.fullStreamBusyShare = fullStreamBusyShare
    }
}

/// A short notice ("pinned Qm…", "refresh failed"); errors also go to the action history.
public struct ConsoleToast: Sendable, Equatable {
    public enum Level: String, Codable, Sendable, Equatable { case info, success, warning, error }
    public var text: String
    public var level: Level
    public var until: Date
    public init(text: String, level: Level, until: Date) {
        self.text = text
        self.level = level
        self.until = until
    }
}

/// An action in flight, with bulk progress.
public struct RunningAction: Sendable, Equatable, Identifiable {
    public var id: Int
    public var kind: ActionKind
    public var started: Date
    public var done: Int = 0
    public var total: Int
    public init(id: Int, kind: ActionKind, started: Date) {
        self.id = id
        self.kind = kind
        self.started = started
        self.total = kind.itemCount
    }

    /// Progress for the status line and the history pane: items (`3/10`) for bulk actions,
    /// bytes and percent for an add; nil while there is nothing to count.
    public var progressText: String? {
        guard total > 1 else { return nil }
        if case .add = kind {
            return "\(GoHumanize.bytes(UInt64(max(0, done)))) of \(GoHumanize.bytes(UInt64(total))) (\(min(100, done * 100 / total))%)"
        }
        return "\(done)/\(total)"
    }
}

/// A finished action, newest first in the history pane.
public struct ActionRecord: Sendable, Equatable, Identifiable {
    public var id: Int
    public var name: String
    public var target: String
    public var started: Date
    public var finished: Date
    public var outcome: ActionOutcome
}

/// The whole console state below the UI: a value, changed only by `ConsoleCore.update`.
///
/// Why one value: the update function is pure and tested without a terminal or network; the
/// view renders from it; background work only sends events.
public struct ConsoleState: Sendable {
    public var settings: ConsoleSettings
    /// Peer that answered the latest `/id` (behind a load balancer it changes).
    public var answeringPeer: ClusterPeer?
    /// Peers by id, including those that left `/peers`.
    public var peers: [String: PeerInfo] = [:]
    /// Peer ids in first-seen order (stable screen order before sorting).
    public var peerOrder: [String] = []
    /// `/health/alerts`, newest first.
    public var alerts: [Alert] = []
    public var freshness: [DataSource: SourceFreshness] = [:]
    /// The last full stream that ended (any kind): the budget paces the next one from it.
    public var lastFullStream: SourceCost?
    /// Full streams the operator asked for (`r`, a full refresh) while another full stream ran:
    /// they start, regardless of the budget, as soon as nothing full is running.
    public var forcedFullStreams: Set<DataSource> = []
    /// Pins: compact table plus streams in flight.
    public var pins: PinsState = PinsState()
    /// Details fetched for the pin detail screen, by CID.
    public var pinDetails: [String: PinDetail] = [:]
    public var running: [RunningAction] = []
    /// Finished actions, newest first (bounded).
    public var history: [ActionRecord] = []
    public var toasts: [ConsoleToast] = []
    /// Next action id.
    public var nextActionID = 1
    /// Last time anything answered (unreachable banner).
    public var lastContact: Date?
    /// The current API error when nothing answers.
    public var unreachable: String?
    /// The time of the latest event: what views show ages against (they never read a clock).
    public var now: Date = .distantPast
    /// How far the cluster's clock is from ours (see `clusterNow`).
    public var clusterClock = ClusterClock()
    /// Set while the cluster rejects the credentials: polling backs off to one `/id` at a time.
    public var authBackoff: AuthBackoff?
    /// Answers merged across the peers that gave them (alerts), and who answered where.
    public var answers = AnswerMerge()
    /// The peers' own API addresses polled directly, and what each answered.
    public var direct = DirectPeers()
    /// ECS tasks and services with their join to peers.
    public var ecs = ECSPicture()
    /// Followed log lines and their per-peer counts.
    public var logs = LogState()
    /// Per-peer up / pins in error / queue / free space history (the triage sparklines and trends).
    public var timelines = TriageTimelines()
    /// Every alert seen this session, with when it was first and last reported (bounded).
    public var alertHistory: [AlertRecord] = []
    /// Bumped whenever an input of the triage engine changes (cluster answers, ECS, problem log
    /// lines): derived results are memoised on it.
    public var triageInputVersion = 0
    /// When the timelines were last handed to the runner for saving.
    public var timelinesSavedAt: Date?
    /// The gateway probes: the sample, each pin's last answer, the rollup's inputs.
    public var gateway = GatewayState()

    public init(settings: ConsoleSettings) {
        self.settings = settings
        self.direct = DirectPeers(configured: settings.peerAPIs)
        for id in settings.expectedPeers {
            var p = PeerInfo(id: id)
            p.fromElsewhere = true
            peers[id] = p
            peerOrder.append(id)
        }
    }

    public func freshness(_ s: DataSource) -> SourceFreshness { freshness[s] ?? SourceFreshness() }

    /// Peers in first-seen order.
    public var peerList: [PeerInfo] { peerOrder.compactMap { peers[$0] } }

    /// Peers that answered normally in the latest `/peers`.
    /// Alerts naming this peer (derived: a peer first listed after the alerts poll counts too).
    public func alertCount(peer id: String) -> Int { alerts.reduce(0) { $0 + ($1.metric.peer == id ? 1 : 0) } }
    public var healthyPeerCount: Int { peers.values.filter { $0.condition.isHealthy }.count }

    /// Versions seen across peers (more than one is a skew).
    public var versions: [String] { Array(Set(peers.values.map(\.version).filter { !$0.isEmpty })).sorted() }

    /// The most common version: others are highlighted as skewed.
    public var majorityVersion: String? {
        var counts: [String: Int] = [:]
        for p in peers.values where !p.version.isEmpty { counts[p.version, default: 0] += 1 }
        return counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
    }

    /// Name for a peer id, resolved from anything we know.
    public func peerName(_ id: String) -> String {
        let name = knownName(id)
        return name.isEmpty ? PeerInfo.shortID(id) : name
    }

    /// The peer's name from anything that told it: `/peers`, `/id` and metrics, else the
    /// `peername` its pin status entries carry (a peer gone from `/peers` still names itself
    /// there). Empty when nothing did.
    public func knownName(_ id: String) -> String {
        if let p = peers[id], !p.name.isEmpty { return p.name }
        if let i = pins.table.peerIndex(id) { return pins.table.peers[i].peername }
        return ""
    }
}

/// What `GET /pins/{cid}` and `GET /allocations/{cid}` said, for the detail screen.
public struct PinDetail: Sendable, Equatable {
    public var status: GlobalPinInfo?
    public var pin: Pin?
    public var error: String?
    public var fetchedAt: Date?
    public var inFlight: Bool = false
    public init() {}
}

/// One alert as the console saw it over time: `/health/alerts` only lists the current ones.
public struct AlertRecord: Sendable, Equatable, Codable {
    public var peer: String
    public var metric: String
    public var triggeredAt: Date?
    public var firstReported: Date
    public var lastReported: Date
    public init(peer: String, metric: String, triggeredAt: Date?, firstReported: Date, lastReported: Date) {
        self.peer = peer
        self.metric = metric
        self.triggeredAt = triggeredAt
        self.firstReported = firstReported
        self.lastReported = lastReported
    }
}
