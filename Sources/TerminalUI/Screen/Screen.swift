/// Size of a screen in cells.
public struct ScreenSize: Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) { self.width = width; self.height = height }
    public var description: String { "\(width)x\(height)" }
}

/// Where frames go: the terminal (`CursesScreen`) or memory (`MemoryScreen`, for tests).
///
/// Why a protocol: views and the run loop draw the same `CellBuffer` either way, so everything a
/// user sees can be asserted in unit tests without a TTY.
public protocol Screen {
    /// Current size; a frame should be rendered at this size.
    var size: ScreenSize { get }
    /// Shows `buffer`, sending only cells that changed since the previous frame.
    mutating func draw(_ buffer: CellBuffer)
}

/// An in-memory screen: keeps the last frame and counts what a terminal would have been sent.
public struct MemoryScreen: Screen, Sendable {
    public var size: ScreenSize
    /// The frame as last drawn.
    public private(set) var frame: CellBuffer
    /// Cells changed by the last `draw` (what a terminal flush would send).
    public private(set) var lastChangeCount: Int = 0
    private var hasFrame = false

    public init(width: Int, height: Int) {
        self.size = ScreenSize(width: width, height: height)
        self.frame = CellBuffer(width: width, height: height)
    }

    public mutating func draw(_ buffer: CellBuffer) {
        lastChangeCount = buffer.changes(since: hasFrame ? frame : nil).count
        frame = buffer
        hasFrame = true
    }

    /// Changes the size (as a terminal resize would); the next draw is a full one.
    public mutating func resize(width: Int, height: Int) {
        size = ScreenSize(width: width, height: height)
        hasFrame = false
    }

    /// The last frame's rows as text.
    public func lines() -> [String] { frame.lines() }

    /// The last frame's rows with trailing spaces removed (convenient in assertions).
    public func trimmedLines() -> [String] {
        frame.lines().map { line in
            var s = Substring(line)
            while s.last == " " { s.removeLast() }
            return String(s)
        }
    }

    /// The whole last frame as one string, rows joined by newlines.
    public var text: String { trimmedLines().joined(separator: "\n") }

    /// Style of a cell in the last frame.
    public func style(x: Int, y: Int) -> Style { frame.style(x: x, y: y) }
}
