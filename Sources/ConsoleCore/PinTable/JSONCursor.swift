import Foundation

/// A string value found by the cursor: either a slice of the input line (no escapes) or of the
/// decoder's scratch buffer (escapes resolved). Valid only while the current line is decoded.
/// `p == nil` means JSON `null`.
struct ByteString {
    var p: UnsafePointer<UInt8>?
    var n: Int
    static var null: ByteString { ByteString(p: nil, n: 0) }
    var isNullOrEmpty: Bool { p == nil || n == 0 }
    @inline(__always) func equals(_ lit: StaticString) -> Bool {
        guard let p, n == lit.utf8CodeUnitCount else { return false }
        return sameBytes(p, lit.utf8Start, n)
    }
    var string: String { p.map { String(decoding: UnsafeBufferPointer(start: $0, count: n), as: UTF8.self) } ?? "" }
}

/// Where and why a line failed to scan; the decoder adds the stream offset and line number.
struct ScanError: Error {
    var position: Int
    var reason: String
}

/// A JSON scanner over one NDJSON line held in memory, strict to RFC 8259 (what
/// JSONSerialization accepts), allocation-free for keys and plain strings. Escaped strings
/// are decoded into a scratch buffer at least as long as the line, so they never move.
struct JSONCursor {
    let base: UnsafePointer<UInt8>
    let end: Int
    var i: Int = 0
    let scratch: UnsafeMutablePointer<UInt8>
    var scratchUsed: Int = 0
    /// The decoder's, carried from line to line.
    var timeMemo = TimeMemo()

    init(base: UnsafePointer<UInt8>, count: Int, scratch: UnsafeMutablePointer<UInt8>) {
        self.base = base
        self.end = count
        self.scratch = scratch
    }

    @inline(__always) func fail(_ reason: String, at pos: Int? = nil) -> ScanError {
        ScanError(position: pos ?? i, reason: reason)
    }

    @inline(__always) mutating func skipWS() {
        while i < end {
            let c = base[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i &+= 1 } else { return }
        }
    }

    /// The next non-whitespace byte, or 0 at the end of the line.
    @inline(__always) mutating func peek() -> UInt8 {
        skipWS()
        return i < end ? base[i] : 0
    }

    @inline(__always) mutating func expect(_ c: UInt8, _ what: StaticString) throws(ScanError) {
        if peek() != c { throw unexpected(what) }
        i &+= 1
    }

    func unexpected(_ what: StaticString) -> ScanError {
        if i >= end { return fail("unexpected end of line, expected \(what)") }
        let c = base[i]
        let shown = c >= 0x20 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : String(format: "byte 0x%02X", c)
        return fail("unexpected \(shown), expected \(what)")
    }

    /// Consumes the string `"<b>"` when the input spells exactly that (call after `peek()`).
    /// `b` must be plain (see `isPlainJSON`), so raw equality means value equality: this is how
    /// repeated peer ids and names are recognised without scanning or hashing them.
    @inline(__always) mutating func matchPlain(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        guard n > 0, i + n + 1 < end, base[i] == 0x22, base[i + n + 1] == 0x22,
              sameBytes(base + i + 1, b.baseAddress!, n) else { return false }
        i += n + 2
        return true
    }

    /// Lines hold exactly one value: anything after it is an error, found before writing.
    mutating func expectEndOfLine() throws(ScanError) {
        if peek() != 0 { throw fail("unexpected data after the JSON value") }
    }

    /// Opens an object; returns false for `null` (treated as empty, as Go's nil maps are).
    @inline(__always) mutating func beginObjectOrNull() throws(ScanError) -> Bool {
        let c = peek()
        if c == UInt8(ascii: "{") { i &+= 1; return true }
        if c == UInt8(ascii: "n") { try literal("null"); return false }
        throw unexpected("an object or null")
    }

    /// Next key of an open object, or nil at `}`. `first` tells whether a comma is due.
    @inline(__always) mutating func nextKey(first: inout Bool) throws(ScanError) -> ByteString? {
        var c = peek()
        if c == UInt8(ascii: "}") { i &+= 1; return nil }
        if !first {
            guard c == UInt8(ascii: ",") else { throw unexpected("',' or '}'") }
            i &+= 1
            c = peek()
        }
        first = false
        guard c == UInt8(ascii: "\"") else { throw unexpected("a key string") }
        let k = try string()
        try expect(UInt8(ascii: ":"), "':'")
        return k
    }

