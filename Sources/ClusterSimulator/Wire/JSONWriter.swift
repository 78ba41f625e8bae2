import NIOCore

/// A tiny JSON writer that reproduces Go's `encoding/json` byte for byte.
///
/// Why hand-written: clients are tested against the simulator for field order, Go's HTML-safe
/// escaping (`\u003c`, `\u003e`, `\u0026`) and the `\n` that `json.Encoder` puts after every value.
/// `JSONEncoder` guarantees none of these, and it is too slow for million-pin streams.
struct JSONWriter {
    /// Bytes written so far. A plain array: per-byte `ByteBuffer` writes are far slower,
    /// especially in debug builds where NIO is not optimised.
    var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    /// The value as a buffer ready to write to a channel.
    var buffer: ByteBuffer { ByteBuffer(bytes: bytes) }

    // MARK: containers

    mutating func beginObject() { separator(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    mutating func endObject() { needsComma.removeLast(); bytes.append(UInt8(ascii: "}")) }
    mutating func beginArray() { separator(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    mutating func endArray() { needsComma.removeLast(); bytes.append(UInt8(ascii: "]")) }

    /// Writes `"name":` inside an object; the next value call completes the member.
    mutating func key(_ name: String) {
        separator()
        writeQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        // The value that follows must not emit another separator.
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
        pendingValueAfterKey = true
    }

    private var pendingValueAfterKey = false

    private mutating func separator() {
        if pendingValueAfterKey { pendingValueAfterKey = false; if !needsComma.isEmpty { needsComma[needsComma.count - 1] = true }; return }
        guard !needsComma.isEmpty else { return }
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    // MARK: scalars

    mutating func string(_ s: String) { separator(); writeQuoted(s) }
    mutating func int(_ v: Int) { separator(); bytes.append(contentsOf: String(v).utf8) }
    mutating func int64(_ v: Int64) { separator(); bytes.append(contentsOf: String(v).utf8) }
    mutating func uint64(_ v: UInt64) { separator(); bytes.append(contentsOf: String(v).utf8) }
    mutating func bool(_ v: Bool) { separator(); bytes.append(contentsOf: (v ? "true" : "false").utf8) }
    mutating func null() { separator(); bytes.append(contentsOf: "null".utf8) }
    /// Go formats float64 with the shortest representation ('g'-like for large exponents only).
    mutating func double(_ v: Double) {
        separator()
        if v == v.rounded(), abs(v) < 1e21 { bytes.append(contentsOf: String(Int64(v)).utf8) } else { bytes.append(contentsOf: "\(v)".utf8) }
    }
    /// Embeds bytes that are already valid JSON.
    mutating func raw(_ json: String) { separator(); bytes.append(contentsOf: json.utf8) }

    // MARK: convenience members

    mutating func member(_ k: String, _ v: String) { key(k); string(v) }
    mutating func member(_ k: String, _ v: Int) { key(k); int(v) }
    mutating func member(_ k: String, _ v: Int64) { key(k); int64(v) }
    mutating func member(_ k: String, _ v: Bool) { key(k); bool(v) }
    /// `nil` becomes `null`, as Go encodes a nil slice.
    mutating func member(_ k: String, strings: [String]?) {
        key(k)
        guard let strings else { null(); return }
        beginArray(); for s in strings { string(s) }; endArray()
    }
    /// Go sorts map keys; `nil` becomes `null`.
    mutating func member(_ k: String, map: [String: String]?) {
        key(k)
        guard let map else { null(); return }
        beginObject(); for (mk, mv) in map.sorted(by: { $0.key < $1.key }) { member(mk, mv) }; endObject()
    }

    /// Ends a top-level value the way `json.Encoder.Encode` does.
    mutating func newline() { bytes.append(UInt8(ascii: "\n")) }

    // MARK: escaping

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func writeQuoted(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        var out = bytes
        bytes = []
        s.withUTF8 { src in
            var start = 0
            var i = 0
            let n = src.count
            while i < n {
                let b = src[i]
                let special = b < 0x20 || b == 0x22 || b == 0x5C || b == 0x3C || b == 0x3E || b == 0x26
                // U+2028 / U+2029 (E2 80 A8 / E2 80 A9) are escaped by Go too.
                let lineSep = b == 0xE2 && i + 2 < n && src[i + 1] == 0x80 && (src[i + 2] == 0xA8 || src[i + 2] == 0xA9)
                if !special && !lineSep { i += 1; continue }
                if i > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: src[start..<i])) }
                if lineSep {
                    out.append(contentsOf: (src[i + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                    i += 3
                    start = i
                    continue
                }
                switch b {
                case 0x22: out.append(contentsOf: "\\\"".utf8)
                case 0x5C: out.append(contentsOf: "\\\\".utf8)
                case 0x0A: out.append(contentsOf: "\\n".utf8)
                case 0x0D: out.append(contentsOf: "\\r".utf8)
                case 0x09: out.append(contentsOf: "\\t".utf8)
                default:
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(Self.hex[Int(b >> 4)])
                    out.append(Self.hex[Int(b & 0xF)])
                }
                i += 1
                start = i
            }
            if start < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: src[start..<n])) }
        }
        bytes = out
        bytes.append(UInt8(ascii: "\""))
    }
}
