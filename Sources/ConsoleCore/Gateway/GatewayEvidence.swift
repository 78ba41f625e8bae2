import ClusterAPI
import Foundation

/// What the gateway probes say, as the triage engine reads it: the gateway, the rollup, each pin
/// not served with where the cluster says it is pinned, and whether the gateway answers at all.
/// Plain Codable values, so it sits in `TriageEvidence` and a snapshot as is.
public struct GatewayEvidence: Sendable, Hashable, Codable {
    /// One pin the gateway did not serve at its last probe.
    public struct Pin: Sendable, Hashable, Codable {
        public var cid: String
        public var name: String
        /// The last probe (its time on the cluster's clock).
        public var probe: GatewayProbe
        /// When its probes began failing (cluster's clock).
        public var failingSince: Date?
        public var probes: Int
        /// Peer ids the cluster reports it `pinned` on now (empty: pinned nowhere, e.g. still
        /// pinning or in error).
        public var pinnedOn: [String]
        /// Peer ids it is allocated to (empty: everywhere).
        public var allocations: [String]

        public init(cid: String, name: String = "", probe: GatewayProbe, failingSince: Date? = nil, probes: Int = 1,
                    pinnedOn: [String] = [], allocations: [String] = []) {
            self.cid = cid; self.name = name; self.probe = probe; self.failingSince = failingSince; self.probes = probes
            self.pinnedOn = pinnedOn; self.allocations = allocations
        }
    }

    /// The gateway answered none of the latest probes.
    public struct Down: Sendable, Hashable, Codable {
        /// Probes in a row that could not connect.
        public var probes: Int
        public var since: Date
        public var reason: String
        public init(probes: Int, since: Date, reason: String) { self.probes = probes; self.since = since; self.reason = reason }
    }

    public var url: String
    public var timeout: Double
    public var interval: Double
    public var rollup: GatewayRollup
    /// Newest probe first; at most `pinLimit`.
    public var notServed: [Pin]
    public var down: Down?

    /// Pins kept in the evidence.
    public static let pinLimit = 50

    public init(url: String, timeout: Double = GatewaySettings.defaultTimeout, interval: Double = GatewaySettings.defaultInterval,
                rollup: GatewayRollup = GatewayRollup(), notServed: [Pin] = [], down: Down? = nil) {
        self.url = url; self.timeout = timeout; self.interval = interval; self.rollup = rollup
        self.notServed = notServed; self.down = down
    }

    /// From the console state (nil without a gateway). Times the console stamped are moved onto
    /// the cluster's clock, which the verdicts judge by.
    public static func build(_ state: ConsoleState) -> GatewayEvidence? {
        guard let settings = state.settings.gateway else { return nil }
        let g = state.gateway
        let table = state.pins.table
        func shifted(_ p: GatewayProbe) -> GatewayProbe {
            var p = p
            p.at = state.onClusterClock(p.at) ?? p.at
            return p
        }
        var rollup = g.rollup(table, now: state.now)
        rollup.lastFailure = rollup.lastFailure.map(shifted)
        let pins = g.failing(table).prefix(pinLimit).map { cid, row, r in
            Pin(cid: cid, name: table.name(row), probe: shifted(r.probe), failingSince: state.onClusterClock(r.failingSince),
                probes: r.probes, pinnedOn: GatewayState.pinnedOn(table, row: row),
                allocations: table.allocations(row).map { table.peers[$0].id })
        }
        var down: Down?
        if g.isDown, let since = g.unreachableSince {
            down = Down(probes: g.consecutiveUnreachable, since: state.onClusterClock(since) ?? since,
                        reason: g.unreachableReason ?? "no connection")
        }
        return GatewayEvidence(url: settings.url, timeout: settings.timeout, interval: settings.interval, rollup: rollup,
                               notServed: Array(pins), down: down)
    }

    /// Pins the cluster reports pinned that the gateway did not serve: a status other than 2xx
    /// or no answer in time. A probe that could not connect says nothing about the pin (it is the
    /// gateway's trouble, see `down`).
    public var pinnedNotServed: [Pin] {
        notServed.filter { !$0.pinnedOn.isEmpty && !$0.probe.outcome.isUnreachable }
    }
}
