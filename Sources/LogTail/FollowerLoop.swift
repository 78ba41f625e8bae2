import Foundation
import Glibc

/// The follower's engine: one dedicated thread blocked in poll(2) on the inotify descriptor and a
/// self-pipe, plus a slow stat check. It owns all per-file state, so nothing here is shared and
/// nothing needs a lock; the only way out is the stream continuation, which is thread-safe.
final class FollowerLoop {
    private let targets: [FollowTarget]
    private let options: FollowerOptions
    private let continuation: AsyncStream<LogBatch>.Continuation
    private let stopFD: Int32
    private let sanitizer: LineSanitizer
    private let inotify: Inotify?
    private let inotifyErrno: Int32

    private var files: [String: TailedFile] = [:]
    private var watchByDir: [String: Int32] = [:]
    private var dirByWatch: [Int32: String] = [:]
    /// Identities of files drained after a rotation: if they show up under a name we also follow
    /// (`app.log.1` matching a glob), they were already read and are skipped.
    private var retired: Set<TailedFile.FileIdentity> = []
    private var dirty: Set<String> = []
    private var pending: [LogLine] = []
    private var notices: [FollowerNotice] = []
    private var droppedLines = 0
    private var lastFlush = 0.0
    private var nextRescan = 0.0
    private var rescanSoon = false
    private var carrierBlockedUntil = 0.0
    private let buffer: UnsafeMutableRawBufferPointer

    init(targets: [FollowTarget], options: FollowerOptions, continuation: AsyncStream<LogBatch>.Continuation,
         stopFD: Int32) {
        self.targets = targets
        self.options = options
        self.continuation = continuation
        self.stopFD = stopFD
        self.sanitizer = LineSanitizer(maxLineBytes: options.maxLineBytes)
        self.inotify = Inotify()
        self.inotifyErrno = inotify == nil ? errno : 0
        self.buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
    }

    deinit { buffer.deallocate() }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    func run() {
        if inotify == nil {
            notices.append(FollowerNotice(path: "", event: .error(.inotifyUnavailable(errno: inotifyErrno))))
        }
        let lastLines: Int? = if case let .lastLines(n) = options.start { n } else { nil }
        rescan(initial: true, initialLastLines: lastLines)
        nextRescan = Self.now() + options.rescanInterval
        readDirty(now: Self.now())
        flush(now: Self.now())

        var fds = [pollfd(fd: stopFD, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: inotify?.fd ?? -1, events: Int16(POLLIN), revents: 0)]
        var events: [Inotify.Event] = []
        while true {
            let now = Self.now()
            let timeout = timeoutMillis(now: now)
            // While a batch is being gathered, leave inotify events queued in the kernel (which
            // coalesces repeated IN_MODIFY) and only wake for stop or the batch deadline: a flood
            // then costs at most one wake-up per `batchInterval`, not one per write.
            let gathering = (!dirty.isEmpty || !pending.isEmpty) && now - lastFlush < options.batchInterval
            fds[1].events = gathering ? 0 : Int16(POLLIN)
            fds[0].revents = 0
            fds[1].revents = 0
            let r = poll(&fds, nfds_t(fds.count), timeout)
            if r < 0 && errno != EINTR { break }
            if fds[0].revents != 0 { break }
            if let inotify {
                events.removeAll(keepingCapacity: true)
                inotify.drain(into: &events)
                if !events.isEmpty { handle(events, now: Self.now()) }
            }
            let t = Self.now()
            if rescanSoon || t >= nextRescan {
                rescanSoon = false
                rescan(initial: false, initialLastLines: nil)
                nextRescan = t + options.rescanInterval
            }
            if t - lastFlush >= options.batchInterval || pending.count >= options.maxBatchLines {
                readDirty(now: t)
                flushQuietPartials(now: t)
                flush(now: t)
            }
        }
        // Stopping: deliver what was read, then end the stream.
        flush(now: Self.now())
        for f in files.values { f.close() }
        inotify?.close()
        continuation.finish()
    }

    private func timeoutMillis(now: Double) -> Int32 {
        var deadline = nextRescan
        if !dirty.isEmpty || !pending.isEmpty {
            deadline = min(deadline, lastFlush + options.batchInterval)
        } else if !notices.isEmpty || droppedLines > 0 {
            deadline = min(deadline, max(lastFlush + options.batchInterval, carrierBlockedUntil))
        }
        for f in files.values where f.splitter.hasPartial {
            // Partials are flushed in the batch step, so never wake before that step can run.
            deadline = min(deadline, max(f.lastDataAt + options.partialLineFlush, lastFlush + options.batchInterval))
        }
        if rescanSoon { deadline = now }
        let ms = (deadline - now) * 1000
        return ms <= 0 ? 0 : Int32(min(ms.rounded(.up), 60_000))
    }

    // MARK: reading and delivery

    private func readDirty(now: Double) {
        guard !dirty.isEmpty else { return }
        let paths = dirty
        dirty.removeAll(keepingCapacity: true)
        for path in paths {
            guard let f = files[path] else { continue }
            let more = f.readAvailable(buffer: buffer, budget: options.readBudgetPerFile, now: now,
                                       sanitizer: sanitizer, sink: &pending, notices: &notices)
            if more { dirty.insert(path) }
            if pending.count >= options.maxBatchLines { flush(now: now) }
        }
    }

