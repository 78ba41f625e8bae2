import Foundation
import LogTail
import TerminalUI

/// What a pane tells its host after a key.
///
/// Why an outcome instead of callbacks: panes are values with pure key handling; navigation
/// (jumping to a peer or a task) belongs to the app, so the pane only says what the user asked for
/// and the app decides where that leads.
public enum PaneEvent: Hashable, Sendable {
    /// The pane does not use this key; the app may (quit, `:` command mode, screen switch, Esc back).
    case ignored
    /// The pane changed: redraw.
    case handled
    /// The user asked to see this cluster peer (peer id).
    case jumpToPeer(String)
    /// The user asked to see this ECS task (task id, the last ARN segment).
    case jumpToTask(String)
    /// The user asked for the tasks of this ECS service (from the services pane).
    case showTasksOfService(String)
    /// The user asked to save these lines (the logs view as filtered); the host turns it into an
    /// effect (the pane does no I/O).
    case save([LogLine])
    /// Something the user asked for failed; the sentence is also shown in the pane.
    case failed(String)
    /// The user asked to copy this text (an ECS Exec command line) to the clipboard; `what`
    /// names it for the notice.
    case copy(String, what: String)
}

/// Compact durations and ages for table cells ("42s", "5m", "3h12m", "2d4h").
public enum PaneTime {
    /// The time from `date` to `now` as a short duration; "-" when unknown. Future dates (clock
    /// skew between the exporter and this machine) show as "0s" rather than a negative age.
    public static func age(_ date: Date?, now: Date) -> String {
        guard let date else { return "-" }
        return duration(max(0, now.timeIntervalSince(date)))
    }

    public static func duration(_ seconds: TimeInterval) -> String {
        let s = Int(seconds.rounded(.down))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" + (s % 60 == 0 || s >= 600 ? "" : "\(s % 60)s") }
        if s < 86_400 { return "\(s / 3600)h" + (s % 3600 / 60 == 0 ? "" : "\(s % 3600 / 60)m") }
        return "\(s / 86_400)d" + (s % 86_400 / 3600 == 0 ? "" : "\(s % 86_400 / 3600)h")
    }

    /// `HH:MM:SS` UTC, for columns where the date is implied (today's incident).
    public static func clock(_ date: Date?) -> String {
        guard let date else { return "-" }
        let full = iso(date)
        return String(full.dropFirst(11).prefix(8))
    }

    /// `YYYY-MM-DD HH:MM:SSZ` UTC, for detail sections.
    public static func iso(_ date: Date?) -> String {
        guard let date else { return "-" }
        // LogTimestamp.format gives `2026-11-21T05:11:26.191Z`; drop the milliseconds.
        let full = LogTimestamp.format(date)
        return String(full.prefix(10)) + " " + String(full.dropFirst(11).prefix(8)) + "Z"
    }
}

/// A `/` filter being typed or applied in a table pane: live substring over the row's cells.
struct PaneFilter: Sendable, Equatable {
    /// Non-nil while the prompt is open.
    var prompt: PromptState?
    /// The applied text (updated live while typing).
    var text: String = ""

    var isEditing: Bool { prompt != nil }

    /// Returns nil when the key is not for the filter; otherwise whether the text changed.
    mutating func handle(_ key: Key) -> Bool? {
        if var p = prompt {
            let outcome = p.handle(key)
            switch outcome {
            case .editing:
                prompt = p
                let changed = p.text != text
                text = p.text
                return changed
            case .submitted(let t):
                prompt = nil
                text = t
                return true
            case .cancelled:
                prompt = nil
                text = ""
                return true
            }
        }
        if key == .char("/") {
            prompt = PromptState(text: text)
            return false
        }
        if key == .escape, !text.isEmpty {
            text = ""
            return true
        }
        return nil
    }

    func matches(_ cells: [String]) -> Bool {
        let needle = text.lowercased()
        guard !needle.isEmpty else { return true }
        return cells.contains { $0.lowercased().contains(needle) }
    }
}
