import Foundation

/// The IPFS gateway the console probes (`--gateway URL`, `gateway = "URL"` in a context): the
/// deployment's CloudFront or ALB endpoint in front of kubo's port 8080, and how often and how
/// patiently to ask it.
public struct GatewaySettings: Sendable, Equatable, Codable {
    /// One probe every this many seconds by default.
    public static let defaultInterval: Double = 5
    /// A probe without an answer after this many seconds is "no answer".
    public static let defaultTimeout: Double = 10
    /// Never more often than this (the gateway serves users; the console is a guest).
    public static let minimumInterval: Double = 1

    /// Base URL, `https://gw.example.com` or `http://10.0.1.5:8080` (no trailing slash, no
    /// `/ipfs`); probes go to `<url>/ipfs/<CID>`.
    public var url: String
    public var interval: Double
    public var timeout: Double

    public init(url: String, interval: Double = GatewaySettings.defaultInterval, timeout: Double = GatewaySettings.defaultTimeout) {
        self.url = url; self.interval = interval; self.timeout = timeout
    }

    /// What a probe of `cid` asks for.
    public func probeURL(_ cid: String) -> String { url + "/ipfs/" + cid }

    /// The URL as typed, checked and made a base: `http` or `https`, a host, no credentials,
    /// query or fragment; a trailing `/` or `/ipfs` (a pasted content URL's prefix) is dropped.
    /// Returns nil and a reason when it cannot be a gateway's base URL.
    public static func normalise(_ text: String) -> (url: String?, problem: String?) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let c = URLComponents(string: t), let scheme = c.scheme?.lowercased() else {
            return (nil, "\"\(t)\" is not a URL (expected http://HOST[:PORT] or https://HOST)")
        }
        guard scheme == "http" || scheme == "https" else {
            return (nil, "\"\(t)\": the gateway URL must start with http:// or https://")
        }
        guard let host = c.host, !host.isEmpty else { return (nil, "\"\(t)\": the gateway URL has no host") }
        guard c.user == nil && c.password == nil else {
            return (nil, "the gateway URL must not carry credentials (a public gateway needs none)")
        }
        guard c.query == nil && c.fragment == nil else { return (nil, "\"\(t)\": the gateway URL must not have a query or fragment") }
        var path = c.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        if path.hasSuffix("/ipfs") { path.removeLast(5) }
        while path.hasSuffix("/") { path.removeLast() }
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return ("\(scheme)://\(hostPart)\(c.port.map { ":\($0)" } ?? "")\(path)", nil)
    }
}
