import Foundation
import LogTail

extension LogState {
    /// Lines at `level` or worse logged since `since`, per peer as the lines carry it (the peer's
    /// name for lines of joined tasks, else what the line names). Lines without a time or a peer
    /// are not counted.
    ///
    /// Why a backwards scan that stops early: the overview asks for the last five minutes every
    /// frame; the ring is in arrival order, nearly in time order, so the scan ends a little past
    /// the window (`slack` and a run of 256 older lines tolerate interleaved sources).
    public func recentLineCounts(atLeast level: LogLevel = .error, since: Date, slack: TimeInterval = 60) -> [String: Int] {
        var counts: [String: Int] = [:]
        let floor = since.addingTimeInterval(-slack)
        var olderInARow = 0
        for line in ring.reversed() {
            guard let t = line.time else { continue }
            // Sources interleave: stop after a run of old lines, not at the first one.
            if t < floor { olderInARow += 1; if olderInARow >= 256 { break }; continue }
            olderInARow = 0
            guard t >= since, line.level.isAtLeast(level), let peer = line.peer else { continue }
            counts[peer, default: 0] += 1
        }
        return counts
    }

    /// Whether any log source is followed (an empty count then means "no errors", not "no logs").
    public var hasSources: Bool { !sources.isEmpty }
}
