/// Recognises triage lines. Pure and cheap (byte searches, most specific pattern first), because
/// it runs once on every ingested line rather than on every redraw.
public enum TriageClassifier {
    public static func classify(_ message: String) -> TriageMatch? {
        var copy = message
        return copy.withUTF8 { classify(bytes: $0) }
    }

    static func classify(bytes p: UnsafeBufferPointer<UInt8>) -> TriageMatch? {
        typealias B = ByteSearch
        if p.count < 10 { return nil }
        if let i = B.find("metric alert for ", in: p) {
            let start = i + 17
            var metric: String?
            var peer: String?
            if let j = B.find(": Peer: ", in: p, from: start) {
                metric = B.string(p, start, j)
                peer = peerToken(p, at: j + 8)
            }
            return TriageMatch(kind: .metricAlert, peer: peer, metric: metric)
        }
        if let i = B.find("error in broadcast response from ", in: p) {
            return TriageMatch(kind: .broadcastError, peer: peerToken(p, at: i + 33))
        }
        if let i = B.find("bootstrap to ", in: p), B.find(" failed", in: p, from: i) != nil {
            let peer = B.find("/p2p/", in: p, from: i).flatMap { peerToken(p, at: $0 + 5) }
            return TriageMatch(kind: .bootstrapFailed, peer: peer)
        }
        if B.contains("consensus start timed out", in: p) { return TriageMatch(kind: .startupFailed) }
        if B.contains("operation queue is full", in: p) { return TriageMatch(kind: .queueFull) }
        if B.contains("ot enough candidates to allocate", in: p) || B.contains("ot enough peers to allocate", in: p) {
            return TriageMatch(kind: .notEnoughCandidates)
        }
        if B.contains("error posting to IPFS", in: p) || B.contains("ipfs does not seem to be available", in: p)
            || B.contains("IPFS error (", in: p) || B.contains("could not get pinset from IPFS", in: p) {
            return TriageMatch(kind: .ipfsError)
        }
        if B.contains("connection refused", in: p) {
            return TriageMatch(kind: .connectionRefused, peer: firstPeerID(p))
        }
        if B.contains("context deadline exceeded", in: p) {
            return TriageMatch(kind: .deadlineExceeded, peer: firstPeerID(p))
        }
        if B.contains("** IPFS Cluster is READY **", in: p) || (p.count == 15 && B.hasPrefix("Daemon is ready", p)) {
            return TriageMatch(kind: .ready)
        }
        if B.hasPrefix("shutting down Cluster", p) || B.hasPrefix("peer no longer in peerset", p)
            || B.hasPrefix("Received interrupt signal, shutting down", p)
            || B.hasPrefix("attempting to leave the cluster", p) {
            return TriageMatch(kind: .shutdown)
        }
        return nil
    }

    /// A libp2p peer id starting at `at` (`12D3KooW…` or `Qm…`); trailing `.`/`:` are not part of it.
    static func peerToken(_ p: UnsafeBufferPointer<UInt8>, at: Int) -> String? {
        var end = at
        while end < p.count, isAlnum(p[end]) { end += 1 }
        let n = end - at
        if n >= 50 && ByteSearch.hasPrefix("12D3KooW", p, at: at) || n == 46 && ByteSearch.hasPrefix("Qm", p, at: at) {
            return ByteSearch.string(p, at, end)
        }
        return nil
    }

    static func peerToken(_ s: Substring) -> String? {
        var copy = String(s)
        return copy.withUTF8 { peerToken($0, at: 0) }
    }

    /// The first `12D3KooW…` peer id anywhere in the text.
    static func firstPeerID(_ p: UnsafeBufferPointer<UInt8>) -> String? {
        guard let i = ByteSearch.find("12D3KooW", in: p) else { return nil }
        return peerToken(p, at: i)
    }

    static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }
}
