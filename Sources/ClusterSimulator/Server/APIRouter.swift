import Foundation
import NIOCore
import NIOHTTP1
import NIOFoundationCompat

/// The IPFS Cluster REST API as one peer serves it.
struct APIRouter: Sendable {
    let model: ClusterModel
    let clock: SimClock
    /// user -> password
    let credentials: (user: String, password: String)?

    enum Route {
        case id, version, peers, addPeer, removePeer(String), allocations, allocation(String), pins, recoverAll
        case pinStatus(String), pinAdd(String), pinRemove(String), pinPathAdd(String), pinPathRemove(String), pinRecover(String)
        case metricNames, metric(String), alerts, graph, bandwidth, health, gc, token, add
    }

    /// Routing by path, then method; nil route with `allowed` = 405, nil both = 404.
    static func route(_ method: HTTPMethod, _ comps: [String]) -> (Route?, Bool) {
        func m(_ allowed: KeyValuePairs<HTTPMethod, Route>) -> (Route?, Bool) { (allowed.first { $0.key == method }?.value, true) }
        switch comps.count {
        case 1:
            switch comps[0] {
            case "id": return m([.GET: .id])
            case "version": return m([.GET: .version])
            case "peers": return m([.GET: .peers, .POST: .addPeer])
            case "allocations": return m([.GET: .allocations])
            case "pins": return m([.GET: .pins])
            case "health": return m([.GET: .health])
            case "token": return m([.POST: .token])
            case "add": return m([.POST: .add])
            default: break
            }
        case 2:
            switch (comps[0], comps[1]) {
            case ("peers", let id): return m([.DELETE: .removePeer(id)])
            case ("allocations", let cid): return m([.GET: .allocation(cid)])
            case ("pins", "recover") where method == .POST: return (.recoverAll, true)
            case ("pins", let cid): return m([.GET: .pinStatus(cid), .POST: .pinAdd(cid), .DELETE: .pinRemove(cid)])
            case ("monitor", "metrics"): return m([.GET: .metricNames])
            case ("health", "alerts"): return m([.GET: .alerts])
            case ("health", "graph"): return m([.GET: .graph])
            case ("health", "bandwidth"): return m([.GET: .bandwidth])
            case ("ipfs", "gc"): return m([.POST: .gc])
            default: break
            }
        default: break
        }
        if comps.count >= 3, comps[0] == "pins", ["ipfs", "ipns", "ipld"].contains(comps[1]) {
            let path = "/" + comps[1...].joined(separator: "/")
            return m([.POST: .pinPathAdd(path), .DELETE: .pinPathRemove(path)])
        }
        if comps.count == 3, comps[0] == "pins", comps[2] == "recover" { return m([.POST: .pinRecover(comps[1])]) }
        if comps.count == 3, comps[0] == "monitor", comps[1] == "metrics" { return m([.GET: .metric(comps[2])]) }
        return (nil, false)
    }

    // MARK: auth

    enum AuthResult { case ok(user: String?), denied(SimResponse) }

