import TerminalUI

/// The overview's columns, in screen order. Each says how narrow it may get, how early it is
/// dropped on a small terminal, and where Enter on it leads.
public enum OverviewColumn: Int, CaseIterable, Sendable {
    case peer, cluster, task, zone, capacity, alb, efs, cpu, memory, alarms, errors

    public var title: String {
        switch self {
        case .peer: "PEER"
        case .cluster: "CLUSTER"
        case .task: "ECS TASK"
        case .zone: "AZ"
        case .capacity: "CAPACITY"
        case .alb: "ALB TARGETS"
        case .efs: "EFS CREDITS"
        case .cpu: "CPU"
        case .memory: "MEM"
        case .alarms: "ALARMS"
        case .errors: "ERR 5m"
        }
    }

    var column: TableColumn {
        switch self {
        case .peer: TableColumn(title, minWidth: 8, maxWidth: 20, weight: 1, keepWhole: true)
        case .cluster: TableColumn(title, minWidth: 9, maxWidth: 22, weight: 1, keepWhole: true)
        case .task: TableColumn(title, minWidth: 12, maxWidth: 32, weight: 2, keepWhole: true)
        case .zone: TableColumn(title, minWidth: 10, maxWidth: 14, weight: 0, keepWhole: true)
        case .capacity: TableColumn(title, minWidth: 8, maxWidth: 12, weight: 0, keepWhole: true)
        case .alb: TableColumn(title, minWidth: 11, maxWidth: 36, weight: 2)
        case .efs: TableColumn(title, minWidth: 13, maxWidth: 26, weight: 1)
        case .cpu: TableColumn(title, minWidth: 5, maxWidth: 12, weight: 0, keepWhole: true)
        case .memory: TableColumn(title, minWidth: 5, maxWidth: 12, weight: 0, keepWhole: true)
        case .alarms: TableColumn(title, minWidth: 6, maxWidth: 16, weight: 0, keepWhole: true)
        case .errors: TableColumn(title, minWidth: 6, maxWidth: 10, weight: 0, alignment: .right, keepWhole: true)
        }
    }

    /// Lower goes first when the terminal is too narrow: the peer, its cluster state and its
    /// task stay; the capacity provider (also on the tasks screen) goes first.
    var keepPriority: Int {
        switch self {
        case .peer: 100
        case .cluster: 90
        case .task: 80
        case .efs: 70
        case .alb: 60
        case .alarms: 50
        case .errors: 45
        case .memory: 40
        case .cpu: 35
        case .zone: 47
        case .capacity: 10
        }
    }

    /// Where Enter on this column leads, in words for the title line.
    var drillLabel: String {
        switch self {
        case .peer, .cluster: "the peers screen"
        case .task, .zone, .capacity: "its ECS task"
        case .alb, .efs, .cpu, .memory, .alarms: "its triage (evidence and history)"
        case .errors: "its error logs"
        }
    }

    /// The columns that fit `width` with their cells whole (`wanted`: each column's widest cell,
    /// header included, up to its maximum), one space apart, dropping the least important first
    /// and keeping screen order. Why whole cells: a dropped column is named in the title line,
    /// a cut word (`UNHEAL…`) misleads.
    static func fitting(width: Int, wanted: [OverviewColumn: Int] = [:]) -> [OverviewColumn] {
        var shown = Set(allCases)
        func need() -> Int {
            let cols = allCases.filter(shown.contains)
            return cols.reduce(0) { sum, c in
                let col = c.column
                return sum + max(col.minWidth, min(wanted[c] ?? 0, col.maxWidth ?? Int.max))
            } + max(0, cols.count - 1)
        }
        for c in allCases.sorted(by: { $0.keepPriority < $1.keepPriority }) where need() > width && shown.count > 1 {
            shown.remove(c)
        }
        return allCases.filter(shown.contains)
    }
}
