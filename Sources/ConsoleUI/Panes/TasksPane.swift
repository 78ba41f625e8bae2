import ConsoleCore
import ECSState
import Foundation
import TerminalUI

/// The ECS tasks table: what ECS did to each peer's task, with the peer it carries.
///
/// Why a self-contained value: the app embeds it in a screen or a split and feeds it snapshots
/// (from `ECSFeed`) and the task <-> peer join; the pane keeps selection by task ARN, sort,
/// filter and the expanded detail across every refresh, and never sees the app's own state types.
public struct TasksPane: Sendable {
    /// The columns, in order; `sortColumn` indexes this.
    public enum Column: Int, CaseIterable, Sendable {
        case task, peer, service, last, desired, health, zone, capacity, ip, started, stopped, stopCode, reason, taskDefinition

        public var title: String {
            switch self {
            case .task: "TASK"
            case .peer: "PEER"
            case .service: "SERVICE"
            case .last: "LAST"
            case .desired: "DESIRED"
            case .health: "HEALTH"
            case .zone: "AZ"
            case .capacity: "CAPACITY"
            case .ip: "IP"
            case .started: "STARTED"
            case .stopped: "STOPPED"
            case .stopCode: "STOP CODE"
            case .reason: "REASON"
            case .taskDefinition: "TASK DEF"
            }
        }
    }

    /// The last snapshot given; kept when a later one brings only problems.
    public private(set) var snapshot = ECSSnapshot()
    /// Task id -> peer id (from `PeerTaskCorrelation`).
    public private(set) var peerIDs: [String: String] = [:]
    /// Peer id -> display name.
    public private(set) var peerNames: [String: String] = [:]
    /// Peer ids (or names) the cluster reports as missing.
    public private(set) var missingPeers: Set<String> = []
    /// Selection (task ARN), scroll and sort.
    public var table = TableState<String>(sortColumn: nil)
    /// ARN of the task whose detail section is open.
    public private(set) var expandedARN: String?
    /// `!`: the problems block takes the whole pane (every export problem and `failures` entry).
    public private(set) var showAllProblems = false
    var filter = PaneFilter()
    /// Tasks after filter and sort, in display order.
    public private(set) var visible: [ECSTask] = []
    private var lastPageSize = 10
    /// The time of the latest event when the snapshot was taken (ages of the rows; views read no clock).
    private var now = Date.distantPast
    /// Seconds the cluster's clock (on which the exports' times are) is ahead of ours: times are
    /// shown and aged on the console's clock, as the header's.
    public var clockOffset: Double = 0

    public init() {}

    private func shown(_ d: Date?) -> Date? { d?.addingTimeInterval(-clockOffset) }

    // MARK: data

    /// Takes a new snapshot and join. `missingPeers` may hold peer ids or peer names.
    /// Why the join comes in as plain dictionaries: the pane must not depend on the app's peer
    /// model; `PeerTaskCorrelation` and a peer-name table are all it needs.
    public mutating func update(snapshot: ECSSnapshot, correlation: PeerTaskCorrelation? = nil,
                                peerNames: [String: String] = [:], missingPeers: Set<String> = [], now: Date) {
        self.snapshot = snapshot
        self.now = max(now, snapshot.exportedAt ?? now)
        if let correlation { peerIDs = correlation.tasks.mapValues(\.peerID) }
        self.peerNames = peerNames
        self.missingPeers = missingPeers
        if let open = expandedARN, !snapshot.tasks.contains(where: { $0.arn == open }) { expandedARN = nil }
        rebuild()
    }

    /// Sets the join directly (task id -> peer id), for hosts that keep their own correlation.
    public mutating func setPeers(_ taskToPeer: [String: String], names: [String: String], missing: Set<String>) {
        peerIDs = taskToPeer
        peerNames = names
        missingPeers = missing
        rebuild()
    }

    /// Selects a task by id or ARN (e.g. after a jump from the peers screen). Clears a filter that
    /// would hide it. Returns false when no such task is known.
    @discardableResult
    public mutating func select(task idOrARN: String) -> Bool {
        guard let task = snapshot.tasks.first(where: { $0.arn == idOrARN || $0.id == idOrARN }) else { return false }
        if !visible.contains(where: { $0.arn == task.arn }) { filter.text = ""; rebuild() }
        table.selectedID = task.arn
        return true
    }

    /// Shows only the tasks of one service (through the filter, so Esc clears it).
    public mutating func filter(service: String) {
        filter.text = service
        filter.prompt = nil
        rebuild()
    }

