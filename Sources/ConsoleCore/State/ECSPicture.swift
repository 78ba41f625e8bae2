import ECSState
import Foundation

/// ECS as the console knows it: the latest export snapshot and its join to cluster peers.
///
/// Why in the core state: the peers screen, the tasks pane, the triage screen and the incident
/// snapshot all read the same join; keeping it here (changed only by `ConsoleUpdate`) means they
/// can never disagree about which task carries which peer.
public struct ECSPicture: Sendable {
    /// The latest snapshot read from the exports folder (nil before the first one).
    public private(set) var snapshot: ECSSnapshot?
    /// Every peers poll is a sighting (peer at an IP, at a time): the join of stopped tasks needs
    /// where a now-missing peer used to be.
    public private(set) var correlator = PeerTaskCorrelator()
    /// Task <-> peer join of the latest snapshot with every sighting so far.
    public private(set) var correlation: PeerTaskCorrelation?
    /// EFS, load balancer, Container Insights, alarms and Cloud Map tied to peers through the
    /// join (nil before the first snapshot). Rebuilt with the join so both always agree.
    public private(set) var deployment: DeploymentPicture?
    /// Bumped whenever the snapshot or the join changes (views resync on it).
    public private(set) var version = 0

    public init() {}

    /// Whether any ECS snapshot arrived yet ("-" versus "no task" on the peers screen).
    public var haveSnapshot: Bool { snapshot != nil }

    /// Records where peers are now, then re-joins the current snapshot.
    mutating func observe(_ peers: [PeerEndpoints], now: Date) {
        correlator.observe(peers)
        rejoin(now: now)
    }

    /// Takes a new snapshot, with where peers are now, and joins once.
    mutating func take(_ snapshot: ECSSnapshot, observing peers: [PeerEndpoints], now: Date) {
        correlator.observe(peers)
        self.snapshot = snapshot
        rejoin(now: now)
    }

    private mutating func rejoin(now: Date) {
        guard let snapshot else { return }
        let joined = correlator.correlate(snapshot, now: now)
        let picture = DeploymentJoin.join(snapshot, correlation: joined, now: snapshot.exportedAt ?? now)
        if joined != correlation || picture != deployment || version == 0 { version += 1 }
        correlation = joined
        deployment = picture
    }

    /// The task shown for a peer: the running one, else the one that likely caused its absence,
    /// else the latest previous one.
    public func task(forPeer id: String) -> (task: ECSTask, link: PeerTaskLink)? {
        guard let snapshot, let link = correlation?.link(forPeer: id) else { return nil }
        let pick = link.currentTaskID ?? link.likelyCauseTaskID ?? link.previousTaskIDs.first
        return pick.flatMap(snapshot.task(id:)).map { ($0, link) }
    }

    /// "Now" for ECS ages: a simulator (or a skewed exporter) may write exports ahead of our clock.
    public func now(_ now: Date) -> Date { max(now, snapshot?.exportedAt ?? now) }
}
