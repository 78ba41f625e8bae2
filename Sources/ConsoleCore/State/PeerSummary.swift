import Foundation

/// The one count of peers every title and the header show, so they cannot disagree
/// ("Peers 3/3" next to "peers 2/3 up" read as two different answers at 3 a.m.).
public struct PeerSummary: Sendable, Equatable {
    /// Peers answering normally (listed in `/peers` without an error, IPFS up).
    public var up: Int
    /// Every peer the console knows, missing ones included.
    public var total: Int
    /// Set while the API is unreachable: the counts are from the last `/peers` that answered, then.
    public var asOf: Date?

    /// `peers 2/3 up`, or `peers 3/3 as of 2 min ago` when the counts are not live.
    public func text(now: Date) -> String {
        if let asOf { return "peers \(up)/\(total) as of \(TriageText.ago(asOf, now: now))" }
        return "peers \(up)/\(total) up"
    }
}

extension ConsoleState {
    /// Whether nothing answers: what is on screen is the last known picture, not live.
    public var isShowingLastKnown: Bool { unreachable != nil || authBackoff != nil }

    /// Counts the main cluster only: a peer answering from a cluster of its own is named by the
    /// banner, not counted as up.
    public var peerSummary: PeerSummary {
        let members = peers.values.filter { !$0.otherCluster }
        let up = members.filter { $0.condition.isHealthy }.count
        let asOf = isShowingLastKnown ? (freshness(.peers).lastSuccess ?? lastContact ?? .distantPast) : nil
        return PeerSummary(up: up, total: members.count, asOf: asOf == .distantPast ? nil : asOf)
    }

    /// When the pin counts were last refreshed while nothing answers (nil: live).
    public var pinsAsOf: Date? {
        guard isShowingLastKnown else { return nil }
        return [freshness(.activePins).lastSuccess, freshness(.allocations).lastSuccess, freshness(.fullPins).lastSuccess]
            .compactMap { $0 }.max()
    }
}

extension ConsoleState {
    /// Peers answering from another cluster than the main one (empty: one cluster answers).
    public var otherClusterPeers: [PeerInfo] { peerList.filter(\.otherCluster) }

    /// `TWO CLUSTERS ANSWERING: ...` for the header, naming the odd peer and the usual cause.
    public var clustersAnsweringText: String? {
        let odd = otherClusterPeers
        guard !odd.isEmpty else { return nil }
        let main = peerList.filter { !$0.otherCluster && $0.missingSince == nil && $0.lastSeen != nil }.count
        let names = odd.map { "\($0.displayName) (\($0.shortID))" }.joined(separator: ", ")
        var text = "TWO CLUSTERS ANSWERING: \(names) answers from a cluster of its own, the other \(main) peers from the main one;"
            + " a peer started without --bootstrap (or with an empty peerstore) forms a new cluster: :triage"
        // Its pin lists are not applied: say so, so a steady table is not mistaken for a quiet one.
        let aside = pins.setAside.values
        if let last = aside.max(by: { $0.at < $1.at }) {
            text += "; \(TriageText.plural(aside.reduce(0) { $0 + $1.count }, "pin list answer")) set aside as the other cluster's"
                + " (last \(last.source.path) \(TriageText.ago(last.at, now: now))), the main cluster's pins shown"
        }
        return text
    }
}
