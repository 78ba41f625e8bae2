/// A problem in a theme file, with the file and line so the user can fix it.
public struct ThemeDiagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}

/// Parses the `role = fg=… bg=… attrs` theme format.
///
/// Why lenient: a typo in one line of a user theme must not take the console down; that line is
/// reported (file and line) and the role keeps the base theme's style.
public enum ThemeParser {
    /// Overlays the roles named in `text` on `base`. Returns the theme and one diagnostic per bad
    /// line (unknown role, bad colour, unknown attribute, missing `=`).
    public static func parse(_ text: String, file: String, base: Theme) -> (theme: Theme, diagnostics: [ThemeDiagnostic]) {
        var theme = base
        var diagnostics: [ThemeDiagnostic] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if let hash = commentStart(line) { line = line[..<hash] }
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty { continue }
            guard let eq = trimmed.firstIndex(of: "=") else {
                diagnostics.append(.init(file: file, line: lineNumber, message: "expected `role = value`, got `\(sanitizeForTerminal(String(trimmed)))`"))
                continue
            }
            let key = trimmed[..<eq].trimmingSpaces
            let value = trimmed[trimmed.index(after: eq)...].trimmingSpaces
            guard let role = Role(rawValue: String(key)) else {
                diagnostics.append(.init(file: file, line: lineNumber, message: "unknown role `\(sanitizeForTerminal(String(key)))`"))
                continue
            }
            switch parseStyle(String(value)) {
            case .success(let style): theme.set(role, style)
            case .failure(let problem):
                diagnostics.append(.init(file: file, line: lineNumber, message: "\(role.rawValue): \(problem.text); keeping the default"))
            }
        }
        return (theme, diagnostics)
    }

    /// Why a value did not parse.
    public struct ValueProblem: Error, Sendable { public var text: String }

    /// Parses one value, e.g. `fg=#e0e0e0 bg=236 bold`, or `default`.
    public static func parseStyle(_ value: String) -> Result<Style, ValueProblem> {
        var style = Style()
        let tokens = value.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if tokens.isEmpty { return .failure(ValueProblem(text: "empty value")) }
        for token in tokens {
            let t = String(token).lowercased()
            if t == "default" || t == "none" { continue }
            if t.hasPrefix("fg=") || t.hasPrefix("bg=") {
                let colourText = String(t.dropFirst(3))
                guard let colour = Color(parsing: colourText) else {
                    return .failure(ValueProblem(text: "bad colour `\(sanitizeForTerminal(colourText))` (use default, an ANSI name, 0-255 or #rrggbb)"))
                }
                if t.hasPrefix("fg=") { style.foreground = colour } else { style.background = colour }
            } else if let attr = Attributes.names.first(where: { $0.0 == t }) {
                style.attributes.insert(attr.1)
            } else {
                return .failure(ValueProblem(text: "unknown attribute `\(sanitizeForTerminal(t))` (use bold dim reverse underline italic)"))
            }
        }
        return .success(style)
    }

    /// A `#` at the start of a line or after a space starts a comment; `fg=#e0e0e0` is a colour.
    private static func commentStart(_ line: Substring) -> Substring.Index? {
        var previous: Character = " "
        for i in line.indices {
            let c = line[i]
            if c == "#" && (previous == " " || previous == "\t") { return i }
            previous = c
        }
        return nil
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return s
    }
}
