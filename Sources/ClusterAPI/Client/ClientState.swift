/// The client's small mutable memory, shared by concurrent requests: which host worked last,
/// which peer answered `/id` on each host, and the bearer token fetched once.
actor ClientState {
    private var preferred: ClusterHost?
    private var peerByHost: [ClusterHost: AnsweringPeer] = [:]
    private var tokenTask: Task<String, Error>?
    /// The request sent most recently, so an overall deadline can say what it was waiting for.
    private(set) var lastRequest: RequestContext?

    func began(_ request: RequestContext) { lastRequest = request }

    /// Hosts with the last one that worked first, so a dead first host costs one failure only.
    func ordered(_ hosts: [ClusterHost]) -> [ClusterHost] {
        guard let p = preferred, let i = hosts.firstIndex(of: p) else { return hosts }
        return [hosts[i]] + hosts[..<i] + hosts[(i + 1)...]
    }

    func markWorking(_ host: ClusterHost) { preferred = host }

    func record(_ peer: AnsweringPeer, for host: ClusterHost) { peerByHost[host] = peer }

    func peer(for host: ClusterHost) -> AnsweringPeer? { peerByHost[host] }

    /// Fetches the token at most once, even under concurrent first requests; a failed fetch
    /// is forgotten so the next request tries again.
    func token(fetch: @escaping @Sendable () async throws -> String) async throws -> String {
        if let t = tokenTask { return try await t.value }
        let t = Task { try await fetch() }
        tokenTask = t
        do {
            return try await t.value
        } catch {
            tokenTask = nil
            throw error
        }
    }

    func forgetToken() { tokenTask = nil }
}

/// Which cluster peer answered `/id` through a host. Behind a load balancer this changes from
/// call to call; the console shows it so operators know whose view they are looking at.
public struct AnsweringPeer: Sendable, Hashable, CustomStringConvertible {
    public var id: PeerID
    public var peername: String
    public var host: ClusterHost

    public init(id: PeerID, peername: String, host: ClusterHost) {
        self.id = id; self.peername = peername; self.host = host
    }

    public var description: String { peername.isEmpty ? id : "\(peername) (\(id))" }
}
