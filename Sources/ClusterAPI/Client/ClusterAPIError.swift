import ConsoleBase

/// Where a failure happened: enough for an operator to retry the same call by hand.
/// Never contains credentials: hosts are stored without user info, paths without secrets.
public struct RequestContext: Sendable, Hashable, CustomStringConvertible {
    public var method: String
    /// Path plus query, e.g. `/pins?filter=pin_error`.
    public var path: String
    /// `host:port` as dialled (or the URL the user gave, without user info).
    public var host: String
    /// The peer that last answered `/id` on this host, when known (behind a load balancer
    /// this is a hint, not a guarantee).
    public var peer: String?

    public init(method: String, path: String, host: String, peer: String? = nil) {
        self.method = method; self.path = path; self.host = host; self.peer = peer
    }

    /// `GET /pins on 127.0.0.1:9094`
    public var description: String { "\(method) \(path) on \(host)" }
}

/// Every failure of the client, with the context needed to act on it and a sentence an
/// operator understands (`description`). `exitCode` follows ipfs-cluster-ctl: 2 when the API
/// answered with an error, 1 for anything on our side or in transport.
public struct ClusterAPIError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The API answered `{"code","message"}` with a status we have no special case for.
        case api(status: Int, message: String)
        /// 401 without credentials configured on our side.
        case unauthorizedNoCredentials(message: String)
        /// 401 `unauthorized: access denied`: user or password wrong.
        case unauthorizedAccessDenied(message: String)
        /// 401 `unauthorized: invalid token`: bearer token not (or no longer) valid.
        case unauthorizedInvalidToken(message: String)
        /// Any other 401.
        case unauthorized(message: String)
        /// 404 `pin is not part of the pinset`.
        case pinNotFound(message: String)
        /// 404 `not found`: the route does not exist (wrong base URL or API version).
        case routeNotFound(message: String)
        /// 405 with an empty body: the path exists but not for this method.
        case methodNotAllowed
        /// A redirect we did not follow (another host or a loop).
        case redirect(status: Int, location: String)
        /// An error status whose body is not the API's error JSON.
        case unexpectedStatus(status: Int, body: String)
        /// A 2xx body that does not decode as the expected type.
        case malformedResponse(detail: String, itemIndex: Int?, byteOffset: Int?)
        case connectionRefused
        case dnsFailure(detail: String)
        case tlsFailure(detail: String)
        case connectTimeout(seconds: Double)
        /// No data for this long while waiting for the head or the next body bytes.
        case idleTimeout(seconds: Double)
        /// The whole call (head, body, retries, waits) took longer than its overall deadline
        /// (the headless `--timeout`), however steadily the server was sending.
        case deadlineExceeded(seconds: Double)
        /// The connection ended before the final chunk: what arrived is incomplete.
        case truncatedStream(itemsReceived: Int)
        /// The stream finished but `X-Stream-Error` carried an error.
        case streamError(message: String, itemsReceived: Int)
        case cancelled
        /// Anything else below HTTP (reset, broken pipe...).
        case transport(detail: String)
        /// Bad client input: host address, option values.
        case invalidArgument(detail: String)
        /// No endpoint configured.
        case noEndpoints
    }

    public var kind: Kind
    public var context: RequestContext?

    public init(_ kind: Kind, context: RequestContext?) {
        self.kind = kind
        self.context = context
    }

    /// The HTTP status when the API answered.
    public var status: Int? {
        switch kind {
        case .api(let s, _), .redirect(let s, _), .unexpectedStatus(let s, _): return s
        case .unauthorizedNoCredentials, .unauthorizedAccessDenied, .unauthorizedInvalidToken, .unauthorized: return 401
        case .pinNotFound, .routeNotFound: return 404
        case .methodNotAllowed: return 405
        default: return nil
        }
    }

    /// The API's own message, when it sent one.
    public var apiMessage: String? {
        switch kind {
        case .api(_, let m), .unauthorizedNoCredentials(let m), .unauthorizedAccessDenied(let m),
             .unauthorizedInvalidToken(let m), .unauthorized(let m), .pinNotFound(let m), .routeNotFound(let m):
            return m
        case .streamError(let m, _): return m
        default: return nil
        }
    }

    /// The API answered with an error (ctl exit code 2) rather than failing to answer.
    public var isAPIAnswer: Bool {
        switch kind {
        case .api, .unauthorizedNoCredentials, .unauthorizedAccessDenied, .unauthorizedInvalidToken,
             .unauthorized, .pinNotFound, .routeNotFound, .methodNotAllowed, .redirect, .unexpectedStatus, .streamError:
            return true
        default:
            return false
        }
    }

    /// Failures where trying the next configured host makes sense (as ctl: transport only).
    public var allowsFailover: Bool {
        switch kind {
        case .connectionRefused, .dnsFailure, .tlsFailure, .connectTimeout, .transport: return true
        default: return false
        }
    }

    /// ipfs-cluster-ctl's exit codes: 2 API error, 1 client or transport failure.
    public var exitCode: Int32 { isAPIAnswer ? 2 : 1 }

    /// The code ctl prints in `An error occurred:` (0 when the server never answered).
    public var ctlCode: Int {
        if case .streamError = kind { return 500 }
        return status ?? 0
    }

    private var on: String { context.map { " (\($0))" } ?? "" }
    private var host: String { context?.host ?? "the cluster" }
    private var via: String { context?.peer.map { "; last /id answer on this host came from peer \($0)" } ?? "" }

    public var description: String {
        let s: String
        switch kind {
        case .api(let status, let message):
            s = "the cluster answered \(status): \(message)\(on)\(via)"
        case .unauthorizedNoCredentials:
            s = "the cluster requires authentication and none was given\(on); use --basic-auth user:password (or CLUSTER_CREDENTIALS) or --token"
        case .unauthorizedAccessDenied:
            s = "the cluster rejected the user name or password (access denied)\(on); check --basic-auth user:password, "
                + "CLUSTER_CREDENTIALS, or the context's basic-env / basic-file in the config file"
        case .unauthorizedInvalidToken:
            s = "the cluster rejected the bearer token as invalid\(on); fetch a new one with POST /token or check the user's password"
        case .unauthorized(let m):
            s = "the cluster refused the request (401, credentials rejected): \(m)\(on); check --basic-auth user:password, "
                + "CLUSTER_CREDENTIALS, or the context's basic-env / basic-file in the config file"
        case .pinNotFound:
            s = "pin is not part of the pinset\(on)"
        case .routeNotFound:
            s = "the cluster has no such route (404 not found)\(on); is this an IPFS Cluster REST API (port 9094)?"
        case .methodNotAllowed:
            s = "the cluster does not allow this method on this path (405, empty body)\(on)"
        case .redirect(let status, let location):
            s = "the cluster redirected (\(status)) to \(location), which was not followed\(on)"
        case .unexpectedStatus(let status, let body):
            s = "the cluster answered \(status) with a body that is not an API error\(on): \(body.prefix(200))"
        case .malformedResponse(let detail, let index, let offset):
            var where_ = ""
            if let index { where_ += " in item \(index + 1)" }
            if let offset { where_ += " at byte \(offset)" }
            s = "the response could not be decoded\(where_)\(on): \(detail)"
        case .connectionRefused:
            s = "connection refused by \(host)\(context.map { " during \($0.method) \($0.path)" } ?? ""); is the cluster peer running and is the port right?"
        case .dnsFailure(let d):
            s = "cannot resolve the host name of \(host): \(d)"
        case .tlsFailure(let d) where d.contains("WRONG_VERSION_NUMBER") || d.contains("wrong version number"):
            // BoringSSL's answer to a plain-HTTP server: say that, not the library's error array.
            s = "\(host) does not speak TLS (a plain HTTP API?): HTTPS is on because of --https, an https:// host, or basic auth "
                + "without --force-http (as in ipfs-cluster-ctl); add --force-http to send the credentials over plain HTTP"
        case .tlsFailure(let d):
            s = "TLS handshake with \(host) failed: \(d); is the API served over HTTPS (or use --no-check-certificate for self-signed certificates)?"
        case .connectTimeout(let secs):
            s = "could not connect to \(host) within \(formatSeconds(secs)) s"
        case .idleTimeout(let secs):
            s = "no data for \(formatSeconds(secs)) s from \(host)\(context.map { " during \($0.method) \($0.path)" } ?? "")"
        case .deadlineExceeded(let secs):
            s = "no complete answer within the \(formatSeconds(secs)) s deadline (--timeout) from \(host)\(context.map { " during \($0.method) \($0.path)" } ?? ""); the command was stopped"
        case .truncatedStream(let n):
            s = "the stream from \(host) ended without its final chunk after \(n) item\(n == 1 ? "" : "s")\(context.map { " (\($0.method) \($0.path))" } ?? ""); the list is incomplete"
        case .streamError(let m, let n):
            s = "the cluster reported a stream error after \(n) item\(n == 1 ? "" : "s")\(on): \(m)"
        case .cancelled:
            s = "the request was cancelled\(on)"
        case .transport(let d):
            s = "transport error talking to \(host)\(context.map { " during \($0.method) \($0.path)" } ?? ""): \(d)"
        case .invalidArgument(let d):
            s = d
        case .noEndpoints:
            s = "no cluster API host configured"
        }
        // Messages carry server text: never let it reach a terminal raw, nor leak a credential.
        return Sanitizer.clean(s, for: .report)
    }
}

func formatSeconds(_ s: Double) -> String {
    s == s.rounded() ? String(Int(s)) : String(format: "%.1f", s)
}
