import ConsoleBase
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One line of the audit journal: who tried what, against which cluster, and how it ended.
public struct AuditEntry: Codable, Sendable, Equatable {
    /// RFC 3339 UTC with milliseconds.
    public var time: String
    /// Context name (or the endpoint when no context is configured).
    public var context: String
    /// `pin-add`, `unpin`, `recover`, `recover-all`, `remove-peer`, `repo-gc`...
    public var action: String
    /// CID, peer id, or a count such as `12 pins`.
    public var target: String
    /// `attempt`, `ok`, `failed: <message>`, `refused: read-only`, `cancelled`.
    public var outcome: String

    public init(time: Date, context: String, action: String, target: String, outcome: String) {
        self.time = AuditEntry.format(time)
        self.context = context
        self.action = action
        self.target = target
        self.outcome = outcome
    }

    static func format(_ d: Date) -> String { RFC3339.format(d, fraction: .milliseconds) }
}

/// Failure to open or write the journal, with the path.
public struct AuditJournalError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "audit journal \(path): \(reason)" }
}

/// Append-only JSON-lines file of every action attempt and outcome.
///
/// Why fsync per line: the journal is what an operator reads after an incident, possibly after
/// the console (or the machine) died mid-action; a line that was reported must be on disk.
/// Why an actor: the TUI's effect runner and concurrent bulk actions append from many tasks.
public actor AuditJournal {
    public nonisolated let path: String
    private var fd: Int32 = -1

    public init(path: String) {
        self.path = path
    }

    /// `$XDG_STATE_HOME/ipfs-cluster-console/audit.jsonl` (default `~/.local/state/...`).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let x = environment["XDG_STATE_HOME"], !x.isEmpty { return x + "/ipfs-cluster-console/audit.jsonl" }
        if let h = environment["HOME"], !h.isEmpty { return h + "/.local/state/ipfs-cluster-console/audit.jsonl" }
        return nil
    }

    /// Appends one entry and fsyncs it.
    public func append(_ entry: AuditEntry) throws(AuditJournalError) {
        if fd < 0 { try open() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var data = try? encoder.encode(entry) else {
            throw AuditJournalError(path: path, reason: "cannot encode entry")
        }
        data.append(0x0A)
        let ok = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        guard ok else { throw AuditJournalError(path: path, reason: String(cString: strerror(errno))) }
        fsync(fd)
    }

    /// Every entry in the file (for tests and the action history on start).
    public nonisolated func readAll() throws -> [AuditEntry] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        let decoder = JSONDecoder()
        return text.split(separator: "\n").compactMap { try? decoder.decode(AuditEntry.self, from: Data($0.utf8)) }
    }

    private func open() throws(AuditJournalError) {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty {
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                throw AuditJournalError(path: path, reason: "cannot create folder \(dir)")
            }
        }
        let f = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard f >= 0 else { throw AuditJournalError(path: path, reason: String(cString: strerror(errno))) }
        fd = f
    }

    deinit {
        if fd >= 0 { close(fd) }
    }
}
