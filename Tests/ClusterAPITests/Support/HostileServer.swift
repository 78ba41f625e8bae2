import Foundation

/// Scripts for `TestServer` that behave like a broken or hostile server, one per fault of the
/// fault matrix. They are raw bytes on the socket (no HTTP library in between), so the client
/// meets exactly what a misbehaving proxy, a wedged peer or an attacker would send.
/// Separate from the simulator on purpose: the simulator is faithful to IPFS Cluster, these are not.
enum Hostile {
    /// Text meant to take over a terminal: window title (OSC 0 and 2, BEL- and ST-terminated),
    /// clipboard write (OSC 52), screen clear and colour (CSI, 7-bit and C1), bidi overrides and
    /// isolates (which reorder what follows on screen), and a NUL.
    static let text = "t\u{1B}]0;owned\u{07}\u{1B}]2;owned2\u{1B}\\\u{1B}]52;c;cHduZWQ=\u{07}\u{1B}[2J\u{1B}[31mred"
        + "\u{9B}1m\u{202E}evil\u{202C}\u{2066}iso\u{2069}\u{0}nul"

    /// What must never reach the terminal raw: C0 controls but newline, DEL and C1, and the bidi
    /// controls that reorder text.
    static func isDangerous(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A: return false
        case 0..<0x20, 0x7F..<0xA0, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// The dangerous scalars in `output`, for a failure message that shows them.
    static func dangerous(in output: String) -> [String] {
        output.unicodeScalars.filter(isDangerous).map { String(format: "U+%04X", $0.value) }
    }

    /// `text` as a JSON string literal (quotes included).
    static func json(_ s: String) -> String {
        String(decoding: try! JSONEncoder().encode(s), as: UTF8.self)
    }

    /// A `/id` (or `/peers` item) with `text` in every string field.
    static var peerJSON: String {
        let t = json(text)
        return "{\"id\":\(t),\"addresses\":[\(t)],\"cluster_peers\":[\(t)],\"cluster_peers_addresses\":[\(t)],"
            + "\"version\":\(t),\"commit\":\(t),\"rpc_protocol_version\":\(t),\"error\":\(t),"
            + "\"ipfs\":{\"id\":\(t),\"addresses\":[\(t)],\"error\":\(t)},\"peername\":\(t)}"
    }

    /// A well-formed peer, for streams that fail after their first item.
    static let plainPeerJSON = "{\"id\":\"12D3KooWRjwfEtpPmnnjkUbwv4mWtWoUdmKemcqwfLNFGPV3P8PC\",\"addresses\":[],\"cluster_peers\":[],"
        + "\"cluster_peers_addresses\":[],\"version\":\"1.1.6\",\"commit\":\"\",\"rpc_protocol_version\":\"/ipfscluster/1.0/rpc\","
        + "\"error\":\"\",\"ipfs\":{\"id\":\"\",\"addresses\":[],\"error\":\"\"},\"peername\":\"p0\"}"

    /// Accepts the connection, reads the request, and never answers.
    static func stall() -> [Step] { [.hang] }

    /// A complete, valid head promising a body, then one byte every `everyMs` for as long as the
    /// client listens: never idle long enough for an idle timeout to fire.
    static func drip(everyMs: Int = 300, bytes: Int = 600) -> [Step] {
        var steps: [Step] = [.write(Reply.head(200, "OK", [("Content-Type", "application/json"), ("Content-Length", String(bytes))]))]
        for _ in 0..<bytes { steps += [.write(Array(" ".utf8)), .pause(milliseconds: everyMs)] }
        return steps
    }

    /// A chunked NDJSON stream whose chunks are one byte each, sent slowly.
    static func chunkDrip(everyMs: Int = 300) -> [Step] {
        var steps: [Step] = [.write(Reply.streamHead())]
        for byte in plainPeerJSON.utf8 + Array("\n".utf8) {
            steps += [.write(Reply.chunk(String(decoding: [byte], as: UTF8.self))), .pause(milliseconds: everyMs)]
        }
        return steps
    }

    /// A proxy's error page: 502 with an HTML body.
    static func htmlError(status: Int = 502, reason: String = "Bad Gateway") -> [Step] {
        let body = "<html>\r\n<head><title>\(status) \(reason)</title></head>\r\n<body>\r\n<center><h1>\(status) \(reason)</h1></center>\r\n"
            + "<hr><center>nginx\(text)</center>\r\n</body>\r\n</html>\r\n"
        let b = Array(body.utf8)
        return [.write(Reply.head(status, reason, [("Content-Type", "text/html"), ("Content-Length", String(b.count))]) + b)]
    }

    /// 200 with a body that is not JSON.
    static func malformedJSON() -> [Step] { Reply.json(200, "OK", "{\"id\": \"12D3\", \"addresses\": [") }

    /// A stream cut after one item, without the final chunk.
    static func truncatedStream() -> [Step] {
        [.write(Reply.streamHead()), .write(Reply.chunk(plainPeerJSON + "\n")), .pause(milliseconds: 50), .close]
    }

    /// A stream whose trailer reports an error with hostile text in it: only what an HTTP parser
    /// lets through in a header value (C1 and bidi controls as UTF-8; C0 would be a parse error).
    static func streamErrorTrailer() -> [Step] {
        [.write(Reply.streamHead()), .write(Reply.chunk(plainPeerJSON + "\n")),
         .write(Reply.end(streamError: "listing failed \u{9B}31m\u{202E}evil\u{2066}x"))]
    }

    /// 401, with or without a `WWW-Authenticate` challenge (a proxy's 401 often has none, and no body).
    static func unauthorized(challenge: Bool) -> [Step] {
        if challenge {
            return Reply.error(401, "Unauthorized", "Unauthorized", extraHeaders: [("WWW-Authenticate", "Basic realm=\"Restricted IPFS Cluster API\"")])
        }
        return [.write(Reply.head(401, "Unauthorized", [("Content-Length", "0")]))]
    }

    /// A redirect to the same path, forever.
    static func redirectLoop(to path: String) -> [Step] {
        [.write(Reply.head(307, "Temporary Redirect", [("Location", path), ("Content-Length", "0")]))]
    }

    /// 405 with an empty body, as the cluster's router answers a wrong method.
    static func methodNotAllowed() -> [Step] {
        [.write(Reply.head(405, "Method Not Allowed", [("Content-Length", "0")]))]
    }

    /// A `Content-Length` of 10 GB with a small body, then the connection closed.
    static func oversizedContentLength() -> [Step] {
        [.write(Reply.head(200, "OK", [("Content-Type", "application/json"), ("Content-Length", "10000000000")]) + Array("{}".utf8)),
         .pause(milliseconds: 50), .close]
    }

    /// One NDJSON item of about `megabytes` MB on a single line (a 10 MB peer name).
    static func hugeLine(megabytes: Int = 10) -> [Step] {
        let name = String(repeating: "a", count: megabytes << 20)
        let line = plainPeerJSON.replacingOccurrences(of: "\"peername\":\"p0\"", with: "\"peername\":\"\(name)\"") + "\n"
        return [.write(Reply.streamHead()), .write(Reply.chunk(line)), .write(Reply.end())]
    }

    /// `/id` with hostile text in every field.
    static func hostileID() -> [Step] { Reply.json(200, "OK", peerJSON) }

    /// An API error whose message is hostile text.
    static func hostileAPIError() -> [Step] {
        let body = "{\"code\":500,\"message\":\(json(text))}\n"
        return Reply.json(500, "Internal Server Error", body)
    }
}
