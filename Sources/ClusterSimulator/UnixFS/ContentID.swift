import Crypto
import Foundation

/// A CID of a block hashed with SHA-256: version 0 (base58 `Qm…`, dag-pb only) or version 1
/// (multibase base32 `b…`, dag-pb or raw).
struct ContentID: Sendable, Hashable, CustomStringConvertible {
    enum Codec: UInt8, Sendable {
        case dagPB = 0x70
        case raw = 0x55
    }

    let version: Int
    let codec: Codec
    let digest: [UInt8]

    /// Hashes `block` and names it with `version` (a raw block is always CIDv1).
    init(block: UnsafeRawBufferPointer, codec: Codec, version: Int) {
        self.codec = codec
        self.version = codec == .raw ? 1 : version
        self.digest = Array(SHA256.hash(data: block))
    }

    init(block: [UInt8], codec: Codec, version: Int) {
        self = block.withUnsafeBytes { ContentID(block: $0, codec: codec, version: version) }
    }

    /// The sha2-256 multihash: code 0x12, length 32, digest.
    var multihash: [UInt8] { [0x12, 0x20] + digest }

    /// Binary form, as stored in a dag-pb link's `Hash`.
    var bytes: [UInt8] {
        version == 0 ? multihash : [0x01, codec.rawValue] + multihash
    }

    var description: String {
        version == 0 ? Multibase.base58(multihash) : "b" + Multibase.base32(bytes)
    }
}
