import Foundation

/// The test data of `Fixtures/unixfs/make_cids.py`, generated the same way: a 4099-byte block
/// (block[j] = (j * 2654435761 >> 24) & 255) repeated. 4099 is prime, so no two 256 KiB chunks
/// are equal and a mistake in chunk order changes the CID.
enum UnixFSFixtureData {
    static let block: [UInt8] = (0..<4099).map { UInt8(truncatingIfNeeded: (UInt64($0) &* 2_654_435_761) >> 24) }
    /// The block repeated 64 times: any piece up to 60 blocks long is one slice of it.
    private static let ring: [UInt8] = Array((0..<64).map { _ in block }.joined())

    /// `count` bytes of the pattern starting at `offset`, as `body` pieces of at most ~245 KiB
    /// (an odd size, so pieces straddle chunk boundaries).
    static func forEachPiece(size: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var offset = 0
        let piece = 60 * 4099 - 7
        try ring.withUnsafeBytes { raw in
            while offset < size {
                let n = min(piece, size - offset)
                let start = offset % 4099
                try body(UnsafeRawBufferPointer(rebasing: raw[start..<(start + n)]))
                offset += n
            }
        }
    }

    static func bytes(size: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(size)
        forEachPiece(size: size) { out.append(contentsOf: $0) }
        return out
    }

    /// `case -> (CIDv0, CIDv1)` from `Fixtures/unixfs/cids.txt`.
    static func expected() throws -> [String: (v0: String, v1: String)] {
        let url = try require(Bundle.module.url(forResource: "Fixtures/unixfs/cids", withExtension: "txt"))
        var out: [String: (String, String)] = [:]
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
            let f = line.split(separator: " ").map(String.init)
            if f.count == 3 { out[f[0]] = (f[1], f[2]) }
        }
        return out
    }

    /// Writes the fixture folder (d/a.txt, d/sub/b.bin, d/sub/empty) under `root`; returns d's path.
    static func writeFolder(under root: String) throws -> String {
        let d = root + "/d"
        try FileManager.default.createDirectory(atPath: d + "/sub", withIntermediateDirectories: true)
        try Data("hello world".utf8).write(to: URL(fileURLWithPath: d + "/a.txt"))
        try Data(bytes(size: 262_145)).write(to: URL(fileURLWithPath: d + "/sub/b.bin"))
        try Data().write(to: URL(fileURLWithPath: d + "/sub/empty"))
        return d
    }
}

/// `#require` outside a test body.
private func require<T>(_ value: T?) throws -> T {
    guard let value else { throw CocoaError(.fileNoSuchFile) }
    return value
}
