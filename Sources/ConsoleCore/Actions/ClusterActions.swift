import ClusterAPI
import Foundation

// The pin / unpin / recover / remove-peer / repo-gc actions as plain functions of a client, with
// no printing and no argument parsing. The headless commands and the console's effect runner
// call these same functions, so `pin add` behaves identically from a script and from the TUI.

/// A failure on our side (not an API answer): ctl reports these as `error <doing>: <err>`.
public struct ActionFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// What `pin add` and `pin rm` wait for, as ctl's `--wait`, `--wait-limit`, `--wait-timeout`.
public struct WaitSpec: Sendable {
    /// Peers that must reach the target; nil = the pin's replication_factor_min (or all
    /// allocated peers when pinned everywhere).
    public var limit: Int?
    /// Seconds; nil = wait as long as it takes.
    public var timeout: Double?
    public var pollInterval: Duration

    public init(limit: Int? = nil, timeout: Double? = nil, pollInterval: Duration = .seconds(1)) {
        self.limit = limit
        self.timeout = timeout
        self.pollInterval = pollInterval
    }
}

public enum PinActions {
    public struct Outcome: Sendable {
        public var pin: Pin
        /// The status read after the action (nil with `--no-status`).
        public var status: GlobalPinInfo?
    }

    /// ctl's `pin add`: POST, then (after a short delay, see ipfs-cluster issue #286) the status,
    /// or a wait until enough peers report `pinned`.
    public static func add(_ client: ClusterClient, target: String, options: PinAddOptions, readStatus: Bool,
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
    public static func remove(_ client: ClusterClient, target: String, readStatus: Bool,
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
    public static func waitFor(_ client: ClusterClient, cid: CIDString, target: TrackerStatus, limit: Int?,
                               spec: WaitSpec) async throws -> GlobalPinInfo {
        let start = ContinuousClock.now
        while true {
            let status = try await client.pinStatus(cid)
            let relevant = status.peerMap.values.filter { !(target == .pinned && $0.status == .remote) }
            if relevant.contains(where: { $0.status.isError }) {
                throw ActionFailure(message: "error waiting for pin status: error has occurred while attempting to reach status: \(target.rawValue)")
            }
            let reached = relevant.filter { $0.status == target }.count
            let needed = limit ?? relevant.count
            if reached >= needed && !relevant.isEmpty || (target == .unpinned && relevant.isEmpty) { return status }
            if let t = spec.timeout, ContinuousClock.now - start > .milliseconds(Int64(t * 1000)) {
                throw ActionFailure(message: "error waiting for pin status: timed out after \(formatSeconds(t)) s waiting for status: \(target.rawValue) (\(reached) of \(needed) peers)")
            }
            try await Task.sleep(for: spec.pollInterval)
        }
    }
}

public enum RecoverActions {
    public static func one(_ client: ClusterClient, cid: CIDString, local: Bool) async throws -> GlobalPinInfo {
        try await client.recover(cid, local: local)
    }

    public static func all(_ client: ClusterClient, local: Bool) -> AsyncThrowingStream<GlobalPinInfo, Error> {
        client.recoverAll(local: local)
    }
}

public enum PeerActions {
    public static func remove(_ client: ClusterClient, id: PeerID) async throws {
        try await client.removePeer(id)
    }
}

private func formatSeconds(_ s: Double) -> String {
    s == s.rounded() ? String(Int(s)) : String(format: "%.1f", s)
}
