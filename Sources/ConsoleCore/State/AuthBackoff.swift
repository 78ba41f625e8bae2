import Foundation

/// Rejected credentials (401 or 403): when to try again.
///
/// Why: resending the same wrong credentials every 2 s fills the cluster's logs (and may lock an
/// account behind a proxy) without any chance of a different answer. While they are rejected
/// the console sends only `/id`, at 2 s, 4 s, 8 s ... up to 60 s apart, and `r` tries at once.
public struct AuthBackoff: Sendable, Equatable {
    public static let first: Double = 2
    public static let cap: Double = 60

    /// Rejections in a row.
    public private(set) var rejections = 0
    /// When the next `/id` may go out.
    public private(set) var nextTry: Date
    /// The status that rejected them (401 or 403).
    public private(set) var status: Int

    public init(status: Int, at now: Date) {
        self.status = status
        self.nextTry = now
        rejected(status: status, at: now)
    }

    /// Seconds to wait after `n` rejections in a row: 2, 4, 8 ... capped at 60.
    public static func delay(after n: Int) -> Double { min(cap, first * pow(2, Double(max(0, n - 1)))) }

    /// One more rejection answered at `now`. Rejections answered before `nextTry` (the
    /// concurrent polls of the round that first met it) do not lengthen the wait.
    public mutating func rejected(status: Int, at now: Date) {
        self.status = status
        guard now >= nextTry else { return }
        rejections += 1
        nextTry = now.addingTimeInterval(Self.delay(after: rejections))
    }

    /// `r`: try at once.
    public mutating func retryNow(_ now: Date) { nextTry = now }

    /// Seconds until the next try (0 when due).
    public func wait(now: Date) -> Double { max(0, nextTry.timeIntervalSince(now)) }
}
