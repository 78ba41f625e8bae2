import Foundation
import LogTail

/// Runs a `LogFollower` over some targets and hands every batch to a `@Sendable` callback.
///
/// Why: the follower reads on its own thread and exposes an `AsyncStream`; the app's loop wants
/// plain posted events. Batches already carry many lines (the follower coalesces a flood into a
/// few per frame), so posting each one costs one loop wake-up. Releasing the feed (or `cancel()`)
/// stops the follower thread.
public final class LogFeed: Sendable {
    public let targets: [FollowTarget]
    private let follower: LogFollower
    private let task: Task<Void, Never>

    /// - Throws: `LogTailError` when the follower cannot start (no pipe, no thread).
    public init(targets: [FollowTarget], options: FollowerOptions = FollowerOptions(),
                onBatch: @escaping @Sendable (LogBatch) -> Void) throws(LogTailError) {
        self.targets = targets
        let follower = try LogFollower(targets: targets, options: options)
        self.follower = follower
        task = Task.detached(priority: .utility) {
            for await batch in follower.batches {
                if Task.isCancelled { break }
                onBatch(batch)
            }
        }
    }

    public func cancel() {
        follower.stop()
        task.cancel()
    }

    deinit { cancel() }
}
