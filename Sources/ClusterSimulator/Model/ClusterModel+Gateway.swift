import Foundation

/// What the deployment's IPFS gateway (kubo's port 8080 behind the load balancer and CloudFront)
/// answers for a CID, from the cluster's pinset.
extension ClusterModel {
    enum GatewayAnswer: Sendable, Equatable {
        /// Held pinned by a live peer: 200 with the content's size.
        case served(size: Int)
        /// No peer holds it pinned (unknown CID, still pinning, in error everywhere): 404.
        case notPinned
        /// Pinned, but the gateway cannot fetch it: it gives up after `delay` real seconds with a
        /// 504 (kubo's retrieval timeout behind the load balancer).
        case unserved(delay: Double)
    }

    func gatewayAnswer(cid: String) -> GatewayAnswer {
        guard let i = store.find(cid) else { return .notPinned }
        let holders = peers.indices.filter { store.status(i, $0) == .pinned }
        guard !holders.isEmpty else { return .notPinned }
        if let from = gatewayUnservedFrom, Double(store.record(i).created) >= from.rounded(.down) {
            return .unserved(delay: gatewayDelay)
        }
        // The request lands on any peer's kubo, which fetches from a holder over bitswap: with
        // every holder hung, stopped or its IPFS down, it waits until the gateway gives up.
        guard holders.contains(where: { peers[$0].state == .running && !peers[$0].ipfsDown }) else {
            return .unserved(delay: gatewayDelay)
        }
        var h: UInt64 = 1469598103934665603
        for b in cid.utf8 { h = (h ^ UInt64(b)) &* 1099511628211 }
        return .served(size: 512 + Int(h % 3584))
    }

    /// From now on, content pinned is not served (its providers are not announced), until
    /// `nil`; the gateway answers 504 after `delay` seconds (past a prober's timeout: no answer).
    func setGatewayUnserved(_ on: Bool, delay: Double?) {
        // A second step only changes the delay: content already unserved stays so.
        gatewayUnservedFrom = on ? (gatewayUnservedFrom ?? wall(now)) : nil
        if let delay { gatewayDelay = max(0, delay) }
        note(on ? "gateway: content pinned from now on is not served (504 after \(delay.map { "\($0)" } ?? "\(gatewayDelay)") s)"
                : "gateway: new content is served again")
    }
}
