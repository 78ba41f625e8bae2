import Foundation
import LogTail

/// The first record of every recording file: what the replaying console must know before the
/// first event (the settings the update reads) and, for a file that does not start at the
/// beginning of a session (recording started by key, or a rotated file), a checkpoint.
public struct RecordingHeader: Codable, Sendable, Equatable {
    public var version = 1
    /// When this file was started.
    public var startedAt: Date
    public var settings: RecordedSettings
    /// Nil when the file starts with the session (the state was the initial one).
    public var checkpoint: RecordingCheckpoint?
    /// The console that wrote it (`--version`), for bug reports.
    public var writer: String

    public init(startedAt: Date, settings: RecordedSettings, checkpoint: RecordingCheckpoint?, writer: String) {
        self.startedAt = startedAt; self.settings = settings; self.checkpoint = checkpoint; self.writer = writer
    }
}

/// `ConsoleSettings` as recorded: the feeds become their paths (the replay follows no file).
public struct RecordedSettings: Codable, Sendable, Equatable {
    public var contextName: String?
    public var endpoint: String
    public var refresh: Double
    public var readonly: Bool
    public var expectedPeers: [String]
    public var demo: Bool
    public var ecsDirectory: String?
    public var logPaths: [String]?
    public var persistTimelines: Bool
    /// The gateway probed (nil: none, or a recording made before gateway probes existed).
    public var gateway: GatewaySettings?
    /// The peers' own API addresses polled directly, and the discovery (nil in older recordings).
    public var peerAPIs: [String]?
    public var peerAPIDiscovery: PeerAPIDiscovery?

    public init(_ s: ConsoleSettings) {
        contextName = s.contextName; endpoint = s.endpoint; refresh = s.refresh; readonly = s.readonly
        expectedPeers = s.expectedPeers; demo = s.demo; ecsDirectory = s.feeds?.ecsDirectory
        logPaths = s.feeds.map { $0.logTargets.map { t in
            switch t {
            case .file(let p), .glob(let p): p
            case .directory(let p, let pattern): "\(p)/\(pattern)"
            }
        } }
        persistTimelines = s.persistTimelines
        gateway = s.gateway
        peerAPIs = s.peerAPIs.isEmpty ? nil : s.peerAPIs
        peerAPIDiscovery = s.peerAPIDiscovery
    }

    /// The settings a replay runs with: the recorded ones, feeds without followers. Read-only is
    /// kept as recorded (the header shows what the operator had); the replay refuses actions
    /// anyway.
    public var consoleSettings: ConsoleSettings {
        let feeds = (ecsDirectory != nil || logPaths != nil) ? ConsoleFeeds(ecsDirectory: ecsDirectory, logTargets: []) : nil
        var s = ConsoleSettings(contextName: contextName, endpoint: endpoint, refresh: refresh, readonly: readonly,
                                expectedPeers: expectedPeers, demo: demo, feeds: feeds, persistTimelines: persistTimelines)
        s.gateway = gateway
        s.peerAPIs = peerAPIs ?? []
        s.peerAPIDiscovery = peerAPIDiscovery
        return s
    }
}

/// What a file that starts mid-session needs so that the answers after it apply: each source's
/// schedule (generation, call in flight, last start: answers to other generations are dropped as
/// stale, and the ticks must start the same calls as they did live), the CIDs watched after an
/// action, and the latest answer of every kind so the screens are not empty until the next poll.
///
/// Why not the whole state: the pin table and the action history are large or unbounded; the
/// next pin stream refills the former within one polling interval. A replay of such a file says
/// so in its banner ("starts mid-session").
public struct RecordingCheckpoint: Codable, Sendable {
    public var freshness: [DataSource: SourceFreshness]
    public var watched: [String: Date]
    public var nextActionID: Int
    /// The latest `.loaded` per source, `.ecsSnapshot`, `.timelinesLoaded` and recent log lines.
    public var primer: [TimedEvent]
    /// The direct addresses with their calls' schedule (nil in older recordings).
    public var direct: DirectPeers?

    public init(freshness: [DataSource: SourceFreshness] = [:], watched: [String: Date] = [:], nextActionID: Int = 1,
                primer: [TimedEvent] = [], direct: DirectPeers? = nil) {
        self.freshness = freshness; self.watched = watched; self.nextActionID = nextActionID; self.primer = primer
        self.direct = direct
    }

    /// The scheduling facts of a state (the primer comes from a `RecordingPrimer`).
    public init(state: ConsoleState, primer: [TimedEvent] = []) {
        self.init(freshness: state.freshness, watched: state.pins.watched, nextActionID: state.nextActionID, primer: primer,
                  direct: state.direct.order.isEmpty ? nil : state.direct)
    }
}

extension RecordingCheckpoint: Equatable {
    public static func == (a: Self, b: Self) -> Bool {
        a.freshness == b.freshness && a.watched == b.watched && a.nextActionID == b.nextActionID && a.primer.count == b.primer.count
            && a.direct == b.direct
    }
}

extension TimedEvent: Codable {
    enum Keys: String, CodingKey { case time = "t", event = "e" }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(time: try c.decode(Date.self, forKey: .time), event: try c.decode(ConsoleEvent.self, forKey: .event))
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(time, forKey: .time)
        try c.encode(event, forKey: .event)
    }
}
