/// Makes text from the network safe to print on a terminal: control characters and escape
/// sequences become visible `\u{..}` escapes and can never move the cursor or change colours.
public enum APISanitizer {
    public static func line(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x20..<0x7F, 0xA0...:
                if (0x2028...0x2029).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
                    || (0x2066...0x2069).contains(scalar.value) {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            case 0x09:
                out += " "
            default:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        return out
    }
}
