/// What a key did to a dialog.
public enum DialogOutcome: Hashable, Sendable {
    case pending
    case confirmed
    case cancelled
}

/// A modal confirmation: y/n, or typing a given word for destructive actions.
///
/// Why typed confirmation: removing a peer or unpinning thousands of pins must not happen on a
/// stray `y`; typing the peer name or `unpin` proves intent. The message should say exactly what
/// will happen (which CID, which peer, how many pins).
public struct DialogState: Sendable, Equatable {
    public enum Kind: Hashable, Sendable {
        /// `y` confirms; `n`, Esc or `q` cancels.
        case yesNo
        /// Confirmed only when the typed text equals `word`; Esc cancels.
        case typed(word: String)
    }

    public var title: String
    public var message: [String]
    public var kind: Kind
    /// Text typed so far (typed confirmations).
    public var input: PromptState
    /// Set after Enter with the wrong word, so the dialog can say so.
    public private(set) var mismatch: Bool = false

    public init(title: String, message: [String], kind: Kind = .yesNo) {
        self.title = title
        self.message = message
        self.kind = kind
        self.input = PromptState()
    }

    public mutating func handle(_ key: Key) -> DialogOutcome {
        switch kind {
        case .yesNo:
            switch key {
            case .char("y"), .char("Y"): return .confirmed
            case .char("n"), .char("N"), .char("q"), .escape, .ctrl("c"): return .cancelled
            default: return .pending
            }
        case .typed(let word):
            switch input.handle(key) {
            case .cancelled: return .cancelled
            case .submitted(let text):
                if text == word { return .confirmed }
                mismatch = true
                return .pending
            case .editing:
                mismatch = false
                return .pending
            }
        }
    }
}

/// Draws a dialog centred in `area` (usually the whole screen), over whatever is there.
public enum Dialog {
    public static func render(_ state: DialogState, area: Rect, into buffer: inout CellBuffer, theme: Theme) {
        guard !area.isEmpty else { return }
        let style = theme.style(.dialog)
        var footer: [String]
        switch state.kind {
        case .yesNo: footer = ["y confirm   n cancel"]
        case .typed(let word):
            footer = ["Type \(word) and press Enter to confirm, Esc to cancel."]
            if state.mismatch { footer.append("That is not \(word).") }
        }
        let contentWidth = ([state.title] + state.message + footer).map { DisplayWidth.of(sanitizeForTerminal($0)) }.max() ?? 10
        let typedRows = state.kind == .yesNo ? 0 : 2
        let box = area.centered(width: max(24, contentWidth + 4), height: state.message.count + footer.count + typedRows + 4)
        buffer.fill(box, style: style)
        buffer.drawBox(box, style: style, title: state.title, titleStyle: style.adding(.bold))
        let inside = box.inset(top: 1, left: 2, bottom: 1, right: 2)
        var y = inside.y + 1
        for line in state.message {
            buffer.write(line, x: inside.x, y: y, style: style, clip: inside)
            y += 1
        }
        if case .typed = state.kind {
            y += 1
            Prompt.render(prefix: "> ", state: state.input, area: Rect(x: inside.x, y: y, width: inside.width, height: 1).intersection(inside),
                          into: &buffer, theme: theme)
            y += 1
        }
        for (i, line) in footer.enumerated() {
            let role: Role = i == 1 ? .error : .keyHint
            buffer.write(line, x: inside.x, y: y, style: StatusLine.mergeForeground(theme.style(role), onto: style), clip: inside)
            y += 1
        }
    }
}
