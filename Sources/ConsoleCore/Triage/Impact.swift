import Foundation

/// What impact needs from a pin store, so it runs in one pass over the console's ``PinTable``
/// (no per-pin structs for a million pins) and equally over a plain list in tests or tools.
public protocol PinImpactSource {
    /// Peer ids by peer index.
    var impactPeerIDs: [String] { get }
    /// Row ids to visit are `0..<impactRowCount`; rows for which `impactIsLive` is false are skipped.
    var impactRowCount: Int { get }
    func impactIsLive(_ row: Int) -> Bool
    /// `replication_factor_min`; -1 is "everywhere", 0 unknown (options never fetched).
    func impactReplicationMin(_ row: Int) -> Int
    /// Peer indices the pin is allocated to; empty means everywhere.
    func impactAllocations(_ row: Int) -> [Int]
    func impactStatus(_ row: Int, peer: Int) -> PinStatus
    func impactCID(_ row: Int) -> String
    func impactName(_ row: Int) -> String
}

extension PinTable: PinImpactSource {
    public var impactPeerIDs: [String] { peers.map(\.id) }
    public var impactRowCount: Int { rowCount }
    public func impactIsLive(_ row: Int) -> Bool { isLive(row) }
    public func impactReplicationMin(_ row: Int) -> Int { replication(row).min }
    public func impactAllocations(_ row: Int) -> [Int] { allocations(row) }
    public func impactStatus(_ row: Int, peer: Int) -> PinStatus { status(row, peer: peer) }
    public func impactCID(_ row: Int) -> String { cid(row) }
    public func impactName(_ row: Int) -> String { name(row) }
}

/// A pin as a plain value, for callers without a ``PinTable``.
public struct ImpactPin: Sendable, Hashable {
    public var cid: String
    public var name: String
    public var replicationMin: Int
    public var replicationMax: Int
    /// Peer ids; empty means everywhere.
    public var allocations: [String]
    /// Per peer id; peers not listed are "not reported".
    public var statuses: [String: PinStatus]

    public init(cid: String, name: String = "", replicationMin: Int = -1, replicationMax: Int = -1,
                allocations: [String] = [], statuses: [String: PinStatus] = [:]) {
        self.cid = cid; self.name = name; self.replicationMin = replicationMin; self.replicationMax = replicationMax
        self.allocations = allocations; self.statuses = statuses
    }
}

/// A plain list of pins over a fixed set of peers.
public struct ImpactPinList: PinImpactSource, Sendable {
    public let impactPeerIDs: [String]
    let pins: [ImpactPin]
    let index: [String: Int]

    /// `peers`: every cluster peer (what "everywhere" means); peers only named by pins are added.
    public init(peers: [String], pins: [ImpactPin]) {
        var ids = peers
        var index: [String: Int] = [:]
        for (i, p) in ids.enumerated() { index[p] = i }
        for pin in pins {
            for p in pin.allocations + Array(pin.statuses.keys) where index[p] == nil {
                index[p] = ids.count
                ids.append(p)
            }
        }
        self.impactPeerIDs = ids
        self.pins = pins
        self.index = index
    }

    public var impactRowCount: Int { pins.count }
    public func impactIsLive(_ row: Int) -> Bool { true }
    public func impactReplicationMin(_ row: Int) -> Int { pins[row].replicationMin }
    public func impactAllocations(_ row: Int) -> [Int] { pins[row].allocations.compactMap { index[$0] } }
    public func impactStatus(_ row: Int, peer: Int) -> PinStatus { pins[row].statuses[impactPeerIDs[peer]] ?? .unknown }
    public func impactCID(_ row: Int) -> String { pins[row].cid }
    public func impactName(_ row: Int) -> String { pins[row].name }
}

/// What one unhealthy peer puts at risk if it stays down.
public struct PeerImpact: Sendable, Codable, Hashable {
    public struct PinRef: Sendable, Codable, Hashable {
        public var cid: String
        public var name: String
    }
    public var peerID: String
    /// Pins allocated to it (everywhere pins included).
    public var allocatedPins: Int
    /// Of those, pins whose healthy copies fall below `replication_factor_min` without it.
    public var underReplicated: Int
    /// Of those, pins with no healthy copy at all without it.
    public var noHealthyCopy: Int
    /// Up to `sampleLimit` of the pins with no healthy copy, in table order.
    public var noHealthyCopySamples: [PinRef]
}

