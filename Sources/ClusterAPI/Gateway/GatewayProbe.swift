import Foundation

/// What one `HEAD <gateway>/ipfs/<CID>` came to: an HTTP status, no answer within the timeout,
/// or no connection at all.
///
/// Why three cases and not a status with an error string: the triage rule treats them
/// differently. A status other than 2xx or a timeout is this pin not being served; a connection
/// that cannot be made is the gateway itself being down, which is one finding, not one per pin.
public enum GatewayOutcome: Sendable, Hashable {
    /// The gateway answered with this HTTP status (after following redirects).
    case status(Int)
    /// Connected (or still connecting) but no answer within `seconds`.
    case timeout(seconds: Double)
    /// No connection: refused, DNS, TLS, connect timeout, closed without an answer.
    case unreachable(String)

    /// A 2xx answer: the gateway serves the content.
    public var served: Bool {
        if case .status(let s) = self { return (200..<300).contains(s) }
        return false
    }

    /// The gateway answered at all (any status): it is up, whatever it said about this pin.
    public var answered: Bool {
        if case .status = self { return true }
        return false
    }

    public var isUnreachable: Bool {
        if case .unreachable = self { return true }
        return false
    }

    /// How it reads on screen and in reports: `HTTP 200`, `no answer in 10 s`,
    /// `unreachable: connection refused`.
    public var words: String {
        switch self {
        case .status(let s): "HTTP \(s)"
        case .timeout(let seconds): "no answer in \(Self.seconds(seconds))"
        case .unreachable(let why): "unreachable: \(why)"
        }
    }

    /// A short word for narrow cells: `200`, `TIMEOUT`, `DOWN`.
    public var shortWord: String {
        switch self {
        case .status(let s): "\(s)"
        case .timeout: "TIMEOUT"
        case .unreachable: "DOWN"
        }
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
    }
}

/// One probe of the gateway for one CID: what came back, how long it took, when it was sent.
public struct GatewayProbe: Sendable, Hashable {
    public var cid: String
    public var outcome: GatewayOutcome
    /// Seconds from sending the request to its answer (or to giving up).
    public var latency: Double
    /// When the request was sent (this machine's clock).
    public var at: Date

    public init(cid: String, outcome: GatewayOutcome, latency: Double, at: Date) {
        self.cid = cid; self.outcome = outcome; self.latency = latency; self.at = at
    }

    public var served: Bool { outcome.served }

    /// `HTTP 504 after 2.1 s`, `no answer in 10 s`, `HTTP 200 in 85 ms`.
    public var summary: String {
        switch outcome {
        case .status: outcome.words + (served ? " in " : " after ") + Self.latency(latency)
        case .timeout: outcome.words
        case .unreachable: outcome.words + " after " + Self.latency(latency)
        }
    }

    /// `85 ms`, `2.1 s`, `12 s`.
    public static func latency(_ s: Double) -> String {
        if s < 1 { return "\(Int((s * 1000).rounded())) ms" }
        if s < 10 { return String(format: "%.1f s", s) }
        return "\(Int(s.rounded())) s"
    }
}

/// Written compactly, as one line per probe in a recording:
/// `{"cid":…,"at":…,"ms":85,"status":200}` (or `"timeout":10`, or `"error":"connection refused"`).
extension GatewayProbe: Codable {
    enum Keys: String, CodingKey { case cid, at, ms, status, timeout, error }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        cid = try c.decode(String.self, forKey: .cid)
        at = try c.decode(Date.self, forKey: .at)
        latency = try c.decode(Double.self, forKey: .ms) / 1000
        if let s = try c.decodeIfPresent(Int.self, forKey: .status) {
            outcome = .status(s)
        } else if let t = try c.decodeIfPresent(Double.self, forKey: .timeout) {
            outcome = .timeout(seconds: t)
        } else {
            outcome = .unreachable(try c.decode(String.self, forKey: .error))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(cid, forKey: .cid)
        try c.encode(at, forKey: .at)
        try c.encode((latency * 1000).rounded(), forKey: .ms)
        switch outcome {
        case .status(let s): try c.encode(s, forKey: .status)
        case .timeout(let t): try c.encode(t, forKey: .timeout)
        case .unreachable(let e): try c.encode(e, forKey: .error)
        }
    }
}
