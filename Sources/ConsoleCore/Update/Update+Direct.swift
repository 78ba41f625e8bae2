import ClusterAPI
import Foundation

/// Direct per-peer polling (see ``DirectPeers``): scheduling the calls to each peer's own API
/// address, discovering addresses in `/peers`, and merging what each peer answered.
extension ConsoleUpdate {
    /// On a tick: the due calls of every address in use (or being probed), and the deadlines.
    /// While credentials are rejected nothing goes out here: the main endpoint's `/id` probes.
    static func tickDirect(_ state: inout ConsoleState, now: Date) -> [Effect] {
        var effects: [Effect] = []
        for url in state.direct.order {
            guard var a = state.direct.addresses[url], a.unusable == nil else { continue }
            for source in DirectPeers.sources {
                var call = a.call(source)
                if let started = call.inFlightSince {
                    if now.timeIntervalSince(started) > source.deadline {
                        effects.append(.cancelDirect(url: url, source))
                        call.inFlightSince = nil
                        a.calls[source] = call
                        directFailed(&a, source, message: "no answer within \(Int(source.deadline)) s", answered: false, now: now)
                        state.triageInputVersion += 1
                    }
                    continue
                }
                guard state.authBackoff == nil else { continue }
                // Until `/id` says who is there, and while the address does not answer, only
                // `/id` is asked.
                if source != .id && (!a.confirmed || a.failingSince != nil) { continue }
                let due = call.lastStart.map { now.timeIntervalSince($0) >= source.interval(refresh: state.settings.refresh) } ?? true
                guard due else { continue }
                call.generation = state.direct.nextGeneration
                state.direct.nextGeneration += 1
                call.inFlightSince = now
                call.lastStart = now
                a.calls[source] = call
                effects.append(.fetchDirect(url: url, source, generation: call.generation))
            }
            state.direct.addresses[url] = a
        }
        return effects
    }

    /// `r`: every address's calls are due now.
    static func refreshDirect(_ state: inout ConsoleState) {
        for url in state.direct.order {
            for s in DirectPeers.sources { state.direct.addresses[url]?.calls[s]?.lastStart = nil }
        }
    }

    /// One direct answer: dropped unless it is the call in flight at that address.
    static func takeDirect(_ answer: DirectAnswer, _ state: inout ConsoleState, now: Date) {
        guard var a = state.direct.addresses[answer.url], var call = a.calls[answer.source],
              call.generation == answer.generation, call.inFlightSince != nil else { return }
        call.inFlightSince = nil
        a.calls[answer.source] = call
        state.direct.addresses[answer.url] = a
        applyDirect(answer, &state, now: now)
    }

    /// What the answer says, without the generation check (a recording's primer replays it).
    static func applyDirect(_ answer: DirectAnswer, _ state: inout ConsoleState, now: Date) {
        guard var a = state.direct.addresses[answer.url] else { return }
        if let origin = answer.origin {
            if let date = origin.serverDate { state.clusterClock.observe(serverDate: date, local: now) }
            credentials(answered: origin.status, &state, now: now)
        }
        switch answer.outcome {
        case .loaded(let result):
            a.calls[answer.source, default: DirectCall()].lastSuccess = now
            a.calls[answer.source]?.lastError = nil
            a.lastAnswer = now
            a.failingSince = nil
            a.lastError = nil
            state.lastContact = now
            switch result {
            case .id(let peer):
                if let expected = a.expectedPeer, !peer.id.isEmpty, peer.id != expected {
                    // Someone else answers there: a load balancer listed as a peer, or an
                    // address a replaced task gave up. Polling it would mix peers' answers.
                    a.unusable = a.confirmed
                        ? "answers as \(state.peerName(peer.id)) as well as \(state.peerName(expected)) (a load balancer?)"
                        : "answers as \(state.peerName(peer.id)), not \(state.peerName(expected))"
                    a.unusableSince = now
                } else if !peer.id.isEmpty {
                    a.expectedPeer = peer.id
                    a.confirmed = true
                    mergeDirect(peer, into: &state, now: now)
                }
            case .metrics(let metrics):
                if a.confirmed { applyMetrics(metrics, source: answer.source, reporter: reporterName(a, state), to: &state, now: now) }
            case .alerts(let alerts):
                if a.confirmed { takeAlerts(alerts, reporter: reporterName(a, state), &state, now: now) }
            case .peers:
                break
            }
        case .failed(let message):
            directFailed(&a, answer.source, message: message, answered: answer.origin != nil, now: now)
        }
        state.direct.addresses[answer.url] = a
        state.triageInputVersion += 1
    }

