/// An ordered JSON value printed like the AWS CLI's `--output json` (Python `json.dumps(indent=4)`).
///
/// Why ordered: the CLI prints keys in service-model order; readers must not depend on it, but
/// files that look like the real thing make the demo and the fixtures believable.
indirect enum PrettyJSON: Sendable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    case array([PrettyJSON])
    case object([(String, PrettyJSON)])

    func render() -> String {
        var out = ""
        write(into: &out, level: 0)
        return out + "\n"
    }

    private func write(into out: inout String, level: Int) {
        let pad = String(repeating: " ", count: (level + 1) * 4)
        let closePad = String(repeating: " ", count: level * 4)
        switch self {
        case .string(let s): out += Self.quote(s)
        case .int(let v): out += String(v)
        case .double(let v): out += String(v)
        case .bool(let v): out += v ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (n, item) in items.enumerated() {
                out += pad
                item.write(into: &out, level: level + 1)
                out += n == items.count - 1 ? "\n" : ",\n"
            }
            out += closePad + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{\n"
            for (n, (k, v)) in members.enumerated() {
                out += pad + Self.quote(k) + ": "
                v.write(into: &out, level: level + 1)
                out += n == members.count - 1 ? "\n" : ",\n"
            }
            out += closePad + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var r = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": r += "\\\""
            case "\\": r += "\\\\"
            case "\n": r += "\\n"
            case "\r": r += "\\r"
            case "\t": r += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    r += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else { r.unicodeScalars.append(u) }
            }
        }
        return r + "\""
    }
}
