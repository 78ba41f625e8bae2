import ClusterAPI
import Foundation

// The pin / unpin / recover / remove-peer actions as plain functions of a client, with no
// printing and no argument parsing, so they can move to ConsoleCore's shared action services
// and be called the same way from the TUI.

/// What `pin add` and `pin rm` wait for, as ctl's `--wait`, `--wait-limit`, `--wait-timeout`.
struct WaitSpec: Sendable {
    /// Peers that must reach the target; nil = the pin's replication_factor_min (or all
    /// allocated peers when pinned everywhere).
    var limit: Int?
    /// Seconds; nil = wait as long as it takes.
    var timeout: Double?
    var pollInterval: Duration = .seconds(1)
}

enum PinActions {
    struct Outcome: Sendable {
        var pin: Pin
        /// The status read after the action (nil with `--no-status`).
        var status: GlobalPinInfo?
    }

    /// ctl's `pin add`: POST, then (after a short delay, see ipfs-cluster issue #286) the status,
    /// or a wait until enough peers report `pinned`.
    static func add(_ client: ClusterClient, target: String, options: PinAddOptions, readStatus: Bool,
                    statusDelay: Duration = .seconds(1), wait: WaitSpec?) async throws -> Outcome {
        let pin = try await client.pin(target, options: options)
        if let wait {
            let limit = wait.limit ?? (pin.replicationFactorMin > 0 ? pin.replicationFactorMin : nil)
            return Outcome(pin: pin, status: try await waitFor(client, cid: pin.cid, target: .pinned, limit: limit, spec: wait))
        }
        guard readStatus else { return Outcome(pin: pin, status: nil) }
        try await Task.sleep(for: statusDelay)
        return Outcome(pin: pin, status: try await client.pinStatus(pin.cid))
    }

    /// ctl's `pin rm`: DELETE, then the status (peers go to `unpinned`), or a wait for it.
    static func remove(_ client: ClusterClient, target: String, readStatus: Bool,
                       statusDelay: Duration = .seconds(1), wait: WaitSpec?) async throws -> Outcome {
        let pin = try await client.unpin(target)
        if let wait {
            return Outcome(pin: pin, status: try await waitFor(client, cid: pin.cid, target: .unpinned, limit: wait.limit, spec: wait))
        }
        guard readStatus else { return Outcome(pin: pin, status: nil) }
        try await Task.sleep(for: statusDelay)
        return Outcome(pin: pin, status: try await client.pinStatus(pin.cid))
    }

    /// Polls `GET /pins/{cid}` until `limit` peers (all non-remote peers when nil) report
    /// `target`; fails at once when a peer reports an error state, as ctl does.
    static func waitFor(_ client: ClusterClient, cid: CIDString, target: TrackerStatus, limit: Int?, spec: WaitSpec) async throws -> GlobalPinInfo {
        let start = ContinuousClock.now
        while true {
            let status = try await client.pinStatus(cid)
            let relevant = status.peerMap.values.filter { !(target == .pinned && $0.status == .remote) }
            if relevant.contains(where: { $0.status.isError }) {
                throw LocalFailure(message: "error waiting for pin status: error has occurred while attempting to reach status: \(target.rawValue)")
            }
            let reached = relevant.filter { $0.status == target }.count
            let needed = limit ?? relevant.count
            if reached >= needed && !relevant.isEmpty || (target == .unpinned && relevant.isEmpty) { return status }
            if let t = spec.timeout, ContinuousClock.now - start > .milliseconds(Int64(t * 1000)) {
                throw LocalFailure(message: "error waiting for pin status: timed out after \(formatSeconds(t)) s waiting for status: \(target.rawValue) (\(reached) of \(needed) peers)")
            }
            try await Task.sleep(for: spec.pollInterval)
        }
    }
}

enum RecoverActions {
    static func one(_ client: ClusterClient, cid: CIDString, local: Bool) async throws -> GlobalPinInfo {
        try await client.recover(cid, local: local)
    }

    static func all(_ client: ClusterClient, local: Bool) -> AsyncThrowingStream<GlobalPinInfo, Error> {
        client.recoverAll(local: local)
    }
}

enum PeerActions {
    static func remove(_ client: ClusterClient, id: PeerID) async throws {
        try await client.removePeer(id)
    }
}

private func formatSeconds(_ s: Double) -> String {
    s == s.rounded() ? String(Int(s)) : String(format: "%.1f", s)
}
