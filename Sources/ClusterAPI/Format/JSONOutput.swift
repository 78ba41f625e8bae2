import Foundation

/// `--json` output: one compact object per line (streams print one line per item), with the
/// wire's field names so the output can be decoded again as the wire types. Keys are sorted:
/// Foundation's encoder on Linux otherwise emits them in a per-process random order, and
/// output that changes from run to run breaks diffs and scripts.
public enum JSONOutput {
    public static func line<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: escapingTerminalControls(Array(try encoder.encode(value))), as: UTF8.self) + "\n"
    }

    /// JSONEncoder escapes C0 controls but writes C1 controls (U+0080–U+009F: U+009B is a CSI to
    /// many terminals), line/paragraph separators and bidi overrides and isolates raw; this
    /// writes them as `\uXXXX` escapes. Same JSON value, but server text can no longer drive or
    /// reorder the terminal it is printed on. They only occur inside strings, where an escape
    /// is always valid.
    static func escapingTerminalControls(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(where: { $0 == 0xC2 || $0 == 0xE2 }) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 32)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            var scalar: UInt32?
            if b == 0xC2, i + 1 < bytes.count, (0x80...0x9F).contains(bytes[i + 1]) {
                scalar = UInt32(bytes[i + 1])
            } else if b == 0xE2, i + 2 < bytes.count {
                let v = 0x2000 | (UInt32(bytes[i + 1] & 0x3F) << 6) | UInt32(bytes[i + 2] & 0x3F)
                if bytes[i + 1] & 0xC0 == 0x80, (0x2028...0x202E).contains(v) || (0x2066...0x2069).contains(v) { scalar = v }
            }
            guard let scalar else {
                out.append(b)
                i += 1
                continue
            }
            let hex = String(scalar, radix: 16)
            out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            i += scalar < 0x800 ? 2 : 3
        }
        return out
    }

    /// The `{"code","message"}` error object, as ctl prints errors in JSON mode.
    public static func error(_ e: ClusterAPIError) -> String {
        let message: String
        switch e.kind {
        case .api, .pinNotFound: message = e.apiMessage ?? e.description
        default: message = e.description
        }
        return (try? line(APIErrorBody(code: e.ctlCode, message: message))) ?? "{\"code\":\(e.ctlCode)}\n"
    }
}
