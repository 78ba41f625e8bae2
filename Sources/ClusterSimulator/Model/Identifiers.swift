/// Seeded pseudo-random numbers (SplitMix64).
///
/// Why not `SystemRandomNumberGenerator`: the same seed must give the same peers, CIDs and
/// errors on every run so tests and benchmarks are reproducible.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    public mutating func bytes(_ n: Int) -> [UInt8] {
        var out: [UInt8] = []; out.reserveCapacity(n)
        while out.count < n { var v = next(); for _ in 0..<8 where out.count < n { out.append(UInt8(v & 0xFF)); v >>= 8 } }
        return out
    }
}

/// Multibase encodings used by CIDs and peer ids.
enum Multibase {
    static let base58Alphabet: [UInt8] = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
    static let base32Alphabet: [UInt8] = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    static func base58(_ bytes: [UInt8]) -> String {
        var zeros = 0
        while zeros < bytes.count && bytes[zeros] == 0 { zeros += 1 }
        var digits: [UInt8] = []  // little-endian base58 digits
        for b in bytes[zeros...] {
            var carry = Int(b)
            for i in 0..<digits.count {
                carry += Int(digits[i]) << 8
                digits[i] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 { digits.append(UInt8(carry % 58)); carry /= 58 }
        }
        var out = [UInt8](repeating: base58Alphabet[0], count: zeros)
        for d in digits.reversed() { out.append(base58Alphabet[Int(d)]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func base58Decode(_ s: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []  // little-endian
        var zeros = 0
        var leading = true
        for c in s.utf8 {
            guard let v = base58Alphabet.firstIndex(of: c) else { return nil }
            if leading && v == 0 { zeros += 1; continue }
            leading = false
            var carry = v
            for i in 0..<bytes.count {
                carry += Int(bytes[i]) * 58
                bytes[i] = UInt8(carry & 0xFF)
                carry >>= 8
            }
            while carry > 0 { bytes.append(UInt8(carry & 0xFF)); carry >>= 8 }
        }
        return [UInt8](repeating: 0, count: zeros) + bytes.reversed()
    }

    static func base32(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var buffer = 0, bits = 0
        for b in bytes {
            buffer = (buffer << 8) | Int(b); bits += 8
            while bits >= 5 { out.append(base32Alphabet[(buffer >> (bits - 5)) & 31]); bits -= 5 }
        }
        if bits > 0 { out.append(base32Alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func base32Decode(_ s: Substring) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer = 0, bits = 0
        for c in s.utf8 {
            guard let v = base32Alphabet.firstIndex(of: c) else { return nil }
            buffer = ((buffer << 5) | v) & 0xFFFF; bits += 5
            if bits >= 8 { out.append(UInt8((buffer >> (bits - 8)) & 0xFF)); bits -= 8 }
        }
        return out
    }
}

/// Realistic identifiers: Ed25519 peer ids (`12D3KooW…`) and CIDs (`bafy…`, `bafk…`, `Qm…`).
/// Public for the benchmark's generator, which must write the same shapes.
public enum Identifiers {
    /// An Ed25519 libp2p peer id: identity multihash of the protobuf-wrapped public key.
    public static func peerID(_ rng: inout SeededRandom) -> String {
        Multibase.base58([0x00, 0x24, 0x08, 0x01, 0x12, 0x20] + rng.bytes(32))
    }

    public static func cidV1(digest: [UInt8], raw: Bool = false) -> String {
        "b" + Multibase.base32([0x01, raw ? 0x55 : 0x70, 0x12, 0x20] + digest)
    }

    public static func cidV0(digest: [UInt8]) -> String { Multibase.base58([0x12, 0x20] + digest) }

    /// A random CID for ad-hoc pins (scenario pin activity).
    static func randomCID(_ rng: inout SeededRandom) -> String {
        let d = rng.bytes(32)
        return rng.next() % 8 == 0 ? cidV0(digest: d) : cidV1(digest: d, raw: rng.next() % 3 == 0)
    }

    /// Validates a CID as go-cid would for our purposes; returns the error text Cluster sends.
    static func validateCID(_ s: String) -> String? {
        if s.hasPrefix("Qm") {
            if s.count == 46, let b = Multibase.base58Decode(Substring(s)), b.count == 34, b[0] == 0x12 { return nil }
            return "invalid cid: multihash length inconsistent"
        }
        if s.hasPrefix("b"), s.count > 10, let b = Multibase.base32Decode(s.dropFirst()), b.count >= 4, b[0] == 0x01 { return nil }
        return "invalid cid: selected encoding not supported"
    }
}

/// Deterministic CIDs and names for the N generated pins, recoverable from the CID alone.
///
/// Why: a million pins must not cost a million heap strings. The generated CID embeds its index
/// (XOR-masked so it still looks random), so `GET /pins/{cid}` finds the pin by decoding the CID
/// instead of through a string dictionary.
struct GeneratedPins: Sendable {
    let seed: UInt64
    private var mask: UInt32 { UInt32(truncatingIfNeeded: seed &* 0x9E37_79B9) ^ 0x5A17_C3E1 }

    func digest(_ index: Int) -> [UInt8] {
        var rng = SeededRandom(seed: seed ^ (UInt64(index) &* 0xD1B5_4A32_D192_ED03))
        var d = rng.bytes(32)
        let masked = UInt32(index) ^ mask
        d[28] = UInt8(masked >> 24); d[29] = UInt8((masked >> 16) & 0xFF); d[30] = UInt8((masked >> 8) & 0xFF); d[31] = UInt8(masked & 0xFF)
        return d
    }

    func cid(_ index: Int) -> String {
        let d = digest(index)
        switch index % 10 {
        case 0: return Identifiers.cidV0(digest: d)
        case 1, 2: return Identifiers.cidV1(digest: d, raw: true)
        default: return Identifiers.cidV1(digest: d)
        }
    }

    /// The index a generated CID encodes, if `cid` is one of ours.
    func index(of cid: String) -> Int? {
        var digest: [UInt8]
        if cid.hasPrefix("Qm") {
            guard let b = Multibase.base58Decode(Substring(cid)), b.count == 34 else { return nil }
            digest = Array(b[2...])
        } else if cid.hasPrefix("b") {
            guard let b = Multibase.base32Decode(cid.dropFirst()), b.count == 36 else { return nil }
            digest = Array(b[4...])
        } else { return nil }
        let masked = (UInt32(digest[28]) << 24) | (UInt32(digest[29]) << 16) | (UInt32(digest[30]) << 8) | UInt32(digest[31])
        let idx = Int(masked ^ mask)
        return self.cid(idx) == cid ? idx : nil
    }

    private static let words = ["backup", "dataset", "nft-meta", "website", "archive", "images", "logs", "video",
                                "docs", "snapshot", "model", "release"]

    func name(_ index: Int) -> String {
        if index % 7 == 3 { return "" }
        return "\(Self.words[index % Self.words.count])-\(index)"
    }
}
