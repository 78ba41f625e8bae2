import Foundation

/// Turns records into chunk bytes and back (pure; the writer and the reader do the files).
enum RecordingChunks {
    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        // Shortest round-tripping doubles; dates as seconds since 2001 (exact, unlike ISO 8601).
        e.dateEncodingStrategy = .deferredToDate
        return e
    }

    /// One JSON line per record, already redacted.
    static func line<T: Encodable>(_ value: T, encoder: JSONEncoder, redactor: RecordingRedactor) throws -> [UInt8] {
        redactor.redact(Array(try encoder.encode(value)))
    }

    /// A chunk: header (magic, stored size, raw size, CRC-32 of the stored bytes) then the
    /// compressed lines.
    static func chunk(lines raw: [UInt8]) throws -> [UInt8] {
        let stored = try Zlib.compress(raw)
        var out = RecordingFormat.chunkMagic
        out.reserveCapacity(RecordingFormat.chunkHeaderSize + stored.count)
        out.appendLE(UInt32(stored.count))
        out.appendLE(UInt32(raw.count))
        out.appendLE(Zlib.checksum(stored[...]))
        out += stored
        return out
    }
}

/// Wraps a header record so the line says what it is (`{"header": ...}`).
struct HeaderLine: Codable {
    var header: RecordingHeader
}