    /// A failed direct call. One the API answered (an HTTP error) says the address is up; one it
    /// did not answer makes a probed discovered address unusable and an address in use failing.
    static func directFailed(_ a: inout DirectAddress, _ source: DataSource, message: String, answered: Bool, now: Date) {
        a.calls[source, default: DirectCall()].lastError = message
        a.lastError = message
        if answered {
            a.lastAnswer = now
            a.failingSince = nil
            return
        }
        if a.origin == .discovered && !a.confirmed {
            a.unusable = "did not answer: \(message)"
            a.unusableSince = now
        } else if a.failingSince == nil {
            a.failingSince = now
        }
    }

    static func reporterName(_ a: DirectAddress, _ state: ConsoleState) -> String {
        a.expectedPeer.map(state.peerName) ?? a.hostPort
    }

    /// A peer's own `/id`: what it says of itself (name, version, its IPFS daemon, its view of
    /// the membership). Whether it is listed or missing stays `/peers`'s word.
    static func mergeDirect(_ entry: ClusterPeer, into state: inout ConsoleState, now: Date) {
        guard !entry.id.isEmpty, entry.error.isEmpty else { return }
        var p = state.peers[entry.id] ?? PeerInfo(id: entry.id)
        if state.peers[entry.id] == nil {
            p.fromElsewhere = true
            state.peerOrder.append(entry.id)
        }
        if !entry.peername.isEmpty { p.name = entry.peername }
        if !entry.version.isEmpty { p.version = entry.version }
        if !entry.addresses.isEmpty { p.addresses = entry.addresses }
        if !entry.clusterPeers.isEmpty { p.clusterPeers = entry.clusterPeers }
        if let ipfs = entry.ipfs.id, !ipfs.isEmpty { p.ipfsID = ipfs }
        if entry.ipfs.error.isEmpty { p.ipfsErrorSince = nil } else if p.ipfsError.isEmpty { p.ipfsErrorSince = now }
        p.ipfsError = entry.ipfs.error
        state.peers[entry.id] = p
    }

    /// After a `/peers` answer: candidate addresses for the peers that have none. A peer's IPs
    /// come from its own addresses; an IP several peers list (`127.0.0.1`) is nobody's, the
    /// main endpoint's host is already dialled, link-local and unspecified ones lead nowhere.
    /// One candidate per peer at a time: the next is tried when it failed. A discovered address
    /// whose IP the peer no longer lists (its task was replaced) is dropped.
    static func discoverDirect(_ list: [ClusterPeer], _ state: inout ConsoleState, now: Date) {
        guard let d = state.settings.peerAPIDiscovery else { return }
        var owners: [String: Set<String>] = [:]
        var ips: [String: [String]] = [:]
        for p in list where !p.id.isEmpty {
            let own = p.addresses.compactMap(PeerAPIDiscovery.ip(ofMultiaddr:))
            var seen = Set<String>()
            ips[p.id] = own.filter { seen.insert($0).inserted }
            for ip in seen { owners[ip, default: []].insert(p.id) }
        }
        // Addresses given up by their peer.
        for a in state.direct.list where a.origin == .discovered {
            guard let peer = a.expectedPeer, let listed = list.first(where: { $0.id == peer }), listed.error.isEmpty,
                  let own = ips[peer], !own.isEmpty else { continue }
            if !own.contains(where: { d.url($0) == a.url }) { state.direct.remove(a.url) }
        }
        for p in list where !p.id.isEmpty && p.error.isEmpty {
            if state.peers[p.id]?.otherCluster == true { continue }
            if state.direct.list.contains(where: { $0.unusable == nil && $0.expectedPeer == p.id }) { continue }
            for ip in ips[p.id] ?? [] where owners[ip]?.count == 1 && d.mayProbe(ip) {
                let url = d.url(ip)
                if let old = state.direct.addresses[url] {
                    // A probe that failed long ago may be tried again.
                    guard old.unusable != nil, let t = old.unusableSince, now.timeIntervalSince(t) >= DirectPeers.retryUnusableAfter,
                          old.origin == .discovered else { continue }
                    state.direct.remove(url)
                }
                state.direct.add(DirectAddress(url: url, hostPort: DirectPeers.hostPort(url), origin: .discovered, expectedPeer: p.id))
                break
            }
        }
    }
}
