/// A configuration problem, pointing at the file and (when known) the line and column, so
/// the operator can open the file at the right place.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String?, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file; self.line = line; self.column = column; self.message = message
    }

    /// `config.toml:3:7: expected ...` (compiler style, understood by editors).
    public var description: String {
        var s = file ?? "configuration"
        if let line { s += ":\(line)" }
        if let column { s += ":\(column)" }
        return s + ": " + message
    }
}