    /// The selected task, if any.
    public var selectedTask: ECSTask? {
        guard let arn = table.selectedID else { return visible.first }
        return visible.first { $0.arn == arn } ?? visible.first
    }

    /// The peer id carried by a task, if the join found one.
    public func peerID(forTask id: String) -> String? { peerIDs[id] }

    /// A task that stopped while the peer it carried is missing: the likely cause of the outage.
    public func isLikelyCause(_ task: ECSTask) -> Bool {
        guard !task.isActive, let peer = peerIDs[task.id] else { return false }
        guard missingPeers.contains(peer) || peerNames[peer].map(missingPeers.contains) == true else { return false }
        // Only the peer's latest task: an older stopped task was already replaced once.
        let newer = snapshot.tasks.contains { other in
            other.id != task.id && peerIDs[other.id] == peer && recency(other) > recency(task)
        }
        return !newer
    }

    private func recency(_ t: ECSTask) -> Date { t.startedAt ?? t.createdAt ?? t.stoppedAt ?? .distantPast }

    /// The sentences for the problems line: bad files, a missing directory, failures entries.
    public var problems: [String] {
        snapshot.problems.map { sanitizedForDisplay($0.description, limit: 300) }
            + snapshot.failures.map { f in
                let what = f.arn.map(ECSARN.lastSegment) ?? "?"
                return sanitizedForDisplay("\((f.file as NSString).lastPathComponent): failure \(f.reason ?? "?") for \(what)"
                                           + (f.detail.map { " (\($0))" } ?? ""), limit: 300)
            }
    }

    /// Filters and sorts with each task's cells built once (a cell holds the likely-cause
    /// check, which scans every task): not twice per comparison.
    private mutating func rebuild() {
        let now = self.now
        var rows = snapshot.tasks.map { (task: $0, cells: cells(for: $0, now: now)) }
        if !filter.text.isEmpty { rows = rows.filter { filter.matches($0.cells) } }
        if let col = table.sortColumn.flatMap(Column.init(rawValue:)) {
            let asc = table.sortAscending
            let keys = rows.map { $0.cells[col.rawValue].lowercased() }
            let order = rows.indices.sorted { i, j in
                let c = compare(rows[i].task, rows[j].task, keys[i], keys[j], by: col)
                if c == .orderedSame { return i < j }
                return asc ? c == .orderedAscending : c == .orderedDescending
            }
            visible = order.map { rows[$0].task }
        } else {
            visible = rows.map(\.task)
        }
    }

    private func compare(_ a: ECSTask, _ b: ECSTask, _ ka: String, _ kb: String, by col: Column) -> ComparisonResult {
        func dates(_ x: Date?, _ y: Date?) -> ComparisonResult {
            let l = x ?? .distantPast, r = y ?? .distantPast
            return l < r ? .orderedAscending : l > r ? .orderedDescending : .orderedSame
        }
        switch col {
        case .started: return dates(a.startedAt, b.startedAt)
        case .stopped: return dates(a.stoppedAt ?? a.stoppingAt, b.stoppedAt ?? b.stoppingAt)
        default: return ka < kb ? .orderedAscending : ka > kb ? .orderedDescending : .orderedSame
        }
    }

    // MARK: rows

    /// The cell texts of one task (also what the `/` filter searches).
    public func cells(for t: ECSTask, now: Date) -> [String] {
        let peer: String
        if let id = peerIDs[t.id] {
            let name = peerNames[id] ?? PeerInfo.shortID(id)
            let missing = missingPeers.contains(id) || missingPeers.contains(name)
            peer = missing ? name + " MISSING" : name
        } else {
            peer = "-"
        }
        let capacity = Self.capacity(of: t)
        var stopped = "-"
        if let s = shown(t.stoppedAt) { stopped = PaneTime.age(s, now: now) + " ago" }
        else if let s = shown(t.stoppingAt) { stopped = "stopping " + PaneTime.age(s, now: now) }
        var reason = t.stoppedReason ?? ""
        if isLikelyCause(t) { reason = "LIKELY CAUSE: " + (reason.isEmpty ? "stopped while peer missing" : reason) }
        if snapshot.staleTaskIDs.contains(t.id) { reason = "(stale) " + reason }
        if let f = snapshot.failure(forTaskID: t.id) { reason = "[\(f.reason ?? "failure")] " + reason }
        return [
            t.shortID, peer,
            t.serviceName ?? t.group ?? "-",
            t.lastStatus?.rawValue ?? "-", t.desiredStatus?.rawValue ?? "-",
            t.healthStatus?.rawValue ?? "-", t.availabilityZone ?? "-", capacity,
            t.privateIPv4 ?? "-",
            shown(t.startedAt).map { PaneTime.age($0, now: now) + " ago" } ?? "-",
            stopped, t.stopCode?.rawValue ?? "-", reason,
            t.taskDefinitionName ?? "-",
        ]
    }

