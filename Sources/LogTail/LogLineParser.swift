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
///
/// Works on the line's UTF-8 bytes (memchr/memcmp) because it runs on every line of a flood.
public struct LogLineParser: Sendable {
    public var origin: LogOrigin
    /// Whether to look for `aws logs tail` / `docker logs -t` prefixes. Off for CloudWatch JSON
    /// events, whose message is the container's line as written.
    public var detectEnvelopes: Bool
    private var heads = ContinuationHeads()

    public init(origin: LogOrigin, detectEnvelopes: Bool = true) {
        self.origin = origin
        self.detectEnvelopes = detectEnvelopes
    }

    /// Forgets continuation state for every source, e.g. after a file was truncated or replaced.
    public mutating func reset() { heads.removeAll() }

    /// Parses one sanitised line (no trailing newline). Returns nil for blank lines, which go-log
    /// emits after every message that ends in `\n` (every access-log line) and which carry nothing.
    /// - Parameters:
    ///   - envelopeTime: the time given by the container of the line (CloudWatch event timestamp).
    ///   - lineOrigin: overrides `origin` for this line (CloudWatch events carry their stream).
    public mutating func parse(_ text: String, envelopeTime: Date? = nil, lineOrigin: LogOrigin? = nil) -> LogLine? {
        var copy = text
        return copy.withUTF8 { parse(bytes: $0, raw: text, envelopeTime: envelopeTime, lineOrigin: lineOrigin) }
    }

