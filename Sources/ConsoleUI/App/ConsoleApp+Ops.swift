import ConsoleCore
import ECSState
import Foundation
import LogTail
import TerminalUI

/// Which pane a key goes to first.
enum FocusedPane {
    case tasks, services, logs
}

extension ConsoleApp {
    // MARK: feeds

    /// The feeds' inputs: what the executable set, else the demo's state directory.
    var effectiveFeedSources: FeedSources? {
        if let feedSources, !feedSources.isEmpty { return feedSources }
        if let dir = core.settings.stateDirectory { return FeedSources(demo: DemoStateDir(root: dir)) }
        return nil
    }

    /// Starts the ECS and log feeds; each posts into the loop. A log follower that cannot start is
    /// reported in the logs pane (the console runs without it).
    mutating func startFeeds(_ context: LoopContext<ConsoleEvent>) {
        guard let sources = effectiveFeedSources else { return }
        let ecs = sources.ecsDirectory.map { dir in ECSFeed(directory: dir) { context.post(.ecs($0)) } }
        var logs: LogFeed?
        if !sources.logTargets.isEmpty {
            var options = FollowerOptions()
            if sources.fromBeginning { options.start = .beginning }
            do {
                logs = try LogFeed(targets: sources.logTargets, options: options) { context.post(.logs($0)) }
            } catch {
                ui.notice = ("logs: \(error.description)", true)
            }
        }
        feeds = FeedHandles(ecs: ecs, logs: logs)
    }

    /// Events for the panes; everything else goes to the core. Returns true when handled here.
    mutating func handleOpsEvent(_ event: ConsoleEvent) -> Bool {
        switch event {
        case .ecs(let snapshot):
            ui.ops.ingest(snapshot, core: core, now: clock())
            return true
        case .logs(let batch):
            ui.ops.ingest(batch)
            return true
        case .loaded(.peers, _, _), .loaded(.id, _, _):
            dispatch(event)
            ui.ops.observePeers(core, now: clock())
            ui.ops.recordTimelines(core, now: clock())
            return true
        case .loaded, .pinStreamEnded, .failed:
            dispatch(event)
            ui.ops.clusterChanged()
            return true
        default:
            return false
        }
    }

    // MARK: keys

    /// The pane that gets keys first on the current screen, if any.
    var focusedPane: FocusedPane? {
        switch ui.screen {
        case .tasks: return .tasks
        case .services: return .services
        case .logs: return .logs
        case .peers, .pins: return ui.ops.logsSplit && ui.ops.logsFocused && !ui.historyFocused ? .logs : nil
        default: return nil
        }
    }

    /// Keys for the panes and the ECS/log/triage screens. Returns nil when the app's own key map
    /// should handle the key.
    mutating func handleOpsKey(_ key: Key) -> LoopAction? {
        if key == .f(1) { ui.showHelp = true; return .redraw }
        if let pane = focusedPane {
            let capturing: Bool = switch pane {
            case .tasks: ui.ops.tasks.isCapturingInput
            case .logs: ui.ops.logs.isCapturingInput
            case .services: false
            }
            if !capturing, key == .tab, ui.screen == .peers || ui.screen == .pins {
                switchSplitFocus()
                return .redraw
            }
            let event: PaneEvent = switch pane {
            case .tasks: ui.ops.tasks.handle(key)
            case .services: ui.ops.services.handle(key)
            case .logs: ui.ops.logs.handle(key)
            }
            if capturing || event != .ignored {
                apply(event)
                return .redraw
            }
            return nil
        }
        if ui.screen == .triage { return handleTriageKey(key) }
        if key == .tab, ui.ops.logsSplit, !ui.historyFocused, ui.screen == .peers || ui.screen == .pins {
            switchSplitFocus()
            return .redraw
        }
        return nil
    }

    /// Tab on a main screen with the logs split: table -> logs -> action history (when shown) -> table.
    mutating func switchSplitFocus() {
        if ui.ops.logsFocused {
            ui.ops.logsFocused = false
            ui.historyFocused = showsHistoryPane
        } else {
            ui.ops.logsFocused = true
        }
    }

    var showsHistoryPane: Bool { !core.history.isEmpty || !core.running.isEmpty }