    /// The capacity provider (`FARGATE_SPOT`), else the launch type; "-" when neither is known.
    static func capacity(of t: ECSTask) -> String { t.capacityProviderName ?? t.launchType ?? "-" }

    func row(for t: ECSTask, now: Date) -> TableRow {
        let cells = cells(for: t, now: now)
        var roles = [Role?](repeating: nil, count: cells.count)
        var rowRole: Role? = nil
        if isLikelyCause(t) {
            rowRole = .critical
        } else if !t.isActive {
            rowRole = .dim
        } else {
            if t.healthStatus == .unhealthy { roles[Column.health.rawValue] = .error }
            else if t.healthStatus == .healthy { roles[Column.health.rawValue] = .ok }
            if t.lastStatus?.isStarting == true { roles[Column.last.rawValue] = .warning }
            if t.capacityProviderName == "FARGATE_SPOT" { roles[Column.capacity.rawValue] = .info }
            if let id = peerIDs[t.id], missingPeers.contains(id) || peerNames[id].map(missingPeers.contains) == true {
                roles[Column.peer.rawValue] = .peerMissing
            }
        }
        return TableRow(cells, role: rowRole, cellRoles: roles)
    }

    static let columns: [TableColumn] = [
        TableColumn("TASK", minWidth: 8, maxWidth: 8, weight: 0),
        TableColumn("PEER", minWidth: 10, maxWidth: 24, weight: 2),
        TableColumn("SERVICE", minWidth: 18, maxWidth: 36, weight: 3),
        TableColumn("LAST", minWidth: 8, maxWidth: 14, weight: 0, keepWhole: true),
        TableColumn("DESIRED", minWidth: 8, maxWidth: 8, weight: 0, keepWhole: true),
        TableColumn("HEALTH", minWidth: 7, maxWidth: 9, weight: 0, keepWhole: true),
        TableColumn("AZ", minWidth: 10, maxWidth: 12, weight: 0, keepWhole: true),
        TableColumn("CAPACITY", minWidth: 12, maxWidth: 12, weight: 0, keepWhole: true),
        TableColumn("IP", minWidth: 10, maxWidth: 15, weight: 1),
        TableColumn("STARTED", minWidth: 9, maxWidth: 10, weight: 0, keepWhole: true),
        TableColumn("STOPPED", minWidth: 9, maxWidth: 14, weight: 0, keepWhole: true),
        TableColumn("STOP CODE", minWidth: 10, maxWidth: 25, weight: 1, keepWhole: true),
        TableColumn("REASON", minWidth: 20, weight: 5),
        TableColumn("TASK DEF", minWidth: 14, maxWidth: 40, weight: 2),
    ]

    private func tableRows(now: Date) -> TableRows<String> {
        let tasks = visible
        var positions: [String: Int] = [:]
        for (i, t) in tasks.enumerated() where positions[t.arn] == nil { positions[t.arn] = i }
        return TableRows(count: tasks.count, id: { tasks[$0].arn }, row: { row(for: tasks[$0], now: now) },
                         indexOf: { positions[$0] })
    }

    // MARK: keys

    /// The keys this pane understands, for the app's `?` help.
    public static let keyMap = KeyMap([
        KeyMapSection("Tasks", [
            KeyBinding("j/k ↑/↓", "move"),
            KeyBinding("g/G", "first / last task"),
            KeyBinding("ctrl-d/ctrl-u", "half page down / up"),
            KeyBinding("enter", "show / hide containers of the task"),
            KeyBinding("p", "jump to the task's peer"),
            KeyBinding("/", "filter (any column); esc clears"),
            KeyBinding("< >", "sort by previous / next column"),
            KeyBinding("r", "reverse the sort"),
            KeyBinding("!", "list every export problem and failures entry / back to the table"),
            KeyBinding("c / C", "copy the ECS Exec shell command for ipfs-cluster / ipfs (OSC 52, when --osc52)"),
        ]),
    ])

