/// Builds short ASCII texts (times, escapes) byte by byte.
///
/// Why not `String(format:)`: it goes through Foundation's formatter on every call and is several
/// times slower; timestamps are formatted for every visible pin row and every saved log line.
struct ASCIIWriter {
    var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func byte(_ b: UInt8) { bytes.append(b) }

    mutating func text(_ s: String) { bytes.append(contentsOf: s.utf8) }

    /// Decimal, zero-padded to `width` digits (a minus sign comes first and does not count).
    mutating func number(_ value: Int, width: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var v = value.magnitude
        var div: UInt = 1
        var n = 1
        while v / div >= 10 { div *= 10; n += 1 }
        if width > n { bytes.append(contentsOf: repeatElement(0x30, count: width - n)) }
        while div > 0 {
            bytes.append(UInt8(truncatingIfNeeded: v / div) &+ 0x30)
            v %= div
            div /= 10
        }
    }

    /// `YYYY-MM-DD`, or `YYYYMMDD` without a separator.
    mutating func date(_ c: CivilTime, separator: UInt8?) {
        fields(c.year, c.month, c.day, firstWidth: 4, separator: separator)
    }

    /// `HH:MM:SS`, or `HHMMSS` without a separator.
    mutating func time(_ c: CivilTime, separator: UInt8?) {
        fields(c.hour, c.minute, c.second, firstWidth: 2, separator: separator)
    }

    /// Three zero-padded fields, the last two of width 2.
    private mutating func fields(_ a: Int, _ b: Int, _ c: Int, firstWidth: Int, separator: UInt8?) {
        number(a, width: firstWidth)
        if let separator { byte(separator) }
        number(b, width: 2)
        if let separator { byte(separator) }
        number(c, width: 2)
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
