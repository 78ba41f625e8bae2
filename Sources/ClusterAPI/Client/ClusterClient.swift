import AsyncHTTPClient
import ConsoleBase
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// The IPFS Cluster REST API client used by the console and the headless commands.
///
/// Why a class around one `HTTPClient`: connections are pooled per host, and the state
/// (preferred host, fetched token, who answered `/id`) must be shared by the many concurrent
/// polls of the console. Call `shutdown()` when done (async-http-client requires it).
public final class ClusterClient: Sendable {
    public let configuration: ClusterClientConfiguration
    let http: HTTPClient
    let state = ClientState()
    let logger: Logger

    public init(configuration: ClusterClientConfiguration, logger: Logger = Logger(label: "ClusterAPI")) throws {
        guard !configuration.hosts.isEmpty else { throw ClusterAPIError(.noEndpoints, context: nil) }
        self.configuration = configuration
        self.logger = logger
        var http = HTTPClient.Configuration(
            certificateVerification: configuration.verifyCertificates ? .fullVerification : .none,
            redirectConfiguration: .disallow,
            timeout: .init(connect: .milliseconds(Int64(configuration.connectTimeout * 1000)),
                           read: .milliseconds(Int64(configuration.idleTimeout * 1000))))
        http.httpVersion = .http1Only
        if configuration.verifyCertificates { http.tlsConfiguration = try TrustRoots.tlsConfiguration(caFile: configuration.caFile) }
        // Fail fast on "connection refused" so failover to the next host is immediate
        // (by default the pool retries until the connect timeout).
        http.connectionPool.retryConnectionEstablishment = false
        self.http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http)
    }

    /// Releases connections. Safe to call more than once.
    public func shutdown() async {
        try? await http.shutdown()
    }

    // MARK: - Typed API

    /// `GET /id`; also remembers which peer answered on which host (see `answeringPeer`).
    public func id() async throws -> ClusterPeer {
        let (peer, host) = try await fetchWithHost(.id, as: ClusterPeer.self)
        await state.record(AnsweringPeer(id: peer.id, peername: peer.peername, host: host), for: host)
        return peer
    }

    /// The request sent most recently (what a command that ran out of time was waiting for).
    public func lastRequest() async -> RequestContext? { await state.lastRequest }

    /// The peer that answered the latest `/id` on the host currently preferred.
    public func answeringPeer() async -> AnsweringPeer? {
        let host = await state.ordered(configuration.hosts)[0]
        return await state.peer(for: host)
    }

    /// `GET /version`: the contacted peer's version (peers of one cluster may differ).
    public func version() async throws -> ClusterVersion { try await fetch(.version, as: ClusterVersion.self) }

    /// `GET /peers`: every peer as seen by the contacted one; an unreachable peer arrives
    /// after about 15 s as an item with only `id` and `error`.
    public func peers() -> AsyncThrowingStream<ClusterPeer, Error> { stream(.peers, as: ClusterPeer.self) }

    /// `DELETE /peers/{id}`; CRDT clusters always answer 500 (they cannot remove peers).
    public func removePeer(_ id: PeerID) async throws { try await send(.removePeer(id)) }

    /// `GET /allocations`: the shared pinset, streamed from the datastore; the cheap way to
    /// list every pin. `filter`: pin types.
    public func allocations(filter: [String] = []) -> AsyncThrowingStream<Pin, Error> {
        stream(.allocations(filter: filter), as: Pin.self)
    }

    /// `GET /allocations/{cid}`; `pinNotFound` when the CID is not in the pinset.
    public func allocation(_ cid: CIDString) async throws -> Pin { try await fetch(.allocation(cid), as: Pin.self) }

    /// `GET /pins`. Without `local` and an in-flight `filter` this is a cluster-wide fan-out
    /// that may send nothing for tens of seconds; only the idle timeout bounds it.
    public func pins(filter: [TrackerStatus] = [], local: Bool = false, cids: [CIDString] = []) -> AsyncThrowingStream<GlobalPinInfo, Error> {
        stream(.pins(filter: filter, local: local, cids: cids), as: GlobalPinInfo.self)
    }

    /// `GET /pins/{cid}`; an unknown CID answers 200 with every peer `unpinned`.
    public func pinStatus(_ cid: CIDString, local: Bool = false) async throws -> GlobalPinInfo {
        try await fetch(.pin(cid, local: local), as: GlobalPinInfo.self)
    }

    /// Pins a CID (`POST /pins/{cid}`) or an IPFS path (`POST /pins/ipfs/...`).
    public func pin(_ cidOrPath: String, options: PinAddOptions = PinAddOptions()) async throws -> Pin {
        try options.validate()
        let ep = Endpoint.isPath(cidOrPath) ? Endpoint.addPinPath(cidOrPath, options: options) : .addPin(cidOrPath, options: options)
        return try await fetch(ep, as: Pin.self)
    }

    /// Unpins a CID or an IPFS path; returns the pin as it was.
    public func unpin(_ cidOrPath: String) async throws -> Pin {
        let ep = Endpoint.isPath(cidOrPath) ? Endpoint.removePinPath(cidOrPath) : .removePin(cidOrPath)
        return try await fetch(ep, as: Pin.self)
    }

    /// `POST /pins/{cid}/recover`: re-queues the pin where it is in error; synchronous.
    public func recover(_ cid: CIDString, local: Bool = false) async throws -> GlobalPinInfo {
        try await fetch(.recover(cid, local: local), as: GlobalPinInfo.self)
    }

    /// `POST /pins/recover`: one item per pin actually re-queued (204 when nothing to do).
    public func recoverAll(local: Bool = false) -> AsyncThrowingStream<GlobalPinInfo, Error> {
        stream(.recoverAll(local: local), as: GlobalPinInfo.self)
    }

    /// `GET /monitor/metrics`, `/monitor/metrics/{name}` (only valid metrics of current
    /// peers), `/health/alerts` (newest first, held by the contacted peer only), `/health/graph`,
    /// `/health/bandwidth`: `null` bodies decode as empty.
    public func metricNames() async throws -> [String] { try await fetch(.metricNames, as: [String]?.self) ?? [] }
    public func metrics(_ name: String) async throws -> [Metric] { try await fetch(.metrics(name), as: [Metric]?.self) ?? [] }
    public func alerts() async throws -> [Alert] { try await fetch(.alerts, as: [Alert]?.self) ?? [] }
    public func graph() async throws -> ConnectGraph { try await fetch(.graph, as: ConnectGraph.self) }
    public func bandwidth() async throws -> BandwidthReport { try await fetch(.bandwidth, as: BandwidthReport.self) }
    /// `GET /health`: succeeds (204) when the API is up; needs no credentials.
    public func health() async throws { try await send(.health) }
    public func repoGC(local: Bool = false) async throws -> GlobalRepoGC { try await fetch(.repoGC(local: local), as: GlobalRepoGC.self) }

    /// `POST /token` with the configured credentials.
    public func fetchToken() async throws -> ClusterToken { try await fetch(.token, as: ClusterToken.self) }

    // MARK: - Generic API

    /// A single-value call decoded as `T`. An empty (204) body decodes as JSON `null`.
    public func fetch<T: Decodable>(_ endpoint: Endpoint, as type: T.Type) async throws -> T {
        try await fetchWithHost(endpoint, as: type).0
    }

    /// A call whose body is ignored (204 endpoints such as `DELETE /peers/{id}`, `/health`).
    public func send(_ endpoint: Endpoint) async throws {
        let opened = try await open(endpoint)
        _ = try await collect(opened)
    }

    func fetchWithHost<T: Decodable>(_ endpoint: Endpoint, as type: T.Type) async throws -> (T, ClusterHost) {
        try await decode(try await open(endpoint), as: type)
    }

    /// A single-value call to `host` only: no failover to the configured hosts and no change of
    /// the preferred one. For the console's direct per-peer polls (each peer's own API address).
    public func fetch<T: Decodable>(_ endpoint: Endpoint, as type: T.Type, on host: ClusterHost) async throws -> T {
        try await decode(try await open(endpoint, pathAndQuery: endpoint.pathAndQuery, on: host, redirectsLeft: 3), as: type).0
    }

    /// `GET /id` of the peer at `host` (see `fetch(_:as:on:)`); remembers who answered there.
    public func id(on host: ClusterHost) async throws -> ClusterPeer {
        let peer = try await fetch(.id, as: ClusterPeer.self, on: host)
        await state.record(AnsweringPeer(id: peer.id, peername: peer.peername, host: host), for: host)
        return peer
    }

    /// `GET /monitor/metrics/{name}` as the peer at `host` holds them.
    public func metrics(_ name: String, on host: ClusterHost) async throws -> [Metric] {
        try await fetch(.metrics(name), as: [Metric]?.self, on: host) ?? []
    }

    /// `GET /health/alerts` of the peer at `host` (each peer holds its own list).
    public func alerts(on host: ClusterHost) async throws -> [Alert] {
        try await fetch(.alerts, as: [Alert]?.self, on: host) ?? []
    }

    private func decode<T: Decodable>(_ opened: Opened, as type: T.Type) async throws -> (T, ClusterHost) {
        var body = try await collect(opened)
        if body.readableBytes == 0 { body = ByteBuffer(string: "null") }
        do {
            return (try JSONDecoder().decode(T.self, from: body), opened.host)
        } catch {
            throw ClusterAPIError(.malformedResponse(detail: Self.describe(decoding: error), itemIndex: nil, byteOffset: nil),
                                  context: opened.context)
        }
    }

    /// The response body as byte chunks, pushed to `onChunk` as they arrive; the next chunk
    /// is read only after `onChunk` returns, so a slow consumer slows the transfer instead of
    /// buffering the response in memory (use this for million-pin streams). Same status,
    /// trailer and truncation rules as `stream(_:as:)`: 204 calls `onChunk` never; an error
    /// status, a non-empty `X-Stream-Error` or a cut connection throws `ClusterAPIError`
    /// after the chunks already delivered.
    public func consumeRaw(_ endpoint: Endpoint, _ onChunk: (ByteBuffer) async throws -> Void) async throws {
        try await runStream(endpoint) { buffer, _ in try await onChunk(buffer) }
    }

    /// The response body as byte chunks, as they arrive. Same status, trailer and
    /// truncation rules as `stream(_:as:)`; meant for decoders that work on raw bytes.
    /// The stream buffers without limit if its consumer falls behind; `consumeRaw` does not.
    public func streamRaw(_ endpoint: Endpoint) -> AsyncThrowingStream<ByteBuffer, Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await self.runStream(endpoint) { buffer, _ in continuation.yield(buffer) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { @Sendable _ in task.cancel() }
        }
    }

    /// An NDJSON stream decoded item by item as bytes arrive. 204 is an empty stream; a
    /// non-empty `X-Stream-Error` trailer or a cut connection ends it with an error after the
    /// items already delivered. Cancelling the consuming task (or dropping the iterator)
    /// cancels the request.
    public func stream<T: Decodable & Sendable>(_ endpoint: Endpoint, as type: T.Type) -> AsyncThrowingStream<T, Error> {
        stream(endpoint, upload: nil, as: type)
    }

    /// `stream(_:as:)` for a request that carries a body (`POST /add`).
    func stream<T: Decodable & Sendable>(_ endpoint: Endpoint, upload: HTTPUpload?, as type: T.Type) -> AsyncThrowingStream<T, Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                var splitter = NDJSONSplitter()
                let decoder = JSONDecoder()
                var index = 0
                func emit(_ line: ByteBuffer, offset: Int, context: RequestContext) throws {
                    do {
                        continuation.yield(try decoder.decode(T.self, from: line))
                        index += 1
                    } catch {
                        throw ClusterAPIError(.malformedResponse(detail: Self.describe(decoding: error), itemIndex: index, byteOffset: offset),
                                              context: context)
                    }
                }
                do {
                    var lastContext: RequestContext?
                    try await self.runStream(endpoint, upload: upload) { buffer, context in
                        lastContext = context
                        splitter.append(buffer)
                        while let (line, offset) = splitter.nextLine() {
                            try emit(line, offset: offset, context: context)
                        }
                    }
                    if let (rest, offset) = splitter.remainder(), let context = lastContext {
                        try emit(rest, offset: offset, context: context)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { @Sendable _ in task.cancel() }
        }
    }

    // MARK: - Plumbing

    struct Opened {
        var response: HTTPClientResponse
        var context: RequestContext
        var host: ClusterHost
    }

    /// Runs a streaming call, handing each body chunk to `onChunk`; checks the trailer at the end.
    func runStream(_ endpoint: Endpoint, upload: HTTPUpload? = nil,
                   onChunk: (ByteBuffer, RequestContext) async throws -> Void) async throws {
        let opened = try await open(endpoint, upload: upload)
        if opened.response.status == .noContent { return }
        var lines = 0
        let body = opened.response.body
        do {
            for try await buffer in body {
                lines += Self.newlines(in: buffer)
                try await onChunk(buffer, opened.context)
            }
        } catch let e as ClusterAPIError {
            throw e
        } catch {
            throw classify(error, context: opened.context, inBody: true, items: lines)
        }
        let values = body.trailers?[canonicalForm: "X-Stream-Error"].map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? []
        if !values.isEmpty {
            throw ClusterAPIError(.streamError(message: redact(values.joined(separator: "; ")), itemsReceived: lines),
                                  context: opened.context)
        }
    }

    /// Items (lines) in a chunk, for "after N items" in errors. memchr, not a closure per byte:
    /// this runs over every byte of a million-pin body.
    static func newlines(in buffer: ByteBuffer) -> Int {
        buffer.withUnsafeReadableBytes { raw in
            guard var p = raw.baseAddress else { return 0 }
            let end = p + raw.count
            var n = 0
            while p < end, let hit = memchr(p, 0x0A, end - p) {
                n += 1
                p = UnsafeRawPointer(hit) + 1
            }
            return n
        }
    }

    /// Reads a whole (non-streamed) body with the idle timeout and size cap.
    func collect(_ opened: Opened) async throws -> ByteBuffer {
        do {
            return try await opened.response.body.collect(upTo: configuration.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw ClusterAPIError(.malformedResponse(detail: "response larger than \(configuration.maxBodyBytes) bytes", itemIndex: nil, byteOffset: nil),
                                  context: opened.context)
        } catch {
            throw classify(error, context: opened.context, inBody: true, items: 0)
        }
    }

    /// Sends the request to the first host that can be reached; HTTP errors are not retried
    /// elsewhere (the cluster answered; another peer would answer the same).
    func open(_ endpoint: Endpoint, upload: HTTPUpload? = nil) async throws -> Opened {
        var lastError: ClusterAPIError?
        for host in await state.ordered(configuration.hosts) {
            do {
                let opened = try await open(endpoint, pathAndQuery: endpoint.pathAndQuery, on: host, redirectsLeft: 3, upload: upload)
                await state.markWorking(host)
                return opened
            } catch let e as ClusterAPIError where e.allowsFailover {
                logger.debug("failing over", metadata: ["error": "\(e)"])
                lastError = e
            }
        }
        throw lastError ?? ClusterAPIError(.noEndpoints, context: nil)
    }

    func open(_ endpoint: Endpoint, pathAndQuery: String, on host: ClusterHost, redirectsLeft: Int,
              upload: HTTPUpload? = nil) async throws -> Opened {
        let context = RequestContext(method: endpoint.method.rawValue, path: pathAndQuery, host: host.hostPort,
                                     peer: await state.peer(for: host)?.description)
        if Task.isCancelled { throw ClusterAPIError(.cancelled, context: context) }
        await state.began(context)
        var request = HTTPClientRequest(url: host.baseURL + pathAndQuery)
        request.method = HTTPMethod(rawValue: endpoint.method.rawValue)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "ipfs-cluster-console")
        let authorization = try await authorizationHeader(for: endpoint, on: host)
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        upload?.apply(to: &request)

        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, deadline: .distantFuture, logger: logger)
        } catch {
            throw classify(error, context: context, inBody: false, items: 0)
        }
        let code = Int(response.status.code)
        if let observer = Self.responseObserver {
            observer.observe(ResponseOrigin(host: host.hostPort, peer: context.peer, status: code,
                                   serverDate: response.headers.first(name: "Date").flatMap(HTTPDate.parse)))
        }
        if (200..<300).contains(code) {
            return Opened(response: response, context: context, host: host)
        }
        if [301, 302, 303, 307, 308].contains(code) {
            let location = response.headers.first(name: "Location") ?? ""
            if configuration.followSameHostRedirects, redirectsLeft > 0, let next = sameHostTarget(location, host: host) {
                return try await open(endpoint, pathAndQuery: next, on: host, redirectsLeft: redirectsLeft - 1, upload: upload)
            }
            throw ClusterAPIError(.redirect(status: code, location: redact(location)), context: context)
        }
        let body = (try? await response.body.collect(upTo: 64 << 10)) ?? ByteBuffer()
        if code == 401, case .basicFetchingToken = configuration.auth { await state.forgetToken() }
        throw apiError(status: code, body: body, context: context, sentCredentials: authorization != nil)
    }

    /// A redirect target on the same scheme, host and port, as a path+query; nil otherwise.
    func sameHostTarget(_ location: String, host: ClusterHost) -> String? {
        if location.hasPrefix("/"), !location.hasPrefix("//") { return location }
        let base = host.baseURL
        if location.hasPrefix(base + "/") { return String(location.dropFirst(base.count)) }
        return nil
    }

    func authorizationHeader(for endpoint: Endpoint, on host: ClusterHost) async throws -> String? {
        switch configuration.auth {
        case .none:
            return nil
        case .basic(let user, let password):
            return "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        case .bearer(let token):
            return "Bearer " + token
        case .basicFetchingToken(let user, let password):
            let basic = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
            if endpoint == .token { return basic }
            let token = try await state.token { [self] in
                try await self.fetchToken().token
            }
            return "Bearer " + token
        }
    }

    func apiError(status: Int, body: ByteBuffer, context: RequestContext, sentCredentials: Bool) -> ClusterAPIError {
        // Go writes the error object then "\n"; one quirk appends a second object, so only
        // the first line is the error.
        var first = body
        if let nl = body.readableBytesView.firstIndex(of: 0x0A) {
            first = body.getSlice(at: body.readerIndex, length: nl - body.readerIndex) ?? body
        }
        let parsed = try? JSONDecoder().decode(APIErrorBody.self, from: first)
        let message = redact(parsed?.message ?? "")
        switch status {
        case 405:
            return ClusterAPIError(.methodNotAllowed, context: context)
        case 401:
            let m = message.lowercased()
            if m.contains("access denied") { return ClusterAPIError(.unauthorizedAccessDenied(message: message), context: context) }
            if m.contains("invalid token") { return ClusterAPIError(.unauthorizedInvalidToken(message: message), context: context) }
            if m.contains("no auth provided") || !sentCredentials {
                return ClusterAPIError(.unauthorizedNoCredentials(message: message), context: context)
            }
            return ClusterAPIError(.unauthorized(message: message.isEmpty ? "401 Unauthorized" : message), context: context)
        case 404 where message == "pin is not part of the pinset":
            return ClusterAPIError(.pinNotFound(message: message), context: context)
        case 404 where message == "not found":
            return ClusterAPIError(.routeNotFound(message: message), context: context)
        default:
            if parsed != nil {
                return ClusterAPIError(.api(status: status, message: message), context: context)
            }
            let text = ErrorBodySummary.text(of: body.readableBytesView)
            return ClusterAPIError(.unexpectedStatus(status: status, body: redact(text)), context: context)
        }
    }

    /// Turns NIO / async-http-client errors into the specific cases operators need.
    func classify(_ error: Error, context: RequestContext, inBody: Bool, items: Int) -> ClusterAPIError {
        if let e = error as? ClusterAPIError { return e }
        if error is CancellationError { return ClusterAPIError(.cancelled, context: context) }
        if let e = error as? HTTPClientError {
            switch e {
            case .connectTimeout:
                return ClusterAPIError(.connectTimeout(seconds: configuration.connectTimeout), context: context)
            case .readTimeout, .deadlineExceeded:
                return ClusterAPIError(.idleTimeout(seconds: configuration.idleTimeout), context: context)
            case .cancelled:
                return ClusterAPIError(.cancelled, context: context)
            case .remoteConnectionClosed:
                if inBody { return ClusterAPIError(.truncatedStream(itemsReceived: items), context: context) }
                return ClusterAPIError(.transport(detail: "the server closed the connection without answering"), context: context)
            default:
                break
            }
        }
        if inBody, let e = error as? HTTPParserError, e == .invalidEOFState {
            return ClusterAPIError(.truncatedStream(itemsReceived: items), context: context)
        }
        let text = redact(String(describing: error))
        let lower = (text + " " + String(reflecting: error)).lowercased()
        if lower.contains("connection refused") || lower.contains("econnrefused") || lower.contains("errno: 111") {
            return ClusterAPIError(.connectionRefused, context: context)
        }
        if lower.contains("nxdomain") || lower.contains("could not resolve") || lower.contains("name or service not known")
            || lower.contains("unknownhost") || lower.contains("dnsa") || lower.contains("getaddrinfo")
            || lower.contains("socketaddresserror") || lower.contains("no address") {
            return ClusterAPIError(.dnsFailure(detail: text), context: context)
        }
        if lower.contains("ssl") || lower.contains("tls") || lower.contains("certificate") || lower.contains("handshake") {
            return ClusterAPIError(.tlsFailure(detail: text), context: context)
        }
        if inBody, lower.contains("eof") || lower.contains("closed") || lower.contains("reset") || lower.contains("unexpected time") {
            return ClusterAPIError(.truncatedStream(itemsReceived: items), context: context)
        }
        if Task.isCancelled { return ClusterAPIError(.cancelled, context: context) }
        return ClusterAPIError(.transport(detail: text), context: context)
    }

    func redact(_ text: String) -> String { Redaction.redact(text, secrets: configuration.auth.secrets) }

    static func describe(decoding error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let c), DecodingError.typeMismatch(_, let c),
             DecodingError.valueNotFound(_, let c), DecodingError.keyNotFound(_, let c):
            let path = c.codingPath.map(\.stringValue).joined(separator: ".")
            return (path.isEmpty ? "" : "\(path): ") + c.debugDescription
        default:
            return String(describing: error)
        }
    }
}
