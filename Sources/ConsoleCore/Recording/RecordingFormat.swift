/// The layout of a recording file (`--record FILE`).
///
/// ```
/// file   = magic chunk*
/// magic  = "ICCREC" 0x00 0x01                      8 bytes: name and format version
/// chunk  = "ICRK" u32 stored u32 raw u32 crc32     16-byte header, little endian
///          stored bytes                            zlib (`compress2`) of `raw` bytes
/// raw    = record ("\n" record)*                   one JSON object per line
/// record = {"header": RecordingHeader}             first record of every file
///        | {"t": time, "e": event}                 a `ConsoleEvent` as the core received it
/// ```
///
/// Why chunks: each is compressed on its own and carries its length and checksum, so a crash
/// loses at most the chunk being filled (flushed every second), a torn or corrupt chunk is
/// detected at its byte offset, and everything before it still replays. Why JSON lines inside:
/// every event type gets its encoding from `Codable` (one line of code per case in
/// `ConsoleEvent+Codable.swift`), other helpers' new events extend it without a format change,
/// and zlib takes the repetition out (see the README's figures). Unknown event kinds written by a
/// newer console are skipped and counted, not fatal.
public enum RecordingFormat {
    public static let magic: [UInt8] = Array("ICCREC".utf8) + [0, 1]
    static let chunkMagic: [UInt8] = Array("ICRK".utf8)
    static let chunkHeaderSize = 16
    /// A chunk larger than this is corrupt (the writer flushes at `RecordingOptions.chunkBytes`).
    static let maxChunkBytes = 64 << 20
}

extension Array where Element == UInt8 {
    mutating func appendLE(_ v: UInt32) {
        append(UInt8(v & 0xff)); append(UInt8((v >> 8) & 0xff)); append(UInt8((v >> 16) & 0xff)); append(UInt8(v >> 24))
    }
}

extension ArraySlice where Element == UInt8 {
    func readLE(at i: Int) -> UInt32 {
        UInt32(self[i]) | UInt32(self[i + 1]) << 8 | UInt32(self[i + 2]) << 16 | UInt32(self[i + 3]) << 24
    }
}
