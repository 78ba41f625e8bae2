import Foundation

/// The CPU accounting of one process from `/proc/<pid>/stat` (Linux).
///
/// Why parse from the last `)`: field 2 is the command name in parentheses and may itself
/// contain spaces and parentheses (`(ipfs-cluster (x))`); everything after the last `)` is
/// space-separated numbers, starting with field 3 (state).
struct ProcStat: Equatable {
    /// Field 3: R, S, D, Z, T...
    var state: Character
    /// Fields 14 and 15, in clock ticks (`sysconf(_SC_CLK_TCK)`, 100 on Linux).
    var userTicks: Int
    var systemTicks: Int
    /// Field 20.
    var threads: Int

    var totalTicks: Int { userTicks + systemTicks }

    static func parse(_ text: String) -> ProcStat? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // fields[0] is field 3; field k is fields[k - 3].
        guard fields.count >= 18, let state = fields[0].first,
              let utime = Int(fields[11]), let stime = Int(fields[12]),
              let threads = Int(fields[17].trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        return ProcStat(state: state, userTicks: utime, systemTicks: stime, threads: threads)
    }

    static func read(pid: Int32) -> ProcStat? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        return parse(text)
    }

    static var ticksPerSecond: Double { Double(sysconf(Int32(_SC_CLK_TCK))) }
}