    /// Applies a key. Returns `.jumpToPeer` for `p` on a task with a known peer.
    public mutating func handle(_ key: Key) -> PaneEvent {
        if let changed = filter.handle(key) {
            if changed { rebuild() }
            return .handled
        }
        let rows = tableRows(now: now)
        switch key {
        case .enter:
            guard let t = selectedTask else { return .handled }
            expandedARN = expandedARN == t.arn ? nil : t.arn
            return .handled
        case .char("!"):
            showAllProblems.toggle()
            return .handled
        case .char("c"), .char("C"):
            guard let t = selectedTask else { return .handled }
            let containers = ECSExecCommand.containers(of: t)
            let i = key == .char("c") ? 0 : 1
            guard i < containers.count else { return .failed("task \(t.shortID) has one container") }
            return .copy(ECSExecCommand.line(task: t, container: containers[i]), what: "the ECS Exec command for \(containers[i])")
        case .escape:
            if showAllProblems { showAllProblems = false; return .handled }
            if expandedARN != nil { expandedARN = nil; return .handled }
            return .ignored
        case .char("p"):
            guard let t = selectedTask, let peer = peerIDs[t.id] else { return .failed("no peer is known for this task") }
            return .jumpToPeer(peer)
        case .char(">"):
            let n = Column.allCases.count
            table.sortColumn = ((table.sortColumn ?? -1) + 1) % n
            table.sortAscending = true
            rebuild()
            return .handled
        case .char("<"):
            let n = Column.allCases.count
            table.sortColumn = ((table.sortColumn ?? 0) - 1 + n) % n
            table.sortAscending = true
            rebuild()
            return .handled
        case .char("r"):
            if table.sortColumn == nil { table.sortColumn = Column.started.rawValue }
            table.sortAscending.toggle()
            rebuild()
            return .handled
        default:
            if table.handle(key, rows: rows, pageSize: lastPageSize) {
                if let open = expandedARN, open != table.selectedID { expandedARN = table.selectedID }
                return .handled
            }
            return .ignored
        }
    }

    /// True while the `/` prompt is open: the app should send every key here first.
    public var isCapturingInput: Bool { filter.isEditing }

    // MARK: render

    /// Draws the pane into `area`: problems line (if any), the table, the filter prompt, and the
    /// detail section of the expanded task. `now` drives the age columns.
    public mutating func render(into buffer: inout CellBuffer, area: Rect, theme: Theme, now: Date) {
        guard !area.isEmpty else { return }
        buffer.fill(area, role: .text, theme: theme)
        var rest = area
        let problemLines = Self.problemLines(problems, width: area.width, budget: showAllProblems ? area.height : max(2, area.height / 3))
        if !problemLines.isEmpty {
            let (block, below) = rest.splitTop(problemLines.count)
            rest = below
            buffer.fill(block, role: .error, theme: theme)
            for (i, text) in problemLines.enumerated() {
                buffer.write(text, x: block.x, y: block.y + i, role: .error, theme: theme, clip: block)
            }
        }
        if filter.isEditing || !filter.text.isEmpty {
            let (above, line) = rest.splitBottom(1)
            rest = above
            if let p = filter.prompt {
                Prompt.render(prefix: "/", state: p, area: line, into: &buffer, theme: theme)
            } else {
                StatusLine.render(left: [StatusSegment("filter: " + filter.text, role: .keyHint),
                                         StatusSegment("(\(visible.count) of \(snapshot.tasks.count); esc clears)", role: .dim)],
                                  area: line, into: &buffer, theme: theme)
            }
        }
        var tableArea = rest
        if let arn = expandedARN, let task = snapshot.tasks.first(where: { $0.arn == arn }) {
            let wanted = task.containers.count + 9
            let detailHeight = min(wanted, max(3, rest.height / 2))
            let (top, bottom) = rest.splitBottom(detailHeight)
            tableArea = top
            renderDetail(task, area: bottom, into: &buffer, theme: theme, now: now)
        }
        lastPageSize = max(1, Table.bodyHeight(area: tableArea))
        let empty = snapshot.tasks.isEmpty ? "no ECS tasks (no export read yet)" : "no task matches the filter"
        Table.render(columns: Self.columns, rows: tableRows(now: now), state: &table, area: tableArea,
                     into: &buffer, theme: theme, emptyMessage: empty)
    }

