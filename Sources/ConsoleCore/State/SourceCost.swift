import Foundation

/// What one call cost the cluster: how long it kept it busy and how much it sent.
///
/// Why measured per call: on a tens-of-millions-pin cluster a full `/allocations` takes
/// minutes and hundreds of megabytes, on a small one milliseconds. The schedule paces the full
/// streams from what the last one actually cost instead of a fixed interval.
public struct SourceCost: Codable, Sendable, Equatable {
    /// What ran (`allocations`, `full pins`, `recover-all`), for the header.
    public var label: String
    public var started: Date
    public var ended: Date
    /// Body bytes received (0 when not counted: the cheap calls are decoded by the client).
    public var bytes: Int64
    /// Stream items received.
    public var items: Int

    public init(label: String, started: Date, ended: Date, bytes: Int64 = 0, items: Int = 0) {
        self.label = label; self.started = started; self.ended = ended; self.bytes = bytes; self.items = items
    }

    /// Seconds the call ran.
    public var duration: Double { max(0, ended.timeIntervalSince(started)) }
}
