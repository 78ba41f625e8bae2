import ECSState
import Foundation

/// Runs an `ECSWatcher` in a task and hands every new snapshot to a `@Sendable` callback.
///
/// Why a callback: the app's loop takes events through `LoopContext.post`, which is Sendable and
/// non-async; the feed owns the async iteration so the app never awaits a file system poll.
/// Releasing the feed (or `cancel()`) stops the watcher's poller.
public final class ECSFeed: Sendable {
    public let directory: String
    private let task: Task<Void, Never>

    /// Starts watching at once; the first snapshot (possibly empty, with a directory problem)
    /// arrives after the first poll.
    public init(directory: String, interval: Duration = .milliseconds(300),
                onSnapshot: @escaping @Sendable (ECSSnapshot) -> Void) {
        self.directory = directory
        let watcher = ECSWatcher(directory: directory, interval: interval)
        task = Task.detached(priority: .utility) {
            for await snapshot in watcher.snapshots() {
                if Task.isCancelled { break }
                onSnapshot(snapshot)
            }
        }
    }

    /// Stops watching. A callback already running finishes; no new snapshot is delivered after it.
    public func cancel() { task.cancel() }

    public var isCancelled: Bool { task.isCancelled }

    deinit { task.cancel() }
}
