/// Simulated time: real elapsed time multiplied by `speed`.
///
/// Why: the recorded failure timeline (15 s deadline, 30 s ping TTL, alerts at ~36 s) must be
/// reproducible in tests that run in a second or two, and watchable in the demo at speed 1.
/// Every duration in the model and in scenarios is in simulated seconds.
public struct SimClock: Sendable {
    public let speed: Double
    private let startWall: Double
    private let startInstant: ContinuousClock.Instant

    /// - Parameter offset: seconds this cluster's clock is ahead of the real one (negative: behind).
    public init(speed: Double, offset: Double = 0) { self.init(speed: speed, startWall: TimeFormat.wallNow() + offset) }

    init(speed: Double, startWall: Double) {
        self.speed = max(speed, 0.001)
        self.startWall = startWall
        self.startInstant = ContinuousClock.now
    }

    /// Simulated seconds since the simulator started.
    public var elapsed: Double {
        let d = ContinuousClock.now - startInstant
        let secs = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return secs * speed
    }

    /// Simulated Unix time (seconds); what the wire, logs and ECS exports show.
    public var now: Double { startWall + elapsed }

    /// Unix time of a simulated elapsed offset.
    public func wall(at elapsed: Double) -> Double { startWall + elapsed }

    /// Sleeps for a simulated duration; throws on cancellation.
    public func sleep(_ simSeconds: Double) async throws {
        let real = max(simSeconds / speed, 0)
        try await Task.sleep(for: .milliseconds(Int64((real * 1000).rounded(.up))))
    }
}
