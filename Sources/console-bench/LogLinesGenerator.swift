import ClusterSimulator

/// Generates an `ipfs-cluster-service` log as a Fargate task writes it (go-log plain text:
/// `time<TAB>LEVEL<TAB>logger<TAB>caller<TAB>message`), seeded: mostly REST API access lines
/// (each followed by the blank line go-log writes after a message ending in a newline), pin
/// tracker and CRDT chatter, ping-metric alerts, IPFS connection errors and deadline errors,
/// some with go-log's trailing JSON fields, and a few multi-line entries.
struct LogLinesGenerator {
    var rng: SeededRandom
    let peers: [String]
    var cids: [String]

    init(seed: UInt64) {
        rng = SeededRandom(seed: seed)
        var peerGen = PinsGenerator(pins: 0, peers: 3, seed: seed)
        peers = peerGen.peerIDs
        cids = (0..<256).map { _ in peerGen.cid() }
    }

    static let paths = ["/id", "/version", "/peers", "/pins", "/pins?filter=pin_error,pin_queued", "/allocations",
                        "/monitor/metrics/freespace", "/monitor/metrics/ping", "/health/alerts", "/pins?local=true"]

    /// `count` physical lines (blank ones included), newline-terminated.
    mutating func lines(_ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count * 150)
        var t: Int64 = 1_779_000_000_000 // milliseconds
        var written = 0
        while written < count {
            t += Int64(rng.next() % 40)
            let ts = Self.time(t)
            let roll = rng.next() % 100
            let cid = cids[Int(rng.next() % UInt64(cids.count))]
            let peer = peers[Int(rng.next() % UInt64(peers.count))]
            var text: String
            var extra = 0
            switch roll {
            case 0..<45:
                let path = Self.paths[Int(rng.next() % UInt64(Self.paths.count))]
                let status = rng.next() % 50 == 0 ? 500 : (path == "/pins" && rng.next() % 3 == 0 ? 204 : 200)
                text = "\(ts)\tINFO\trestapilog\tcommon/api.go:111\t10.0.\(rng.next() % 4).\(rng.next() % 250) - - [\(Self.clf(t))] \"GET \(path) HTTP/1.1\" \(status) \(rng.next() % 90_000)\n"
                extra = 1
            case 45..<60:
                text = "\(ts)\tINFO\tpintracker\tstateless/stateless.go:\(200 + rng.next() % 90)\tpin \(cid) queued (attempt \(rng.next() % 3 + 1))"
            case 60..<70:
                text = "\(ts)\tINFO\tcrdt\tgo-ds-crdt@v0.6.8/crdt.go:573\tNumber of heads: \(1 + rng.next() % 3). Current max-height: \(100_000 + rng.next() % 50_000). Dirty: false"
            case 70..<78:
                text = "\(ts)\tWARN\tmonitor\tmetrics/checker.go:161\tmetric alert for ping: Peer: \(peer). Expired at: \(Self.time(t - 30_000))"
            case 78..<86:
                text = "\(ts)\tERROR\tipfshttp\tipfshttp/ipfshttp.go:1256\terror posting to IPFS:Post \"http://127.0.0.1:5001/api/v0/pin/add?arg=\(cid)&progress=true\": dial tcp 127.0.0.1:5001: connect: connection refused"
            case 86..<92:
                text = "\(ts)\tERROR\tcluster\tsrc/cluster.go:1152\t\(peer): context deadline exceeded\t{\"peer\": \"\(peer)\", \"cid\": \"\(cid)\"}"
            case 92..<97:
                text = "\(ts)\tDEBUG\tpeerstore\tpstoreds/addr_book.go:412\tupdated addresses for \(peer)"
            case 97..<99:
                text = "\(ts)\tINFO\tcluster\tsrc/cluster.go:141\tIPFS Cluster v1.1.6 listening on:\n        /ip4/10.0.1.17/tcp/9096/p2p/\(peer)\n        /ip4/127.0.0.1/tcp/9096/p2p/\(peer)\n"
                extra = 3
            default:
                text = "\(ts)\tERROR\tpintracker\tstateless/stateless.go:310\tpin/unpin operation queue is full. Try increasing max_pin_queue_size"
            }
            out += Array(text.utf8)
            out.append(0x0A)
            written += 1 + extra
        }
        return out
    }

    /// go-log's `2006-01-02T15:04:05.000Z07:00` in UTC.
    static func time(_ ms: Int64) -> String {
        let base = PinsGenerator.time(ms / 1000, nanos: 0) // whole seconds, "...Z"
        let frac = String(ms % 1000)
        return String(base.dropLast()) + "." + String(repeating: "0", count: 3 - frac.count) + frac + "Z"
    }

    /// Common Log Format time `21/Nov/2026:05:12:24 +0000`.
    static func clf(_ ms: Int64) -> String {
        let iso = Array(PinsGenerator.time(ms / 1000, nanos: 0).utf8) // 2026-11-21T05:12:24Z
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let s = String(decoding: iso, as: UTF8.self)
        let y = s.prefix(4), m = Int(s.dropFirst(5).prefix(2)) ?? 1, d = s.dropFirst(8).prefix(2)
        return "\(d)/\(months[m - 1])/\(y):\(s.dropFirst(11).prefix(8)) +0000"
    }
}