    /// What a pane asked for: navigation between the peers, tasks and logs, or a toast.
    mutating func apply(_ event: PaneEvent) {
        switch event {
        case .ignored, .handled:
            break
        case .jumpToPeer(let peer):
            jump(toPeer: peer)
        case .jumpToTask(let task):
            openTask(task)
        case .showTasksOfService(let service):
            ui.ops.tasks.filter(service: service)
            ui.push(.tasks)
        case .saved(let path, let lines):
            dispatch(.notice("saved \(lines) log lines to \(path)", level: .success))
        case .failed(let message):
            dispatch(.notice(message, level: .error))
        }
    }

    /// Shows a peer on the peers screen (a peer id, or a name from a log line).
    mutating func jump(toPeer peer: String) {
        let id = core.peers[peer] != nil ? peer : core.peerList.first { $0.name == peer }?.id
        guard let id else {
            ui.notice = ("peer \(peer) is not known to the cluster view", true)
            return
        }
        ui.peerFilter = ""
        ui.ops.logsFocused = false
        ui.push(.peers)
        ui.peersTable.selectedID = id
    }

    /// Opens the tasks screen on a task (id or ARN).
    mutating func openTask(_ task: String) {
        if ui.ops.tasks.select(task: task) {
            ui.push(.tasks)
        } else {
            ui.notice = ("task \(task) is not in the ECS export", true)
        }
    }

    /// `t` on the peers screen: the peer's current task, or the one whose stop explains its absence.
    mutating func openTaskOfSelectedPeer() {
        guard let id = ui.peersTable.selectedID else { return }
        guard let task = ui.ops.task(forPeer: id) else {
            ui.notice = (ui.ops.snapshot == nil ? "no ECS export read (use --ecs-dir, or --demo)"
                : "no ECS task is joined to \(core.peerName(id)) yet", true)
            return
        }
        openTask(task.id)
    }

    /// Opens the logs (full screen) filtered to a peer's warnings and errors.
    mutating func openLogs(forPeer id: String) {
        ui.ops.logs.showErrors(forPeer: id)
        ui.push(.logs)
    }

    // MARK: help

    /// The `?`/F1 overlay: the screen's keys plus the focused pane's own sections.
    func helpModel() -> KeyMap {
        var model = KeyMaps.map(for: ui.screen).helpModel(readonly: core.settings.readonly)
        let extra: KeyMap? = switch focusedPane {
        case .tasks: TasksPane.keyMap
        case .services: ServicesPane.keyMap
        case .logs: LogsPane.keyMap
        case nil: nil
        }
        if let extra { model = KeyMap(extra.sections + model.sections) }
        return model
    }

    // MARK: rendering

    /// "Now" for ECS and log ages: the simulator (or a skewed exporter) may run ahead of our clock.
    func opsNow(_ now: Date) -> Date { max(now, ui.ops.snapshot?.exportedAt ?? now) }

    /// Draws the ECS, logs and triage screens; false for the other screens.
    mutating func renderOpsScreen(area: Rect, into buffer: inout CellBuffer, now: Date) -> Bool {
        switch ui.screen {
        case .tasks: ui.ops.tasks.render(into: &buffer, area: area, theme: theme, now: opsNow(now))
        case .services: ui.ops.services.render(into: &buffer, area: area, theme: theme, now: opsNow(now))
        case .logs: ui.ops.logs.render(into: &buffer, area: area, theme: theme, now: now, title: "logs (F1 help)")
        case .triage: renderTriage(area: area, into: &buffer, now: now)
        default: return false
        }
        return true
    }

    /// Carves the logs split off the bottom of a main screen's body when it is on.
    mutating func renderLogsSplit(body: Rect, into buffer: inout CellBuffer, now: Date) -> Rect {
        guard ui.ops.logsSplit, ui.screen == .peers || ui.screen == .pins, body.height >= 14 else { return body }
        let (top, bottom) = body.splitBottom(max(6, body.height * 2 / 5))
        let title = ui.ops.logsFocused ? "logs [keys here; tab: next pane, F1 help]" : "logs (tab focuses, L hides)"
        ui.ops.logs.render(into: &buffer, area: bottom, theme: theme, now: now, title: title)
        return top
    }
}
