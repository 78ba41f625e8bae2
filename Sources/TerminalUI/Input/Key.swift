/// One input event from the terminal, decoded from curses' `get_wch`.
///
/// Why an enum of intents rather than raw codes: key maps and tests match on `.char("j")`,
/// `.ctrl("d")` or `.pageDown` without knowing curses constants or escape sequences.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    /// A printable character (UTF-8 decoded; may be wide).
    case char(Character)
    /// Ctrl plus a letter, lowercased: `.ctrl("d")` for ctrl-d.
    case ctrl(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case insert, delete
    case backspace, enter, tab, backTab, escape
    /// Function key F`n`.
    case f(Int)
    /// The terminal changed size; the screen has already been resized.
    case resize
    /// A mouse event at a cell (only when mouse support was enabled).
    case mouse(x: Int, y: Int, button: MouseButton)
    /// Anything else, with its curses key code.
    case unknown(Int)

    public var description: String {
        switch self {
        case .char(" "): return "space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "ctrl-\(c)"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "home"
        case .end: return "end"
        case .pageUp: return "pgup"
        case .pageDown: return "pgdn"
        case .insert: return "ins"
        case .delete: return "del"
        case .backspace: return "backspace"
        case .enter: return "enter"
        case .tab: return "tab"
        case .backTab: return "shift-tab"
        case .escape: return "esc"
        case .f(let n): return "F\(n)"
        case .resize: return "resize"
        case .mouse(let x, let y, let b): return "mouse(\(x),\(y),\(b))"
        case .unknown(let c): return "key(\(c))"
        }
    }

    /// Decodes a character `get_wch` returned with `OK` (not a function-key code).
    /// Control characters become `.ctrl`, `.enter`, `.tab`, `.backspace` or `.escape`.
    public static func fromCharacter(_ value: UInt32) -> Key {
        switch value {
        case 0x0A, 0x0D: return .enter
        case 0x09: return .tab
        case 0x1B: return .escape
        case 0x7F, 0x08: return .backspace
        case 0x00: return .ctrl(" ")
        case 0x01...0x1A: return .ctrl(Character(Unicode.Scalar(0x60 + value)!))
        case 0x1C...0x1F: return .unknown(Int(value))
        default:
            guard let s = Unicode.Scalar(value) else { return .unknown(Int(value)) }
            if value >= 0x80 && value < 0xA0 { return .unknown(Int(value)) }
            return .char(Character(s))
        }
    }
}

/// Which mouse button an event was for.
public enum MouseButton: Hashable, Sendable {
    case left, middle, right, wheelUp, wheelDown, other
}