    private mutating func parse(bytes p: UnsafeBufferPointer<UInt8>, raw: String, envelopeTime: Date?,
                                lineOrigin: LogOrigin?) -> LogLine? {
        var blank = true
        for b in p where b != 0x20 && b != 0x09 {
            blank = false
            break
        }
        if blank { return nil }
        var origin = lineOrigin ?? self.origin
        var outer = envelopeTime
        var start = 0
        if detectEnvelopes, Self.isDigit(p[0]), let m = LogTimestamp.parseISO(p), m.length < p.count, p[m.length] == 0x20 {
            outer = m.date
            start = m.length + 1
            // `detailed` has a stream name `a/b/c` next (stream names contain no spaces).
            if let sp = ByteSearch.index(of: 0x20, in: p, from: start), Self.isStreamName(p, start, sp) {
                origin = .stream(ByteSearch.string(p, start, sp))
                start = sp + 1
            }
            if start >= p.count { return nil }
        }
        var line = parseContent(UnsafeBufferPointer(rebasing: p[start...]), outer: outer, origin: origin, raw: raw,
                                unwrapJSON: true)
        if !line.isContinuation {
            var msg = line.message
            line.triage = msg.withUTF8 { TriageClassifier.classify(bytes: $0) }
        }
        return line
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    static func isStreamName(_ p: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> Bool {
        guard b - a >= 5, p[a] != 0x2F, p[b - 1] != 0x2F else { return false }
        var slashes = 0
        for i in a..<b where p[i] == 0x2F {
            if p[i - 1] == 0x2F { return false }
            slashes += 1
        }
        return slashes == 2
    }

    private func make(_ origin: LogOrigin, _ raw: String, _ time: Date?, _ level: LogLevel, _ message: String,
                      _ format: LogFormat, subsystem: String? = nil, caller: String? = nil) -> LogLine {
        LogLine(time: time, level: level, source: origin.source, container: origin.container, taskID: origin.taskID,
                subsystem: subsystem, caller: caller, message: message, raw: raw, format: format)
    }

    private mutating func parseContent(_ body: UnsafeBufferPointer<UInt8>, outer: Date?, origin: LogOrigin,
                                       raw: String, unwrapJSON: Bool) -> LogLine {
        typealias B = ByteSearch
        let first = body.first ?? 0
        var leading: LogTimestamp.Match?
        if Self.isDigit(first) {
            leading = LogTimestamp.parseISO(body)
            if let m = leading, m.length < body.count, body[m.length] == 0x09,
               let line = parseGoLog(body, time: m, origin: origin, raw: raw) {
                heads[origin.source] = line
                return line
            }
            if leading == nil, let m = LogTimestamp.parseGoStd(body), m.length < body.count, body[m.length] == 0x20 {
                heads[origin.source] = nil
                let msg = UnsafeBufferPointer(rebasing: body[(m.length + 1)...])
                return make(origin, raw, m.date, Self.guessLevel(msg), B.string(msg, 0, msg.count), .goStdLog)
            }
        }
        if first == UInt8(ascii: "{"), body.last == UInt8(ascii: "}"),
           let line = parseJSON(body, outer: outer, origin: origin, raw: raw, unwrap: unwrapJSON) {
            return line
        }
        if let format = Self.knownPlain(body) {
            heads[origin.source] = nil
            let level: LogLevel = B.hasPrefix("Error", body) ? .error : .info
            return make(origin, raw, outer, level, B.string(body, 0, body.count), format)
        }
        if Self.isAccessLog(body) {
            heads[origin.source] = nil
            return make(origin, raw, outer, .info, B.string(body, 0, body.count), .accessLog)
        }
        // Continuation of the previous go-log entry of this source.
        if leading == nil, let head = heads[origin.source] {
            var line = head
            line.message = B.string(body, 0, body.count)
            line.raw = raw
            line.isContinuation = true
            line.triage = nil
            return line
        }
        if let m = leading {
            var s = m.length
            while s < body.count, body[s] == 0x20 || body[s] == 0x09 { s += 1 }
            let msg = UnsafeBufferPointer(rebasing: body[s...])
            return make(origin, raw, m.date, Self.guessLevel(msg), B.string(msg, 0, msg.count), .raw)
        }
        return make(origin, raw, outer, Self.guessLevel(body), B.string(body, 0, body.count), .raw)
    }

    /// `time<TAB>LEVEL<TAB>logger<TAB>caller<TAB>message[<TAB>extra]`, tolerating missing logger or
    /// caller (Go's standard `log` redirected through zap prints `time LEVEL message`).
    private func parseGoLog(_ p: UnsafeBufferPointer<UInt8>, time m: LogTimestamp.Match, origin: LogOrigin,
                            raw: String) -> LogLine? {
        typealias B = ByteSearch
        let s0 = m.length + 1
        guard let t1 = B.index(of: 0x09, in: p, from: s0),
              let level = LogLevel(ascii: UnsafeBufferPointer(rebasing: p[s0..<t1])) else { return nil }
        func joined(_ a: Int) -> String {
            var s = B.string(p, a, p.count)
            if B.index(of: 0x09, in: p, from: a) != nil { s = s.replacingOccurrences(of: "\t", with: " ") }
            return s
        }
        guard let t2 = B.index(of: 0x09, in: p, from: t1 + 1) else {
            return make(origin, raw, m.date, level, B.string(p, t1 + 1, p.count), .goLog)
        }
        let subsystemOK = t2 > t1 + 1 && B.index(of: 0x20, in: p, from: t1 + 1, to: t2) == nil
        if let t3 = B.index(of: 0x09, in: p, from: t2 + 1), subsystemOK, Self.looksLikeCaller(p, t2 + 1, t3) {
            let subsystem = B.string(p, t1 + 1, t2)
            var message: String
            if let t4 = B.index(of: 0x09, in: p, from: t3 + 1) {
                message = B.string(p, t3 + 1, t4) + " " + joined(t4 + 1)
            } else {
                message = B.string(p, t3 + 1, p.count)
            }
            let format: LogFormat = Self.accessLoggers.contains(subsystem) ? .accessLog : .goLog
            return make(origin, raw, m.date, level, message, format, subsystem: subsystem, caller: B.string(p, t2 + 1, t3))
        }
        if subsystemOK {
            return make(origin, raw, m.date, level, joined(t2 + 1), .goLog, subsystem: B.string(p, t1 + 1, t2))
        }
        return make(origin, raw, m.date, level, joined(t1 + 1), .goLog)
    }

    private mutating func parseJSON(_ body: UnsafeBufferPointer<UInt8>, outer: Date?, origin: LogOrigin, raw: String,
                                    unwrap: Bool) -> LogLine? {
        guard let obj = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] else { return nil }
        let clean = LineSanitizer(maxLineBytes: Int.max / 2)
        if unwrap, let log = obj["log"] as? String {
            // docker json-file driver: {"log":"...\n","stream":"stdout","time":"..."}
            var inner = log
            while inner.hasSuffix("\n") || inner.hasSuffix("\r") { inner.removeLast() }
            let time = (obj["time"] as? String).flatMap { LogTimestamp.parseISO(Substring($0))?.date } ?? outer
            var text = clean.sanitize(inner)
            var line = text.withUTF8 { parseContent($0, outer: time, origin: origin, raw: raw, unwrapJSON: false) }
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
        var message = msg
        for key in obj.keys.sorted() where !Self.goLogJSONFields.contains(key) {
            message += " \(key)=\(Self.describe(obj[key] as Any))"
        }
        let subsystem = (obj["logger"] ?? obj["N"]) as? String
        let caller = (obj["caller"] ?? obj["C"]) as? String
        let line = make(origin, raw, time, level, clean.sanitize(message), .goLogJSON,
                        subsystem: subsystem.map(clean.sanitize), caller: caller.map(clean.sanitize))
        heads[origin.source] = line
        return line
    }

    private static func describe(_ v: Any) -> String {
        switch v {
        case let s as String: return s
        case let n as NSNumber: return n.stringValue
        default:
            if JSONSerialization.isValidJSONObject(v),
               let d = try? JSONSerialization.data(withJSONObject: v, options: [.sortedKeys]) {
                return String(decoding: d, as: UTF8.self)
            }
            return "\(v)"
        }
    }

    static let accessLoggers: Set<String> = ["restapilog", "pinsvcapilog", "ipfsproxylog"]

    /// `dir/file.go:123` (or any `name.ext:digits` without spaces).
    static func looksLikeCaller(_ p: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> Bool {
        guard b - a >= 4 else { return false }
        var colon = -1
        var dot = false
        for i in a..<b {
            let c = p[i]
            if c == 0x20 { return false }
            if c == 0x3A { colon = i } else if c == 0x2E, colon < 0 { dot = true }
        }
        guard colon > a, colon < b - 1, dot else { return false }
        for i in (colon + 1)..<b where !isDigit(p[i]) { return false }
        return true
    }

    static let entrypointPrefixes: [StaticString] = [
        "Changing user to ", "ipfs-cluster-service version ", "Found IPFS cluster configuration at ",
        "This container only runs ipfs-cluster-service", "Initializing default configuration",
        "configuration written to ", "new identity written to ", "ipfs version ", "Found IPFS fs-repo at ",
        "No IPFS repo found", "Initializing IPFS",
    ]

    static let kuboPrefixes: [StaticString] = [
        "Initializing daemon...", "Kubo version: ", "Repo version: ", "System version: ", "Golang version: ",
        "PeerID: ", "Swarm listening on ", "Swarm announcing ", "Run 'ipfs id'", "RPC API server listening on ",
        "API server listening on ", "WebUI: ", "Gateway server listening on ", "Gateway (readonly) server listening on ",
        "Daemon is ready", "Received interrupt signal", "Error: ", "Computing default go-libp2p Resource Manager",
        "Swarm key fingerprint", "Peer identity: ", "Started daemon", "(Hit ctrl-c again to force-shutdown",
    ]

    static func knownPlain(_ p: UnsafeBufferPointer<UInt8>) -> LogFormat? {
        guard let c = p.first, (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x28 else { return nil }
        for prefix in entrypointPrefixes where ByteSearch.hasPrefix(prefix, p) { return .entrypoint }
        for prefix in kuboPrefixes where ByteSearch.hasPrefix(prefix, p) { return .kuboDaemon }
        return nil
    }

    /// `<host> <ident> <user> [<date>] "<request>" <status> <size>`.
    static func isAccessLog(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let c = p.first, isDigit(c) || c == 0x5B || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46) else {
            return false
        }
        var at = 0
        for _ in 0..<3 {
            guard let sp = ByteSearch.index(of: 0x20, in: p, from: at) else { return false }
            at = sp + 1
        }
        return at < p.count && p[at] == 0x5B && ByteSearch.find("] \"", in: p, from: at) != nil
    }

    /// Level guess for lines without one: only unambiguous leading words count.
    static func guessLevel(_ p: UnsafeBufferPointer<UInt8>) -> LogLevel {
        typealias B = ByteSearch
        if B.hasPrefix("Error", p) || B.hasPrefix("ERROR", p) || B.hasPrefix("error:", p) { return .error }
        if B.hasPrefix("WARN", p) || B.hasPrefix("Warning:", p) || B.hasPrefix("warning:", p) { return .warn }
        if B.hasPrefix("FATAL", p) || B.hasPrefix("Fatal", p) { return .fatal }
        if B.hasPrefix("panic:", p) || B.hasPrefix("PANIC", p) { return .panic }
        return .unknown
    }
}

extension LogLineParser {
    /// go-log JSON fields the console shows in their own columns; the rest trail the message.
    static let goLogJSONFields: Set<String> = ["level", "L", "ts", "T", "time", "logger", "N", "caller", "C", "msg", "M", "message"]
}
