import Foundation
import Synchronization

/// One REST request a peer answered: when it started and ended (monotonic seconds), its size.
public struct ServedRequest: Sendable, Equatable {
    public let peer: Int
    public let method: String
    /// Path and query, as sent.
    public let uri: String
    public let status: Int
    public let bytes: Int
    public let started: Double
    public let ended: Double

    /// Whether the request makes the cluster walk every pin: `/allocations`, an unfiltered
    /// `GET /pins` and recover-all, the streams the console must keep under 5 % of wall time.
    public var isFullStream: Bool {
        let path = uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri
        let query = uri.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        switch (method, path) {
        case ("GET", "/allocations"): return true
        case ("GET", "/pins"): return !query.split(separator: "&").contains { $0.hasPrefix("filter=") || $0.hasPrefix("cids=") }
        case ("POST", "/pins/recover"): return true
        default: return false
        }
    }
}

/// What the simulated cluster served, as the cluster's own operator would see it: which
/// requests, how long each kept the peer busy, how many bytes. The benchmark reads it to judge
/// the console's load on the cluster from the cluster's side, not from the console's own
/// account. Bounded: the oldest entries are dropped past `capacity`.
public final class RequestLedger: Sendable {
    private struct Entries {
        var done: [ServedRequest] = []
        var open: [Int: ServedRequest] = [:]
        var nextToken = 0
    }
    private let entries = Mutex(Entries())
    private let capacity: Int

    public init(capacity: Int = 100_000) { self.capacity = capacity }

    /// Monotonic seconds (CLOCK_MONOTONIC), the time base of `started` and `ended`.
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// A request starts being answered; returns the token that ends it.
    func begin(peer: Int, method: String, uri: String) -> Int {
        let r = ServedRequest(peer: peer, method: method, uri: uri, status: 0, bytes: 0, started: Self.now(), ended: 0)
        return entries.withLock { e in
            e.nextToken += 1
            e.open[e.nextToken] = r
            return e.nextToken
        }
    }

    /// The answer ended (sent whole, truncated, or the client went away); a second call for
    /// the same token does nothing.
    func end(_ token: Int, status: Int, bytes: Int) {
        let t = Self.now()
        entries.withLock { e in
            guard let r = e.open.removeValue(forKey: token) else { return }
            if e.done.count >= capacity { e.done.removeFirst(e.done.count - capacity + 1) }
            e.done.append(ServedRequest(peer: r.peer, method: r.method, uri: r.uri, status: status, bytes: bytes, started: r.started, ended: t))
        }
    }

    /// Every request recorded so far (up to `capacity`), oldest first, then those still being
    /// answered (status 0, ending now).
    public func snapshot() -> [ServedRequest] {
        let t = Self.now()
        return entries.withLock { e in
            e.done + e.open.values.sorted { $0.started < $1.started }.map {
                ServedRequest(peer: $0.peer, method: $0.method, uri: $0.uri, status: 0, bytes: 0, started: $0.started, ended: t)
            }
        }
    }

    /// Seconds within `from..<to` during which at least one full stream was being served (the
    /// union of their intervals, so two peers streaming at once count once).
    public static func fullStreamBusy(_ requests: [ServedRequest], from: Double, to: Double) -> Double {
        let spans = requests.filter(\.isFullStream)
            .map { (max($0.started, from), min($0.ended, to)) }
            .filter { $0.0 < $0.1 }
            .sorted { $0.0 < $1.0 }
        var busy = 0.0
        var current: (Double, Double)?
        for s in spans {
            if let c = current, s.0 <= c.1 {
                current = (c.0, max(c.1, s.1))
            } else {
                if let c = current { busy += c.1 - c.0 }
                current = s
            }
        }
        if let c = current { busy += c.1 - c.0 }
        return busy
    }
}
