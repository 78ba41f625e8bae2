import ECSState
import Foundation
import TerminalUI

/// The ECS services view: counts per service, then the selected service's deployments and its
/// events (newest first, with age).
///
/// Why events matter here: "(service X) has started 1 tasks" / "was unable to place a task" is
/// ECS's own account of an incident; reading it next to the deployments answers "is ECS still
/// trying, or has it given up".
public struct ServicesPane: Sendable {
    public private(set) var snapshot = ECSSnapshot()
    /// Selection by service name.
    public var table = TableState<String>()
    /// First event row shown (events scroll with pgup/pgdn, ctrl-d/ctrl-u).
    public private(set) var eventOffset = 0
    private var lastEventPage = 5
    /// Seconds the cluster's clock (on which the exports' times are) is ahead of ours: times are
    /// shown and aged on the console's clock, as the header's.
    public var clockOffset: Double = 0

    public init() {}

    public mutating func update(snapshot: ECSSnapshot) {
        self.snapshot = snapshot
    }

    /// Selects a service by name; false when unknown.
    @discardableResult
    public mutating func select(service name: String) -> Bool {
        guard snapshot.service(named: name) != nil else { return false }
        if table.selectedID != name { eventOffset = 0 }
        table.selectedID = name
        return true
    }

    public var selectedService: ECSService? {
        table.selectedID.flatMap(snapshot.service(named:)) ?? snapshot.services.first
    }

    /// The selected service's events, newest first (re-sorted here so that a merged copy in
    /// another order cannot reverse the story).
    public var selectedEvents: [ECSServiceEvent] {
        guard let s = selectedService else { return [] }
        return s.events.enumerated().sorted { a, b in
            switch (a.element.createdAt, b.element.createdAt) {
            case let (x?, y?): return x != y ? x > y : a.offset < b.offset
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.offset < b.offset
            }
        }.map(\.element)
    }

    public static let keyMap = KeyMap([
        KeyMapSection("Services", [
            KeyBinding("j/k ↑/↓", "select a service"),
            KeyBinding("g/G", "first / last service"),
            KeyBinding("pgdn/pgup ctrl-d/ctrl-u", "scroll the events"),
            KeyBinding("enter", "show the service's tasks"),
        ]),
    ])

    static let columns: [TableColumn] = [
        TableColumn("SERVICE", minWidth: 16, maxWidth: 44, weight: 3),
        TableColumn("STATUS", minWidth: 8, maxWidth: 10, weight: 0, keepWhole: true),
        TableColumn("DESIRED", minWidth: 7, maxWidth: 8, weight: 0, alignment: .right),
        TableColumn("RUNNING", minWidth: 7, maxWidth: 8, weight: 0, alignment: .right),
        TableColumn("PENDING", minWidth: 7, maxWidth: 8, weight: 0, alignment: .right),
        TableColumn("DEPLOYMENTS", minWidth: 11, maxWidth: 12, weight: 0, alignment: .right),
        TableColumn("STATE", minWidth: 10, maxWidth: 30, weight: 1, keepWhole: true),
        TableColumn("LAUNCH", minWidth: 8, maxWidth: 30, weight: 1),
    ]

    private func serviceRows() -> TableRows<String> {
        let items = snapshot.services.map { s -> (String, TableRow) in
            func n(_ v: Int?) -> String { v.map(String.init) ?? "-" }
            let degraded = (s.runningCount ?? 0) < (s.desiredCount ?? 0)
            let state = s.isStable ? "stable" : degraded ? "DEGRADED" : "deploying"
            let launch = s.capacityProviderStrategy.isEmpty
                ? (s.launchType ?? "-")
                : s.capacityProviderStrategy.map { "\($0.capacityProvider)" + ($0.weight.map { ":\($0)" } ?? "") }.joined(separator: ",")
            var roles = [Role?](repeating: nil, count: 8)
            roles[6] = s.isStable ? .ok : degraded ? .error : .warning
            if degraded { roles[3] = .error }
            return (s.name, TableRow([s.name, s.status ?? "-", n(s.desiredCount), n(s.runningCount), n(s.pendingCount),
                                      String(s.deployments.count), state, launch],
                                     role: s.status == "ACTIVE" || s.status == nil ? nil : .dim, cellRoles: roles))
        }
        return TableRows(items)
    }

    public mutating func handle(_ key: Key) -> PaneEvent {
        let rows = serviceRows()
        switch key {
        case .pageDown, .ctrl("d"):
            let step = key == .pageDown ? lastEventPage : max(1, lastEventPage / 2)
            eventOffset = max(0, min(eventOffset + step, selectedEvents.count - 1))
            return .handled
        case .pageUp, .ctrl("u"):
            let step = key == .pageUp ? lastEventPage : max(1, lastEventPage / 2)
            eventOffset = max(0, eventOffset - step)
            return .handled
        case .enter:
            guard let s = selectedService else { return .handled }
            return .showTasksOfService(s.name)
        default:
            let before = table.selectedID
            if table.handle(key, rows: rows, pageSize: 5) {
                if table.selectedID != before { eventOffset = 0 }
                return .handled
            }
            return .ignored
        }
    }

