import ConsoleBase
import Foundation

/// One REST API address to dial, parsed from what ipfs-cluster-ctl accepts for `--host`
/// (a multiaddr) or from a plain URL.
///
/// Why our own parser: operators paste ctl command lines (`-l /dns/xxx.cloudfront.net/tcp/443`)
/// and expect the same result; libp2p (`/p2p/`, `/dnsaddr`) and unix sockets are not
/// supported by this client and are refused with a clear message.
public struct ClusterHost: Sendable, Hashable, CustomStringConvertible {
    public var useTLS: Bool
    public var host: String
    public var port: Int
    /// A path prefix (from a URL such as `https://lb.example/cluster`), without trailing slash.
    public var basePath: String

    public init(useTLS: Bool, host: String, port: Int, basePath: String = "") {
        self.useTLS = useTLS; self.host = host; self.port = port; self.basePath = basePath
    }

    /// `http://127.0.0.1:9094`
    public var baseURL: String {
        let h = host.contains(":") ? "[\(host)]" : host
        return "\(useTLS ? "https" : "http")://\(h):\(port)\(basePath)"
    }

    /// `127.0.0.1:9094`, what error messages name.
    public var hostPort: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    public var description: String { baseURL }

    public static let defaultMultiaddr = "/ip4/127.0.0.1/tcp/9094"

    /// Parses one `--host` value.
    /// - Parameter https: `--https` (or basic auth without `--force-http`); multiaddrs with
    ///   `/https` or `/tls/http` use TLS regardless; URLs use their scheme.
    public static func parse(_ text: String, https: Bool) throws -> ClusterHost {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { throw invalid(text, "empty host") }
        if t.hasPrefix("/") { return try parseMultiaddr(t, https: https) }
        return try parseURL(t, https: https)
    }

    /// Parses several values, each possibly comma-separated (`-l a,b -l c`).
    public static func parseList(_ values: [String], https: Bool) throws -> [ClusterHost] {
        try values.flatMap { $0.split(separator: ",") }.map { try parse(String($0), https: https) }
    }

    static func parseMultiaddr(_ t: String, https: Bool) throws -> ClusterHost {
        let parts = t.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var i = 0
        var host: String?
        var port: Int?
        var tls = https
        var isIP6 = false
        while i < parts.count {
            let proto = parts[i]
            func value() throws -> String {
                guard i + 1 < parts.count else { throw invalid(t, "/\(proto) needs a value") }
                i += 1
                return parts[i]
            }
            switch proto {
            case "ip4":
                let v = try value()
                guard isIPv4(v) else { throw invalid(t, "\"\(v)\" is not an IPv4 address") }
                host = v
            case "ip6":
                let v = try value()
                guard v.contains(":"), v.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                    throw invalid(t, "\"\(v)\" is not an IPv6 address")
                }
                host = v
                isIP6 = true
            case "dns", "dns4", "dns6":
                let v = try value()
                guard !v.isEmpty, v.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }) else {
                    throw invalid(t, "\"\(v)\" is not a DNS name")
                }
                host = v
            case "tcp":
                let v = try value()
                guard let p = Int(v), (1...65535).contains(p) else { throw invalid(t, "\"\(v)\" is not a TCP port") }
                port = p
            case "https":
                tls = true
            case "tls":
                tls = true
            case "http":
                break
            case "p2p", "ipfs", "dnsaddr":
                throw invalid(t, "libp2p addresses (/\(proto)) are not supported; use the peer's /ip4|/dns.../tcp/9094 REST address")
            case "unix":
                throw invalid(t, "unix socket addresses are not supported")
            case "udp", "quic", "quic-v1":
                throw invalid(t, "the REST API is served over TCP (/tcp/PORT), not /\(proto)")
            default:
                throw invalid(t, "unknown multiaddr protocol /\(proto)")
            }
            i += 1
        }
        guard let h = host else { throw invalid(t, "missing /ip4, /ip6 or /dns address") }
        guard let p = port else { throw invalid(t, "missing /tcp/PORT") }
        _ = isIP6
        return ClusterHost(useTLS: tls, host: h, port: p)
    }

    static func parseURL(_ t: String, https: Bool) throws -> ClusterHost {
        var s = t
        if !s.contains("://") { s = (https ? "https://" : "http://") + s }
        guard let comps = URLComponents(string: s), let scheme = comps.scheme?.lowercased(),
              let host = comps.host, !host.isEmpty else {
            throw invalid(t, "not a multiaddr (/ip4/HOST/tcp/PORT) nor a URL (http[s]://HOST:PORT)")
        }
        guard scheme == "http" || scheme == "https" else { throw invalid(t, "unsupported URL scheme \(scheme)") }
        if comps.user != nil || comps.password != nil {
            throw invalid(t, "credentials in the host URL are not accepted; use --basic-auth or CLUSTER_CREDENTIALS")
        }
        let tls = scheme == "https"
        var base = comps.path
        while base.hasSuffix("/") { base.removeLast() }
        let h = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        return ClusterHost(useTLS: tls, host: h, port: comps.port ?? (tls ? 443 : 9094), basePath: base)
    }

    /// Whether `s` is a dotted-quad IPv4 address.
    public static func isIPv4(_ s: String) -> Bool {
        let o = s.split(separator: ".", omittingEmptySubsequences: false)
        return o.count == 4 && o.allSatisfy { Int($0).map { (0...255).contains($0) } ?? false }
    }

    static func invalid(_ text: String, _ why: String) -> ClusterAPIError {
        ClusterAPIError(.invalidArgument(detail: "invalid --host \"\(Redaction.redact(text))\": \(why)"), context: nil)
    }
}
