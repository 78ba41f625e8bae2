import ConsoleBase

/// Scrubs credentials from an encoded record before it is written: every JSON string literal
/// goes through `Redaction` (URL user info, bearer/basic credentials, secret-named keys, JWTs)
/// and the caller's own secrets (the basic-auth password, the token) are replaced wherever they
/// appear.
///
/// Why on the encoded JSON and not on the values: credentials can sit in any text an event
/// carries (an error message echoing a URL, a log line, a pin's metadata, an ECS task
/// definition's environment); a pass over the string literals reaches all of them, including
/// those of event kinds added later, without a redaction call per field. Literals are unescaped
/// before and re-escaped after, so the JSON stays valid whatever the redaction replaces.
public struct RecordingRedactor: Sendable {
    public var secrets: [String]

    public init(secrets: [String] = []) {
        self.secrets = secrets.filter { $0.count >= 3 }
    }

    public func redact(_ json: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(json.count)
        var i = 0
        let n = json.count
        while i < n {
            let b = json[i]
            guard b == UInt8(ascii: "\"") else { out.append(b); i += 1; continue }
            // A string literal: find its closing quote (skipping escapes).
            var j = i + 1
            var escaped = false
            while j < n, json[j] != UInt8(ascii: "\"") {
                if json[j] == UInt8(ascii: "\\") { escaped = true; j += 1 }
                j += 1
            }
            guard j < n else { out += json[i...]; break }
            let body = json[(i + 1)..<j]
            out.append(UInt8(ascii: "\""))
            out += redactLiteral(body, escaped: escaped)
            out.append(UInt8(ascii: "\""))
            i = j + 1
        }
        return out
    }

    private func redactLiteral(_ body: ArraySlice<UInt8>, escaped: Bool) -> ArraySlice<UInt8> {
        // Short keys and numbers-as-strings cannot hold a credential the patterns would catch.
        guard body.count >= 8 else { return body }
        let text = escaped ? JSONText.unescape(body) : String(decoding: body, as: UTF8.self)
        let clean = secrets.isEmpty ? Redaction.redact(text) : Redaction.redact(text, secrets: secrets)
        guard clean != text else { return body }
        return ArraySlice(JSONText.escape(clean))
    }
}

/// The two halves of a JSON string literal's escaping that the redactor needs.
enum JSONText {
    static func unescape(_ body: ArraySlice<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        var bytes: [UInt8] = []
        func flush() {
            if !bytes.isEmpty { scalars.append(contentsOf: String(decoding: bytes, as: UTF8.self).unicodeScalars); bytes = [] }
        }
        var i = body.startIndex
        var pendingHigh: UInt32?
        while i < body.endIndex {
            let b = body[i]
            guard b == UInt8(ascii: "\\"), i + 1 < body.endIndex else { bytes.append(b); i += 1; continue }
            flush()
            let e = body[i + 1]
            i += 2
            var scalar: Unicode.Scalar?
            switch e {
            case UInt8(ascii: "n"): scalar = "\n"
            case UInt8(ascii: "t"): scalar = "\t"
            case UInt8(ascii: "r"): scalar = "\r"
            case UInt8(ascii: "b"): scalar = "\u{08}"
            case UInt8(ascii: "f"): scalar = "\u{0C}"
            case UInt8(ascii: "u"):
                guard i + 4 <= body.endIndex, let v = UInt32(String(decoding: body[i..<(i + 4)], as: UTF8.self), radix: 16) else {
                    scalar = "\u{FFFD}"; break
                }
                i += 4
                if (0xD800..<0xDC00).contains(v) { pendingHigh = v; continue }
                if (0xDC00..<0xE000).contains(v), let h = pendingHigh {
                    scalar = Unicode.Scalar(0x10000 + ((h - 0xD800) << 10) + (v - 0xDC00))
                } else {
                    scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
                }
            default: scalar = Unicode.Scalar(e)
            }
            pendingHigh = nil
            if let scalar { scalars.append(scalar) }
        }
        flush()
        return String(scalars)
    }

    static func escape(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 15)]]
            default: out.append(b)
            }
        }
        return out
    }
}
