import Foundation

/// Reader for CloudWatch Logs exports written by `aws logs get-log-events` / `filter-log-events`
/// (`--output json`, CLI v1 or v2). Text written by `aws logs tail` needs no reader of its own: it
/// is line-based and the line parser recognises its envelope.
public enum CloudWatchExport {
    public enum Kind: Sendable, Equatable {
        /// One stream per file; the stream is known only from the file name.
        case getLogEvents
        /// Events name their stream.
        case filterLogEvents
    }

    public struct Event: Sendable, Equatable {
        /// The time the awslogs driver read the line.
        public var timestamp: Date
        public var message: String
        public var streamName: String?
        public var eventID: String?

        /// De-duplication key across overlapping exports: (stream, eventId), else (stream, time, message).
        public var identity: String {
            let stream = streamName ?? ""
            if let eventID { return stream + "\u{1}" + eventID }
            return stream + "\u{1}" + String(timestamp.timeIntervalSince1970) + "\u{1}" + message
        }
    }

    public struct Document: Sendable, Equatable {
        public var kind: Kind
        public var events: [Event]
    }

    /// Whether the start of a file looks like a pretty-printed or compact Logs export, so the
    /// follower reads it as a whole document instead of line by line. A go-log JSON log file also
    /// starts with `{` but its first line is a complete object with `level`/`msg`.
    public static func looksLikeExport(prefix: [UInt8]) -> Bool {
        var text = String(decoding: prefix.prefix(4096), as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        guard trimmed.first == "{" else { return false }
        let firstLine = trimmed.prefix { $0 != "\n" }.trimmingCharacters(in: .whitespaces)
        if firstLine == "{" { return trimmed.contains("\"events\"") || trimmed.contains("\"nextForwardToken\"") }
        return firstLine.hasPrefix("{\"events\"") || firstLine.hasPrefix("{ \"events\"")
    }

    private struct RawDocument: Decodable {
        var events: [RawEvent]
        var nextForwardToken: String?
        var searchedLogStreams: [Stream]?
        struct Stream: Decodable {}
    }

    private struct RawEvent: Decodable {
        var timestamp: Int64?
        var message: String?
        var logStreamName: String?
        var eventId: EventID?
    }

    /// `eventId` is a string from the service but tolerate a number.
    private struct EventID: Decodable {
        var text: String
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) { text = s } else { text = String(try c.decode(Int64.self)) }
        }
    }

    /// Decodes one export. A UTF-8 BOM and any text before the first `{` are skipped (shell
    /// wrappers sometimes print a line first).
    public static func decode(_ data: Data, path: String) throws(LogTailError) -> Document {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw .invalidExport(path: path, reason: "UTF-16 text; re-export with UTF-8 output", offset: 0)
        }
        guard let brace = bytes.firstIndex(of: UInt8(ascii: "{")) else {
            throw .invalidExport(path: path, reason: bytes.isEmpty ? "empty file" : "no JSON object found", offset: nil)
        }
        let json = Data(bytes[brace...])
        let raw: RawDocument
        do {
            raw = try JSONDecoder().decode(RawDocument.self, from: json)
        } catch let DecodingError.dataCorrupted(ctx) {
            throw .invalidExport(path: path, reason: "malformed JSON: \(ctx.debugDescription)",
                                 offset: Self.offset(from: ctx, base: brace))
        } catch let DecodingError.keyNotFound(key, _) {
            throw .invalidExport(path: path, reason: "missing key \(key.stringValue)", offset: nil)
        } catch let DecodingError.typeMismatch(_, ctx) {
            let where_ = ctx.codingPath.map(\.stringValue).joined(separator: ".")
            throw .invalidExport(path: path, reason: "unexpected type at \(where_)", offset: nil)
        } catch {
            throw .invalidExport(path: path, reason: "\(error)", offset: nil)
        }
        let named = raw.events.contains { $0.logStreamName != nil }
        let events = raw.events.compactMap { e -> Event? in
            guard let ts = e.timestamp, let msg = e.message else { return nil }
            return Event(timestamp: Date(timeIntervalSince1970: Double(ts) / 1000), message: msg,
                         streamName: e.logStreamName, eventID: e.eventId?.text)
        }
        return Document(kind: named || raw.searchedLogStreams != nil ? .filterLogEvents : .getLogEvents, events: events)
    }

    private static func offset(from ctx: DecodingError.Context, base: Int) -> Int? {
        // Foundation reports "around line N, column M" or a character index inside the underlying error.
        let text = "\(ctx.underlyingError.map { "\($0)" } ?? "")"
        guard let r = text.range(of: "index") ?? text.range(of: "character ") else { return nil }
        let digits = text[r.upperBound...].drop { !$0.isNumber }.prefix { $0.isNumber }
        return Int(digits).map { $0 + base }
    }

    /// Parses the events of a document into lines: each event's stream names its origin
    /// (`filter-log-events`), else `fallback` (from the file name for `get-log-events`).
    public static func lines(of document: Document, fallback: LogOrigin,
                             sanitizer: LineSanitizer = LineSanitizer()) -> [LogLine] {
        var parser = LogLineParser(origin: fallback, detectEnvelopes: false)
        var out: [LogLine] = []
        out.reserveCapacity(document.events.count)
        for e in document.events {
            let origin = e.streamName.map(LogOrigin.stream) ?? fallback
            // A message can hold several lines (multi-line patterns); keep each as its own line.
            for piece in e.message.split(separator: "\n", omittingEmptySubsequences: true) {
                if let l = parser.parse(sanitizer.sanitize(String(piece)), envelopeTime: e.timestamp, lineOrigin: origin) {
                    out.append(l)
                }
            }
        }
        return out
    }
}
