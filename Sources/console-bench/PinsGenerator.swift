import ClusterSimulator
import ConsoleCore

/// Generates `/pins` and `/allocations` NDJSON bodies the way IPFS Cluster 1.1.x writes them:
/// field order of cluster-api.md §2.4, `peer_map` keys sorted (Go sorts map keys), Go's string
/// escaping (`<`, `>`, `&` as `\u003c`..., control characters as `\u00XX`), RFC 3339 times
/// with trailing zeros trimmed, whole seconds for times read back from the state.
struct PinsGenerator {
    let pins: Int
    let peerCount: Int
    var rng: SeededRandom
    let peerIDs: [String]
    let ipfsIDs: [String]
    let peerNames: [String]

    static let words = ["alpha", "backup", "photos", "ledger", "nft", "metadata", "archive", "dataset", "video",
                        "model", "site", "release", "docs", "logs", "index", "assets", "snapshot", "delta",
                        "genome", "weather", "census", "tiles", "audio", "scan"]
    static let exts = [".car", ".json", ".tar.gz", ".png", ".mp4", "", ".csv", ".bin"]
    static let errors = ["context deadline exceeded", "context canceled",
                         "pin/unpin operation queue is full. Try increasing max_pin_queue_size",
                         "Post \"http://127.0.0.1:5001/api/v0/pin/add?arg=x&progress=true\": dial tcp 127.0.0.1:5001: connect: connection refused"]

    init(pins: Int, peers: Int, seed: UInt64) {
        self.pins = pins
        self.peerCount = peers
        rng = SeededRandom(seed: seed)
        var ids: [String] = [], ipfs: [String] = [], names: [String] = []
        for i in 0..<peers {
            ids.append(PinsGenerator.peerID(&rng))
            ipfs.append(PinsGenerator.peerID(&rng))
            names.append("IpfsCluster\(i)")
        }
        // Go sorts map keys: keep the peers in that order so peer_map is written sorted.
        let order = ids.indices.sorted { ids[$0] < ids[$1] }
        peerIDs = order.map { ids[$0] }
        ipfsIDs = order.map { ipfs[$0] }
        peerNames = order.map { names[$0] }
    }

    /// Identifiers as the simulator makes them (Ed25519 peer ids, CIDv1 base32 and some CIDv0),
    /// from this generator's seeded stream so every run benchmarks the same bytes.
    static func peerID(_ rng: inout SeededRandom) -> String { Identifiers.peerID(&rng) }

    mutating func cid() -> String {
        rng.next() % 10 == 0 ? Identifiers.cidV0(digest: rng.bytes(32)) : Identifiers.cidV1(digest: rng.bytes(32))
    }

    mutating func name(_ i: Int) -> String {
        let r = rng.next()
        switch r % 20 {
        case 0: return ""
        case 1: return "report <\(i)> & \"notes\""
        case 2: return "café-\(i)"
        default:
            let w = PinsGenerator.words
            return "\(w[Int(r >> 8) % w.count])-\(w[Int(r >> 16) % w.count])-\(i)\(PinsGenerator.exts[Int(r >> 24) % PinsGenerator.exts.count])"
        }
    }

    /// Go's encoding/json string escaping (HTML-safe, as the REST API uses it).
    static func goQuote(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0x3C, 0x3E, 0x26, 0..<0x20:
                out += Array("\\u00".utf8)
                out.append(Array("0123456789abcdef".utf8)[Int(b >> 4)])
                out.append(Array("0123456789abcdef".utf8)[Int(b & 15)])
            default: out.append(b)
            }
        }
        out.append(0x22)
    }

    static func time(_ seconds: Int64, nanos: Int64) -> String {
        PinTime(nanoseconds: seconds * 1_000_000_000 + nanos).description
    }

    /// The whole `/pins` body.
    mutating func pinsBody() -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(pins * (250 + 260 * peerCount))
        for i in 0..<pins { appendPin(i, into: &out) }
        return out
    }

    /// Appends the `/pins` line of pin `i` (call in order 0, 1, ... for the body `pinsBody` makes).
    mutating func appendPin(_ i: Int, into out: inout [UInt8]) {
        let baseTime: Int64 = 1_779_000_000
        let cid = self.cid()
        let name = self.name(i)
        let created = baseTime - Int64(rng.next() % 30_000_000)
        let everywhere = rng.next() % 2 == 0
        var allocated = Set(0..<peerCount)
        if !everywhere && peerCount > 2 {
            allocated.remove(Int(rng.next() % UInt64(peerCount)))
        }
        out += Array("{\"cid\":".utf8)
        PinsGenerator.goQuote(cid, into: &out)
        out += Array(",\"name\":".utf8)
        PinsGenerator.goQuote(name, into: &out)
        out += Array(",\"allocations\":[".utf8)
        if !everywhere {
            for (k, p) in allocated.sorted().enumerated() {
                if k > 0 { out.append(0x2C) }
                PinsGenerator.goQuote(peerIDs[p], into: &out)
            }
        }
        out += Array("],\"origins\":[],\"created\":\"\(PinsGenerator.time(created, nanos: 0))\",\"metadata\":".utf8)
        out += Array((i % 50 == 0 ? "{\"env\":\"staging\"}" : "null").utf8)
        out += Array(",\"peer_map\":{".utf8)
        let roll = rng.next() % 100
        let errorPeer = roll < 3 ? Int(rng.next() % UInt64(peerCount)) : -1
        let busyPeer = roll >= 3 && roll < 5 ? Int(rng.next() % UInt64(peerCount)) : -1
        for p in 0..<peerCount {
            if p > 0 { out.append(0x2C) }
            PinsGenerator.goQuote(peerIDs[p], into: &out)
            out += Array(":{\"peername\":".utf8)
            PinsGenerator.goQuote(peerNames[p], into: &out)
            out += Array(",\"ipfs_peer_id\":".utf8)
            PinsGenerator.goQuote(ipfsIDs[p], into: &out)
            let status: String
            var ts = PinsGenerator.time(created, nanos: 0)
            var err = ""
            var attempts = 0
            var priority = false
            if p == errorPeer {
                status = "pin_error"
                ts = PinsGenerator.time(created + 120, nanos: Int64(rng.next() % 1_000_000_000))
                err = PinsGenerator.errors[Int(rng.next() % UInt64(PinsGenerator.errors.count))]
                attempts = Int(rng.next() % 5) + 1
                priority = attempts < 5
            } else if p == busyPeer {
                status = rng.next() % 2 == 0 ? "pinning" : "pin_queued"
                ts = PinsGenerator.time(created + 5, nanos: Int64(rng.next() % 1_000_000_000))
                attempts = 1
                priority = true
            } else {
                status = allocated.contains(p) ? "pinned" : "remote"
            }
            out += Array(",\"status\":\"\(status)\",\"timestamp\":\"\(ts)\",\"error\":".utf8)
            PinsGenerator.goQuote(err, into: &out)
            out += Array(",\"attempt_count\":\(attempts),\"priority_pin\":\(priority)}".utf8)
        }
        out += Array("}}\n".utf8)
    }
}
