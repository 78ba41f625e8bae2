#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NIOCore

/// A streaming `multipart/form-data` parser: fed the body as it arrives, it hands out part
/// headers and part bytes without ever holding more than one network buffer plus a delimiter's
/// length, so a multi-gigabyte upload is parsed in constant memory.
struct MultipartParser {
    enum Event {
        case partStart(headers: [String: String])
        case data(ByteBuffer)
        case partEnd
    }

    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    private enum State { case preamble, headers, body, afterDelimiter, done }

    /// "\r\n--boundary": ends a part's bytes.
    private let delimiter: [UInt8]
    private var buffer = ByteBuffer()
    private var state = State.preamble

    init(boundary: String) {
        delimiter = Array("\r\n--\(boundary)".utf8)
        // The first boundary has no CRLF before it; pretend it had one.
        buffer.writeString("\r\n")
    }

    /// The `boundary` parameter of a `multipart/form-data` or `multipart/mixed` content type.
    static func boundary(contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/") else { return nil }
        for param in contentType.split(separator: ";").dropFirst() {
            let kv = param.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if kv.count == 2, kv[0].lowercased() == "boundary" {
                let value = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }

    var isComplete: Bool { state == .done }

    /// Consumes `chunk`; returns what it completed.
    mutating func feed(_ chunk: ByteBuffer) throws -> [Event] {
        var chunk = chunk
        buffer.writeBuffer(&chunk)
        var events: [Event] = []
        while true {
            switch state {
            case .done:
                buffer.clear()
                return events
            case .preamble:
                guard let at = find(delimiter) else { keepTail(); return events }
                buffer.moveReaderIndex(forwardBy: at + delimiter.count)
                state = .afterDelimiter
            case .afterDelimiter:
                guard buffer.readableBytes >= 2, let two = buffer.readString(length: 2) else { return events }
                switch two {
                case "\r\n": state = .headers
                case "--": state = .done
                default: throw Malformed(description: "multipart: expected CRLF or -- after a boundary")
                }
            case .headers:
                guard let end = find(Array("\r\n\r\n".utf8)) else {
                    if buffer.readableBytes > 16 << 10 { throw Malformed(description: "multipart: part headers too large") }
                    return events
                }
                let text = buffer.readString(length: end) ?? ""
                buffer.moveReaderIndex(forwardBy: 4)
                events.append(.partStart(headers: Self.parseHeaders(text)))
                state = .body
            case .body:
                if let at = find(delimiter) {
                    if at > 0, let data = buffer.readSlice(length: at) { events.append(.data(data)) }
                    buffer.moveReaderIndex(forwardBy: delimiter.count)
                    events.append(.partEnd)
                    state = .afterDelimiter
                } else {
                    let keep = delimiter.count - 1
                    if buffer.readableBytes > keep, let data = buffer.readSlice(length: buffer.readableBytes - keep) {
                        events.append(.data(data))
                    }
                    buffer.discardReadBytes()
                    return events
                }
            }
            buffer.discardReadBytes()
        }
    }

    private mutating func keepTail() {
        let keep = delimiter.count - 1
        if buffer.readableBytes > keep { buffer.moveReaderIndex(forwardBy: buffer.readableBytes - keep) }
        buffer.discardReadBytes()
    }

    /// Offset of `needle` in the readable bytes: memchr for its first byte, then memcmp (this
    /// runs over every uploaded byte, so no per-byte Swift loop).
    private func find(_ needle: [UInt8]) -> Int? {
        buffer.withUnsafeReadableBytes { hay in
            needle.withUnsafeBytes { n in
                guard let base = hay.baseAddress, let nb = n.baseAddress, hay.count >= n.count else { return nil }
                let last = hay.count - n.count
                var offset = 0
                while offset <= last {
                    guard let hit = memchr(base + offset, Int32(n[0]), last - offset + 1) else { return nil }
                    let at = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + at, nb, n.count) == 0 { return at }
                    offset = at + 1
                }
                return nil
            }
        }
    }

    /// Header names lower-cased.
    static func parseHeaders(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in text.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            out[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] =
                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return out
    }

    /// A parameter of a header value such as `form-data; name="file"; filename="a%2Fb"`.
    static func parameter(_ name: String, in value: String) -> String? {
        for param in value.split(separator: ";").dropFirst() {
            let kv = param.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[0].lowercased() == name else { continue }
            var v = String(kv[1])
            if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = String(v.dropFirst().dropLast()) }
            return v
        }
        return nil
    }
}
