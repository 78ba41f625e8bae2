import ConsoleCore
import ECSState
import Foundation
import TerminalUI

/// The overview's lower half: CloudWatch alarms in ALARM, and the newest events of ECS, the load
/// balancer and the cluster merged by time. Each line starts with its source in words.
enum OverviewFeed {
    struct Line: Equatable {
        var time: Date?
        var source: String
        var text: String
        var role: Role?
    }

    /// Alarms in ALARM, newest state change first; a sentence when there is nothing to list.
    static func alarmLines(_ core: ConsoleState, _ deployment: DeploymentPicture?, now: Date) -> [Line] {
        guard let aws = core.ecs.snapshot?.aws, !aws.alarms.isEmpty else {
            return [Line(time: nil, source: "", text: "no CloudWatch alarm export in the exports folder", role: .dim)]
        }
        let firing = (deployment?.firing ?? aws.alarms.filter(\.isInAlarm))
            .sorted { ($0.stateUpdatedAt ?? .distantPast) > ($1.stateUpdatedAt ?? .distantPast) }
        guard !firing.isEmpty else {
            return [Line(time: nil, source: "", text: "no alarm in ALARM (\(aws.alarms.count) watched)", role: .ok)]
        }
        return firing.map { a in
            let owner = deployment?.peers.first { $0.alarms.contains { $0.name == a.name } }?.peerID.map(core.peerName)
            let what = [a.name, owner.map { "(\($0))" }, a.stateReason].compactMap { $0 }.joined(separator: "  ")
            return Line(time: core.onConsoleClock(a.stateUpdatedAt), source: "ALARM", text: what, role: .error)
        }
    }

    /// ECS service events, load balancer targets out of rotation, alarm state changes, and the
    /// cluster's own: alerts, missing peers, finished actions. Newest first, at most `limit`.
    /// Every time is on the console's clock (the cluster's and the exports' are moved onto it),
    /// so the lines sort and read against the header's clock.
    static func eventLines(_ core: ConsoleState, _ deployment: DeploymentPicture?, now: Date, limit: Int) -> [Line] {
        var out: [Line] = []
        if let snapshot = core.ecs.snapshot {
            for s in snapshot.services {
                for e in s.events.prefix(limit) { out.append(Line(time: core.onConsoleClock(e.createdAt), source: "ECS", text: e.message)) }
            }
            for t in snapshot.tasks where !t.isActive {
                guard let at = t.stoppedAt ?? t.stoppingAt else { continue }
                let who = core.ecs.correlation?.peerID(forTask: t.id).map(core.peerName) ?? t.shortID
                out.append(Line(time: core.onConsoleClock(at), source: "ECS", text: "task \(t.shortID) (\(who)) stopped: \(t.stopCode?.rawValue ?? "-") \(t.stoppedReason ?? "")",
                                role: .warning))
            }
        }
        if let d = deployment {
            for g in d.targetGroups {
                for t in g.targets where t.state.isProblem || t.state != .healthy {
                    let who = d.peers.first { $0.targets.contains(t) }?.peerID.map(core.peerName) ?? t.targetID
                    out.append(Line(time: d.observedAt, source: "ALB",
                                    text: "\(g.group.name) \(who): \(t.state.rawValue.uppercased())"
                                        + [t.reason, t.description].compactMap { $0 }.map { " \($0)" }.joined(),
                                    role: t.state.isProblem ? .error : .warning))
                }
            }
            for h in d.alarmHistory.prefix(limit) where h.type == nil || h.type == "StateUpdate" {
                out.append(Line(time: core.onConsoleClock(h.time), source: "ALARM", text: "\(h.alarmName): \(h.summary)"))
            }
        }
        for a in core.alerts {
            out.append(Line(time: core.onConsoleClock(a.triggeredAt.date), source: "CLUSTER",
                            text: "alert \(a.metric.name) for \(core.peerName(a.metric.peer))", role: .warning))
        }
        for p in core.peerList {
            if case .missing(let since) = p.condition {
                out.append(Line(time: since, source: "CLUSTER", text: "\(p.displayName) missing from /peers", role: .peerMissing))
            }
        }
        for r in core.history.prefix(limit) {
            out.append(Line(time: r.finished, source: "ACTION", text: "\(r.name) \(r.target): \(r.outcome.message)"))
        }
        out.sort { ($0.time ?? .distantPast) > ($1.time ?? .distantPast) }
        return Array(out.prefix(limit))
    }

    /// Rows `render` needs for `lines` at `width`, title included.
    static func height(_ lines: [Line], width: Int) -> Int {
        1 + max(1, lines.reduce(0) { sum, l in
            let indent = l.source.isEmpty ? 0 : 17
            return sum + TextLayout.wrap(l.text, width: max(10, width - indent)).count
        })
    }

    /// Draws a titled list into `area`: `HH:MM:SS SOURCE text` lines, the text wrapped under
    /// itself (an alarm's name and reason are read whole, not cut at a pane's edge), until the
    /// area is full.
    static func render(title: String, _ lines: [Line], area: Rect, into buffer: inout CellBuffer, theme: Theme, now: Date) {
        guard area.height >= 1 else { return }
        let (head, body) = area.splitTop(1)
        buffer.write(TextLayout.truncate(title, width: head.width), x: head.x, y: head.y, role: .title, theme: theme, clip: head)
        if lines.isEmpty {
            buffer.write("nothing yet", x: body.x + 1, y: body.y, role: .dim, theme: theme, clip: body)
            return
        }
        var y = body.y
        for l in lines where y < body.maxY {
            let when = l.time.map { PaneTime.clock($0) } ?? ""
            let lead = l.source.isEmpty ? "" : "\(when.isEmpty ? "        " : when) \(l.source.padding(toLength: 7, withPad: " ", startingAt: 0)) "
            let indent = DisplayWidth.of(lead)
            let room = max(10, body.width - indent)
            let parts = TextLayout.wrap(l.text, width: room)
            buffer.write(lead, x: body.x, y: y, role: .dim, theme: theme, clip: body.row(y - body.y))
            for part in parts where y < body.maxY {
                buffer.write(part, x: body.x + indent, y: y, role: l.role ?? .text, theme: theme, clip: body.row(y - body.y))
                y += 1
            }
        }
    }
}
