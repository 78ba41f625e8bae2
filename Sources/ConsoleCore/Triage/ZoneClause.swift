import Foundation

/// Names the availability zone in the headlines of peers that are gone when their tasks share
/// one: an AZ outage reads as "peer unresponsive" on every peer in it, and the zone is what the
/// operator checks on the AWS status page.
enum ZoneClause {
    /// Rules whose peers may be gone because of their zone (network, host); not IPFS or disk.
    static let zoneRules: Set<String> = ["peer-unresponsive", "peer-stopped", "peer-missing", "spot-interruption"]

    /// The clause per peer id (`AZ us-east-1b`, or for several peers in one zone
    /// `all 2 unavailable peers ran in AZ us-east-1b: likely an AZ outage`).
    static func clauses(_ evidence: TriageEvidence, tops: [String: String]) -> [String: String] {
        var zoneOf: [String: String] = [:]
        for p in evidence.peers where tops[p.id].map(zoneRules.contains) == true {
            if let z = (p.currentTask ?? p.previousTask)?.availabilityZone, !z.isEmpty { zoneOf[p.id] = z }
        }
        let zones = Set(zoneOf.values)
        guard zones.count == 1, let zone = zones.first, zoneOf.count == tops.filter({ zoneRules.contains($0.value) }).count else { return [:] }
        let healthyThere = evidence.peers.filter { tops[$0.id] == nil && ($0.currentTask?.availabilityZone == zone) }.count
        let text = zoneOf.count > 1
            ? "all \(zoneOf.count) unavailable peers ran in AZ \(zone)" + (healthyThere == 0 ? ": likely an AZ outage" : "")
            : "AZ \(zone)"
        return zoneOf.mapValues { _ in text }
    }
}