    /// Every problem (bad file, `failures` entry) as wrapped lines marked `⚠`, within `budget`
    /// lines; when they do not fit, the last line counts the rest and names `!`, which gives the
    /// block the whole pane. Why not "(+1 more)": a `MISSING` failure is often the one that
    /// explains a stopped peer, and it must be readable without leaving the screen.
    static func problemLines(_ problems: [String], width: Int, budget: Int) -> [String] {
        guard !problems.isEmpty, width > 2, budget > 0 else { return [] }
        var lines: [String] = []
        for (n, p) in problems.enumerated() {
            let wrapped = TextLayout.wrap(p, width: width - 2)
            let entry = wrapped.enumerated().map { ($0.offset == 0 ? "⚠ " : "  ") + $0.element }
            let left = problems.count - n
            // Room for this entry, plus a counting line if others would still follow.
            let room = budget - lines.count - (left > 1 ? 1 : 0)
            if entry.count > room {
                lines.append("⚠ \(left) more problem\(left == 1 ? "" : "s") not shown: press ! to list them all")
                return lines
            }
            lines += entry
        }
        return lines
    }

    private func renderDetail(_ t: ECSTask, area: Rect, into buffer: inout CellBuffer, theme: Theme, now: Date) {
        guard area.height >= 2 else { return }
        buffer.drawBox(area, style: theme.style(.border), title: "task \(t.id)", titleStyle: theme.style(.title))
        let inside = area.inset(by: 1)
        var y = inside.y
        func line(_ text: String, _ role: Role = .text) {
            guard y < inside.maxY else { return }
            buffer.write(text, x: inside.x, y: y, role: role, theme: theme, clip: inside)
            y += 1
        }
        func when(_ label: String, _ d: Date?) -> String? {
            shown(d).map { "\(label) \(PaneTime.iso($0)) (\(PaneTime.age($0, now: now)) ago)" }
        }
        let times = [when("started", t.startedAt), when("stopping", t.stoppingAt), when("stopped", t.stoppedAt)].compactMap { $0 }
        line(([t.taskDefinitionName ?? "-", t.lastStatus?.rawValue ?? "-", t.capacityProviderName ?? t.launchType ?? "-"]
              + times).joined(separator: "  "))
        if t.stopCode != nil || t.stoppedReason != nil {
            line("stop: \(t.stopCode?.rawValue ?? "-"): \(t.stoppedReason ?? "-")", isLikelyCause(t) ? .critical : .warning)
        }
        for (i, container) in ECSExecCommand.containers(of: t).prefix(2).enumerated() {
            line("exec (\(i == 0 ? "c" : "C") copies): " + ECSExecCommand.line(task: t, container: container), .info)
        }
        if let f = snapshot.failure(forTaskID: t.id) {
            line("failure: \(f.reason ?? "?")" + (f.detail.map { " (\($0))" } ?? ""), .error)
        }
        let cols = [TableColumn("CONTAINER", minWidth: 12, maxWidth: 20, weight: 1),
                    TableColumn("IMAGE", minWidth: 12, maxWidth: 40, weight: 2),
                    TableColumn("STATUS", minWidth: 8, maxWidth: 10, weight: 0),
                    TableColumn("HEALTH", minWidth: 9, maxWidth: 9, weight: 0, keepWhole: true),
                    TableColumn("EXIT", minWidth: 4, maxWidth: 5, weight: 0, alignment: .right),
                    TableColumn("REASON", minWidth: 10, weight: 4)]
        let rows = t.containers.map { c in
            (c.name, TableRow([c.name, c.image ?? "-", c.lastStatus ?? "-", c.healthStatus?.rawValue ?? "-",
                               c.exitCode.map(String.init) ?? "-", c.reason ?? ""],
                              role: c.exitCode.map { $0 != 0 } == true ? .error : nil))
        }
        guard y < inside.maxY else { return }
        var state = TableState<String>()
        let containerArea = Rect(x: inside.x, y: y, width: inside.width, height: inside.maxY - y)
        Table.render(columns: cols, rows: TableRows(rows), state: &state, area: containerArea, into: &buffer,
                     theme: theme, emptyMessage: "no containers reported")
        // No selection inside the detail: repaint the first row in its own role.
        if let first = rows.first, containerArea.height > 1 {
            buffer.setStyle(theme.style(first.1.role ?? .text),
                            in: Rect(x: containerArea.x, y: containerArea.y + 1, width: containerArea.width, height: 1))
        }
    }
}
