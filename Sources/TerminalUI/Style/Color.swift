/// A terminal colour as a theme names it; the screen steps it down to what the terminal can show.
///
/// Why abstract: themes are written once in RGB or 256-colour terms, while the terminal may offer
/// 256, 16, 8 or no colours at all (`TERM=vt100`, `NO_COLOR`). Keeping the theme's intent lets
/// `ColorDepth` choose the nearest colour at draw time.
public enum Color: Hashable, Sendable {
    /// The terminal's own foreground/background (ncurses `use_default_colors`, pair value -1).
    case `default`
    /// One of the 16 ANSI colours, 0...15 (8...15 are the bright variants).
    case ansi(UInt8)
    /// An xterm 256-colour palette index.
    case index(UInt8)
    /// 24-bit colour; shown as the nearest 256/16 colour.
    case rgb(UInt8, UInt8, UInt8)

    /// ANSI colour names accepted in theme files, in palette order.
    public static let ansiNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow",
        "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    /// Parses `default`, an ANSI name (`red`, `bright-blue`, also `gray`/`grey` = bright-black),
    /// a palette index `0...255`, or `#rrggbb`. Returns nil for anything else.
    public init?(parsing text: String) {
        let t = text.lowercased()
        if t == "default" { self = .default; return }
        if t == "gray" || t == "grey" { self = .ansi(8); return }
        if let i = Color.ansiNames.firstIndex(of: t) { self = .ansi(UInt8(i)); return }
        if let n = Int(t), (0...255).contains(n) { self = .index(UInt8(n)); return }
        if t.hasPrefix("#"), t.count == 7, let v = UInt32(t.dropFirst(), radix: 16) {
            self = .rgb(UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF))
            return
        }
        return nil
    }

    /// The spelling a theme file would use for this colour.
    public var themeText: String {
        switch self {
        case .default: return "default"
        case .ansi(let i): return Color.ansiNames[Int(i & 15)]
        case .index(let i): return String(i)
        case .rgb(let r, let g, let b):
            func hex(_ v: UInt8) -> String { let s = String(v, radix: 16); return s.count == 1 ? "0" + s : s }
            return "#" + hex(r) + hex(g) + hex(b)
        }
    }
}
