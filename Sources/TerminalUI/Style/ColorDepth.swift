/// How many colours the terminal offers; decides how a theme colour is shown.
///
/// Why: curses gives `COLORS` (256 in tmux, 8 on a Linux console, none on vt100). Themes are
/// written in RGB and 256 terms, so each colour is stepped down here rather than in every theme.
public enum ColorDepth: Int, Comparable, Sendable, CaseIterable {
    /// No colour (monochrome terminal, `NO_COLOR`, `--no-color`): attributes only.
    case none = 0
    /// The 8 basic ANSI colours.
    case ansi8 = 8
    /// The 16 ANSI colours.
    case ansi16 = 16
    /// The xterm 256-colour palette.
    case xterm256 = 256

    /// The depth for a terminal reporting `colors` colours.
    public init(colors: Int) {
        switch colors {
        case 256...: self = .xterm256
        case 16..<256: self = .ansi16
        case 8..<16: self = .ansi8
        default: self = .none
        }
    }

    public static func < (a: ColorDepth, b: ColorDepth) -> Bool { a.rawValue < b.rawValue }

    /// The colour to send to a terminal of this depth; nil means "no colour at all".
    public func map(_ color: Color) -> Color? {
        switch self {
        case .none: return nil
        case .xterm256:
            if case .rgb(let r, let g, let b) = color { return .index(ColorDepth.nearest256(r, g, b)) }
            return color
        case .ansi16, .ansi8:
            var c: UInt8
            switch color {
            case .default: return .default
            case .ansi(let i): c = i
            case .index(let i): c = i < 16 ? i : ColorDepth.nearest16(ColorDepth.rgb(ofIndex: i))
            case .rgb(let r, let g, let b): c = ColorDepth.nearest16((r, g, b))
            }
            if self == .ansi8 && c >= 8 { c -= 8 }
            return .ansi(c)
        }
    }

    /// A whole style for this depth; with `.none` colours are dropped and only attributes remain.
    public func map(_ style: Style) -> Style {
        guard self != .none else { return Style(attributes: style.attributes) }
        return Style(foreground: map(style.foreground) ?? .default, background: map(style.background) ?? .default,
                     attributes: style.attributes)
    }

    // MARK: palette maths

    private static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// xterm's default RGB for the 16 ANSI colours.
    static let ansiRGB: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// RGB of an xterm 256-palette index.
    public static func rgb(ofIndex i: UInt8) -> (UInt8, UInt8, UInt8) {
        if i < 16 { return ansiRGB[Int(i)] }
        if i >= 232 { let g = UInt8(8 + 10 * (Int(i) - 232)); return (g, g, g) }
        let n = Int(i) - 16
        return (UInt8(cubeLevels[n / 36]), UInt8(cubeLevels[(n / 6) % 6]), UInt8(cubeLevels[n % 6]))
    }

    /// Nearest xterm 256-palette index (cube 16...231 or grey ramp 232...255) to an RGB colour.
    public static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        func level(_ v: UInt8) -> Int {
            var best = 0
            for (i, l) in cubeLevels.enumerated() where abs(l - Int(v)) < abs(cubeLevels[best] - Int(v)) { best = i }
            return best
        }
        let cube = UInt8(16 + 36 * level(r) + 6 * level(g) + level(b))
        let avg = (Int(r) + Int(g) + Int(b)) / 3
        let greyIndex = UInt8(max(0, min(23, (avg - 8 + 5) / 10)))
        let grey = 232 + greyIndex
        return distance(rgb(ofIndex: cube), (r, g, b)) <= distance(rgb(ofIndex: grey), (r, g, b)) ? cube : grey
    }

    /// Nearest of the 16 ANSI colours to an RGB colour.
    public static func nearest16(_ c: (UInt8, UInt8, UInt8)) -> UInt8 {
        var best = 0
        var bestD = Int.max
        for (i, a) in ansiRGB.enumerated() {
            let d = distance(a, c)
            if d < bestD { bestD = d; best = i }
        }
        return UInt8(best)
    }

    private static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
        let dr = Int(a.0) - Int(b.0), dg = Int(a.1) - Int(b.1), db = Int(a.2) - Int(b.2)
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }
}
