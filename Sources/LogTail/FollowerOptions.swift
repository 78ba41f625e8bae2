/// Where to start reading files that exist when following starts (files that appear later, or
/// replace a rotated file, are always read from their beginning, as `tail -F` does).
public enum StartPosition: Sendable, Hashable {
    case beginning
    case lastLines(Int)
}

/// Tunables of a follower. Defaults suit an interactive console.
public struct FollowerOptions: Sendable {
    public var start: StartPosition = .lastLines(1000)
    /// Longer lines are cut with a marker (see `LineSanitizer`).
    public var maxLineBytes = 4096
    /// A last line without newline is held this long without new data before it is emitted.
    public var partialLineFlush: Double = 0.5
    /// Slow stat/glob check that catches what inotify misses (or replaces it when unavailable).
    public var rescanInterval: Double = 2.0
    /// Minimum spacing of batches: lines arriving within it are delivered together.
    public var batchInterval: Double = 0.025
    /// A batch is delivered early when it reaches this many lines.
    public var maxBatchLines = 20_000
    /// Batches the stream buffers for a slow consumer; beyond it the oldest batches are dropped
    /// and counted in the next batch's `droppedLines`, so ingestion never blocks.
    public var bufferedBatches = 64
    /// Bytes read from one file per cycle, for fairness between a flooding file and quiet ones.
    public var readBudgetPerFile = 8 << 20

    public init() {}
}
