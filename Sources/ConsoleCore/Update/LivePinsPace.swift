import Foundation

/// How often the live pins poll (`GET /pins?filter=error,queued,pinning`) runs, from what its
/// last answer weighed.
///
/// Why: that poll is cheap only while few pins are unsettled. A cluster with thousands of pins
/// in error answers megabytes each time: at 200,000 pins with 6,000 in error, 3.3 MB every 2 s
/// kept the console near 10 % of a core decoding and merging the same errors again, and every
/// peer serialising them. So the poll keeps the `--refresh` cadence while its answers stay
/// under `bytesPerSecond` on average and is spaced out beyond (16 MB of errors: once a
/// minute). A slow answer does not space it out: with a peer frozen, every global call waits for
/// that peer's timeout, and the live view matters most then. Pure: tested with explicit costs.
public enum LivePinsPace {
    /// Average bytes per second the live poll may pull.
    public static let bytesPerSecond: Double = 256 * 1024

    /// Seconds between two starts of the live pins poll.
    public static func interval(_ state: ConsoleState) -> Double {
        let refresh = DataSource.activePins.interval(refresh: state.settings.refresh)
        guard let cost = state.freshness(.activePins).lastCost else { return refresh }
        return max(refresh, Double(cost.bytes) / bytesPerSecond)
    }

    /// `every 13s` for the header when the poll is slower than `--refresh`, else nil.
    public static func slowed(_ state: ConsoleState) -> String? {
        let i = interval(state)
        guard i > DataSource.activePins.interval(refresh: state.settings.refresh) + 0.5 else { return nil }
        return "every " + TriageText.span(i)
    }
}
