import Foundation

/// Keeps the triage sparklines across console restarts. Why: an operator who restarts the
/// console during an incident (a resized tmux, a dropped SSH session) would otherwise lose the
/// last 30 minutes the strip is there to show.
///
/// One JSON file per context under `$XDG_STATE_HOME/ipfs-cluster-console/timelines/`, written
/// atomically (temp file + rename), so a crash mid-write leaves the previous copy.
public struct TimelineStore: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The file for a context (or endpoint when there is no context): names are reduced to
    /// `[A-Za-z0-9._-]` so an endpoint URL makes a valid file name.
    public static func defaultPath(key: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let base: String
        if let x = environment["XDG_STATE_HOME"], !x.isEmpty { base = x } else if let h = environment["HOME"], !h.isEmpty {
            base = h + "/.local/state"
        } else {
            return nil
        }
        let safe = String(key.unicodeScalars.map { u -> Character in
            (u.properties.isAlphabetic && u.isASCII) || ("0"..."9").contains(u) || u == "." || u == "-" || u == "_" ? Character(u) : "_"
        })
        return base + "/ipfs-cluster-console/timelines/\(safe.isEmpty ? "default" : String(safe.prefix(120))).json"
    }

    /// The saved timelines with samples older than the window (at `now`) dropped; nil when
    /// there is no file or it cannot be read (a damaged file is not worth failing a start for).
    public func load(now: Date) -> TriageTimelines? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        guard let saved = try? decoder.decode(TriageTimelines.self, from: data) else { return nil }
        var fresh = TriageTimelines(window: saved.window, capacity: saved.capacity)
        for (peer, line) in saved.byPeer {
            for s in line.samples where now.timeIntervalSince(s.time) <= saved.window && s.time <= now {
                fresh.record(peer: peer, s)
            }
        }
        return fresh
    }

    public func save(_ timelines: TriageTimelines) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let data = try encoder.encode(timelines)
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
