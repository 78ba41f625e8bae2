import Foundation
@testable import ConsoleCore

/// Seeded generator for tests (SplitMix64).
struct TestRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }
    mutating func pick<T>(_ a: [T]) -> T { a[Int(next() % UInt64(a.count))] }
}

extension ConsoleCore.PinType {
    /// The wire spelling, to compare with ClusterAPI's `PinType`.
    var wireName: String? {
        switch self {
        case .pin: return "pin"
        case .metaPin: return "meta-pin"
        case .clusterdagPin: return "clusterdag-pin"
        case .shardPin: return "shard-pin"
        case .badType: return "bad-type"
        case .unknown, .other: return nil
        }
    }
}

extension ConsoleCore.PinMode {
    /// The wire spelling, to compare with ClusterAPI's `PinMode`.
    var wireName: String? {
        switch self {
        case .recursive: return "recursive"
        case .direct: return "direct"
        case .unknown, .other: return nil
        }
    }
}

/// Writes JSON text with random but valid spellings: escapes chosen at random (short escapes,
/// `\u` forms, surrogate pairs), optional whitespace, shuffled fields, unknown fields.
struct FuzzyJSONWriter {
    var rng: TestRandom

    mutating func ws() -> String {
        switch rng.next() % 6 {
        case 0: return " "
        case 1: return "\t "
        default: return ""
        }
    }

