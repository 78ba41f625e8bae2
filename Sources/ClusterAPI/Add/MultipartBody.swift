#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NIOCore

/// The `multipart/form-data` body of an add, produced piece by piece as async-http-client asks
/// for it (it asks again only when the socket can take more), reading each file in 256 KiB
/// chunks: memory stays constant whatever the upload's size. The layout is Go's
/// `mime/multipart` as boxo's `MultiFileReader` drives it: `Content-Disposition: form-data;
/// name="file"; filename="<query-escaped path>"`, then `Content-Type` (`application/x-directory`
/// for folders, `application/octet-stream` for files).
public struct MultipartBody: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer
    public static let chunkSize = 256 << 10

    public let upload: AddUpload
    public let boundary: String
    /// Called with the file bytes handed over so far.
    let progress: (@Sendable (Int64) -> Void)?
    /// Awaited before each file chunk is read. async-http-client queues each part on the
    /// connection's event loop and pauses the producer only once that loop has seen the socket
    /// fill up, so while the loop is busy the producer could queue as many 256 KiB chunks as it
    /// can read. Waiting until the loops have run what is queued bounds that to a chunk or two.
    let pace: (@Sendable () async -> Void)?

    public init(upload: AddUpload, boundary: String = MultipartBody.randomBoundary(),
                progress: (@Sendable (Int64) -> Void)? = nil, pace: (@Sendable () async -> Void)? = nil) {
        self.upload = upload
        self.boundary = boundary
        self.progress = progress
        self.pace = pace
    }

    public static func randomBoundary() -> String {
        (0..<30).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    func header(_ index: Int) -> String {
        let entry = upload.entries[index]
        return (index == 0 ? "" : "\r\n") + "--\(boundary)\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"\(Self.queryEscape(entry.name))\"\r\n"
            + "Content-Type: \(entry.isDirectory ? "application/x-directory" : "application/octet-stream")\r\n\r\n"
    }

    var closing: String { "\r\n--\(boundary)--\r\n" }

    /// Exact length in bytes, for `Content-Length`.
    public var length: Int64 {
        upload.entries.indices.reduce(Int64(closing.utf8.count)) { $0 + Int64(header($1).utf8.count) + upload.entries[$1].size }
    }

    /// Go's `url.QueryEscape`, which boxo applies to part file names (so `/` is `%2F`, space `+`).
    static func queryEscape(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(b))
            case UInt8(ascii: " "):
                out.append("+")
            default:
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }

    public func makeAsyncIterator() -> Iterator { Iterator(body: self) }

    public struct Iterator: AsyncIteratorProtocol {
        let body: MultipartBody
        var index = 0
        var file: OpenFile?
        var remaining: Int64 = 0
        var sent: Int64 = 0
        var closed = false
        let allocator = ByteBufferAllocator()

        public mutating func next() async throws -> ByteBuffer? {
            if let file {
                if remaining == 0 {
                    self.file = nil
                } else {
                    if let pace = body.pace { await pace() }
                    let n = Int(Swift.min(Int64(MultipartBody.chunkSize), remaining))
                    var buffer = allocator.buffer(capacity: n)
                    let got = try file.read(into: &buffer, count: n)
                    guard got > 0 else {
                        throw AddUpload.LocalError(description: "\(file.path) shrank while it was being added")
                    }
                    remaining -= Int64(got)
                    sent += Int64(got)
                    body.progress?(sent)
                    return buffer
                }
            }
            if index < body.upload.entries.count {
                let entry = body.upload.entries[index]
                let header = ByteBuffer(string: body.header(index))
                index += 1
                if !entry.isDirectory, entry.size > 0 {
                    file = try OpenFile(path: entry.localPath)
                    remaining = entry.size
                }
                return header
            }
            guard !closed else { return nil }
            closed = true
            return ByteBuffer(string: body.closing)
        }
    }
}

/// A file descriptor closed when the last reference goes (also when an upload is cancelled).
final class OpenFile: @unchecked Sendable {
    let path: String
    private let fd: Int32

    init(path: String) throws {
        self.path = path
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw AddUpload.LocalError(description: "open \(path): \(String(cString: strerror(errno)))") }
    }

    deinit { close(fd) }

    /// Reads up to `count` bytes at the end of `buffer`; 0 at end of file.
    func read(into buffer: inout ByteBuffer, count: Int) throws -> Int {
        let got = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { raw in
            var n: Int
            repeat { n = posixRead(fd, raw.baseAddress, count) } while n < 0 && errno == EINTR
            return max(n, 0)
        }
        return got
    }
}

private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(fd, buffer, count)
    #else
    Darwin.read(fd, buffer, count)
    #endif
}
