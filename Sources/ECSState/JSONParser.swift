import Foundation

/// Where and why JSON text could not be parsed.
public struct JSONSyntaxError: Error, Sendable, Equatable {
    /// Byte offset from the start of the parsed text (after any skipped leading text).
    public var offset: Int
    /// 1-based line and column (column counted in bytes).
    public var line: Int
    public var column: Int
    public var message: String
    /// True when the text ended inside a value: the file is cut off, typically caught mid-write.
    public var atEndOfInput: Bool
}

/// A strict RFC 8259 parser over bytes that reports positions; see `JSONValue` for why it exists.
struct JSONParser {
    private let bytes: [UInt8]
    private var index: Int
    /// Nesting limit so hostile input cannot exhaust the stack.
    private let maxDepth = 256

    init(bytes: [UInt8], start: Int = 0) {
        self.bytes = bytes
        self.index = start
    }

    /// Parses every top-level value in the text (one normally; several when files were appended).
    mutating func parseAll() throws(JSONSyntaxError) -> [JSONValue] {
        var values: [JSONValue] = []
        skipWhitespace()
        while index < bytes.count {
            values.append(try parseValue(depth: 0))
            skipWhitespace()
        }
        if values.isEmpty { throw error("no JSON value", endOfInput: true) }
        return values
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func error(_ message: String, endOfInput: Bool = false) -> JSONSyntaxError {
        let position = min(index, bytes.count)
        var line = 1
        var lineStart = 0
        var i = 0
        while i < position {
            if bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        return JSONSyntaxError(offset: position, line: line, column: position - lineStart + 1,
                               message: message, atEndOfInput: endOfInput || index >= bytes.count)
    }

    private func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(UnicodeScalar(byte)))'" }
        return String(format: "byte 0x%02X", byte)
    }

    private mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth < maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input", endOfInput: true) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected \(describe(bytes[index])) where a value was expected")
        }
    }

    private mutating func literal(_ word: String) throws(JSONSyntaxError) {
        for byte in word.utf8 {
            guard index < bytes.count else { throw error("unexpected end of input in '\(word)'", endOfInput: true) }
            guard bytes[index] == byte else { throw error("invalid literal, expected '\(word)'") }
            index += 1
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var fields: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(fields) }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an object", endOfInput: true) }
            guard bytes[index] == UInt8(ascii: "\"") else { throw error("expected a quoted key, found \(describe(bytes[index]))") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input after key \"\(key)\"", endOfInput: true) }
            guard bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after key \"\(key)\"") }
            index += 1
            fields[key] = try parseValue(depth: depth + 1)
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an object", endOfInput: true) }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return .object(fields)
            default: throw error("expected ',' or '}' in an object, found \(describe(bytes[index]))")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an array", endOfInput: true) }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return .array(items)
            default: throw error("expected ',' or ']' in an array, found \(describe(bytes[index]))")
            }
        }
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(_ p: inout JSONParser) -> Int {
            let s = p.index
            while p.index < p.bytes.count, p.bytes[p.index] >= 0x30, p.bytes[p.index] <= 0x39 { p.index += 1 }
            return p.index - s
        }
        guard digits(&self) > 0 else {
            if index >= bytes.count { throw error("unexpected end of input in a number", endOfInput: true) }
            throw error("invalid number")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else {
                if index >= bytes.count { throw error("unexpected end of input in a number", endOfInput: true) }
                throw error("invalid number: no digits after '.'")
            }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else {
                if index >= bytes.count { throw error("unexpected end of input in a number", endOfInput: true) }
                throw error("invalid number: no digits in the exponent")
            }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text) else { throw error("invalid number \(text)") }
        return .number(value, text)
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        index += 1
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw error("unexpected end of input in a string", endOfInput: true) }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let s = String(bytes: out, encoding: .utf8) else {
                    throw error("string is not valid UTF-8")
                }
                return s
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unexpected end of input in a string", endOfInput: true) }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                            index += 2
                            let low = try hex4()
                            if (0xDC00...0xDFFF).contains(low) {
                                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            } else { scalar = 0xFFFD }
                        } else { scalar = 0xFFFD }
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        scalar = 0xFFFD
                    }
                    out.append(contentsOf: Array(String(Character(UnicodeScalar(scalar) ?? "\u{FFFD}")).utf8))
                default:
                    index -= 1
                    throw error("invalid escape \\\(describe(escape))")
                }
            case 0x00..<0x20:
                throw error("control character \(describe(byte)) inside a string")
            default:
                out.append(byte)
                index += 1
            }
        }
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw error("unexpected end of input in \\u escape", endOfInput: true) }
            let b = bytes[index]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }
}
