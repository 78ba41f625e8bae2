import ConsoleBase
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

    /// RFC 3339 with optional fraction and any offset (ConsoleBase's parser, as Go's `time.Parse`).
    static func parseRFC3339(_ s: String) -> Double? {
        RFC3339.parse(s).map { Double($0.seconds) + Double($0.nanoseconds) / 1e9 }
    }
}
