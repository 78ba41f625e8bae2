/// One terminal cell: the grapheme drawn there and its style. The right half of a wide character
/// holds `""` so that columns stay aligned with the terminal.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var style: Style

    public init(_ text: String, style: Style = .plain) {
        self.text = text
        self.style = style
    }

    public static let blank = Cell(" ")

    /// True for the placeholder right half of a wide character.
    public var isContinuation: Bool { text.isEmpty }
}

/// A changed cell, as sent to a terminal.
public struct CellChange: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var cell: Cell
}

/// The whole frame as rows x columns of cells, drawn by widgets and flushed by a `Screen`.
///
/// Why a buffer: views are pure functions that redraw everything each frame; the screen sends only
/// what changed. Tests read the same buffer (`lines()`, `style(x:y:)`) without a terminal.
/// Every string written is sanitised here, so nothing from outside reaches the terminal raw, and
/// wide characters are never split: one that would straddle the clip edge becomes a blank.
public struct CellBuffer: Sendable, Equatable {
    public private(set) var width: Int
    public private(set) var height: Int
    private var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: fill, count: self.width * self.height)
    }

    /// The whole buffer as a rect.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at a position (a blank outside the buffer).
    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < width, y < height else { return .blank }
        return cells[y * width + x]
    }

    /// The style at a position (for tests and highlighting).
    public func style(x: Int, y: Int) -> Style { self[x, y].style }

    /// Row texts; right halves of wide characters are skipped, so each string shows as `width`
    /// columns.
    public func lines() -> [String] {
        (0..<height).map { line($0) }
    }

    /// One row's text.
    public func line(_ y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var s = ""
        for x in 0..<width { s += cells[y * width + x].text }
        return s
    }

    /// Cells that differ from `previous`; every cell when there is no previous frame or its size
    /// differs.
    public func changes(since previous: CellBuffer?) -> [CellChange] {
        var out: [CellChange] = []
        guard let previous, previous.width == width, previous.height == height else {
            out.reserveCapacity(cells.count)
            for y in 0..<height { for x in 0..<width { out.append(CellChange(x: x, y: y, cell: cells[y * width + x])) } }
            return out
        }
        for i in cells.indices where cells[i] != previous.cells[i] {
            out.append(CellChange(x: i % width, y: i / width, cell: cells[i]))
        }
        return out
    }

    /// Fills `rect` with `character` (a single-column grapheme) in `style`.
    public mutating func fill(_ rect: Rect, style: Style, character: String = " ") {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        let cell = Cell(character, style: style)
        for y in r.y..<r.maxY {
            // Only the edge cells can cut a wide character in two (`put` blanks its other half);
            // the inside is overwritten whole. Profiled: the per-cell checks were the largest
            // single cost of a 240x70 pins frame (every row is filled before its text).
            put(cell, x: r.x, y: y)
            if r.width > 1 { put(cell, x: r.maxX - 1, y: y) }
            if r.width > 2 {
                let base = y * width
                for x in (r.x + 1)..<(r.maxX - 1) { cells[base + x] = cell }
            }
        }
    }

    /// Writes `text` starting at (`x`, `y`), clipped to `clip` (default: the whole buffer).
    /// The text is sanitised first. Returns the column after the last one written (as if not clipped),
    /// so callers can continue a line.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style, clip: Rect? = nil) -> Int {
        write(sanitized: sanitizeForTerminal(text), x: x, y: y, style: style, clip: clip)
    }

    /// `write` for text the caller already sanitised (the table's cells come out of
    /// `TextLayout.fit`, which cleaned them): one cleaning per cell per frame.
    @discardableResult
    mutating func write(sanitized clean: String, x: Int, y: Int, style: Style, clip: Rect? = nil) -> Int {
        let area = (clip ?? bounds).intersection(bounds)
        guard y >= area.y, y < area.maxY else { return x + DisplayWidth.ofSanitized(clean) }
        var col = x
        // Printable ASCII (most table cells: CIDs, counts, statuses) is one cell per byte: no
        // per-scalar strings and widths to build.
        if clean.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            for b in clean.utf8 {
                if col >= area.x && col < area.maxX { put(Cell(String(UnicodeScalar(b)), style: style), x: col, y: y) }
                col += 1
            }
            return col
        }
        for piece in CellBuffer.cellTexts(clean) {
            if col >= area.maxX { col += piece.width; continue }
            if piece.width == 2 {
                if col >= area.x && col + 1 < area.maxX {
                    put(Cell(piece.text, style: style), x: col, y: y)
                    put(Cell("", style: style), x: col + 1, y: y)
                } else if col >= area.x {
                    put(Cell(" ", style: style), x: col, y: y) // would cross the right edge
                } else if col + 1 == area.x {
                    put(Cell(" ", style: style), x: col + 1, y: y) // half over the left edge
                }
            } else if col >= area.x {
                put(Cell(piece.text, style: style), x: col, y: y)
            }
            col += piece.width
        }
        return col
    }

    /// Changes the style of cells in `rect` without touching their text (highlights, selection).
    public mutating func setStyle(_ style: Style, in rect: Rect) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY { for x in r.x..<r.maxX { cells[y * width + x].style = style } }
    }

    /// Draws a single-line box around `rect`, with an optional title in the top edge.
    public mutating func drawBox(_ rect: Rect, style: Style, title: String? = nil, titleStyle: Style? = nil) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let clip = rect
        write("┌" + String(repeating: "─", count: rect.width - 2) + "┐", x: rect.x, y: rect.y, style: style, clip: clip)
        for yy in (rect.y + 1)..<(rect.maxY - 1) {
            write("│", x: rect.x, y: yy, style: style, clip: clip)
            write("│", x: rect.maxX - 1, y: yy, style: style, clip: clip)
        }
        write("└" + String(repeating: "─", count: rect.width - 2) + "┘", x: rect.x, y: rect.maxY - 1, style: style, clip: clip)
        if let title, rect.width > 4 {
            let t = " " + TextLayout.truncate(title, width: rect.width - 4) + " "
            write(t, x: rect.x + 1, y: rect.y, style: titleStyle ?? style, clip: rect.inset(left: 1, right: 1))
        }
    }

    // MARK: internals

    /// Puts one cell, first blanking the other half of any wide character it overlaps, so a
    /// partial overwrite never leaves half a glyph.
    private mutating func put(_ cell: Cell, x: Int, y: Int) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let i = y * width + x
        let old = cells[i]
        if old.isContinuation, x > 0, !cell.isContinuation {
            cells[i - 1].text = " "
        }
        if !old.isContinuation, x + 1 < width, cells[i + 1].isContinuation {
            cells[i + 1].text = " "
        }
        cells[i] = cell
    }

    /// Splits sanitised text into per-cell pieces: a spacing scalar plus the zero-width scalars that
    /// follow it. Zero-width scalars with no base are dropped.
    static func cellTexts(_ text: String) -> [(text: String, width: Int)] {
        var out: [(text: String, width: Int)] = []
        for scalar in text.unicodeScalars {
            let w = DisplayWidth.of(scalar)
            if w == 0 {
                if !out.isEmpty { out[out.count - 1].text.unicodeScalars.append(scalar) }
            } else {
                out.append((String(scalar), w))
            }
        }
        return out
    }
}

extension CellBuffer {
    /// Writes `text` in the style `theme` gives `role`: the usual way screens draw, so that they
    /// name meanings and never raw colours.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, role: Role, theme: Theme, clip: Rect? = nil) -> Int {
        write(text, x: x, y: y, style: theme.style(role), clip: clip)
    }

    /// Fills `rect` with blanks in the style of `role`.
    public mutating func fill(_ rect: Rect, role: Role, theme: Theme) {
        fill(rect, style: theme.style(role))
    }
}
