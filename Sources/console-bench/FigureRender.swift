import ConsoleCore
import Foundation
import TerminalUI

/// Figure (5a): full frames of the console's pins screen at 240x70 over the loaded table, rendered into a
/// `CellBuffer` (the figure) and handed to a `MemoryScreen` (which diffs it against the previous
/// frame, as the curses screen does before sending; printed beside). The selection moves one row per frame, so the table
/// scrolls and frames differ as they do under the operator's hand.
@MainActor
func figureRender(_ table: PinTable, frames: Int = 400) throws -> [Figure] {
    var app = BenchConsoleScreen(table: table)
    var screen = MemoryScreen(width: 240, height: 70)
    var renderMS: [Double] = [], frameMS: [Double] = []
    for i in 0..<(frames + 20) {
        let sw = Stopwatch()
        var buffer = CellBuffer(width: 240, height: 70)
        app.render(into: &buffer)
        let r = sw.cpu
        screen.draw(buffer)
        let f = sw.cpu
        if i >= 20 { // the first frames warm caches and lazily built statics
            renderMS.append(r * 1000)
            frameMS.append(f * 1000)
        }
        _ = app.handle(.char("j"))
    }
    // Catch up with the last move, then move the clock one second: one cell changes.
    var buffer = CellBuffer(width: 240, height: 70)
    app.render(into: &buffer)
    screen.draw(buffer)
    _ = app.handle(.char("t"))
    buffer = CellBuffer(width: 240, height: 70)
    app.render(into: &buffer)
    screen.draw(buffer)
    let oneCellChanges = screen.lastChangeCount
    let r = percentiles(renderMS), f = percentiles(frameMS)
    return [Figure(
        id: "frame_render",
        line: "(5) full frame of the pins screen at 240x70 (\(table.liveCount) pins, visible rows only), \(frames) frames, CPU: render median \(fmt(r.median, 3)) ms (p99 \(fmt(r.p99, 3))), render + diff into MemoryScreen median \(fmt(f.median, 3)) ms (p99 \(fmt(f.p99, 3))); a one-cell change diffs to \(oneCellChanges) changed cell(s)",
        values: ["render_median_ms": r.median, "render_p99_ms": r.p99, "frame_median_ms": f.median,
                 "frame_p99_ms": f.p99, "one_change_cells": Double(oneCellChanges), "frames": Double(frames)],
        target: "render < 2 ms", met: r.median < 2)]
}

/// Figure (5b): bytes the real `CursesScreen` sends to a terminal. This bench is started again
/// as a child (`console-bench pty-screen PINS`) on a pseudo-terminal of 240x70 with
/// TERM=xterm-256color; it runs `TerminalRunner` with the same console screen. The bytes read on
/// the master side are counted for the first frame (terminal set-up included) and for each `t`
/// keystroke, which changes one cell (the header's time of day).
func figureTerminalBytes(pins: Int) throws -> [Figure] {
    var env = ProcessInfo.processInfo.environment.filter { ["PATH", "HOME", "TMPDIR"].contains($0.key) }
    env["TERM"] = "xterm-256color"
    env["LANG"] = "C.UTF-8"
    env["SWIFT_BACKTRACE"] = "enable=no"
    let child = try PtyProcess(path: currentExecutable(), arguments: ["pty-screen", String(pins)],
                               environment: env, columns: 240, rows: 70)
    let first = child.readUntilQuiet(firstByte: 300, quiet: 0.5, limit: 320)
    guard !first.isEmpty else {
        child.finish(timeout: 1)
        throw BenchError(description: "pty-screen child drew nothing (exit status \(child.exitStatus.map { "\($0)" } ?? "none"))")
    }
    var oneCell: [Int] = []
    var sample: [UInt8] = []
    for _ in 0..<5 {
        child.type("t")
        let got = child.readUntilQuiet(firstByte: 5, quiet: 0.3)
        oneCell.append(got.count)
        sample = got
    }
    child.type("j")
    let selectionMove = child.readUntilQuiet(firstByte: 5, quiet: 0.3).count
    child.type("q")
    let exited = child.finish(timeout: 10)
    let sorted = oneCell.sorted()
    let median = sorted[sorted.count / 2]
    // One cell's bytes: a cursor move (CSI row;col H is <= 10 bytes; ncurses often uses a
    // shorter relative move), its style (charset, attributes, 256-colour fg and bg: ~30 bytes),
    // the character (<= 4 bytes UTF-8) and the style reset (~15 bytes).
    let bound = 64
    return [Figure(
        id: "terminal_bytes",
        line: "(5) bytes sent to the terminal by CursesScreen (pty 240x70, xterm-256color, \(pins) pins): first full frame \(first.count) B; one-cell change \(median) B (runs: \(oneCell.map { "\($0)" }.joined(separator: ",")); e.g. \(printable(sample))); a selection move (2 rows) \(selectionMove) B; child exited cleanly: \(exited)",
        values: ["first_frame_bytes": Double(first.count), "one_cell_bytes": Double(median),
                 "selection_move_bytes": Double(selectionMove)],
        target: "only the changed cell's bytes (move + style + char + reset <= \(bound) B)", met: median > 0 && median <= bound)]
}

/// Escape sequences made readable for the report line.
func printable(_ bytes: [UInt8]) -> String {
    var s = ""
    for b in bytes.prefix(60) {
        switch b {
        case 0x1B: s += "\\e"
        case 0x20..<0x7F: s.append(Character(UnicodeScalar(b)))
        default: s += String(format: "\\x%02x", b)
        }
    }
    return s
}

/// The child side of figure (5b): loads `pins` pins and runs the pins screen on this terminal.
@MainActor
func runPtyScreen(pins: Int) async throws {
    var gen = PinsGenerator(pins: pins, peers: 3, seed: 42)
    let (table, _, _) = try ingest(gen.pinsBody())
    try await TerminalRunner.run(BenchConsoleScreen(table: table))
}