    mutating func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            let v = u.value
            let forced = v < 0x20 || u == "\"" || u == "\\"
            if forced || rng.chance(15) {
                switch u {
                case "\"" where rng.chance(50): out += "\\\""
                case "\\" where rng.chance(50): out += "\\\\"
                case "\n" where rng.chance(50): out += "\\n"
                case "\t" where rng.chance(50): out += "\\t"
                case "/" where rng.chance(50): out += "\\/"
                default:
                    if v > 0xFFFF {
                        let x = v - 0x10000
                        out += String(format: "\\u%04X\\u%04x", 0xD800 + (x >> 10), 0xDC00 + (x & 0x3FF))
                    } else {
                        out += String(format: rng.chance(50) ? "\\u%04x" : "\\u%04X", v)
                    }
                }
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    mutating func object(_ fields: [(String, String)], shuffle: Bool = true) -> String {
        var f = fields
        if shuffle {
            for i in stride(from: f.count - 1, to: 0, by: -1) { f.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        }
        return "{" + ws() + f.map { "\(quote($0.0))\(ws()):\(ws())\($0.1)" }.joined(separator: ws() + "," + ws()) + ws() + "}"
    }

    mutating func array(_ items: [String]) -> String {
        "[" + ws() + items.joined(separator: ws() + "," + ws()) + ws() + "]"
    }

    /// A random JSON value of any type (for unknown fields).
    mutating func anyValue(depth: Int = 0) -> String {
        switch rng.next() % (depth > 2 ? 5 : 7) {
        case 0: return "null"
        case 1: return rng.chance(50) ? "true" : "false"
        case 2: return rng.pick(["0", "-1", "12.5", "-3.25e+2", "1E9", "123456789012"])
        case 3: return quote(randomText())
        case 4: return quote("")
        case 5: return array((0..<Int(rng.next() % 4)).map { _ in anyValue(depth: depth + 1) })
        default:
            return object((0..<Int(rng.next() % 4)).map { i in ("k\(i)", anyValue(depth: depth + 1)) })
        }
    }

    mutating func randomText() -> String {
        let pieces = ["a", "Z", "é", "日本", "😀", "\"", "\\", "/", "\n", "\t", "\u{01}", "<", "&", " ", "name", "𝄞"]
        return (0..<Int(rng.next() % 8)).map { _ in rng.pick(pieces) }.joined()
    }
}

/// The truth behind one generated `/pins` line.
struct GeneratedPin {
    var cid: String
    var name: String
    var created: PinTime
    var entries: [(peer: String, status: String, time: PinTime, error: String, attempts: Int, priority: Bool)]
    var allocations: [String]
}

enum PinFixtures {
    static let statuses = ["pinned", "pin_error", "pinning", "pin_queued", "remote", "unexpectedly_unpinned",
                           "cluster_error", "unpinned", "sharded", "some_future_state"]

    static func peerID(_ i: Int) -> String {
        let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
        var x = UInt64(i) &* 0x9E37_79B9_7F4A_7C15 | 1
        var s = "12D3KooW"
        while s.count < 52 {
            s.append(alphabet[Int(x % 58)])
            x = x / 58 &+ (x &* 31) | 1
        }
        return s
    }

    static func cid(_ i: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var x = UInt64(i + 1) &* 0xD6E8_FEB8_6659_FD93
        var s = "bafybei"
        while s.count < 59 {
            s.append(alphabet[Int(x & 31)])
            x = (x >> 5) ^ (x &* 0x9E37_79B9_7F4A_7C15)
        }
        return i % 7 == 0 ? "Qm" + String(s.dropFirst(15).prefix(44)).uppercased() : s
    }

    /// Time text in a random but equivalent spelling (Z, offset, fraction digits).
    static func timeText(_ t: PinTime, _ rng: inout TestRandom) -> String {
        let base = t.description
        guard rng.chance(30) else { return base }
        // Same instant written with a +01:00 offset.
        let shifted = PinTime(nanoseconds: t.nanoseconds + 3_600_000_000_000).description
        return String(shifted.dropLast()) + "+01:00"
    }

    /// Generates `count` `/pins` lines over `peers`, fuzzily spelled.
    static func pinsLines(count: Int, peers: [String], seed: UInt64, cidOffset: Int = 0,
                          fuzz: Bool = true) -> (lines: [String], truth: [GeneratedPin]) {
        var w = FuzzyJSONWriter(rng: TestRandom(state: seed))
        var lines: [String] = [], truth: [GeneratedPin] = []
        for i in 0..<count {
            let name = w.rng.chance(20) ? "" : "pin-\(i)-" + w.randomText()
            let created = PinTime(nanoseconds: 1_700_000_000_000_000_000 + Int64(w.rng.next() % 1_000_000) * 1_000_000_000)
            var g = GeneratedPin(cid: cid(i + cidOffset), name: name, created: created, entries: [], allocations: [])
            var pm: [(String, String)] = []
            for p in peers where w.rng.chance(85) {
                let st = w.rng.pick(statuses)
                let t = PinTime(nanoseconds: created.nanoseconds + Int64(w.rng.next() % 1_000_000_000_000))
                let err = st.contains("error") ? w.rng.pick(["context canceled", "boom \"x\" \\ y", "é😀"]) : ""
                let att = Int(w.rng.next() % 6)
                let pri = w.rng.chance(50)
                g.entries.append((p, st, t, err, att, pri))
                var fields: [(String, String)] = [
                    ("peername", w.quote("peer-" + String(p.suffix(4)))),
                    ("status", w.quote(st)), ("timestamp", w.quote(timeText(t, &w.rng))),
                    ("error", w.quote(err)), ("attempt_count", "\(att)"), ("priority_pin", pri ? "true" : "false"),
                ]
                if fuzz && w.rng.chance(30) { fields.append(("ipfs_peer_addresses", w.array([w.quote("/ip4/1.2.3.4/tcp/4001")]))) }
                if fuzz && w.rng.chance(20) { fields.append(("x_unknown", w.anyValue())) }
                pm.append((p, w.object(fields, shuffle: fuzz)))
            }
            g.allocations = peers.filter { _ in w.rng.chance(50) }
            let allocText = g.allocations.isEmpty && w.rng.chance(50) ? "null" : w.array(g.allocations.map { w.quote($0) })
            var fields: [(String, String)] = [
                ("cid", w.quote(g.cid)), ("name", w.quote(name)), ("allocations", allocText),
                ("origins", w.rng.chance(50) ? "[]" : "null"), ("created", w.quote(created.description)),
                ("metadata", w.rng.chance(80) ? "null" : w.object([("env", w.quote("staging"))])),
                ("peer_map", w.object(pm, shuffle: fuzz)),
            ]
            if fuzz && w.rng.chance(30) { fields.append(("extra_\(i % 3)", w.anyValue())) }
            lines.append(w.object(fields, shuffle: fuzz))
            truth.append(g)
        }
        return (lines, truth)
    }

    /// Feeds `body` in random chunk sizes.
    static func decode(_ body: [UInt8], source: PinStreamSource, into table: inout PinTable, seed: UInt64 = 1,
                       maxChunk: Int = 97, refresh: RefreshID? = nil) throws(PinDecodeError) {
        var rng = TestRandom(state: seed)
        var d = PinStreamDecoder(source: source, refresh: refresh)
        var off = 0
        while off < body.count {
            let n = min(body.count - off, 1 + Int(rng.next() % UInt64(maxChunk)))
            try d.feed(Array(body[off..<off + n]), into: &table)
            off += n
        }
        try d.finish(into: &table)
    }

    static func decode(_ text: String, source: PinStreamSource, into table: inout PinTable,
                       refresh: RefreshID? = nil) throws(PinDecodeError) {
        try decode(Array(text.utf8), source: source, into: &table, refresh: refresh)
    }

    static func entryLine(cid: String, name: String = "", peers: [(String, String)], error: String = "") -> String {
        let pm = peers.map { "\"\($0.0)\":{\"peername\":\"p\",\"status\":\"\($0.1)\",\"timestamp\":\"2026-05-21T10:02:13.402155861Z\",\"error\":\"\($0.1.contains("error") ? error : "")\",\"attempt_count\":1,\"priority_pin\":false}" }
        return "{\"cid\":\"\(cid)\",\"name\":\"\(name)\",\"allocations\":[],\"origins\":[],\"created\":\"2026-05-21T09:58:12Z\",\"metadata\":null,\"peer_map\":{\(pm.joined(separator: ","))}}\n"
    }

    static func allocationLine(cid: String, name: String = "", allocations: [String] = [], rmin: Int = -1, rmax: Int = -1) -> String {
        let al = allocations.map { "\"\($0)\"" }.joined(separator: ",")
        return "{\"replication_factor_min\":\(rmin),\"replication_factor_max\":\(rmax),\"name\":\"\(name)\",\"mode\":\"recursive\",\"shard_size\":0,\"user_allocations\":null,\"expire_at\":\"0001-01-01T00:00:00Z\",\"metadata\":null,\"pin_update\":null,\"origins\":[],\"cid\":\"\(cid)\",\"type\":\"pin\",\"allocations\":[\(al)],\"max_depth\":-1,\"reference\":null,\"timestamp\":\"2021-12-07T16:24:58+01:00\"}\n"
    }
}
