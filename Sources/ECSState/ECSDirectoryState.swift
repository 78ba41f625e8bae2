import Foundation

/// The export directory as last polled: per file, the last good read, the current problem and the
/// stat signature. Owned by one poller (the watcher's task, or a one-shot read); not shared.
public struct ECSDirectoryState: Sendable {
    /// inode, size and modification time: a rename-over changes the inode, an in-place rewrite the
    /// size or mtime. Cheap to read for a handful of files, so polling it is not busy work.
    struct Signature: Equatable, Sendable {
        var inode: UInt64
        var size: Int
        var modified: Date?
    }

    struct Entry: Sendable {
        var lastGood: ECSExportFile?
        var problem: ECSExportProblem?
        /// Signature of the content the entry reflects; nil forces a re-read on the next poll.
        var signature: Signature?
        var attemptsAtSignature = 0
        var refreshing = false
    }

    public let directory: String
    /// How many polls a transient problem (file cut off mid-write) is retried before it is reported
    /// as final for that content.
    public var maxRetries = 8
    public var sizeLimit = ECSExportReader.defaultSizeLimit
    private var entries: [String: Entry] = [:]
    private var directoryProblem: ECSExportProblem?
    public private(set) var snapshot = ECSSnapshot()

    public init(directory: String) {
        self.directory = directory
    }

    /// Names that are never exports: hidden files and the temp files of atomic writers.
    static func isCandidate(_ name: String) -> Bool {
        !(name.hasPrefix(".") || name.hasSuffix(".tmp") || name.hasSuffix("~") || name.hasSuffix(".swp")
          || name.hasSuffix(".part") || name.hasSuffix(".partial"))
    }

    /// One `stat(2)` (links followed), for a regular file (or, with `directory`, a folder).
    ///
    /// Why not `FileManager.attributesOfItem` plus `resolvingSymlinksInPath`: on a folder of
    /// 10,000 exports those two cost half a core at a 300 ms poll; one syscall per file does not.
    static func signature(_ path: String, directory: Bool = false) -> Signature? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == (directory ? S_IFDIR : S_IFREG) else { return nil }
        let modified = Date(timeIntervalSince1970: Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9)
        return Signature(inode: UInt64(st.st_ino), size: Int(st.st_size), modified: modified)
    }

    /// The folder's names as last listed, reused while the folder itself is unchanged (adding,
    /// removing or renaming an entry changes its mtime); listed again every `relistEvery` polls
    /// anyway, for filesystems with coarse timestamps.
    private var listing: (signature: Signature, names: [String], polls: Int)?
    static let relistEvery = 10

    private mutating func candidateNames() throws -> [String] {
        let folder = Self.signature(directory, directory: true)
        if let l = listing, let folder, l.signature == folder, l.polls < Self.relistEvery {
            listing!.polls += 1
            return l.names
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter(Self.isCandidate)
        listing = folder.map { ($0, names, 1) }
        return names
    }

    /// Stats every entry, re-reads changed files and rebuilds the snapshot.
    /// - Returns: true when the snapshot changed.
    @discardableResult
    public mutating func poll() -> Bool {
        var changed = false
        let names: [String]
        do {
            names = try candidateNames()
            if directoryProblem != nil { directoryProblem = nil; changed = true }
        } catch {
            let problem = ECSExportProblem(file: directory, kind: .directoryUnavailable(reason: ECSExportReader.reasonText(error)))
            if directoryProblem != problem { directoryProblem = problem; changed = true }
            if changed { rebuild() }
            return changed
        }
        var seen = Set<String>()
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            // Links are followed by stat (an export folder of links to the real files is common).
            guard let before = Self.signature(path) else {
                // A folder, FIFO, socket, device or dangling link: a problem of its own, never read.
                guard let kind = ECSInputCheck.problem(at: path) else { continue }
                seen.insert(path)
                let problem = ECSExportProblem(file: path, kind: kind)
                if entries[path]?.problem != problem || entries[path]?.lastGood != nil {
                    entries[path] = Entry(problem: problem)
                    changed = true
                }
                continue
            }
            seen.insert(path)
            var entry = entries[path] ?? Entry()
            if entry.signature == before { continue }
            let result: Result<ECSExportFile, ECSExportProblem>
            do throws(ECSExportProblem) {
                result = .success(try ECSExportReader.read(path: path, sizeLimit: sizeLimit))
            } catch {
                result = .failure(error)
            }
            let after = Self.signature(path)
            entry.attemptsAtSignature = (entry.signature == nil && entry.refreshing) ? entry.attemptsAtSignature + 1 : 1
            switch result {
            case .success(let file) where after == before:
                entry.lastGood = file
                entry.problem = nil
                entry.refreshing = false
                entry.signature = before
            case .success:
                // Changed while being read: the content may mix two versions; read it again.
                entry.refreshing = true
                entry.signature = nil
            case .failure(let problem):
                entry.problem = problem
                let retry = (problem.isTransient || after != before) && entry.attemptsAtSignature < maxRetries
                entry.refreshing = retry
                entry.signature = retry ? nil : before
            }
            entries[path] = entry
            changed = true
        }
        for path in entries.keys where !seen.contains(path) {
            entries[path] = nil
            changed = true
        }
        if changed { rebuild() }
        return changed
    }

    private mutating func rebuild() {
        let statuses = entries.map { path, entry in
            ECSFileStatus(path: path, kinds: entry.lastGood?.kinds ?? [], problem: entry.problem,
                          refreshing: entry.refreshing, modified: entry.lastGood?.modified)
        }
        snapshot = ECSStateMerger.merge(files: entries.values.compactMap(\.lastGood), statuses: statuses,
                                        directoryProblem: directoryProblem, previous: snapshot)
    }

    /// Reads a directory once (for headless commands and tests).
    public static func read(directory: String) -> ECSSnapshot {
        var state = ECSDirectoryState(directory: directory)
        state.maxRetries = 1
        state.poll()
        return state.snapshot
    }
}