    private func flushQuietPartials(now: Double) {
        for f in files.values where f.splitter.hasPartial && now - f.lastDataAt >= options.partialLineFlush {
            f.flushPartial(sanitizer: sanitizer, sink: &pending)
        }
    }

    /// Delivers pending lines and notices. When the consumer lags, the stream drops its oldest
    /// batch: its lines are counted into the next batch's `droppedLines` and its notices are
    /// re-queued. A count with nothing else to carry it goes out in an empty batch; if that one is
    /// dropped too (the consumer is stalled), it is retried once per `rescanInterval`, so the count
    /// reaches the consumer soon after it resumes, without spinning meanwhile.
    private func flush(now: Double) {
        lastFlush = now
        guard !pending.isEmpty || ((droppedLines > 0 || !notices.isEmpty) && now >= carrierBlockedUntil) else { return }
        let batch = LogBatch(lines: LogMerge.mergeByTime(pending), notices: notices, droppedLines: droppedLines)
        pending.removeAll(keepingCapacity: true)
        notices.removeAll()
        droppedLines = 0
        switch continuation.yield(batch) {
        case let .dropped(lost):
            droppedLines += lost.lines.count + lost.droppedLines
            notices.insert(contentsOf: lost.notices, at: 0)
            if lost.lines.isEmpty { carrierBlockedUntil = now + options.rescanInterval }
        case .enqueued:
            carrierBlockedUntil = 0
        case .terminated:
            break
        @unknown default:
            break
        }
    }

    // MARK: inotify events

    private func handle(_ events: [Inotify.Event], now: Double) {
        for e in events {
            if e.mask & Inotify.queueOverflow != 0 {
                rescanSoon = true
                dirty.formUnion(files.keys)
                continue
            }
            guard let dir = dirByWatch[e.wd] else { continue }
            if e.mask & Inotify.ignored != 0 {
                dirByWatch[e.wd] = nil
                if watchByDir[dir] == e.wd { watchByDir[dir] = nil }
                rescanSoon = true
                continue
            }
            if e.name.isEmpty {
                if e.mask & (Inotify.deleteSelf | Inotify.moveSelf) != 0 { rescanSoon = true }
                continue
            }
            let path = dir == "/" ? "/" + e.name : dir + "/" + e.name
            if e.mask & Inotify.isDir != 0 {
                if e.mask & (Inotify.create | Inotify.movedTo) != 0, recursiveRoot(containing: path) != nil {
                    watchTree(path)
                    discover(under: path)
                }
                continue
            }
            if let f = files[path] {
                if e.mask & (Inotify.movedFrom | Inotify.delete) != 0, f.isOpen {
                    retire(f, now: now)
                    notices.append(FollowerNotice(path: path, event: e.mask & Inotify.delete != 0 ? .deleted : .rotated))
                }
                if e.mask & (Inotify.create | Inotify.movedTo) != 0 {
                    reopenIfReplaced(f, now: now)
                }
                if e.mask & (Inotify.modify | Inotify.closeWrite | Inotify.attrib) != 0 { dirty.insert(path) }
            } else if e.mask & (Inotify.create | Inotify.movedTo | Inotify.modify) != 0, let root = wantedRoot(path) {
                track(path, root: root, lastLines: nil, announce: true)
            }
        }
    }

    /// Reads the rest of a file that is going away (renamed or deleted), then closes it.
    private func retire(_ f: TailedFile, now: Double) {
        while f.readAvailable(buffer: buffer, budget: options.readBudgetPerFile, now: now,
                              sanitizer: sanitizer, sink: &pending, notices: &notices) {}
        f.flushPartial(sanitizer: sanitizer, sink: &pending)
        if let id = f.identity { retired.insert(id) }
        f.close()
    }

    /// The path names a file again: open it from its beginning unless it is the one already open.
    private func reopenIfReplaced(_ f: TailedFile, now: Double) {
        guard let id = TailedFile.identity(ofPath: f.path) else { return }
        if f.isOpen {
            if f.identity == id { return }
            retire(f, now: now)
            open(f, lastLines: nil, event: .rotated)
        } else {
            open(f, lastLines: nil, event: .created)
        }
    }

    private func open(_ f: TailedFile, lastLines: Int?, event: FollowerNotice.Event?) {
        do {
            try f.open(lastLines: lastLines)
            retired.remove(f.identity!)
            if let event { notices.append(FollowerNotice(path: f.path, event: event)) }
            dirty.insert(f.path)
        } catch {
            f.report(error, into: &notices)
        }
    }

    // MARK: targets, discovery and the slow check