/// The impact numbers of one triage run, per unhealthy peer.
public struct ImpactReport: Sendable, Codable, Hashable {
    public var byPeer: [String: PeerImpact]
    /// Live pins scanned.
    public var pinsScanned: Int
    public init(byPeer: [String: PeerImpact] = [:], pinsScanned: Int = 0) { self.byPeer = byPeer; self.pinsScanned = pinsScanned }
}

/// Computes ``ImpactReport``s in one pass over a ``PinImpactSource``.
///
/// Rules (stated so the numbers can be checked by hand):
/// - a copy is healthy when its peer is not in `unhealthy` and its status is `pinned`, or "not
///   reported" (the live table is fed by filtered `/pins?filter=error,queued` refreshes, where
///   silence means nothing is wrong);
/// - "everywhere" pins (min -1 or no allocations) need a copy on every peer, so any peer down
///   leaves them under-replicated;
/// - a min of 0 (options never fetched) is taken as 1: only "no copy at all" is then reported;
/// - all unhealthy peers are assumed to stay down together, which is what an incident looks like.
public enum ImpactCalculator {
    public static func compute<S: PinImpactSource>(_ source: S, unhealthy: Set<String>, sampleLimit: Int = 20) -> ImpactReport {
        let ids = source.impactPeerIDs
        let n = ids.count
        let down = ids.map { unhealthy.contains($0) }
        let downIdx = (0..<n).filter { down[$0] }
        var result: [Int: PeerImpact] = [:]
        for d in downIdx {
            result[d] = PeerImpact(peerID: ids[d], allocatedPins: 0, underReplicated: 0, noHealthyCopy: 0, noHealthyCopySamples: [])
        }
        var scanned = 0
        guard !downIdx.isEmpty else {
            for r in 0..<source.impactRowCount where source.impactIsLive(r) { scanned += 1 }
            return ImpactReport(byPeer: [:], pinsScanned: scanned)
        }
        var allocated = [Bool](repeating: false, count: n)
        for r in 0..<source.impactRowCount where source.impactIsLive(r) {
            scanned += 1
            let allocs = source.impactAllocations(r)
            var rmin = source.impactReplicationMin(r)
            let everywhere = rmin < 0 || allocs.isEmpty
            if everywhere {
                rmin = n
            } else if rmin == 0 {
                rmin = 1
            }
            // Is any unhealthy peer allocated this pin? Most rows answer no and cost little.
            var touched = false
            if everywhere {
                touched = true
            } else {
                for a in allocs where a < n && down[a] { touched = true; break }
            }
            guard touched else { continue }
            for i in 0..<n { allocated[i] = everywhere }
            if !everywhere { for a in allocs where a < n { allocated[a] = true } }
            var healthy = 0
            for p in 0..<n where !down[p] {
                let s = source.impactStatus(r, peer: p)
                if s == .pinned || (s == .unknown && allocated[p]) { healthy += 1 }
            }
            for d in downIdx where allocated[d] {
                result[d]!.allocatedPins += 1
                if healthy < rmin { result[d]!.underReplicated += 1 }
                if healthy == 0 {
                    result[d]!.noHealthyCopy += 1
                    if result[d]!.noHealthyCopySamples.count < sampleLimit {
                        result[d]!.noHealthyCopySamples.append(.init(cid: source.impactCID(r), name: source.impactName(r)))
                    }
                }
            }
        }
        var byPeer: [String: PeerImpact] = [:]
        for (_, v) in result { byPeer[v.peerID] = v }
        return ImpactReport(byPeer: byPeer, pinsScanned: scanned)
    }
}

extension PinStatus {
    /// The code of a wire status string (`pin_error`...); unknown strings give nil.
    public init?(wireName: String) {
        guard let i = PinStatus.wireNames.firstIndex(of: wireName), i > 0 else { return nil }
        self.init(rawValue: UInt8(i))
    }
}
