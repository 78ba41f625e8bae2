import Foundation

/// Turns sanitised physical lines into `LogLine`s, recognising every layout the console meets.
///
/// Stateful per source because go-log entries span several physical lines (the `listening on:`
/// block, the consensus-timeout tips, `all dials failed` details): a prefix-less line is glued to
/// the previous go-log entry of the same source. One parser can serve a file holding many streams
/// (`aws logs tail` output), so the glue state is kept per source.
///
/// Order of recognition, per line:
/// 1. envelope (text files only): `aws logs tail --format detailed` (`<iso> <prefix/container/task>
///    <message>`), `--format short` and `docker logs -t` (`<iso> <message>`): gives the outer time
///    and, for `detailed`, the stream;
/// 2. go-log plain text (`time<TAB>LEVEL<TAB>logger<TAB>caller<TAB>message[<TAB>json]`);
/// 3. JSON: go-log/zap JSON encoding, docker json-file `{"log":..}` (unwrapped and parsed again);
/// 4. Go standard logger `2006/01/02 15:04:05 message`;
/// 5. entrypoint and kubo daemon phrases; Common Log Format access lines;
/// 6. a continuation of the previous go-log entry of the same source;
/// 7. raw text with a best-effort leading timestamp.
public struct LogLineParser: Sendable {
    public var origin: LogOrigin
    /// Whether to look for `aws logs tail` / `docker logs -t` prefixes. Off for CloudWatch JSON
    /// events, whose message is the container's line as written.
    public var detectEnvelopes: Bool
    private var heads: [String: LogLine] = [:]

    public init(origin: LogOrigin, detectEnvelopes: Bool = true) {
        self.origin = origin
        self.detectEnvelopes = detectEnvelopes
    }

    /// Forgets continuation state for every source, e.g. after a file was truncated or replaced.
    public mutating func reset() { heads.removeAll(keepingCapacity: true) }

