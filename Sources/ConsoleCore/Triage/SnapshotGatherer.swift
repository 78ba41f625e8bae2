import ClusterAPI
import ECSState
import Foundation
import LogTail

/// What the headless `snapshot` command should read besides the cluster.
public struct SnapshotRequest: Sendable {
    public var ecsDirectory: String?
    /// Log files or directories (followed layout `<prefix>/<container>/<task id>.log`).
    public var logPaths: [String]
    public var auditJournal: String?
    /// Fetch `/allocations` and the pins for impact. Off for huge clusters or when the global
    /// fan-out would be too slow.
    public var includePins: Bool
    /// The gateway to probe for a few pins (`--gateway`), with the prober the gatherer is given.
    public var gateway: GatewaySettings?

    public init(ecsDirectory: String? = nil, logPaths: [String] = [], auditJournal: String? = nil, includePins: Bool = true,
                gateway: GatewaySettings? = nil) {
        self.ecsDirectory = ecsDirectory; self.logPaths = logPaths; self.auditJournal = auditJournal
        self.includePins = includePins; self.gateway = gateway
    }
}

/// The outcome of one gathering: the evidence, the triage run and the report built from them.
public struct GatheredSnapshot: Sendable {
    public var evidence: TriageEvidence
    public var result: TriageResult
    public var snapshot: IncidentSnapshot
    /// The events the state was built from with their times, in order, starting with the tick
    /// that asked for every source (the parity test replays them through the console).
    public var events: [TimedEvent]
}

/// One-shot evidence gathering for the headless `snapshot` command.
///
/// Why it runs the console's own poll: one tick of `ConsoleUpdate` asks for every source; the
/// answers come back as the same events the console receives, the ECS export and the log files
/// follow as `.ecsSnapshot` and `.logBatch`, and the report is `IncidentReport.make` over the
/// resulting state. So the screen and the snapshot cannot disagree on the same answers. Every
/// source that fails becomes a note in the report instead of aborting it.
public enum SnapshotGatherer {
    /// Pins probed at the gateway for a report, one after the other (never two at once): the
    /// console's own choice, alternating the priority pins (new, in error) and the walk.
    public static let gatewaySample = 6

    public static func gather(client: ClusterClient, request: SnapshotRequest, gateway prober: GatewayProber? = nil,
                              clock: @Sendable () -> Date = { Date() }) async -> GatheredSnapshot {
        var events: [TimedEvent] = []
        var settings = ConsoleSettings(endpoint: "")
        settings.gateway = request.gateway
        var state = ConsoleState(settings: settings)
        func apply(_ event: ConsoleEvent) -> [Effect] {
            let t = TimedEvent(time: clock(), event: event)
            events.append(t)
            return ConsoleUpdate.update(&state, event, now: t.time)
        }
        var pending = apply(.tick)
        // The slow pin streams first: ages are judged at the time of the cheap calls after them.
        pending.sort { ($0.pinStream ? 0 : 1) < ($1.pinStream ? 0 : 1) }
        while !pending.isEmpty {
            let effect = pending.removeFirst()
            if effect.pinStream && !request.includePins { continue }
            for event in await answer(effect, client: client) {
                pending += apply(event).filter { if case .fetch = $0 { return true } else { return false } }
            }
        }
        var notes: [String] = []
        for case let .failed(source, _, message) in events.map(\.event) { notes.append("\(source.path): \(message)") }
        for case let .pinStreamEnded(source, _, error?) in events.map(\.event) { notes.append("\(source.path): \(error)") }

        if let g = request.gateway, let prober {
            for _ in 0..<gatewaySample {
                guard case .probeGateway(let cid)? = apply(.intent(.probeGatewayNow)).first else { break }
                guard let probe = await prober.probe(cid, now: clock) else { break }
                // A failure on a pin no peer reported on yet asks the cluster for its status.
                for effect in apply(.gatewayProbed(probe)) {
                    for event in await answer(effect, client: client) { _ = apply(event) }
                }
            }
            if state.gateway.answers == 0 {
                notes.append("gateway \(g.url): not probed (\(request.includePins ? "no pin to probe" : "--no-pins leaves no pin to probe"))")
            }
        }

        if let dir = request.ecsDirectory {
            let ecs = ECSDirectoryState.read(directory: dir)
            _ = apply(.ecsSnapshot(ecs))
        }
        var lines: [LogLine] = []
        for path in request.logPaths {
            do { lines += try readLogs(path, notes: &notes) } catch { notes.append("logs \(path): \(error)") }
        }
        if !lines.isEmpty {
            let batch = LogBatch(lines: LogMerge.mergeByTime(lines))
            _ = apply(.logBatch(batch))
        }
        var audit: [IncidentSnapshot.AuditEntry] = []
        if let path = request.auditJournal {
            let r = AuditJournalReader.read(path: path)
            audit = r.entries
            if let n = r.note { notes.append(n) }
        }
        let report = IncidentReport.complete(state, audit: audit, notes: notes)
        return GatheredSnapshot(evidence: report.evidence, result: report.result, snapshot: report.snapshot, events: events)
    }

    /// Runs one fetch the way the console's runner does and returns the events it posted.
    static func answer(_ effect: Effect, client: ClusterClient) async -> [ConsoleEvent] {
        let (stream, continuation) = AsyncStream.makeStream(of: ConsoleEvent.self)
        let post: @Sendable (ConsoleEvent) -> Void = { continuation.yield($0) }
        switch effect {
        case .fetch(let source, let generation):
            if let endpoint = EffectRunner.endpoint(for: source) {
                await EffectRunner.stream(endpoint, source, generation, client, post)
            } else {
                await EffectRunner.fetch(source, generation, client, post)
            }
        case .fetchWatched(let cids, let generation):
            await EffectRunner.stream(.pins(cids: cids), .watched, generation, client, post)
        case .fetchDirect(let url, let source, let generation):
            await EffectRunner.fetchDirect(url, source, generation, client, post)
        default:
            return []
        }
        continuation.finish()
        var out: [ConsoleEvent] = []
        for await e in stream { out.append(e) }
        return out
    }

    /// A file, or every `*.log` under a directory; in a directory, a file that cannot be read
    /// is named in `notes` and the others are still read.
    static func readLogs(_ path: String, notes: inout [String]) throws -> [LogLine] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw LogTailError.cannotOpen(path: path, errno: ENOENT)
        }
        guard isDir.boolValue else { return try LogFileReader.read(path: path) }
        var out: [LogLine] = []
        let root = path.hasSuffix("/") ? String(path.dropLast()) : path
        let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".log") }.sorted()
        for f in files {
            do { out += try LogFileReader.read(path: root + "/" + f, root: root) } catch {
                notes.append("logs \(root)/\(f): \(error)")
            }
        }
        return out
    }
}

extension Effect {
    var pinStream: Bool {
        if case .fetch(let s, _) = self { return s.isPinStream }
        return false
    }
}

extension DataSource {
    /// The request behind a source, for notes ("GET /peers: ...").
    public var path: String {
        switch self {
        case .id: "GET /id"
        case .peers: "GET /peers"
        case .ping, .freespace, .pinqueue: "GET /monitor/metrics/\(rawValue)"
        case .alerts: "GET /health/alerts"
        case .activePins: "GET /pins?filter=error,queued,pinning"
        case .allocations: "GET /allocations"
        case .fullPins: "GET /pins"
        case .watched: "GET /pins?cids="
        }
    }
}
