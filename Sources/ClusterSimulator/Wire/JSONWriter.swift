import NIOCore

/// A tiny JSON writer that reproduces Go's `encoding/json` byte for byte.
///
/// Why hand-written: clients are tested against the simulator for field order, Go's HTML-safe
/// escaping (`\u003c`, `\u003e`, `\u0026`) and the `\n` that `json.Encoder` puts after every value.
/// `JSONEncoder` guarantees none of these, and it is too slow for million-pin streams.
struct JSONWriter {
    var buffer: ByteBuffer
    private var needsComma: [Bool] = []

    init(capacity: Int = 512) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    // MARK: containers

    mutating func beginObject() { separator(); buffer.writeInteger(UInt8(ascii: "{")); needsComma.append(false) }
    mutating func endObject() { needsComma.removeLast(); buffer.writeInteger(UInt8(ascii: "}")) }
    mutating func beginArray() { separator(); buffer.writeInteger(UInt8(ascii: "[")); needsComma.append(false) }
    mutating func endArray() { needsComma.removeLast(); buffer.writeInteger(UInt8(ascii: "]")) }

    /// Writes `"name":` inside an object; the next value call completes the member.
    mutating func key(_ name: String) {
        separator()
        writeQuoted(name)
        buffer.writeInteger(UInt8(ascii: ":"))
        // The value that follows must not emit another separator.
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
        pendingValueAfterKey = true
    }

    private var pendingValueAfterKey = false

    private mutating func separator() {
        if pendingValueAfterKey { pendingValueAfterKey = false; if !needsComma.isEmpty { needsComma[needsComma.count - 1] = true }; return }
        guard !needsComma.isEmpty else { return }
        if needsComma[needsComma.count - 1] { buffer.writeInteger(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    // MARK: scalars

    mutating func string(_ s: String) { separator(); writeQuoted(s) }
    mutating func int(_ v: Int) { separator(); buffer.writeString(String(v)) }
    mutating func int64(_ v: Int64) { separator(); buffer.writeString(String(v)) }
    mutating func uint64(_ v: UInt64) { separator(); buffer.writeString(String(v)) }
    mutating func bool(_ v: Bool) { separator(); buffer.writeStaticString(v ? "true" : "false") }
    mutating func null() { separator(); buffer.writeStaticString("null") }
    /// Go formats float64 with the shortest representation ('g'-like for large exponents only).
    mutating func double(_ v: Double) {
        separator()
        if v == v.rounded(), abs(v) < 1e21 { buffer.writeString(String(Int64(v))) } else { buffer.writeString("\(v)") }
    }
    /// Embeds bytes that are already valid JSON.
    mutating func raw(_ json: String) { separator(); buffer.writeString(json) }

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
    mutating func newline() { buffer.writeInteger(UInt8(ascii: "\n")) }

    // MARK: escaping

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func writeQuoted(_ s: String) {
        buffer.writeInteger(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var start = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                let needsEscape = b < 0x20 || b == 0x22 || b == 0x5C || b == 0x3C || b == 0x3E || b == 0x26
                // U+2028 and U+2029 are escaped by Go too (E2 80 A8 / E2 80 A9).
                let isLineSep = b == 0xE2 && i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9)
                if !needsEscape && !isLineSep { continue }
                if i > start { buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start..<i])) }
                if isLineSep {
                    buffer.writeStaticString(bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                    start = i + 3
                    continue
                }
                switch b {
                case 0x22: buffer.writeStaticString("\\\"")
                case 0x5C: buffer.writeStaticString("\\\\")
                case 0x0A: buffer.writeStaticString("\\n")
                case 0x0D: buffer.writeStaticString("\\r")
                case 0x09: buffer.writeStaticString("\\t")
                default:
                    buffer.writeStaticString("\\u00")
                    buffer.writeInteger(Self.hex[Int(b >> 4)])
                    buffer.writeInteger(Self.hex[Int(b & 0xF)])
                }
                start = i + 1
            }
            if start < bytes.count { buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start...])) }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }
}
