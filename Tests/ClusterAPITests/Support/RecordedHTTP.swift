import Foundation

/// A raw HTTP/1.1 response as recorded with `curl --raw -i` (status line, headers, chunk
/// sizes in hex, trailers), parsed exactly as it went over the wire. Lines starting with
/// `###` are the recorder's comments and are not part of the response.
struct RecordedHTTP {
    var status: Int
    var reason: String
    var headers: [(String, String)]
    /// Body bytes after de-chunking.
    var body: [UInt8]
    /// Chunk sizes as declared on the wire (empty when not chunked), the final 0 included.
    var chunkSizes: [Int]
    var trailers: [(String, String)]
    /// The response bytes as they were on the wire (recorder comments removed).
    var wireBytes: [UInt8]

    func header(_ name: String) -> [String] {
        headers.filter { $0.0.caseInsensitiveCompare(name) == .orderedSame }.map(\.1)
    }

    var isChunked: Bool { header("Transfer-Encoding").contains { $0.lowercased() == "chunked" } }

    /// Body split into NDJSON lines (non-empty).
    var lines: [[UInt8]] {
        body.split(separator: 0x0A).map(Array.init).filter { !$0.isEmpty }
    }

    static func fixtureURL(_ relative: String) -> URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(relative)
    }

    static func load(_ relative: String) throws -> RecordedHTTP {
        let data = try Data(contentsOf: fixtureURL(relative))
        return try parse(Array(data))
    }

    struct ParseError: Error, CustomStringConvertible {
        var message: String
        var offset: Int
        var description: String { "\(message) at byte \(offset)" }
    }

    static func parse(_ file: [UInt8]) throws -> RecordedHTTP {
        // Drop the recorder's `###` lines (they start at column 0 and end at \n).
        var wire: [UInt8] = []
        var i = 0
        var atLineStart = true
        while i < file.count {
            if atLineStart, file[i...].starts(with: Array("###".utf8)) {
                while i < file.count, file[i] != 0x0A { i += 1 }
                i += 1
                continue
            }
            atLineStart = file[i] == 0x0A
            wire.append(file[i])
            i += 1
        }
        var p = 0
        func line() throws -> String {
            guard let end = wire[p...].firstIndex(of: 0x0A), end > p, wire[end - 1] == 0x0D else {
                throw ParseError(message: "expected CRLF line", offset: p)
            }
            let s = String(decoding: wire[p..<(end - 1)], as: UTF8.self)
            p = end + 1
            return s
        }
        let statusLine = try line()
        let parts = statusLine.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw ParseError(message: "bad status line \(statusLine)", offset: 0)
        }
        var headers: [(String, String)] = []
        while true {
            let h = try line()
            if h.isEmpty { break }
            guard let colon = h.firstIndex(of: ":") else { throw ParseError(message: "bad header", offset: p) }
            headers.append((String(h[..<colon]), String(h[h.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
        var r = RecordedHTTP(status: status, reason: parts.count > 2 ? parts[2] : "", headers: headers, body: [],
                             chunkSizes: [], trailers: [], wireBytes: [])
        if r.isChunked {
            while true {
                let sizeLine = try line()
                guard let size = Int(sizeLine, radix: 16) else { throw ParseError(message: "bad chunk size \(sizeLine)", offset: p) }
                r.chunkSizes.append(size)
                if size == 0 { break }
                guard p + size + 2 <= wire.count else { throw ParseError(message: "chunk overruns file", offset: p) }
                r.body += wire[p..<(p + size)]
                p += size
                guard wire[p] == 0x0D, wire[p + 1] == 0x0A else { throw ParseError(message: "chunk not followed by CRLF", offset: p) }
                p += 2
            }
            while true {
                let t = try line()
                if t.isEmpty { break }
                guard let colon = t.firstIndex(of: ":") else { throw ParseError(message: "bad trailer", offset: p) }
                r.trailers.append((String(t[..<colon]), String(t[t.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
        } else if let cl = r.header("Content-Length").first.flatMap({ Int($0) }) {
            guard p + cl <= wire.count else { throw ParseError(message: "body shorter than Content-Length", offset: p) }
            r.body = Array(wire[p..<(p + cl)])
            p += cl
        }
        r.wireBytes = Array(wire[0..<p])
        return r
    }
}

/// Reads a constructed NDJSON fixture (one JSON value per line).
func fixtureLines(_ name: String) throws -> [Data] {
    let data = try Data(contentsOf: RecordedHTTP.fixtureURL("constructed/\(name).ndjson"))
    return data.split(separator: 0x0A).filter { !$0.isEmpty }.map { Data($0) }
}