    private func track(_ path: String, root: String?, lastLines: Int?, announce: Bool) {
        if files[path] != nil { return }
        if let id = TailedFile.identity(ofPath: path), retired.contains(id) { return }
        let f = TailedFile(path: path, origin: .file(path: path, root: root), maxLineBytes: options.maxLineBytes)
        files[path] = f
        watchDirectory(Self.parent(of: path))
        if TailedFile.identity(ofPath: path) != nil {
            open(f, lastLines: lastLines, event: announce ? .created : nil)
        } else if let problem = LocalInputCheck.problem(at: path) {
            // Missing, a dangling link, a FIFO, socket, device or folder: said once, not opened.
            f.report(problem, into: &notices)
        }
    }

    private func rescan(initial: Bool, initialLastLines: Int?) {
        let lastLines = initial ? initialLastLines : nil
        for target in targets {
            switch target {
            case let .file(path):
                track(path, root: nil, lastLines: lastLines, announce: false)
            case let .glob(pattern):
                watchDirectory(Self.staticPrefixDirectory(of: pattern))
                for path in Self.expand(glob: pattern) {
                    track(path, root: Self.staticPrefixDirectory(of: pattern), lastLines: lastLines, announce: !initial)
                }
            case let .directory(dir, _):
                if initial || watchByDir[dir] == nil { watchTree(dir) }
                discover(under: dir, lastLines: lastLines, announce: !initial)
            }
        }
        if initial { return }
        // What inotify may have missed: rotations, deletions, late creations, appends.
        for f in files.values {
            let id = TailedFile.identity(ofPath: f.path)
            if f.isOpen {
                if id == nil {
                    retire(f, now: Self.now())
                    notices.append(FollowerNotice(path: f.path, event: .deleted))
                } else if id != f.identity {
                    reopenIfReplaced(f, now: Self.now())
                } else {
                    dirty.insert(f.path)
                }
            } else if id != nil {
                reopenIfReplaced(f, now: Self.now())
            } else if f.identity == nil, let problem = LocalInputCheck.problem(at: f.path) {
                // Never opened: say when what is at the path changes (a FIFO replaced the
                // missing file...); `report` stays quiet while it is the same.
                f.report(problem, into: &notices)
            }
            watchDirectory(Self.parent(of: f.path))
        }
    }

    private func discover(under dir: String, lastLines: Int? = nil, announce: Bool = true) {
        guard case let .directory(rootDir, pattern)? = recursiveRoot(containing: dir + "/x") else { return }
        guard let walker = FileManager.default.enumerator(atPath: dir) else { return }
        while let rel = walker.nextObject() as? String {
            let name = rel.split(separator: "/").last.map(String.init) ?? rel
            let path = dir + "/" + rel
            if Self.isDirectory(path) {
                watchDirectory(path)
                continue
            }
            if fnmatch(pattern, name, 0) == 0 {
                track(path, root: rootDir, lastLines: lastLines, announce: announce)
            }
        }
    }

    private func watchTree(_ dir: String) {
        watchDirectory(dir)
        guard let walker = FileManager.default.enumerator(atPath: dir) else { return }
        while let rel = walker.nextObject() as? String {
            if Self.isDirectory(dir + "/" + rel) { watchDirectory(dir + "/" + rel) }
        }
    }

    private func watchDirectory(_ dir: String) {
        guard let inotify, watchByDir[dir] == nil else { return }
        let wd = inotify.addWatch(directory: dir)
        guard wd >= 0 else { return }  // not there yet: the slow check retries
        watchByDir[dir] = wd
        dirByWatch[wd] = dir
    }

    /// The directory target whose tree contains `path`, if any.
    private func recursiveRoot(containing path: String) -> FollowTarget? {
        targets.first {
            if case let .directory(d, _) = $0 { return path.hasPrefix(d == "/" ? "/" : d + "/") }
            return false
        }
    }

    /// Whether a new path is one we follow; returns its source root ("" for none).
    private func wantedRoot(_ path: String) -> String?? {
        for t in targets {
            switch t {
            case let .file(p) where p == path: return .some(nil)
            case let .glob(pattern) where fnmatch(pattern, path, FNM_PATHNAME) == 0:
                return .some(Self.staticPrefixDirectory(of: pattern))
            case let .directory(d, pattern) where path.hasPrefix(d + "/"):
                let name = Self.lastComponent(path)
                if fnmatch(pattern, name, 0) == 0 { return .some(d) }
            default: break
            }
        }
        return nil
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && st.st_mode & S_IFMT == S_IFDIR
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// The deepest directory of a glob pattern without wildcards: the one to watch.
    static func staticPrefixDirectory(of pattern: String) -> String {
        var dirs: [Substring] = []
        for comp in pattern.split(separator: "/", omittingEmptySubsequences: false).dropLast() {
            if comp.contains(where: { "*?[".contains($0) }) { break }
            dirs.append(comp)
        }
        let joined = dirs.joined(separator: "/")
        return joined.isEmpty ? (pattern.hasPrefix("/") ? "/" : ".") : joined
    }

    static func expand(glob pattern: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard Glibc.glob(pattern, 0, nil, &g) == 0 else { return [] }
        var out: [String] = []
        for i in 0..<Int(g.gl_pathc) {
            if let p = g.gl_pathv[i] {
                let path = String(cString: p)
                if TailedFile.identity(ofPath: path) != nil { out.append(path) }
            }
        }
        return out
    }
}