    /// Draws services (top), the selected service's deployments, then its events.
    public mutating func render(into buffer: inout CellBuffer, area: Rect, theme: Theme, now: Date) {
        guard !area.isEmpty else { return }
        buffer.fill(area, role: .text, theme: theme)
        let rows = serviceRows()
        let tableHeight = min(max(2, rows.count + 1), max(2, area.height / 3))
        let (top, rest) = area.splitTop(tableHeight)
        Table.render(columns: Self.columns, rows: rows, state: &table, area: top, into: &buffer, theme: theme,
                     emptyMessage: "no ECS services (no describe-services export read yet)")
        guard let service = selectedService, rest.height > 1 else { return }

        // Deployments
        let depHeight = min(service.deployments.count + 2, max(2, rest.height / 2))
        let (depArea, eventsArea) = rest.splitTop(depHeight)
        let (depTitle, depBody) = depArea.splitTop(1)
        buffer.write("Deployments of \(service.name)", x: depTitle.x, y: depTitle.y, role: .title, theme: theme, clip: depTitle)
        let depColumns = [
            TableColumn("ID", minWidth: 12, maxWidth: 28, weight: 1),
            TableColumn("STATUS", minWidth: 8, maxWidth: 9, weight: 0, keepWhole: true),
            TableColumn("ROLLOUT", minWidth: 11, maxWidth: 12, weight: 0, keepWhole: true),
            TableColumn("DES", minWidth: 3, maxWidth: 4, weight: 0, alignment: .right),
            TableColumn("RUN", minWidth: 3, maxWidth: 4, weight: 0, alignment: .right),
            TableColumn("PEND", minWidth: 4, maxWidth: 5, weight: 0, alignment: .right),
            TableColumn("FAIL", minWidth: 4, maxWidth: 5, weight: 0, alignment: .right),
            TableColumn("TASK DEF", minWidth: 10, maxWidth: 40, weight: 1),
            TableColumn("UPDATED", minWidth: 8, maxWidth: 10, weight: 0, keepWhole: true),
            TableColumn("REASON", minWidth: 10, weight: 3),
        ]
        let depRows = service.deployments.map { d -> (String, TableRow) in
            func n(_ v: Int?) -> String { v.map(String.init) ?? "-" }
            let role: Role? = d.rolloutState == "FAILED" ? .error : (d.failedTasks ?? 0) > 0 ? .warning : nil
            return (d.id, TableRow([d.id, d.status ?? "-", d.rolloutState ?? "-", n(d.desiredCount), n(d.runningCount),
                                    n(d.pendingCount), n(d.failedTasks), d.taskDefinitionARN.map(ECSARN.taskDefinitionName) ?? "-",
                                    PaneTime.age((d.updatedAt ?? d.createdAt)?.addingTimeInterval(-clockOffset), now: now), d.rolloutStateReason ?? ""],
                                   role: role))
        }
        var depState = TableState<String>()
        Table.render(columns: depColumns, rows: TableRows(depRows), state: &depState, area: depBody, into: &buffer,
                     theme: theme, emptyMessage: "no deployments reported")
        if let first = depRows.first, depBody.height > 1 {
            // Nothing is selectable here: draw the first row like the others.
            buffer.setStyle(theme.style(first.1.role ?? .text), in: depBody.row(1))
        }

        // Events, newest first
        guard eventsArea.height > 1 else { return }
        let (evTitle, evBody) = eventsArea.splitTop(1)
        let events = selectedEvents
        buffer.write("Events (newest first, \(events.count))", x: evTitle.x, y: evTitle.y, role: .title, theme: theme, clip: evTitle)
        lastEventPage = max(1, evBody.height)
        eventOffset = max(0, min(eventOffset, max(0, events.count - evBody.height)))
        for (k, e) in events.dropFirst(eventOffset).prefix(evBody.height).enumerated() {
            let y = evBody.y + k
            let at = e.createdAt?.addingTimeInterval(-clockOffset)
            let age = TextLayout.fit(PaneTime.age(at, now: now), width: 6, alignment: .right)
            let x = buffer.write(age, x: evBody.x, y: y, role: .dim, theme: theme, clip: evBody)
            let role: Role = Self.eventRole(e.message)
            buffer.write(" " + PaneTime.clock(at) + "  " + e.message, x: x, y: y, role: role, theme: theme, clip: evBody)
        }
        if events.isEmpty {
            buffer.write("no events", x: evBody.x + 1, y: evBody.y, role: .dim, theme: theme, clip: evBody)
        }
    }

    /// Colour events ECS uses to report trouble; the text itself says it too.
    static func eventRole(_ message: String) -> Role {
        let m = message.lowercased()
        if m.contains("unable to") || m.contains("failed") || m.contains("unhealthy") || m.contains("error") { return .error }
        if m.contains("stopped") || m.contains("deregistered") || m.contains("draining") { return .warning }
        if m.contains("steady state") { return .ok }
        return .text
    }
}
