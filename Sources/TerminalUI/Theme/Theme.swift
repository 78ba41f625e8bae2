/// Maps every `Role` to a `Style`. A value: the app owns it, switches it, and hands it to widgets.
///
/// Why a full table: widgets look roles up on every cell they draw, so a theme always has a style
/// for every role (files only override the roles they name; the rest come from the default).
public struct Theme: Sendable, Equatable {
    /// Name shown to the user (`default`, `light`, a user file's base name).
    public var name: String
    private var styles: [Role: Style]

    /// A theme with the given styles; roles not in `styles` are plain.
    public init(name: String, styles: [Role: Style]) {
        self.name = name
        self.styles = styles
    }

    /// The style drawn for `role`.
    public func style(_ role: Role) -> Style { styles[role] ?? .plain }

    /// Replaces the style of one role.
    public mutating func set(_ role: Role, _ style: Style) { styles[role] = style }

    /// The built-in dark theme, compiled in so the binary works from any directory.
    public static let `default`: Theme = {
        let parsed = ThemeParser.parse(BuiltinThemes.defaultThemeText, file: "<built-in default.theme>",
                                       base: Theme(name: "default", styles: [:]))
        return parsed.theme
    }()

    /// The theme as it should be drawn at `depth`. With `.none` (no colour terminal, `NO_COLOR`,
    /// `--no-color`) colours are removed and each role gets its monochrome attributes on top of
    /// its own, so selection, errors and matches stay visible without colour.
    public func adapted(to depth: ColorDepth) -> Theme {
        var t = self
        for role in Role.allCases {
            let s = style(role)
            if depth == .none {
                t.styles[role] = Style(attributes: s.attributes.union(role.monochromeAttributes))
            } else {
                t.styles[role] = depth.map(s)
            }
        }
        return t
    }

    /// True when colour must be off: the `--no-color` flag, or `NO_COLOR` set to a non-empty value
    /// (https://no-color.org). ncurses itself ignores `NO_COLOR`, so the theme layer checks it.
    public static func colorDisabled(flag: Bool, environment: [String: String]) -> Bool {
        if flag { return true }
        if let v = environment["NO_COLOR"], !v.isEmpty { return true }
        return false
    }

    /// The theme in `.theme` file syntax, one line per role (a starting point for a user theme; tests).
    public var fileText: String {
        Role.allCases.map { "\($0.rawValue) = \(style($0).themeText)" }.joined(separator: "\n") + "\n"
    }
}
