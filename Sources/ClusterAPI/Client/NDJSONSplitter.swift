import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Cuts a byte stream into newline-terminated lines without copying more than needed, and
/// remembers each line's byte offset in the whole stream for error messages.
struct NDJSONSplitter {
    private var buffer = ByteBuffer()
    /// Stream offset of index 0 of `buffer`.
    private var base = 0
    /// Readable bytes already searched for a newline without finding one. Why: a single 10 MB
    /// line arrives in hundreds of chunks, and searching it from its start after each one was
    /// quadratic (half a minute in a debug build).
    private var scanned = 0

    mutating func append(_ chunk: ByteBuffer) {
        if buffer.readableBytes == 0 {
            // Common case: every earlier byte was consumed; take the chunk as is (no copy).
            base += buffer.writerIndex - chunk.readerIndex
            buffer = chunk
            return
        }
        var chunk = chunk
        buffer.writeBuffer(&chunk)
    }

    /// The next complete line (without the newline) and its stream offset; skips blank lines.
    mutating func nextLine() -> (ByteBuffer, Int)? {
        while true {
            guard let length = Self.newline(in: buffer, from: scanned) else {
                scanned = buffer.readableBytes
                if buffer.readerIndex > 64 << 10 { compact() }
                return nil
            }
            scanned = 0
            let offset = base + buffer.readerIndex
            let line = buffer.readSlice(length: length)!
            buffer.moveReaderIndex(forwardBy: 1)
            if line.readableBytesView.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            return (line, offset)
        }
    }

    /// Bytes after the last newline when the stream ended (Go always ends lines, but a
    /// hand-written server may not).
    mutating func remainder() -> (ByteBuffer, Int)? {
        guard buffer.readableBytes > 0,
              !buffer.readableBytesView.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 || $0 == 0x0A }) else { return nil }
        let offset = base + buffer.readerIndex
        let rest = buffer.readSlice(length: buffer.readableBytes)!
        return (rest, offset)
    }

    /// Offset (from the reader index) of the first newline at or after `from`; memchr.
    static func newline(in buffer: ByteBuffer, from: Int) -> Int? {
        buffer.withUnsafeReadableBytes { raw in
            guard raw.count > from, let start = raw.baseAddress,
                  let hit = memchr(start + from, 0x0A, raw.count - from) else { return nil }
            return UnsafeRawPointer(hit) - start
        }
    }

    private mutating func compact() {
        base += buffer.readerIndex
        buffer.discardReadBytes()
    }
}