    /// `nextKey` when the key is most likely `likely[position]`: writers emit fields in struct
    /// order (Go's `/pins` and `/allocations` lines always do), so the expected key, quotes and
    /// colon are recognised with one compare instead of scanned (nextKey + its string scan were
    /// 20% of a `/pins` decode in `perf`; figure 1 at 200k went from 12.7-13.2x to 13.1-13.4x
    /// JSONDecoder). Anything else (another key, whitespace, an escape) takes the general path,
    /// with the same result.
    @inline(__always) mutating func nextKey(first: inout Bool, position: Int, likely: [StaticString]) throws(ScanError) -> ByteString? {
        if position < likely.count {
            let lit = likely[position]
            let n = lit.utf8CodeUnitCount
            let q = first ? i : i &+ 1
            if q &+ n &+ 2 < end, first || base[i] == UInt8(ascii: ","), base[q] == UInt8(ascii: "\""),
               base[q &+ n &+ 1] == UInt8(ascii: "\""), base[q &+ n &+ 2] == UInt8(ascii: ":"),
               sameBytes(base + (q &+ 1), lit.utf8Start, n) {
                i = q &+ n &+ 3
                first = false
                return ByteString(p: base + (q &+ 1), n: n)
            }
        }
        return try nextKey(first: &first)
    }

    /// Opens an array; returns false for `null`.
    @inline(__always) mutating func beginArrayOrNull() throws(ScanError) -> Bool {
        let c = peek()
        if c == UInt8(ascii: "[") { i &+= 1; return true }
        if c == UInt8(ascii: "n") { try literal("null"); return false }
        throw unexpected("an array or null")
    }

    /// True while the open array has another element (consumes the separator).
    @inline(__always) mutating func nextElement(first: inout Bool) throws(ScanError) -> Bool {
        let c = peek()
        if c == UInt8(ascii: "]") { i &+= 1; return false }
        if !first {
            guard c == UInt8(ascii: ",") else { throw unexpected("',' or ']'") }
            i &+= 1
            if peek() == UInt8(ascii: "]") { throw unexpected("a value") }
        }
        first = false
        return true
    }

    mutating func literal(_ lit: StaticString) throws(ScanError) {
        let n = lit.utf8CodeUnitCount
        guard i + n <= end, memcmp(base + i, lit.utf8Start, n) == 0 else {
            throw fail("invalid literal, expected \(lit)")
        }
        i += n
    }

    /// A string or null.
    @inline(__always) mutating func stringOrNull() throws(ScanError) -> ByteString {
        let c = peek()
        if c == UInt8(ascii: "\"") { return try string() }
        if c == UInt8(ascii: "n") { try literal("null"); return .null }
        throw unexpected("a string or null")
    }

    /// Reads a string starting at the opening quote (already peeked).
    mutating func string() throws(ScanError) -> ByteString {
        i &+= 1
        let start = i
        // Fast path: 8 bytes at a time while none is a quote, backslash, control or non-ASCII.
        let raw = UnsafeRawPointer(base)
        while i &+ 8 <= end {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let q = w ^ 0x2222_2222_2222_2222
            let b = w ^ 0x5C5C_5C5C_5C5C_5C5C
            let hasQ = (q &- 0x0101_0101_0101_0101) & ~q
            let hasB = (b &- 0x0101_0101_0101_0101) & ~b
            let hasC = (w &- 0x2020_2020_2020_2020) & ~w
            let found = (hasQ | hasB | hasC | w) & 0x8080_8080_8080_8080
            // The lowest flagged byte is exact (a false flag can only follow a true one): jump
            // to it rather than re-reading up to 7 bytes one at a time.
            if found != 0 { i &+= found.trailingZeroBitCount &>> 3; break }
            i &+= 8
        }
        while i < end {
            let c = base[i]
            if c == UInt8(ascii: "\"") {
                let s = ByteString(p: base + start, n: i - start)
                i &+= 1
                return s
            }
            if c == UInt8(ascii: "\\") { return try escapedString(start: start) }
            if c < 0x20 { throw fail("control character 0x\(String(c, radix: 16)) in string") }
            if c >= 0x80 { i = try utf8(at: i) } else { i &+= 1 }
        }
        throw fail("unterminated string", at: start - 1)
    }