    func authenticate(_ req: SimRequest) async -> AuthResult {
        guard let creds = credentials else { return .ok(user: nil) }
        let realm = "Restricted IPFS Cluster API"
        func unauthorized(_ msg: String, bearerError: Bool = false) -> SimResponse {
            var w = JSONWriter()
            w.beginObject(); w.member("code", 401); w.member("message", msg); w.endObject(); w.newline()
            let headers: [(String, String)] = bearerError
                ? [("Content-Type", "application/json"), ("Www-Authenticate", "Bearer realm=\"\(realm)\", error=\"invalid_token\"")]
                : [("Content-Type", "application/json"), ("Www-Authenticate", "Bearer realm=\"\(realm)\""),
                   ("Www-Authenticate", "Basic realm=\"\(realm)\"")]
            return .raw(.unauthorized, headers, w.buffer)
        }
        guard let header = req.headers.first(name: "Authorization"), !header.isEmpty else {
            return .denied(unauthorized("unauthorized: no auth provided"))
        }
        let lower = header.lowercased()
        if lower.hasPrefix("basic ") {
            let b64 = String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)
            guard let data = Data(base64Encoded: b64), let s = String(data: data, encoding: .utf8) else {
                return .denied(unauthorized("unauthorized: access denied"))
            }
            let parts = s.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2, String(parts[0]) == creds.user, String(parts[1]) == creds.password, !creds.password.isEmpty {
                return .ok(user: creds.user)
            }
            return .denied(unauthorized("unauthorized: access denied"))
        }
        if lower.hasPrefix("bearer ") {
            let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            if await model.isValidToken(token) { return .ok(user: creds.user) }
            return .denied(unauthorized("unauthorized: invalid token", bearerError: true))
        }
        return .denied(unauthorized("unauthorized: access denied"))
    }

    // MARK: dispatch

    func respond(_ req: SimRequest, peer: Int) async -> SimResponse {
        let path = req.path
        if req.method == .OPTIONS {
            return .raw(.ok, [("Vary", "Origin"), ("Vary", "Access-Control-Request-Method"), ("Vary", "Access-Control-Request-Headers")], ByteBuffer())
        }
        let comps = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let isHealth = comps == ["health"] && req.method == .GET
        var user: String?
        if !isHealth {
            switch await authenticate(req) {
            case .denied(let r): return r
            case .ok(let u): user = u
            }
        }
        if path.count > 1 && path.hasSuffix("/") {
            var target = String(req.rawPath.dropLast())
            while target.count > 1 && target.hasSuffix("/") { target.removeLast() }
            if let q = req.uri.split(separator: "?", maxSplits: 1).dropFirst().first { target += "?" + q }
            let body = req.method == .GET ? "<a href=\"\(target)\">Temporary Redirect</a>.\n\n" : ""
            var headers: [(String, String)] = [("Location", target)]
            if !body.isEmpty { headers.insert(("Content-Type", "text/html; charset=utf-8"), at: 0) }
            return .raw(.temporaryRedirect, headers, ByteBuffer(string: body))
        }
        let (route, known) = Self.route(req.method, comps)
        guard let route else {
            if known { return .methodNotAllowed }
            await model.logErrorResponse(peer: peer, status: 404, message: "not found")
            return .error(.notFound, "not found")
        }
        let response = await handle(route, req, peer: peer, user: user)
        if case .json(let status, var body) = response, status.code >= 400,
           let msg = try? JSONSerialization.jsonObject(with: body.readData(length: body.readableBytes) ?? Data()) as? [String: Any],
           let m = msg["message"] as? String {
            await model.logErrorResponse(peer: peer, status: Int(status.code), message: m)
        }
        return response
    }

    private func local(_ req: SimRequest) -> Bool { req.param("local") == "true" }

    private func handle(_ route: Route, _ req: SimRequest, peer: Int, user: String?) async -> SimResponse {
        switch route {
        case .id: return .json(.ok, await model.idJSON(peer))
        case .version: return .json(.ok, ByteBuffer(string: "{\"version\":\"\(ClusterModel.version)\"}\n"))
        case .peers: return peersStream(peer)
        case .addPeer:
            guard let obj = try? JSONSerialization.jsonObject(with: Data(buffer: req.body)) as? [String: Any] else {
                return .error(.badRequest, "error decoding request body")
            }
            guard let id = obj["peer_id"] as? String, let q = await model.peerIndex(id) else {
                return .error(.badRequest, "error decoding peer_id")
            }
            return .json(.ok, await model.idJSON(q))
        case .removePeer(let id):
            guard id.hasPrefix("12D3KooW") || id.hasPrefix("Qm") else {
                return .error(.badRequest, "error decoding Peer ID: failed to parse peer ID: invalid cid: selected encoding not supported")
            }
            await model.logCluster(peer, at: clock.elapsed, "WARN", "cluster", "src/cluster.go:1163",
                                   "repinning is disabled. Will not re-allocate cids from \(id)")
            return .error(.internalServerError, "crdt consensus component cannot remove peers")
        case .allocations: return allocationsStream(req)
        case .allocation(let cid):
            if let e = Identifiers.validateCID(cid) { return .error(.badRequest, "error decoding Cid: \(e)") }
            guard let b = await model.allocationJSON(cid: cid) else { return .error(.notFound, "pin is not part of the pinset") }
            return .json(.ok, b)
        case .pins: return await pinsStream(req, peer: peer)
        case .pinStatus(let cid):
            if let e = Identifiers.validateCID(cid) { return .error(.badRequest, "error decoding Cid: \(e)") }
            let ps = local(req) ? [peer] : await model.statusPeers(cid: cid)
            if await model.anyFrozen(ps) { try? await waitWhileFrozen(ps, upTo: 15) }
            return .json(.ok, await model.statusJSON(cid: cid, onPeers: ps) ?? ByteBuffer())
        case .pinAdd(let cid), .pinPathAdd(let cid):
            let c = cid.hasPrefix("/ipfs/") ? String(cid.dropFirst(6).split(separator: "/").first ?? "") : cid
            if cid.hasPrefix("/ipns/") || cid.hasPrefix("/ipld/") || cid.dropFirst(6).contains("/") {
                if await model.isIPFSDown(peer) {
                    return .error(.internalServerError, "Post \"http://127.0.0.1:5001/api/v0/resolve?arg=\(cid)\": dial tcp 127.0.0.1:5001: connect: connection refused")
                }
                return .error(.internalServerError, "IPFS error (resolve?arg=\(cid)). Code: 500. Message: could not resolve name")
            }
            if let e = Identifiers.validateCID(c) {
                return .error(.badRequest, cid.hasPrefix("/") ? "error parsing path: \(e)" : "error decoding Cid: \(e)")
            }
            let opts: PinOptions
            do { opts = try PinOptions.parse(req.query) } catch { return .error(.badRequest, error.message) }
            switch await model.pin(cid: c, options: opts, contacted: peer) {
            case .ok(let b): return .json(.ok, b)
            case .failure(let status, let message): return .error(HTTPResponseStatus(statusCode: status), message)
            }
        case .pinRemove(let cid), .pinPathRemove(let cid):
            let c = cid.hasPrefix("/ipfs/") ? String(cid.dropFirst(6)) : cid
            if let e = Identifiers.validateCID(c) { return .error(.badRequest, "error decoding Cid: \(e)") }
            switch await model.unpin(cid: c, contacted: peer) {
            case .ok(let b): return .json(.ok, b)
            case .failure(let status, let message): return .error(HTTPResponseStatus(statusCode: status), message)
            }
        case .pinRecover(let cid):
            if let e = Identifiers.validateCID(cid) { return .error(.badRequest, "error decoding Cid: \(e)") }
            let ps = local(req) ? [peer] : await model.statusPeers(cid: cid)
            return .json(.ok, await model.recoverOne(cid: cid, onPeers: ps))
        case .recoverAll: return recoverAllStream(req, peer: peer)
        case .metricNames:
            return .json(.ok, ByteBuffer(string: "[" + ClusterModel.metricNames.map { "\"\($0)\"" }.joined(separator: ",") + "]\n"))
        case .metric(let name): return .json(.ok, await model.metricsJSON(name))
        case .alerts: return .json(.ok, await model.alertsJSON(peer))
        case .graph: return .json(.ok, await model.graphJSON(peer))
        case .bandwidth: return .json(.ok, await model.bandwidthJSON())
        case .health: return .noContent
        case .gc:
            let ps = local(req) ? [peer] : await model.fanOut().peers
            return .json(.ok, await model.repoGCJSON(onPeers: ps))
        case .add: return await AddRoute(model: model).respond(req, peer: peer)
        case .token:
            guard let user else { return .error(.unauthorized, "unauthorized") }
            let token = await model.issueToken(user: user)
            return .json(.ok, ByteBuffer(string: "{\"token\":\"\(token)\"}\n"))
        }
    }

    /// Waits (in simulated time) while any of `peers` is frozen, at most `upTo` simulated seconds.
    private func waitWhileFrozen(_ peers: [Int], upTo: Double) async throws {
        let start = clock.elapsed
        while clock.elapsed - start < upTo {
            if await !model.anyFrozen(peers) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    // MARK: streams

    private func peersStream(_ peer: Int) -> SimResponse {
        let model = self.model, clock = self.clock
        return .stream(StreamProducer { sink in
            let plan = await model.peersPlan(contacted: peer)
            try await sink.emit(plan.now)
            guard !plan.waiting.isEmpty else { return }
            let start = clock.elapsed
            var pending = plan.waiting
            while !pending.isEmpty {
                try await Task.sleep(for: .milliseconds(20))
                var still: [Int] = []
                for q in pending {
                    if await model.peerState(q) == .running || clock.elapsed - start >= 15 {
                        try await sink.emit([await model.peerEntryAfterDeadline(q, contacted: peer)])
                    } else { still.append(q) }
                }
                pending = still
            }
        })
    }

    private func allocationsStream(_ req: SimRequest) -> SimResponse {
        let raw = (req.param("filter") ?? "").replacingOccurrences(of: " ", with: "")
        let valid = raw.split(separator: ",").filter { ["pin", "meta-pin", "clusterdag-pin", "shard-pin", "all"].contains($0) }
        if !raw.isEmpty && valid.isEmpty { return .error(.badRequest, "invalid filter value") }
        let includePins = raw.isEmpty || valid.contains("pin") || valid.contains("all")
        let model = self.model
        return .stream(StreamProducer { sink in
            guard includePins else { return }
            var cursor = 0
            while true {
                let (items, next) = await model.allocationsBatch(cursor: cursor, limit: 512)
                try await sink.emit(items)
                if next <= cursor { break }
                cursor = next
            }
        })
    }

    private func pinsStream(_ req: SimRequest, peer: Int) async -> SimResponse {
        let model = self.model, clock = self.clock
        let isLocal = local(req)
        if let cids = req.param("cids"), !cids.isEmpty {
            let list = cids.split(separator: ",").map(String.init)
            for c in list { if let e = Identifiers.validateCID(c) { return .error(.badRequest, "error decoding Cid: \(e)") } }
            return .stream(StreamProducer { sink in
                for c in list {
                    let ps = isLocal ? [peer] : await model.statusPeers(cid: c)
                    if let b = await model.statusJSON(cid: c, onPeers: ps) { try await sink.emit([b]) }
                }
            })
        }
        guard let filter = SimPinStatus.parseFilter(req.param("filter") ?? "") else { return .error(.badRequest, "invalid filter value") }
        let inFlightOnly = filter != 0 && filter & (SimPinStatus.pinned.rawValue | SimPinStatus.unexpectedlyUnpinned.rawValue | SimPinStatus.remote.rawValue) == 0
        if isLocal, !inFlightOnly, await model.isIPFSDown(peer) {
            return .error(.internalServerError, "could not get pinset from IPFS: Post \"http://127.0.0.1:5001/api/v0/pin/ls?stream=true&type=recursive\": dial tcp 127.0.0.1:5001: connect: connection refused")
        }
        return .stream(StreamProducer { sink in
            let reqWall = clock.now
            var onPeers = [peer]
            if !isLocal {
                let fan = await model.fanOut()
                onPeers = fan.peers
                // The coordinating peer merges every peer's answer before sending the first byte.
                if fan.frozen {
                    let start = clock.elapsed
                    while clock.elapsed - start < 35, await model.anyFrozen(onPeers) {
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
            }
            var cursor = 0
            while true {
                let (items, next) = await model.pinsBatch(onPeers: onPeers, filter: filter, reqWall: reqWall, cursor: cursor, limit: 256)
                try await sink.emit(items)
                if next <= cursor { break }
                cursor = next
            }
        })
    }

    private func recoverAllStream(_ req: SimRequest, peer: Int) -> SimResponse {
        let model = self.model, clock = self.clock
        let isLocal = local(req)
        return .stream(StreamProducer { sink in
            let onPeers = isLocal ? [peer] : await model.fanOut().peers
            var cursor = 0
            while true {
                let (items, next) = await model.recoverBatch(onPeers: onPeers, reqWall: clock.now, cursor: cursor, limit: 256)
                try await sink.emit(items)
                if next <= cursor { break }
                cursor = next
            }
        })
    }
}
