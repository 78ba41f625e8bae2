import Foundation

/// Pin options as `PinOptions.FromQuery` reads them from the query string.
struct PinOptions: Sendable {
    var name = ""
    var direct = false
    var rmin = 0
    var rmax = 0
    var userAllocations: [String]?
    var expireAt: Double?
    var expireIn: Double?
    var metadata: [String: String]?
    var pinUpdate: String?
    var origins: [String]?

    /// A 400 from option parsing, with Cluster's message.
    struct ParseError: Error { let message: String }

    static func parse(_ query: [(String, String)]) throws(ParseError) -> PinOptions {
        var o = PinOptions()
        var replication: Int?
        for (k, v) in query {
            switch k {
            case "name": o.name = v
            case "mode": o.direct = v == "direct"
            case "replication":
                guard let n = Int(v) else { throw ParseError(message: "parameter replication invalid") }
                replication = n
            case "replication-min", "replication_factor_min":
                guard let n = Int(v) else { throw ParseError(message: "parameter replication-min invalid") }
                o.rmin = n
            case "replication-max", "replication_factor_max":
                guard let n = Int(v) else { throw ParseError(message: "parameter replication-max invalid") }
                o.rmax = n
            case "shard-size":
                guard UInt64(v) != nil else { throw ParseError(message: "parameter shard_size is invalid") }
            case "user-allocations":
                let ids = v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { $0.hasPrefix("12D3KooW") || $0.hasPrefix("Qm") }
                o.userAllocations = ids.isEmpty ? nil : ids
            case "expire-at":
                guard let t = parseRFC3339(v) else {
                    throw ParseError(message: "expire-at cannot be parsed: parsing time \"\(v)\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\(v)\" as \"2006\"")
                }
                o.expireAt = t
            case "expire-in":
                guard let d = parseGoDuration(v) else { throw ParseError(message: "expire-in cannot be parsed: time: invalid duration \"\(v)\"") }
                if d < 1 { throw ParseError(message: "expire-in duration too short") }
                o.expireIn = d
            case "pin-update":
                o.pinUpdate = v.isEmpty ? nil : v
            case "origins":
                o.origins = v.split(separator: ",").map(String.init)
            default:
                if k.hasPrefix("meta-") {
                    var m = o.metadata ?? [:]
                    m[String(k.dropFirst(5))] = v
                    o.metadata = m
                }
            }
        }
        if let r = replication { o.rmin = r; o.rmax = r }
        return o
    }

    /// Cluster-side validation (these errors are 500s).
    func validate(defaultMin: Int, defaultMax: Int) -> (min: Int, max: Int, error: String?) {
        var mn = rmin, mx = rmax
        if mn == 0 { mn = defaultMin }
        if mx == 0 { mx = defaultMax }
        if mn < -1 || mx < -1 { return (mn, mx, "cluster.replication_factor_min is lower than -1") }
        if (mn == -1) != (mx == -1) { return (mn, mx, "cluster.replication_factor_min and max must be -1 when one of them is") }
        if mx != -1 && mn > mx { return (mn, mx, "cluster.replication_factor_min is larger than max") }
        return (mn, mx, nil)
    }

    /// Go's `time.ParseDuration` for the units people use (h, m, s, ms).
    static func parseGoDuration(_ s: String) -> Double? {
        var total = 0.0
        var rest = Substring(s)
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let num = rest.prefix { $0.isNumber || $0 == "." }
            guard !num.isEmpty, let v = Double(num) else { return nil }
            rest = rest.dropFirst(num.count)
            let unit = rest.prefix { $0.isLetter || $0 == "µ" }
            rest = rest.dropFirst(unit.count)
            switch unit {
            case "h": total += v * 3600
            case "m": total += v * 60
            case "s": total += v
            case "ms": total += v / 1000
            case "us", "µs": total += v / 1e6
            case "ns": total += v / 1e9
            default: return nil
            }
        }
        return total
    }

    /// RFC 3339 with optional fraction and any offset.
    static func parseRFC3339(_ s: String) -> Double? {
        let b = Array(s.utf8)
        guard b.count >= 20, b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 116, b[13] == 58, b[16] == 58 else { return nil }
        func num(_ r: Range<Int>) -> Int? { Int(String(decoding: b[r], as: UTF8.self)) }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13),
              let mi = num(14..<16), let se = num(17..<19) else { return nil }
        var i = 19
        var frac = 0.0
        if i < b.count, b[i] == 46 {
            var j = i + 1
            while j < b.count, b[j] >= 48, b[j] <= 57 { j += 1 }
            frac = Double("0." + String(decoding: b[(i + 1)..<j], as: UTF8.self)) ?? 0
            i = j
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == 90 || b[i] == 122 { offset = 0 } else {
            guard i + 6 <= b.count, let oh = num((i + 1)..<(i + 3)), let om = num((i + 4)..<(i + 6)) else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == 45 ? -1 : 1)
        }
        var comps = DateComponents()
        comps.year = y; comps.month = mo; comps.day = d; comps.hour = h; comps.minute = mi; comps.second = se
        comps.timeZone = TimeZone(secondsFromGMT: 0)
        guard let date = Calendar(identifier: .gregorian).date(from: comps) else { return nil }
        return date.timeIntervalSince1970 + frac - Double(offset)
    }
}
