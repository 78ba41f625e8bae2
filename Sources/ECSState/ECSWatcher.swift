import Foundation

/// Watches an export directory by polling the stat of its entries (every 300 ms by default) and
/// publishes a merged snapshot whenever something changed. Polling instead of inotify keeps it
/// portable and predictable; for a handful of files a stat per entry is negligible work, and a
/// folder of thousands waits longer between passes (see `restFactor`).
public struct ECSWatcher: Sendable {
    public let directory: String
    public let interval: Duration
    /// Sleep at least this many times the last pass's duration (2 % of a core at most).
    static let restFactor = 50

    public init(directory: String, interval: Duration = .milliseconds(300)) {
        self.directory = directory
        self.interval = interval
    }

    public init(directory: URL, interval: Duration = .milliseconds(300)) {
        self.init(directory: directory.path, interval: interval)
    }

    /// Snapshots, starting with the first poll's. The stream ends when the consumer stops iterating
    /// (its task is cancelled) and polling stops with it. A new stream starts a fresh poller.
    public func snapshots() -> AsyncStream<ECSSnapshot> {
        let directory = self.directory
        let interval = self.interval
        return AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let poller = Task.detached(priority: .utility) {
                var state = ECSDirectoryState(directory: directory)
                var first = true
                let clock = ContinuousClock()
                while !Task.isCancelled {
                    let started = clock.now
                    let changed = state.poll()
                    if changed || first {
                        continuation.yield(state.snapshot)
                        first = false
                    }
                    // A huge folder paces itself: a pass that only stat'ed (nothing changed, nothing
                    // read) takes at most 2 % of the time. A pass that read files is not the
                    // measure: reading new content is the point.
                    let pass = clock.now - started
                    let rest = changed ? interval : max(interval, pass * Self.restFactor)
                    do { try await Task.sleep(for: rest) } catch { break }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in poller.cancel() }
        }
    }
}
