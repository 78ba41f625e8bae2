import Foundation

/// Interleaves lines from several sources by time while keeping each source's own order.
///
/// A merge rather than a sort: one source's lines are never reordered (its clock is what it is,
/// and a go-log entry must stay in front of its continuation lines), but lines of different
/// sources read in the same cycle, such as the last 1000 lines of 20 files at start-up, come out
/// in time order for the merged view. Lines without a time take the time of the line before them
/// in the same source.
public enum LogMerge {
    public static func mergeByTime(_ lines: [LogLine]) -> [LogLine] {
        guard lines.count > 1 else { return lines }
        var order: [String: Int] = [:]
        var groups: [[Int]] = []
        for (i, l) in lines.enumerated() {
            if let g = order[l.source] {
                groups[g].append(i)
            } else {
                order[l.source] = groups.count
                groups.append([i])
            }
        }
        if groups.count == 1 { return lines }
        var effective = [Double](repeating: -.infinity, count: lines.count)
        for g in groups {
            var last = -Double.infinity
            for i in g {
                if let t = lines[i].time { last = t.timeIntervalSince1970 }
                effective[i] = last
            }
        }
        var cursor = [Int](repeating: 0, count: groups.count)
        var out: [LogLine] = []
        out.reserveCapacity(lines.count)
        while out.count < lines.count {
            var best = -1
            var bestTime = Double.infinity
            for g in 0..<groups.count where cursor[g] < groups[g].count {
                let t = effective[groups[g][cursor[g]]]
                if best < 0 || t < bestTime {
                    best = g
                    bestTime = t
                }
            }
            // Take the chosen source's whole run up to the next source's time, to keep entries together.
            let g = best
            repeat {
                out.append(lines[groups[g][cursor[g]]])
                cursor[g] += 1
            } while cursor[g] < groups[g].count && (lines[groups[g][cursor[g]]].isContinuation
                || effective[groups[g][cursor[g]]] <= bestTime)
        }
        return out
    }
}
