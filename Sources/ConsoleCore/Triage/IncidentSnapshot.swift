import ConsoleBase
import Foundation

/// A written record of an incident: what the triage screen showed, frozen in time, as the
/// first draft of a postmortem. Every text in it is sanitised for reports (ConsoleBase `Sanitizer`, policy `.report`).
public struct IncidentSnapshot: Sendable, Codable, Hashable {
    public struct Peer: Sendable, Codable, Hashable {
        public var id: String
        public var name: String
        public var version: String
        /// `ok`, `missing`, `error`.
        public var state: String
        public var lastSeen: Date?
        public var error: String?
    }

    /// One line of the merged timeline (oldest first).
    public struct TimelineEntry: Sendable, Codable, Hashable {
        public var time: Date
        public var peer: String
        public var source: String
        public var text: String
    }

    /// One action from the audit journal.
    public struct AuditEntry: Sendable, Codable, Hashable {
        public var time: Date?
        public var text: String
        public init(time: Date?, text: String) {
            self.time = time
            self.text = text
        }
    }

    /// The last log lines of one peer.
    public struct PeerLogs: Sendable, Codable, Hashable {
        public var peerID: String
        public var peerName: String
        public var lines: [String]
    }

    public var generatedAt: Date
    public var clusterVersion: String?
    public var peers: [Peer]
    /// One line per unhealthy peer, worst first.
    public var summary: [String]
    public var triage: TriageResult
    public var timeline: [TimelineEntry]
    public var audit: [AuditEntry]
    public var logs: [PeerLogs]
    /// What could not be gathered (unreadable files, failed requests), so gaps are visible.
    public var notes: [String]
    /// Seconds the cluster's clock ran ahead of the machine that wrote the report (negative:
    /// behind). Every time in the report is on that machine's clock, as its screen showed them;
    /// nil in older reports.
    public var clusterClockOffset: Double?

    /// Builds a snapshot from a triage run and what surrounds it; sanitises every text.
    /// - Parameter clusterClockOffset: seconds the cluster's clock runs ahead of this machine's:
    ///   the triage's times (the cluster's) are moved onto this machine's clock, as the screens
    ///   show them; the audit's are this machine's already.
    public init(triage: TriageResult, evidence: TriageEvidence, audit: [AuditEntry] = [], logLines: [String: [String]] = [:],
                notes: [String] = [], timelineLimit: Int = 200, clusterClockOffset: Double = 0) {
        let clean = SnapshotSanitizer.clean
        let t = triage.sanitized().shifted(by: -clusterClockOffset)
        self.clusterClockOffset = clusterClockOffset
        self.triage = t
        generatedAt = t.generatedAt
        clusterVersion = evidence.clusterVersion.map { clean($0, 2000) }
        peers = evidence.peers.map { p in
            let state = p.missingSince != nil ? "missing" : ((p.errorText ?? "").isEmpty ? "ok" : "error")
            return Peer(id: clean(p.id, 2000), name: clean(p.displayName, 2000), version: clean(p.version ?? "", 2000), state: state,
                        lastSeen: p.lastSeen?.addingTimeInterval(-clusterClockOffset), error: p.errorText.map { clean($0, 2000) })
        }.sorted { $0.name < $1.name }
        summary = (t.blocks + t.recovered).map { b in
            "\(b.severity.label) \(b.peerName): \(b.headline)" + (b.since.map { " (since \(IncidentSnapshot.utc($0)))" } ?? "")
        }
        var entries: [TimelineEntry] = []
        for b in t.blocks {
            for e in b.evidence { if let time = e.time { entries.append(TimelineEntry(time: time, peer: b.peerName, source: e.source.rawValue, text: e.text)) } }
        }
        let cleanAudit = audit.map { AuditEntry(time: $0.time, text: clean($0.text, 2000)) }
        for a in cleanAudit { if let time = a.time { entries.append(TimelineEntry(time: time, peer: "-", source: "audit", text: a.text)) } }
        var seen = Set<TimelineEntry>()
        entries = entries.filter { seen.insert($0).inserted }.sorted { $0.time != $1.time ? $0.time < $1.time : $0.peer < $1.peer }
        timeline = Array(entries.suffix(timelineLimit))
        self.audit = cleanAudit
        let names = Dictionary(evidence.peers.map { ($0.id, $0.displayName) }, uniquingKeysWith: { a, _ in a })
        logs = logLines.keys.sorted().map { id in
            PeerLogs(peerID: clean(id, 2000), peerName: clean(names[id] ?? PeerInfo.shortID(id), 2000), lines: (logLines[id] ?? []).map { clean($0, 2000) })
        }.sorted { $0.peerName < $1.peerName }
        self.notes = notes.map { clean($0, 2000) }
    }

    /// `2026-11-21 07:03:12 UTC`: reports are read across time zones.
    public static func utc(_ d: Date) -> String { CivilTime(d).dateTimeText + " UTC" }
}

/// Reads the audit journal (JSON lines written by the action services). Unknown shapes are kept
/// as text rather than dropped: a postmortem needs every action, even one we cannot parse.
public enum AuditJournalReader {
    /// The last `limit` entries of the file, or [] when it does not exist.
    public static func read(path: String, limit: Int = 50, maxBytes: Int = 4 << 20) -> (entries: [IncidentSnapshot.AuditEntry], note: String?) {
        guard FileManager.default.fileExists(atPath: path) else { return ([], nil) }
        guard let h = FileHandle(forReadingAtPath: path) else { return ([], "audit journal \(path): cannot be opened") }
        defer { try? h.close() }
        let size = (try? h.seekToEnd()) ?? 0
        let start = size > UInt64(maxBytes) ? size - UInt64(maxBytes) : 0
        try? h.seek(toOffset: start)
        let data = (try? h.readToEnd()) ?? Data()
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        if start > 0, !lines.isEmpty { lines.removeFirst() }
        let entries = lines.suffix(limit).map { parse(String($0)) }
        return (entries, nil)
    }

    static let timeKeys = ["time", "timestamp", "ts", "at", "date"]

    static func parse(_ line: String) -> IncidentSnapshot.AuditEntry {
        guard let obj = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
            return .init(time: nil, text: line)
        }
        var time: Date?
        for k in timeKeys {
            if let s = obj[k] as? String {
                time = RFC3339.date(s)
            } else if let n = obj[k] as? Double {
                time = Date(timeIntervalSince1970: n > 1e12 ? n / 1000 : n)
            }
            if time != nil { break }
        }
        let parts = obj.keys.filter { !timeKeys.contains($0) }.sorted().map { k -> String in
            let v = obj[k]
            let text: String
            if let s = v as? String { text = s } else if let v, JSONSerialization.isValidJSONObject([v]),
                let d = try? JSONSerialization.data(withJSONObject: [v]) {
                text = String(decoding: d.dropFirst().dropLast(), as: UTF8.self)
            } else { text = "\(v ?? "null")" }
            return "\(k)=\(text)"
        }
        return .init(time: time, text: parts.joined(separator: " "))
    }
}
