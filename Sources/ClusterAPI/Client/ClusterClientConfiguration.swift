import Foundation

/// How the client authenticates. Secrets live only here and in request headers; every
/// printable form is redacted.
public enum ClusterAuth: Sendable, Hashable, CustomStringConvertible {
    case none
    /// HTTP basic on every request (ctl's `--basic-auth`).
    case basic(user: String, password: String)
    /// `Authorization: Bearer` with a token the user already has (`--token`).
    case bearer(token: String)
    /// Basic credentials used once for `POST /token`; the bearer token is used afterwards.
    case basicFetchingToken(user: String, password: String)

    /// Parses ctl's `user[:password]` form (a missing password is an empty one, as in ctl).
    public static func parseBasic(_ text: String) -> (user: String, password: String) {
        guard let colon = text.firstIndex(of: ":") else { return (text, "") }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// Strings that must never be printed.
    public var secrets: [String] {
        switch self {
        case .none: return []
        case .basic(let u, let p), .basicFetchingToken(let u, let p):
            let b64 = Data("\(u):\(p)".utf8).base64EncodedString()
            return [p, b64].filter { !$0.isEmpty }
        case .bearer(let t): return [t]
        }
    }

    public var description: String {
        switch self {
        case .none: return "no auth"
        case .basic(let u, _): return "basic auth as \(u)"
        case .bearer: return "bearer token"
        case .basicFetchingToken(let u, _): return "bearer token fetched as \(u)"
        }
    }
}

/// Everything that shapes a client: where, who, and how long to wait.
public struct ClusterClientConfiguration: Sendable {
    /// Tried in order; the client moves to the next one on transport errors only.
    public var hosts: [ClusterHost]
    public var auth: ClusterAuth
    /// Off only with `--no-check-certificate`.
    public var verifyCertificates: Bool
    /// Seconds to establish a TCP (and TLS) connection.
    public var connectTimeout: Double
    /// Seconds without any byte before a request or stream is abandoned. There is no overall
    /// deadline: a global `/pins` may legitimately wait 35 s for its first byte and then
    /// stream for minutes.
    public var idleTimeout: Double
    /// Follow 307/308 redirects that stay on the same host (the API's trailing-slash redirect).
    public var followSameHostRedirects: Bool
    /// Cap for single-value responses and error bodies.
    public var maxBodyBytes: Int
    /// PEM file of extra certificate authorities to trust (`--ca-file`); see `TrustRoots`.
    public var caFile: String? = nil

    public init(hosts: [ClusterHost], auth: ClusterAuth = .none, verifyCertificates: Bool = true,
                connectTimeout: Double = 10, idleTimeout: Double = 60, followSameHostRedirects: Bool = true,
                maxBodyBytes: Int = 256 << 20) {
        self.hosts = hosts; self.auth = auth; self.verifyCertificates = verifyCertificates
        self.connectTimeout = connectTimeout; self.idleTimeout = idleTimeout
        self.followSameHostRedirects = followSameHostRedirects; self.maxBodyBytes = maxBodyBytes
    }
}
