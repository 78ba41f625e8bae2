import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Sends `HEAD <base>/ipfs/<CID>` to an IPFS gateway (the deployment's CloudFront or ALB
/// endpoint in front of kubo's port 8080) and says what came back.
///
/// Why its own HTTP client rather than the cluster client's: the gateway is another service on
/// another host, it must never receive the cluster's credentials, and a probe has an overall
/// deadline (the cluster client only has an idle timeout). The TLS trust (system roots, `--ca-file`,
/// `SSL_CERT_FILE`/`SSL_CERT_DIR`, `--no-check-certificate`) is the cluster client's.
public final class GatewayProber: Sendable {
    /// `https://gw.example.com` (no trailing slash, no `/ipfs`).
    public let baseURL: String
    /// Seconds a probe may take before it counts as "no answer".
    public let timeout: Double
    let http: HTTPClient
    let logger = Logger(label: "GatewayProber")

    public init(baseURL: String, timeout: Double, verifyCertificates: Bool = true, caFile: String? = nil) throws {
        self.baseURL = baseURL
        self.timeout = timeout
        let connect = min(timeout, 5)
        var config = HTTPClient.Configuration(
            certificateVerification: verifyCertificates ? .fullVerification : .none,
            // A path gateway answers at once; a subdomain gateway redirects to <cid>.ipfs.<host>.
            redirectConfiguration: .follow(max: 3, allowCycles: false),
            timeout: .init(connect: .milliseconds(Int64(connect * 1000)), read: .milliseconds(Int64(timeout * 1000))))
        config.httpVersion = .http1Only
        if verifyCertificates { config.tlsConfiguration = try TrustRoots.tlsConfiguration(caFile: caFile) }
        config.connectionPool.retryConnectionEstablishment = false
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: config)
    }

    /// The same trust settings as a cluster client's configuration.
    public convenience init(baseURL: String, timeout: Double, trust configuration: ClusterClientConfiguration) throws {
        try self.init(baseURL: baseURL, timeout: timeout, verifyCertificates: configuration.verifyCertificates,
                      caFile: configuration.caFile)
    }

    /// Releases connections. Safe to call more than once.
    public func shutdown() async {
        try? await http.shutdown()
    }

    /// The URL probed for a CID.
    public func url(for cid: String) -> String { baseURL + "/ipfs/" + cid }

    /// One probe; nil only when the calling task was cancelled (nothing to report).
    public func probe(_ cid: String, now: @Sendable () -> Date = { Date() }) async -> GatewayProbe? {
        let at = now()
        let start = ContinuousClock.now
        func elapsed() -> Double {
            let d = ContinuousClock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        var request = HTTPClientRequest(url: url(for: cid))
        request.method = .HEAD
        request.headers.add(name: "User-Agent", value: "ipfs-cluster-console")
        do {
            let response = try await http.execute(request, deadline: .now() + .milliseconds(Int64(timeout * 1000)), logger: logger)
            let latency = elapsed()
            // HEAD has no body; draining returns the connection to the pool.
            _ = try? await response.body.collect(upTo: 64 << 10)
            return GatewayProbe(cid: cid, outcome: .status(Int(response.status.code)), latency: latency, at: at)
        } catch {
            if Task.isCancelled { return nil }
            return GatewayProbe(cid: cid, outcome: Self.outcome(of: error, timeout: timeout, elapsed: elapsed()), latency: elapsed(), at: at)
        }
    }

    /// A failure in words an operator acts on; a deadline reached once connected is a timeout
    /// (the gateway is up but did not answer for this CID), anything before is "unreachable".
    static func outcome(of error: Error, timeout: Double, elapsed: Double) -> GatewayOutcome {
        if let e = error as? HTTPClientError {
            switch e {
            case .deadlineExceeded, .readTimeout:
                return .timeout(seconds: timeout)
            case .connectTimeout:
                return .unreachable("no connection within \(GatewayOutcome.seconds(min(timeout, 5)))")
            case .remoteConnectionClosed:
                return .unreachable("the gateway closed the connection without answering")
            case .redirectLimitReached, .redirectCycleDetected:
                return .unreachable("redirect loop")
            default:
                break
            }
        }
        let text = String(describing: error)
        let lower = (text + " " + String(reflecting: error)).lowercased()
        if lower.contains("connection refused") || lower.contains("econnrefused") || lower.contains("errno: 111") {
            return .unreachable("connection refused")
        }
        if lower.contains("nxdomain") || lower.contains("could not resolve") || lower.contains("name or service not known")
            || lower.contains("getaddrinfo") || lower.contains("no address") {
            return .unreachable("DNS: cannot resolve the host")
        }
        if lower.contains("ssl") || lower.contains("tls") || lower.contains("certificate") || lower.contains("handshake") {
            return .unreachable("TLS: \(Self.short(text))")
        }
        if elapsed >= timeout { return .timeout(seconds: timeout) }
        return .unreachable(Self.short(text))
    }

    static func short(_ s: String) -> String {
        let line = s.split(whereSeparator: \.isNewline).first.map(String.init) ?? s
        return line.count > 160 ? String(line.prefix(159)) + "…" : line
    }
}
