import Foundation

/// An answer of a pin stream the console did not apply: while two clusters answer behind one
/// address, it came from the other one (or most likely did).
public struct SetAsideAnswer: Sendable, Equatable {
    public var source: DataSource
    public var at: Date
    /// Why, in words ("it names only IpfsCluster2 (12D3…), which answers from a cluster of its own").
    public var reason: String
    /// Answers of this source set aside so far.
    public var count: Int
}

/// Pin streams during a split (a peer started without `--bootstrap` answers behind the same
/// load balancer, from a cluster of its own).
///
/// Why: the cluster-wide streams go through the main endpoint, and behind a load balancer some
/// of them reach the one-peer cluster. Its `/allocations` (no pins) would declare every pin of
/// the main cluster gone, its `/pins` would add rows with only its own peer; the pin table would
/// flap with every third answer. The answer does not say who sent it (no header names the
/// peer), but what it lists does: each item names the peers it is about (`peer_map`,
/// `allocations`). So while a split is known, a stream's bytes are held until its first line
/// is complete: an answer naming only the other cluster's peers is set aside whole (the
/// main cluster's table is kept, and the header says so); one naming a main peer, or none (an
/// everywhere pin), is applied as usual. An empty answer cannot be told apart: it is set aside
/// while the table holds pins in the stream's scope, unless empty answers persist for
/// ``emptyConfirmSeconds`` (the main cluster really has none). The other cluster's own pins are
/// not shown; it has none worth showing (it has just formed) and its peer's verdict names it.
extension ConsoleUpdate {
    /// Seconds of consecutive empty answers after which an empty answer is believed.
    public static let emptyConfirmSeconds: Double = 30
    /// Bytes held at most while waiting for the first line (a longer first line is judged on
    /// what arrived).
    static let judgeLimit = 1 << 20

    /// Whether a stream starting now is held for judging.
    static func judgesStreams(_ state: ConsoleState) -> Bool { !state.otherClusterPeers.isEmpty }

    /// The peer ids one NDJSON line names: `peer_map` keys (`/pins`) or `allocations` (`/allocations`).
    static func peersNamed(in line: ArraySlice<UInt8>) -> Set<String> {
        guard let obj = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return [] }
        var out = Set<String>()
        if let map = obj["peer_map"] as? [String: Any] { out.formUnion(map.keys) }
        if let alloc = obj["allocations"] as? [String] { out.formUnion(alloc) }
        return out
    }

    static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    /// Pins in the scope of `source` that an empty answer would clear.
    static func pinsInScope(_ state: ConsoleState, _ source: DataSource) -> Int {
        switch source {
        case .activePins:
            return [PinStatus.pinError, .clusterError, .unpinError, .pinQueued, .unpinQueued, .pinning, .unpinning]
                .reduce(0) { $0 + state.pins.count(worst: $1) }
        case .allocations, .fullPins:
            return state.pins.table.liveCount
        default:
            return 0
        }
    }

    /// Holds `bytes` of a judged stream; once its first line is complete, judges it: true when
    /// the stream was set aside (the caller stops), false when it goes on (held bytes fed).
    static func judgeChunk(_ state: inout ConsoleState, _ s: inout PinStreamProgress, _ source: DataSource, _ bytes: [UInt8],
                           now: Date) throws(PinDecodeError) -> Bool {
        s.held! += bytes
        // Blank lines say nothing: the first line with content does.
        guard let start = s.held!.firstIndex(where: { !isBlank($0) }) else { return false }
        guard let nl = s.held![start...].firstIndex(of: 0x0A) ?? (s.held!.count > judgeLimit ? s.held!.count : nil) else { return false }
        let named = peersNamed(in: s.held![start..<nl])
        if let reason = otherClusterReason(state, named) {
            state.pins.streams[source] = s
            setAside(&state, source, reason: reason, now: now)
            return true
        }
        let held = s.held!
        s.held = nil
        state.pins.emptySince[source] = nil
        try s.decoder.feed(held, into: &state.pins.table)
        return false
    }

    /// Why the named peers are the other cluster's answer; nil when they are not (or none is named).
    static func otherClusterReason(_ state: ConsoleState, _ named: Set<String>) -> String? {
        let other = Set(state.otherClusterPeers.map(\.id))
        guard !named.isEmpty, named.isSubset(of: other) else { return nil }
        let names = named.sorted().map { "\(state.peerName($0)) (\(PeerInfo.shortID($0)))" }.joined(separator: ", ")
        return "it names only \(names), which answers from a cluster of its own"
    }

    /// A judged stream that ended while still held (empty, or one line without a newline):
    /// true when set aside.
    static func judgeEnd(_ state: inout ConsoleState, _ s: inout PinStreamProgress, _ source: DataSource,
                         now: Date) throws(PinDecodeError) -> Bool {
        guard let held = s.held else { return false }
        s.held = nil
        if held.contains(where: { !isBlank($0) }) {
            if let reason = otherClusterReason(state, peersNamed(in: held[...])) {
                setAside(&state, source, reason: reason, now: now)
                return true
            }
            state.pins.emptySince[source] = nil
            try s.decoder.feed(held, into: &state.pins.table)
            return false
        }
        let inScope = pinsInScope(state, source)
        guard inScope > 0, source != .watched else { return false }
        let since = state.pins.emptySince[source] ?? now
        state.pins.emptySince[source] = since
        guard now.timeIntervalSince(since) < emptyConfirmSeconds else { return false }
        setAside(&state, source, reason: "an empty answer while the main cluster's last answers listed \(TriageText.plural(inScope, "pin")): most likely the other cluster's (believed if empty answers last \(Int(emptyConfirmSeconds)) s)", now: now)
        return true
    }

    /// Ends the call without touching the table or marking an error: the main cluster's table
    /// and its freshness stay as they were; the next poll asks again.
    static func setAside(_ state: inout ConsoleState, _ source: DataSource, reason: String, now: Date) {
        abandonPinStream(&state, source)
        var f = state.freshness(source)
        recordCost(&state, &f, source, now: now)
        f.inFlightSince = nil
        state.freshness[source] = f
        let count = (state.pins.setAside[source]?.count ?? 0) + 1
        state.pins.setAside[source] = SetAsideAnswer(source: source, at: now, reason: reason, count: count)
    }
}
