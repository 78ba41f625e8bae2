import Foundation

/// A parsed JSON value. The exports are parsed by hand instead of with `JSONSerialization` so that a
/// syntax error carries an exact byte offset, line and column, a cut-off file is told apart from a
/// malformed one (a half-written export is retried, a malformed one is reported), and files built
/// with `>>` (several concatenated documents) can be read.
public indirect enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number and its literal text: `Task.version` and epoch floats such as `1.619719924711E9`
    /// must both survive; the text keeps the exact form for messages.
    case number(Double, String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var doubleValue: Double? {
        switch self {
        case .number(let d, _): return d
        case .string(let s): return Double(s)
        default: return nil
        }
    }

    public var intValue: Int? {
        guard let d = doubleValue, d.isFinite, d.rounded() == d, abs(d) < 9.0e15 else { return nil }
        return Int(d)
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// Short name of the value's kind for messages ("array of 3", "string").
    var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array(let a): return "array of \(a.count)"
        case .object: return "object"
        }
    }
}