    /// Parses one sanitised line (no trailing newline). Returns nil for blank lines, which go-log
    /// emits after every message that ends in `\n` (every access-log line) and which carry nothing.
    /// - Parameters:
    ///   - envelopeTime: the time given by the container of the line (CloudWatch event timestamp).
    ///   - lineOrigin: overrides `origin` for this line (CloudWatch events carry their stream).
    public mutating func parse(_ text: String, envelopeTime: Date? = nil, lineOrigin: LogOrigin? = nil) -> LogLine? {
        if text.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return nil }
        var origin = lineOrigin ?? self.origin
        var outer = envelopeTime
        var body = Substring(text)
        if detectEnvelopes, let env = Self.envelope(body) {
            outer = env.time
            body = env.rest
            if let stream = env.stream { origin = .stream(String(stream)) }
            if body.isEmpty { return nil }
        }
        var line = parseContent(body, outer: outer, origin: origin, raw: text, unwrapJSON: true)
        if !line.isContinuation { line.triage = TriageClassifier.classify(line.message) }
        return line
    }

    struct Envelope {
        var time: Date
        var stream: Substring?
        var rest: Substring
    }

    /// `<iso-time> <rest>` where the time is followed by a space (go-log uses a TAB there).
    static func envelope(_ body: Substring) -> Envelope? {
        guard let first = body.utf8.first, first >= 0x30, first <= 0x39 else { return nil }
        var s = String(body)
        guard let m = s.withUTF8({ LogTimestamp.parseISO($0) }) else { return nil }
        let u = body.utf8
        let afterTime = u.index(u.startIndex, offsetBy: m.length)
        guard afterTime < u.endIndex, u[afterTime] == 0x20 else { return nil }
        let rest = body[u.index(after: afterTime)...]
        // `detailed` has a stream name `a/b/c` next (stream names contain no spaces).
        if let space = rest.firstIndex(of: " ") {
            let token = rest[..<space]
            let slashes = token.utf8.reduce(0) { $0 + ($1 == 0x2F ? 1 : 0) }
            if slashes == 2, token.first != "/", token.last != "/", !token.contains("//") {
                return Envelope(time: m.date, stream: token, rest: rest[rest.index(after: space)...])
            }
        }
        return Envelope(time: m.date, stream: nil, rest: rest)
    }

    private mutating func parseContent(_ body: Substring, outer: Date?, origin: LogOrigin, raw: String,
                                       unwrapJSON: Bool) -> LogLine {
        func make(_ time: Date?, _ level: LogLevel, _ message: Substring, _ format: LogFormat,
                  subsystem: Substring? = nil, caller: Substring? = nil) -> LogLine {
            LogLine(time: time, level: level, source: origin.source, container: origin.container,
                    taskID: origin.taskID, subsystem: subsystem.map(String.init), caller: caller.map(String.init),
                    message: String(message), raw: raw, format: format)
        }
        let first = body.utf8.first ?? 0

        // go-log plain text and best-effort leading ISO time.
        var leadingTime: LogTimestamp.Match?
        if first >= 0x30 && first <= 0x39 {
            var s = String(body)
            leadingTime = s.withUTF8 { LogTimestamp.parseISO($0) }
            if let m = leadingTime, let goLine = parseGoLog(body, time: m, make: make) {
                heads[origin.source] = goLine
                return goLine
            }
            if leadingTime == nil, let m = s.withUTF8({ LogTimestamp.parseGoStd($0) }) {
                let rest = body.utf8.dropFirst(m.length)
                if rest.first == 0x20 {
                    let msg = Substring(rest.dropFirst())
                    heads[origin.source] = nil
                    return make(m.date, Self.guessLevel(msg), msg, .goStdLog)
                }
            }
        }

        if first == UInt8(ascii: "{"), body.utf8.last == UInt8(ascii: "}"),
           let line = parseJSON(body, outer: outer, origin: origin, raw: raw, unwrap: unwrapJSON, make: make) {
            return line
        }

        if let format = Self.knownPlain(body) {
            heads[origin.source] = nil
            let level: LogLevel = body.hasPrefix("Error: ") || body.hasPrefix("Error ") ? .error : .info
            return make(outer, level, body, format)
        }
        if Self.isAccessLog(body) {
            heads[origin.source] = nil
            return make(outer, .info, body, .accessLog)
        }

        // Continuation of the previous go-log entry of this source.
        if leadingTime == nil, let head = heads[origin.source] {
            var line = head
            line.message = String(body)
            line.raw = raw
            line.isContinuation = true
            line.triage = nil
            line.source = origin.source
            return line
        }

        if let m = leadingTime {
            var rest = body.utf8.dropFirst(m.length)
            while let c = rest.first, c == 0x20 || c == 0x09 { rest = rest.dropFirst() }
            let msg = Substring(rest)
            return make(m.date, Self.guessLevel(msg), msg, .raw)
        }
        return make(outer, Self.guessLevel(body), body, .raw)
    }

    private func parseGoLog(_ body: Substring, time m: LogTimestamp.Match,
                            make: (Date?, LogLevel, Substring, LogFormat, Substring?, Substring?) -> LogLine) -> LogLine? {
        let u = body.utf8
        let afterTime = u.index(u.startIndex, offsetBy: m.length)
        guard afterTime < u.endIndex, u[afterTime] == 0x09 else { return nil }
        let rest = body[u.index(after: afterTime)...]
        let parts = rest.split(separator: "\t", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count >= 2, let level = LogLevel(word: parts[0]) else { return nil }
        var subsystem: Substring?
        var caller: Substring?
        var message: Substring
        if parts.count >= 4, Self.looksLikeCaller(parts[2]) {
            subsystem = parts[1]
            caller = parts[2]
            message = parts[3]
            if parts.count == 5 { message = Substring(String(parts[3]) + " " + String(parts[4])) }
        } else if parts.count >= 3, !parts[1].contains(" "), !parts[1].isEmpty {
            subsystem = parts[1]
            message = Substring(parts[2...].joined(separator: " "))
        } else {
            message = Substring(parts[1...].joined(separator: " "))
        }
        let format: LogFormat = subsystem.map { Self.accessLoggers.contains(String($0)) } == true ? .accessLog : .goLog
        return make(m.date, level, message, format, subsystem, caller)
    }

    private mutating func parseJSON(_ body: Substring, outer: Date?, origin: LogOrigin, raw: String, unwrap: Bool,
                                    make: (Date?, LogLevel, Substring, LogFormat, Substring?, Substring?) -> LogLine) -> LogLine? {
        guard let obj = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] else { return nil }
        let clean = LineSanitizer(maxLineBytes: Int.max / 2)
        if unwrap, let log = obj["log"] as? String {
            // docker json-file driver: {"log":"...\n","stream":"stdout","time":"..."}
            var inner = log
            while inner.hasSuffix("\n") || inner.hasSuffix("\r") { inner.removeLast() }
            let time = (obj["time"] as? String).flatMap { LogTimestamp.parseISO(Substring($0))?.date } ?? outer
            var line = parseContent(Substring(clean.sanitize(inner)), outer: time, origin: origin, raw: raw,
                                    unwrapJSON: false)
            if line.time == nil { line.time = time }
            return line
        }
        guard let msg = (obj["msg"] ?? obj["message"] ?? obj["M"]) as? String else { return nil }
        let levelWord = (obj["level"] ?? obj["L"]) as? String
        let level = levelWord.flatMap { LogLevel(word: Substring($0)) } ?? .unknown
        var time = outer
        switch obj["ts"] ?? obj["T"] ?? obj["time"] {
        case let s as String: time = LogTimestamp.parseISO(Substring(s))?.date ?? outer
        case let n as NSNumber: time = Date(timeIntervalSince1970: n.doubleValue)
        default: break
        }
        let known: Set<String> = ["level", "L", "ts", "T", "time", "logger", "N", "caller", "C", "msg", "M", "message"]
        var message = msg
        for key in obj.keys.sorted() where !known.contains(key) {
            message += " \(key)=\(Self.describe(obj[key] as Any))"
        }
        let subsystem = (obj["logger"] ?? obj["N"]) as? String
        let caller = (obj["caller"] ?? obj["C"]) as? String
        heads[origin.source] = nil
        var line = make(time, level, Substring(clean.sanitize(message)), .goLogJSON,
                        subsystem.map { Substring(clean.sanitize($0)) }, caller.map { Substring(clean.sanitize($0)) })
        line.raw = raw
        heads[origin.source] = line
        return line
    }

    private static func describe(_ v: Any) -> String {
        switch v {
        case let s as String: return s
        case let n as NSNumber: return n.stringValue
        default:
            if JSONSerialization.isValidJSONObject(v), let d = try? JSONSerialization.data(withJSONObject: v, options: [.sortedKeys]) {
                return String(decoding: d, as: UTF8.self)
            }
            return "\(v)"
        }
    }

    static let accessLoggers: Set<String> = ["restapilog", "pinsvcapilog", "ipfsproxylog"]

    /// `dir/file.go:123` (or any `name.ext:digits`).
    static func looksLikeCaller(_ s: Substring) -> Bool {
        guard let colon = s.lastIndex(of: ":"), !s.contains(" ") else { return false }
        let digits = s[s.index(after: colon)...]
        return !digits.isEmpty && digits.allSatisfy(\.isNumber) && s[..<colon].contains(".")
    }

    static let entrypointPrefixes: [String] = [
        "Changing user to ", "ipfs-cluster-service version ", "Found IPFS cluster configuration at ",
        "This container only runs ipfs-cluster-service", "Initializing default configuration",
        "configuration written to ", "new identity written to ", "ipfs version ", "Found IPFS fs-repo at ",
        "No IPFS repo found", "Initializing IPFS",
    ]

    static let kuboPrefixes: [String] = [
        "Initializing daemon...", "Kubo version: ", "Repo version: ", "System version: ", "Golang version: ",
        "PeerID: ", "Swarm listening on ", "Swarm announcing ", "Run 'ipfs id'", "RPC API server listening on ",
        "API server listening on ", "WebUI: ", "Gateway server listening on ", "Gateway (readonly) server listening on ",
        "Daemon is ready", "Received interrupt signal", "Error: ", "Computing default go-libp2p Resource Manager",
        "Swarm key fingerprint", "Peer identity: ", "generating ", "Started daemon", "(Hit ctrl-c again to force-shutdown",
    ]

    static func knownPlain(_ body: Substring) -> LogFormat? {
        guard let c = body.first, c.isLetter || c == "(" else { return nil }
        for p in entrypointPrefixes where body.hasPrefix(p) { return .entrypoint }
        for p in kuboPrefixes where body.hasPrefix(p) { return .kuboDaemon }
        return nil
    }

    /// `<host> <ident> <user> [<date>] "<request>" <status> <size>`.
    static func isAccessLog(_ body: Substring) -> Bool {
        guard let c = body.first, c.isHexDigit || c == "[" else { return false }
        let parts = body.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
        return parts.count == 4 && parts[3].hasPrefix("[") && body.contains("] \"")
    }

    /// Level guess for lines without one: only unambiguous leading words count.
    static func guessLevel(_ msg: Substring) -> LogLevel {
        guard let c = msg.first, c == "E" || c == "e" || c == "W" || c == "w" || c == "F" || c == "p" || c == "P" else {
            return .unknown
        }
        if msg.hasPrefix("Error") || msg.hasPrefix("ERROR") || msg.hasPrefix("error:") { return .error }
        if msg.hasPrefix("WARN") || msg.hasPrefix("Warning:") || msg.hasPrefix("warning:") { return .warn }
        if msg.hasPrefix("FATAL") || msg.hasPrefix("Fatal") { return .fatal }
        if msg.hasPrefix("panic:") || msg.hasPrefix("PANIC") { return .panic }
        return .unknown
    }
}
