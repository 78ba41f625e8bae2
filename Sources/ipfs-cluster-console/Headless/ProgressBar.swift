import Foundation

/// An upload progress bar on stderr (only made when stderr is a terminal): bytes, rate and
/// time left, redrawn at most ten times a second on one line that is cleared before any output.
final class ProgressBar: @unchecked Sendable {
    private let total: Int64
    private let started = Date()
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var shown = false

    init(total: Int64) { self.total = total }

    /// Called from the upload's body producer with the bytes sent so far.
    func update(_ sent: Int64) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 || sent == total else { return }
        lastDraw = now
        shown = true
        write("\r" + Self.line(sent: sent, total: total, elapsed: now.timeIntervalSince(started)) + "\u{1B}[K")
    }

    func clear() {
        lock.lock(); defer { lock.unlock() }
        if shown { write("\r\u{1B}[K") }
        shown = false
    }

    func finish() { clear() }

    private func write(_ s: String) { StandardStreams.err(s) }

    /// `[#########.........]  45% 1.2 GiB / 2.0 GiB  85.3 MiB/s  0:09 left`
    static func line(sent: Int64, total: Int64, elapsed: TimeInterval, width: Int = 24) -> String {
        let fraction = total > 0 ? min(1, Double(sent) / Double(total)) : 1
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let rate = elapsed > 0 ? Double(sent) / elapsed : 0
        var left = "--:--"
        if rate > 0, total >= sent {
            let secs = Int(Double(total - sent) / rate)
            left = secs >= 3600 ? String(format: "%d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60)
                                : String(format: "%d:%02d", secs / 60, secs % 60)
        }
        return String(format: "[%@] %3d%% %@ / %@  %@/s  %@ left", bar, Int(fraction * 100),
                      bytes(sent), bytes(total), bytes(Int64(rate)), left)
    }

    static func bytes(_ n: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var v = Double(n), i = 0
        while v >= 1024 && i < units.count - 1 { v /= 1024; i += 1 }
        return i == 0 ? "\(n) B" : String(format: "%.1f %@", v, units[i])
    }
}