    /// Validates one UTF-8 sequence starting at `j`; returns the index after it.
    func utf8(at j: Int) throws(ScanError) -> Int {
        let c = base[j]
        var len = 0
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
        switch c {
        case 0xC2...0xDF: len = 2
        case 0xE0: len = 3; lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: len = 3
        case 0xED: len = 3; hi = 0x9F
        case 0xF0: len = 4; lo = 0x90
        case 0xF1...0xF3: len = 4
        case 0xF4: len = 4; hi = 0x8F
        default: throw fail("invalid UTF-8 byte 0x\(String(c, radix: 16))", at: j)
        }
        guard j + len <= end else { throw fail("truncated UTF-8 sequence", at: j) }
        let c1 = base[j + 1]
        guard c1 >= lo && c1 <= hi else { throw fail("invalid UTF-8 sequence", at: j) }
        for k in 2..<max(2, len) where base[j + k] & 0xC0 != 0x80 {
            throw fail("invalid UTF-8 sequence", at: j)
        }
        return j + len
    }

    /// Slow path: copies the string into scratch, resolving escapes.
    mutating func escapedString(start: Int) throws(ScanError) -> ByteString {
        let out = scratch + scratchUsed
        var o = i - start
        out.update(from: base + start, count: o)
        while i < end {
            let c = base[i]
            if c == UInt8(ascii: "\"") {
                i &+= 1
                scratchUsed += o
                return ByteString(p: UnsafePointer(out), n: o)
            }
            if c < 0x20 { throw fail("control character 0x\(String(c, radix: 16)) in string") }
            if c == UInt8(ascii: "\\") {
                guard i + 1 < end else { throw fail("unterminated escape") }
                let e = base[i + 1]
                var lit: UInt8 = 0
                switch e {
                case UInt8(ascii: "\""): lit = 0x22
                case UInt8(ascii: "\\"): lit = 0x5C
                case UInt8(ascii: "/"): lit = 0x2F
                case UInt8(ascii: "b"): lit = 0x08
                case UInt8(ascii: "f"): lit = 0x0C
                case UInt8(ascii: "n"): lit = 0x0A
                case UInt8(ascii: "r"): lit = 0x0D
                case UInt8(ascii: "t"): lit = 0x09
                case UInt8(ascii: "u"):
                    var cp = try hex4(at: i + 2)
                    let escStart = i
                    i += 6
                    if cp >= 0xD800 && cp <= 0xDBFF {
                        guard i + 1 < end, base[i] == UInt8(ascii: "\\"), base[i + 1] == UInt8(ascii: "u") else {
                            throw fail("unpaired high surrogate \\u\(String(cp, radix: 16, uppercase: true))", at: escStart)
                        }
                        let low = try hex4(at: i + 2)
                        guard low >= 0xDC00 && low <= 0xDFFF else {
                            throw fail("high surrogate not followed by a low surrogate", at: i)
                        }
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    } else if cp >= 0xDC00 && cp <= 0xDFFF {
                        throw fail("unpaired low surrogate \\u\(String(cp, radix: 16, uppercase: true))", at: escStart)
                    }
                    o += encodeUTF8(cp, into: out + o)
                    continue
                default:
                    throw fail("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
                }
                out[o] = lit
                o += 1
                i += 2
                continue
            }
            if c >= 0x80 {
                let next = try utf8(at: i)
                while i < next { out[o] = base[i]; o += 1; i += 1 }
            } else {
                out[o] = c
                o += 1
                i += 1
            }
        }
        throw fail("unterminated string", at: start - 1)
    }

    func hex4(at j: Int) throws(ScanError) -> UInt32 {
        guard j + 4 <= end else { throw fail("truncated \\u escape", at: j - 2) }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = base[j + k]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: throw fail("invalid hex digit in \\u escape", at: j + k)
            }
            v = v << 4 | d
        }
        return v
    }

    func encodeUTF8(_ cp: UInt32, into o: UnsafeMutablePointer<UInt8>) -> Int {
        switch cp {
        case 0..<0x80: o[0] = UInt8(cp); return 1
        case 0x80..<0x800:
            o[0] = UInt8(0xC0 | cp >> 6); o[1] = UInt8(0x80 | cp & 0x3F); return 2
        case 0x800..<0x10000:
            o[0] = UInt8(0xE0 | cp >> 12); o[1] = UInt8(0x80 | cp >> 6 & 0x3F); o[2] = UInt8(0x80 | cp & 0x3F); return 3
        default:
            o[0] = UInt8(0xF0 | cp >> 18); o[1] = UInt8(0x80 | cp >> 12 & 0x3F)
            o[2] = UInt8(0x80 | cp >> 6 & 0x3F); o[3] = UInt8(0x80 | cp & 0x3F); return 4
        }
    }

    /// Scans a JSON number per the grammar; returns its span and whether it is an integer.
    mutating func numberSpan() throws(ScanError) -> (start: Int, isInteger: Bool) {
        let start = i
        var integer = true
        if i < end && base[i] == UInt8(ascii: "-") { i += 1 }
        guard i < end, base[i] &- 48 < 10 else { throw fail("invalid number", at: start) }
        if base[i] == 48 {
            i += 1
            if i < end && base[i] &- 48 < 10 { throw fail("leading zero in number", at: start) }
        } else {
            while i < end && base[i] &- 48 < 10 { i += 1 }
        }
        if i < end && base[i] == UInt8(ascii: ".") {
            integer = false
            i += 1
            guard i < end, base[i] &- 48 < 10 else { throw fail("invalid number: digit expected after '.'", at: start) }
            while i < end && base[i] &- 48 < 10 { i += 1 }
        }
        if i < end && (base[i] | 0x20) == UInt8(ascii: "e") {
            integer = false
            i += 1
            if i < end && (base[i] == UInt8(ascii: "+") || base[i] == UInt8(ascii: "-")) { i += 1 }
            guard i < end, base[i] &- 48 < 10 else { throw fail("invalid number: exponent digits expected", at: start) }
            while i < end && base[i] &- 48 < 10 { i += 1 }
        }
        return (start, integer)
    }

    /// An integer field; null reads as 0 (Go's zero value).
    @inline(__always) mutating func integer() throws(ScanError) -> Int64 {
        let c = peek()
        if c == UInt8(ascii: "n") { try literal("null"); return 0 }
        let (start, isInt) = try numberSpan()
        guard isInt else { throw fail("expected an integer", at: start) }
        var j = start
        let neg = base[j] == UInt8(ascii: "-")
        if neg { j += 1 }
        var v: Int64 = 0
        while j < i {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(base[j] - 48))
            if o1 || o2 { throw fail("integer out of range", at: start) }
            v = a
            j += 1
        }
        return neg ? -v : v
    }

    /// true/false; null reads as false.
    @inline(__always) mutating func bool() throws(ScanError) -> Bool {
        switch peek() {
        case UInt8(ascii: "t"): try literal("true"); return true
        case UInt8(ascii: "f"): try literal("false"); return false
        case UInt8(ascii: "n"): try literal("null"); return false
        default: throw unexpected("true, false or null")
        }
    }

    /// A time string (RFC 3339) or null.
    @inline(__always) mutating func time() throws(ScanError) -> PinTime {
        let at = i
        let s = try stringOrNull()
        guard let p = s.p else { return .unset }
        if let t = timeMemo.lookup(p, s.n) { return t }
        guard let t = PinTime.parse(p, s.n) else { throw fail("invalid RFC 3339 time", at: at) }
        timeMemo.remember(p, s.n, t)
        return t
    }

    /// An array of strings (null = empty), handing each element to `body`.
    @inline(__always) mutating func strings(_ body: (ByteString) throws(ScanError) -> Void) throws(ScanError) {
        guard try beginArrayOrNull() else { return }
        var first = true
        while try nextElement(first: &first) {
            guard peek() == UInt8(ascii: "\"") else { throw unexpected("a string") }
            try body(try string())
        }
    }

    /// Skips any JSON value, validating it.
    mutating func skipValue(depth: Int = 0) throws(ScanError) {
        if depth > 512 { throw fail("nesting deeper than 512") }
        switch peek() {
        case UInt8(ascii: "\""):
            let saved = scratchUsed
            _ = try string()
            scratchUsed = saved
        case UInt8(ascii: "{"):
            i += 1
            var first = true
            while try nextKey(first: &first) != nil { try skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            i += 1
            var first = true
            while try nextElement(first: &first) { try skipValue(depth: depth + 1) }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), 48...57: _ = try numberSpan()
        default: throw unexpected("a value")
        }
    }
}

/// The last time text parsed and its value. Why: a pin's entries usually repeat its `created`
/// time (and pins come in batches), so most times are recognised by one compare instead of
/// parsed (parsing was 5.5% of a `/pins` decode in `perf`).
struct TimeMemo {
    private var text: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var count = -1
    private var value = PinTime.unset

    @inline(__always) mutating func lookup(_ p: UnsafePointer<UInt8>, _ n: Int) -> PinTime? {
        guard n == count else { return nil }
        let same = withUnsafeBytes(of: &text) { sameBytes($0.baseAddress!, p, n) }
        return same ? value : nil
    }

    @inline(__always) mutating func remember(_ p: UnsafePointer<UInt8>, _ n: Int, _ t: PinTime) {
        guard n <= 32 else { return }
        withUnsafeMutableBytes(of: &text) { $0.baseAddress!.copyMemory(from: p, byteCount: n) }
        count = n
        value = t
    }
}
