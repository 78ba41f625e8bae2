import LogTail

/// The latest answer of every kind seen so far: what a file started mid-session replays first
/// (see `RecordingCheckpoint`). Values are shared copy-on-write, so keeping them costs little.
public struct RecordingPrimer: Sendable {
    /// Log lines kept for the primer (the logs pane's last screenfuls).
    public static let logLines = 500
    /// Gateway answers kept (the overview's sample and the failing pins).
    public static let gatewayProbes = 64

    private var loaded: [DataSource: TimedEvent] = [:]
    /// The latest answered direct call per "url|source".
    private var direct: [String: TimedEvent] = [:]
    private var ecs: TimedEvent?
    private var timelines: TimedEvent?
    private var lines: [LogLine] = []
    private var linesTime: TimedEvent?
    private var probes: [TimedEvent] = []

    public init() {}

    public mutating func take(_ e: TimedEvent) {
        switch e.event {
        case .loaded(let s, _, _): loaded[s] = e
        case .direct(let a):
            if case .loaded = a.outcome { direct[a.url + "|" + a.source.rawValue] = e }
        case .ecsSnapshot: ecs = e
        case .timelinesLoaded: timelines = e
        case .logBatch(let batch):
            lines += batch.lines
            if lines.count > Self.logLines { lines.removeFirst(lines.count - Self.logLines) }
            linesTime = e
        case .gatewayProbed:
            probes.append(e)
            if probes.count > Self.gatewayProbes { probes.removeFirst(probes.count - Self.gatewayProbes) }
        default: break
        }
    }

    /// In time order (the order they arrived in).
    public var events: [TimedEvent] {
        var out = Array(loaded.values) + Array(direct.values) + [ecs, timelines].compactMap { $0 } + probes
        if let t = linesTime, !lines.isEmpty { out.append(TimedEvent(time: t.time, event: .logBatch(LogBatch(lines: lines)))) }
        return out.sorted { $0.time < $1.time }
    }
}
