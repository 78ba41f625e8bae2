/// Text attributes that work without colour; the no-colour mode conveys state with these alone.
public struct Attributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Attributes(rawValue: 1 << 0)
    public static let dim = Attributes(rawValue: 1 << 1)
    public static let reverse = Attributes(rawValue: 1 << 2)
    public static let underline = Attributes(rawValue: 1 << 3)
    public static let italic = Attributes(rawValue: 1 << 4)

    /// Names used in theme files, paired with their attribute.
    public static let names: [(String, Attributes)] = [
        ("bold", .bold), ("dim", .dim), ("reverse", .reverse), ("underline", .underline), ("italic", .italic),
    ]
}

/// What one cell looks like: colours plus attributes. Widgets never build these from raw colours;
/// they ask a `Theme` for the style of a `Role`, so a theme change restyles everything.
public struct Style: Hashable, Sendable {
    public var foreground: Color
    public var background: Color
    public var attributes: Attributes

    public init(foreground: Color = .default, background: Color = .default, attributes: Attributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// The terminal's default look.
    public static let plain = Style()

    /// This style with extra attributes, e.g. a bold variant of a role.
    public func adding(_ extra: Attributes) -> Style {
        var s = self
        s.attributes.formUnion(extra)
        return s
    }

    /// The `fg=… bg=… bold` text a theme file would use for this style.
    public var themeText: String {
        var parts: [String] = []
        if foreground != .default { parts.append("fg=" + foreground.themeText) }
        if background != .default { parts.append("bg=" + background.themeText) }
        for (name, a) in Attributes.names where attributes.contains(a) { parts.append(name) }
        return parts.isEmpty ? "default" : parts.joined(separator: " ")
    }
}
