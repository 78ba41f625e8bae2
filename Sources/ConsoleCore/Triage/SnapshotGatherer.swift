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
    /// Fetch `/allocations` and the global `/pins` for impact. Off for huge clusters or when the
    /// global fan-out would be too slow.
    public var includePins: Bool
    public var logLinesPerPeer: Int

    public init(ecsDirectory: String? = nil, logPaths: [String] = [], auditJournal: String? = nil,
                includePins: Bool = true, logLinesPerPeer: Int = 20) {
        self.ecsDirectory = ecsDirectory; self.logPaths = logPaths; self.auditJournal = auditJournal
        self.includePins = includePins; self.logLinesPerPeer = logLinesPerPeer
    }
}

/// The outcome of one gathering: the evidence, the triage run and the report built from them.
public struct GatheredSnapshot: Sendable {
    public var evidence: TriageEvidence
    public var result: TriageResult
    public var snapshot: IncidentSnapshot
}

/// One-shot evidence gathering for the headless `snapshot` command: the cluster through the
/// REST client, ECS from an export directory, logs from files. Every source that fails becomes
/// a note in the report instead of aborting it: a partial postmortem draft beats none.
public enum SnapshotGatherer {
    public static func gather(client: ClusterClient, request: SnapshotRequest, clock: Date = Date()) async -> GatheredSnapshot {
        var notes: [String] = []
        func note(_ what: String, _ error: Error) { notes.append("\(what): \(error)") }

        // The slow global calls first: ages are measured at the time of the metric calls below,
        // so those should come last.
        var allocations: [Pin] = []
        var statuses: [GlobalPinInfo] = []
        if request.includePins {
            do { for try await p in client.allocations() { allocations.append(p) } } catch { note("GET /allocations", error) }
            do { for try await g in client.pins() { statuses.append(g) } } catch { note("GET /pins", error) }
        }
        var version: String?
        do { version = try await client.version().version } catch { note("GET /version", error) }
        var answering: ClusterPeer?
        do { answering = try await client.id() } catch { note("GET /id", error) }
        var listed: [ClusterPeer] = []
        do { for try await p in client.peers() { listed.append(p) } } catch { note("GET /peers", error) }
        var alerts: [Alert] = []
        do { alerts = try await client.alerts() } catch { note("GET /health/alerts", error) }
        var metrics: [String: [Metric]] = [:]
        for name in ["ping", "freespace", "pinqueue"] {
            do { metrics[name] = try await client.metrics(name) } catch { note("GET /monitor/metrics/\(name)", error) }
        }

        // "Now" on the cluster's clock: a simulator (or a skewed host) may run ahead of ours.
        var now = clock
        for ms in metrics.values { for m in ms where m.receivedAt > 0 { now = max(now, m.receivedDate) } }
        for a in alerts { if let d = a.triggeredAt.date { now = max(now, d) } }

        // Every peer anyone mentions.
        var order: [String] = []
        var names: [String: String] = [:]
        func know(_ id: String, _ name: String? = nil) {
            guard !id.isEmpty else { return }
            if names[id] == nil { order.append(id); names[id] = "" }
            if let name, !name.isEmpty { names[id] = name }
        }
        for p in listed { know(p.id, p.peername) }
        if let a = answering { know(a.id, a.peername); for p in a.clusterPeers { know(p) } }
        for m in metrics["ping"] ?? [] { know(m.peer, m.ping?.peerName) }
        for a in alerts { know(a.metric.peer, a.metric.ping?.peerName) }
        for p in allocations { for id in p.allocations { know(id) } }
        for g in statuses { for (id, e) in g.peerMap.sorted(by: { $0.key < $1.key }) { know(id, e.peername) } }

        let listedByID = Dictionary(listed.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var peers: [PeerEvidence] = order.map { id in
            var e = PeerEvidence(id: id, name: names[id] ?? "")
            if let p = listedByID[id] {
                if p.error.isEmpty {
                    e.lastSeen = now
                    e.clusterPeers = p.clusterPeers
                    e.version = p.version
                    e.ipfsError = p.ipfs.error.isEmpty ? nil : p.ipfs.error
                } else {
                    e.errorText = p.error
                }
            }
            let ping = (metrics["ping"] ?? []).first { $0.peer == id }
            let pingAlert = alerts.filter { $0.metric.peer == id && $0.metric.name == "ping" }.max { $0.triggeredAt < $1.triggeredAt }
            if let ping { e.pingExpiry = ping.expireDate } else if let pingAlert, pingAlert.metric.expire > 0 { e.pingExpiry = pingAlert.metric.expireDate }
            if listedByID[id] == nil || !(listedByID[id]?.error.isEmpty ?? true) {
                e.missingSince = e.pingExpiry.map { min($0, now) } ?? pingAlert?.triggeredAt.date ?? now
                if let pingAlert, pingAlert.metric.receivedAt > 0 { e.lastSeen = pingAlert.metric.receivedDate }
            }
            e.alerts = alerts.filter { $0.metric.peer == id }.compactMap { a in a.triggeredAt.date.map { AlertEvidence(metric: a.metric.name, triggeredAt: $0) } }
            if let f = (metrics["freespace"] ?? []).first(where: { $0.peer == id }), let v = Double(f.value) {
                e.freespace = [TimedValue(time: f.receivedAt > 0 ? f.receivedDate : now, value: v)]
            }
            if let q = (metrics["pinqueue"] ?? []).first(where: { $0.peer == id }), let v = Double(q.value) {
                e.pinQueue = [TimedValue(time: q.receivedAt > 0 ? q.receivedDate : now, value: v)]
            }
            return e
        }
        if let a = answering, let i = peers.firstIndex(where: { $0.id == a.id }) {
            peers[i].clusterPeers = a.clusterPeers
            if !a.ipfs.error.isEmpty { peers[i].ipfsError = a.ipfs.error }
        }

        // Pins: counts in error / queued per peer, and the impact source.
        var index: [String: Int] = [:]
        for (i, p) in peers.enumerated() { index[p.id] = i }
        for g in statuses {
            for (id, e) in g.peerMap {
                guard let i = index[id] else { continue }
                if e.status == .pinError || e.status == .unpinError || (e.status == .clusterError && peers[i].missingSince == nil) {
                    peers[i].pinsInError += 1
                    if peers[i].pinErrorSamples.count < 3, !e.error.isEmpty, !peers[i].pinErrorSamples.contains(e.error) {
                        peers[i].pinErrorSamples.append(e.error)
                    }
                } else if e.status == .pinQueued || e.status == .pinning {
                    peers[i].pinsQueued += 1
                }
            }
        }

        // ECS: correlate tasks to peers, attach the current and previous task and service events.
        var correlation: PeerTaskCorrelation?
        if let dir = request.ecsDirectory {
            let ecs = ECSDirectoryState.read(directory: dir)
            for p in ecs.problems { notes.append("ECS: \(p)") }
            var correlator = PeerTaskCorrelator()
            var addresses: [String: [String]] = [:]
            for p in listed { addresses[p.id, default: []] += p.addresses }
            if let a = answering {
                addresses[a.id, default: []] += a.addresses
                for addr in a.clusterPeersAddresses {
                    if let r = addr.range(of: "/p2p/") { addresses[String(addr[r.upperBound...]), default: []].append(addr) }
                }
            }
            // Where a now-missing peer was last seen is still a sighting (the task that stopped
            // held that IP); record it before marking the peer missing.
            correlator.observe(peers.filter { $0.missingSince != nil && !(addresses[$0.id] ?? []).isEmpty && $0.lastSeen != nil }.map { p in
                PeerEndpoints(peerID: p.id, peerName: p.name.isEmpty ? nil : p.name, addresses: addresses[p.id] ?? [], lastSeen: p.lastSeen!)
            })
            correlator.observe(peers.map { p in
                PeerEndpoints(peerID: p.id, peerName: p.name.isEmpty ? nil : p.name, addresses: addresses[p.id] ?? [],
                              lastSeen: p.lastSeen ?? now, missingSince: p.missingSince)
            })
            let c = correlator.correlate(ecs, now: now)
            correlation = c
            TriageEvidenceBuilder.attachECS(to: &peers, snapshot: ecs, correlation: c)
        }

        // Logs: triage lines from each peer and about each peer; the last lines per peer.
        var lines: [LogLine] = []
        for path in request.logPaths {
            do { lines += try readLogs(path) } catch { notes.append("logs \(path): \(error)") }
        }
        let lastLines = TriageEvidenceBuilder.attachLogs(to: &peers, lines: LogMerge.mergeByTime(lines), correlation: correlation,
                                                         lastLinesPerPeer: request.logLinesPerPeer)

        // Not `effectiveNow`: log lines written while we gathered must not make the metrics
        // fetched earlier look expired.
        let evidence = TriageEvidence(peers: peers, observedAt: now, clusterVersion: version)
        let pinIDs = peers.map(\.id)
        let list = ImpactPinList(peers: pinIDs, pins: impactPins(allocations: allocations, statuses: statuses))
        let result = TriageEngine.run(evidence, pins: list)
        var audit: [IncidentSnapshot.AuditEntry] = []
        if let path = request.auditJournal {
            let r = AuditJournalReader.read(path: path)
            audit = r.entries
            if let n = r.note { notes.append(n) }
        }
        let snapshot = IncidentSnapshot(triage: result, evidence: evidence, audit: audit, logLines: lastLines, notes: notes)
        return GatheredSnapshot(evidence: evidence, result: result, snapshot: snapshot)
    }

    /// A file, or every `*.log` under a directory.
    static func readLogs(_ path: String) throws -> [LogLine] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw LogTailError.cannotOpen(path: path, errno: ENOENT)
        }
        guard isDir.boolValue else { return try LogFileReader.read(path: path) }
        var out: [LogLine] = []
        let root = path.hasSuffix("/") ? String(path.dropLast()) : path
        let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".log") }.sorted()
        for f in files { out += try LogFileReader.read(path: root + "/" + f, root: root) }
        return out
    }

    /// Allocations (options) joined with statuses by CID. Pins only seen in `/pins` keep min 0
    /// (unknown), which impact reads as 1.
    static func impactPins(allocations: [Pin], statuses: [GlobalPinInfo]) -> [ImpactPin] {
        var byCID: [String: ImpactPin] = [:]
        var order: [String] = []
        for p in allocations {
            if byCID[p.cid] == nil { order.append(p.cid) }
            byCID[p.cid] = ImpactPin(cid: p.cid, name: p.name, replicationMin: p.replicationFactorMin,
                                     replicationMax: p.replicationFactorMax, allocations: p.allocations)
        }
        for g in statuses {
            if byCID[g.cid] == nil {
                order.append(g.cid)
                byCID[g.cid] = ImpactPin(cid: g.cid, name: g.name, replicationMin: 0, replicationMax: 0, allocations: g.allocations)
            }
            var s: [String: PinStatus] = [:]
            for (id, e) in g.peerMap { s[id] = PinStatus(wireName: e.status.rawValue) ?? .undefined }
            byCID[g.cid]!.statuses = s
        }
        return order.compactMap { byCID[$0] }
    }
}
