import ConsoleCore
import ECSState
import Foundation
import LogTail
import TerminalUI

/// Where the ECS and log panes read from: the demo simulator's state directory, or a context's
/// `ecs_dir` and `logs`.
public struct ConsoleFeeds: Sendable {
    public var ecsDirectory: String?
    public var logTargets: [FollowTarget]

    public init(ecsDirectory: String?, logTargets: [FollowTarget]) {
        self.ecsDirectory = ecsDirectory
        self.logTargets = logTargets
    }

    /// Both inputs of a simulator state directory.
    public init(stateDirectory: String) {
        let d = DemoStateDir(root: stateDirectory)
        self.init(ecsDirectory: d.ecsDirectory, logTargets: d.logTargets)
    }
}

extension ConsoleApp {
    /// Starts the file feeds; they post snapshots and batches through the loop.
    mutating func startFeeds(_ context: LoopContext<ConsoleEvent>) {
        guard let feeds = feedsConfig else { return }
        if let dir = feeds.ecsDirectory {
            ecsFeed = ECSFeed(directory: dir) { snapshot in context.post(.ecsSnapshot(snapshot)) }
        }
        if !feeds.logTargets.isEmpty {
            do {
                logFeed = try LogFeed(targets: feeds.logTargets) { batch in context.post(.logBatch(batch)) }
            } catch {
                ui.notice = ("logs: \(error)", true)
            }
        }
    }

    /// Joins ECS tasks to cluster peers (by private IP, then service name) and tells the panes.
    mutating func refreshCorrelation() {
        let now = clock()
        // Every peers poll is a sighting, snapshot or not: a peer seen only before the first ECS
        // export (then gone) must still be joinable to its stopped task by IP.
        correlator.observe(core.peerList.map {
            PeerEndpoints(peerID: $0.id, peerName: $0.name.isEmpty ? nil : $0.name, addresses: $0.addresses,
                          lastSeen: $0.lastSeen ?? $0.firstSeen ?? now, missingSince: $0.missingSince)
        })
        guard let snapshot = lastSnapshot else { return }
        let correlation = correlator.correlate(snapshot, now: now)
        self.correlation = correlation
        var names: [String: String] = [:]
        var missing = Set<String>()
        for p in core.peerList {
            if !p.name.isEmpty { names[p.id] = p.name }
            if case .missing = p.condition { missing.insert(p.id) }
        }
        tasksPane.update(snapshot: snapshot, correlation: correlation, peerNames: names, missingPeers: missing)
        ui.ops.update(snapshot: snapshot, correlation: correlation)
        logsPane.setPeers(correlation.tasks.mapValues { names[$0.peerID] ?? $0.peerID })
    }

    /// Gives a pane screen the key first; nil when the pane ignored it (the app's keys apply).
    mutating func handlePaneKey(_ key: Key) -> LoopAction? {
        let event: PaneEvent
        switch ui.screen {
        case .tasks: event = tasksPane.handle(key)
        case .services: event = servicesPane.handle(key)
        case .logs: event = logsPane.handle(key)
        default: return nil
        }
        switch event {
        case .ignored:
            return nil
        case .handled:
            break
        case .jumpToPeer(let peer):
            jump(toPeer: peer)
        case .jumpToTask(let id):
            if tasksPane.select(task: id) { ui.push(.tasks) }
        case .showTasksOfService(let name):
            tasksPane.filter(service: name)
            ui.push(.tasks)
        case .saved(let path, let lines):
            ui.notice = ("saved \(lines) lines to \(path)", false)
        case .failed(let message):
            ui.notice = (message, true)
        }
        return .redraw
    }

    /// Help for the current screen: a pane's own keys first, then the app's.
    func helpModel() -> KeyMap {
        let general = KeyMaps.map(for: ui.screen).helpModel(readonly: core.settings.readonly)
        if ui.ops.logsSplit && ui.ops.logsFocused && (ui.screen == .peers || ui.screen == .pins) {
            return KeyMap(LogsPane.keyMap.sections + general.sections)
        }
        switch ui.screen {
        case .tasks: return KeyMap(TasksPane.keyMap.sections + general.sections)
        case .services: return KeyMap(ServicesPane.keyMap.sections + general.sections)
        case .logs: return KeyMap(LogsPane.keyMap.sections + general.sections)
        default: return general
        }
    }
}
