import ConsoleCore
import Foundation
import TerminalUI

extension ConsoleApp {
    /// A key: routed to the open overlay, the screen or the key map, then the derive step (a key
    /// may change what a screen shows: a filter, a chip, a sort).
    public mutating func handle(_ key: Key) -> LoopAction {
        let action = route(key)
        derive()
        return action
    }

    mutating func route(_ key: Key) -> LoopAction {
        if key == .resize { return .redraw }
        if key == .ctrl("c") && ui.form == nil && ui.confirmation == nil && ui.prompt == nil { return .quit }
        if ui.form != nil { handleForm(key); return .redraw }
        if var c = ui.confirmation {
            switch c.dialog.handle(key) {
            case .confirmed:
                ui.confirmation = nil
                dispatch(.intent(.perform(c.action)))
            case .cancelled:
                ui.confirmation = nil
                ui.notice = ("cancelled: nothing was changed", false)
            case .pending:
                ui.confirmation = c
            }
            return .redraw
        }
        if ui.showHelp {
            switch key {
            case .escape, .char("?"), .char("q"), .f(1): ui.showHelp = false; ui.helpScroll = 0
            case .char("j"), .down: ui.helpScroll += 1
            case .char("k"), .up: ui.helpScroll = max(0, ui.helpScroll - 1)
            default: break
            }
            return .redraw
        }
        if let p = ui.prompt { return handlePrompt(key, kind: p.kind, state: p.state) }
        ui.notice = nil
        if replay != nil, let action = handleReplayKey(key) { return action }
        if key == RecordingKeys.toggle, replay == nil { toggleRecording(); return .redraw }
        if let action = handleOpsKey(key) { return action }
        if let action = screenHandle(key) { return action }
        if ui.historyFocused {
            if key == .tab || key == .escape { ui.historyFocused = false; return .redraw }
            let rows = HistoryScreen.rows(core)
            if ui.historyTable.handle(key, rows: rows, pageSize: 5) { return .redraw }
        }
        let map = ScreenRegistry.entry(for: ui.screen).keyMap
        if let action = map.action(for: key, readonly: core.settings.readonly) {
            return perform(action, key: key)
        }
        if core.settings.readonly, let refused = map.bindings(readonly: false).first(where: { $0.keys.contains(key) && $0.mutating }) {
            // Hidden in read-only mode; say so instead of silently ignoring, and let the
            // service record the refusal in the audit journal.
            if let kind = actionKind(for: refused.action) { dispatch(.intent(.perform(kind))) }
            ui.notice = ("READ-ONLY: \(refused.help) is disabled", true)
            return .redraw
        }
        return .continue
    }

    mutating func perform(_ action: UIAction, key: Key) -> LoopAction {
        switch action {
        case .navigate:
            navigate(key)
        case .quit:
            return .quit
        case .help:
            ui.showHelp = true
        case .command:
            ui.prompt = (.command, PromptState(history: ui.commandHistory))
        case .filter:
            let current = ui.screen == .pins ? ui.pinView.text : ui.peerFilter
            ui.prompt = (.filter, PromptState(text: current, history: ui.filterHistory))
        case .back:
            back()
        case .drill:
            drill()
        case .peerPins:
            if ui.screen == .overview, let id = selectedPeerID() { openPins(forPeer: id) } else { drill() }
        case .peerLogs:
            guard let id = selectedPeerID() else { break }
            openLogs(forPeer: id)
        case .peerPinErrors:
            guard let id = selectedPeerID() else { break }
            ui.pinPeer = id
            ui.pinView.chip = .error
            ui.push(.pins)
        case .writeSnapshot:
            writeIncidentSnapshot()
        case .toggleFullText:
            ui.fullText.toggle()
        case .peerTask:
            guard let id = selectedPeerID() else { break }
            if let link = core.ecs.correlation?.link(forPeer: id), let task = link.currentTaskID ?? link.previousTaskIDs.last,
               tasksPane.select(task: task) {
                ui.push(.tasks)
            } else {
                ui.notice = ("no ECS task known for \(core.peerName(id))" + (core.settings.feeds?.ecsDirectory == nil ? " (no ECS export directory configured)" : ""), true)
            }
        case .refresh:
            if let cid = ui.screen.pinCID { dispatch(.intent(.loadPinDetail(cid))) }
            dispatch(.intent(.refreshNow))
            ui.notice = ("refreshing…", false)
        case .fullRefresh:
            dispatch(.intent(.refreshAllPins))
        case .cancelAction:
            if let a = core.running.last {
                dispatch(.intent(.cancelAction(a.id)))
                ui.notice = ("cancelling \(a.kind.name)…", false)
            } else if core.freshness(.fullPins).inFlight {
                dispatch(.intent(.cancelFullRefresh))
                ui.notice = ("full refresh cancelled; pins received so far are kept", false)
            }
        case .sortNext, .sortReverse:
            sort(reverse: action == .sortReverse)
        case .nextChip, .previousChip:
            let all = PinStatusChip.allCases
            let i = all.firstIndex(of: ui.pinView.chip) ?? 0
            ui.pinView.chip = all[(i + (action == .nextChip ? 1 : all.count - 1)) % all.count]
        case .switchPane:
            if ui.screen == .peers || ui.screen == .pins { ui.historyFocused.toggle() }
        case .screen(let s):
            ui.push(s)
        case .toggleLogsSplit:
            toggleLogsSplit()
        case .openTriage:
            openTriage(focus: ui.screen == .peers || ui.screen == .overview ? selectedPeerID() : nil)
        case .pinAdd:
            ui.form = PinForm()
        case .add:
            openAddForm(path: "")
        default:
            if let kind = actionKind(for: action) { confirm(kind) }
        }
        return .redraw
    }

    mutating func navigate(_ key: Key) {
        screenNavigate(key)
    }

    /// Esc: the screen clears what it narrowed, else back to where the operator came from.
    mutating func back() {
        if screenClear() { return }
        ui.pop()
    }

    /// The peer the peer actions (logs, task, recover, remove) act on: the selected triage block's
    /// peer on the triage screen, the selected row on the peers screen.
    func selectedPeerID() -> String? {
        if ui.screen == .triage {
            guard let id = ui.ops.triage.selectedPeer, derived.result?.block(for: id) != nil else { return nil }
            return id
        }
        if ui.screen == .overview { return ui.overview.table.selectedID }
        return ui.peersTable.selectedID
    }

    mutating func drill() {
        switch ui.screen {
        case .triage:
            guard let id = selectedPeerID() else { ui.notice = ("no unhealthy peer selected", true); return }
            jump(toPeer: id)
        case .peers:
            guard let id = ui.peersTable.selectedID else { return }
            openPins(forPeer: id)
        case .overview:
            guard let id = ui.overview.table.selectedID else { return }
            drillOverview(peer: id, column: ui.overview.column)
        case .pins:
            guard let cid = selectedCID() else { return }
            ui.detailScroll = LogViewState(follow: false, wrap: true)
            ui.push(.pinDetail(cid))
            dispatch(.intent(.loadPinDetail(cid)))
        default:
            break
        }
    }

    /// The pins screen narrowed to one peer, its errors first when it has any.
    mutating func openPins(forPeer id: String) {
        ui.pinPeer = id
        ui.pinView.chip = core.pins.errorCount(peer: id) > 0 ? .error : .all
        ui.push(.pins)
    }

    /// The CID under the cursor (pins screen) or shown (detail screen).
    func selectedCID() -> String? {
        if let cid = ui.screen.pinCID { return cid }
        switch ui.screen {
        case .pins:
            guard let row = ui.pinsTable.selectedID, Int(row) < core.pins.table.rowCount, core.pins.table.isLive(Int(row)) else { return nil }
            return core.pins.table.cid(Int(row))
        default: return nil
        }
    }

    mutating func sort(reverse: Bool) {
        switch ui.screen {
        case .peers:
            if reverse { ui.peerSortDescending.toggle() } else {
                let all = PeerColumn.allCases
                ui.peerSort = all[(ui.peerSort.rawValue + 1) % all.count]
                ui.peerSortDescending = false
            }
        case .pins:
            if reverse { ui.pinView.descending.toggle() } else {
                let keys = PinsScreen.sortColumns.map(\.key)
                let i = keys.firstIndex(of: ui.pinView.sort) ?? -1
                ui.pinView.sort = keys[(i + 1) % keys.count]
                ui.pinView.descending = false
            }
        default: break
        }
    }

    // MARK: Prompt

    mutating func handlePrompt(_ key: Key, kind: PromptKind, state: PromptState) -> LoopAction {
        var s = state
        let outcome = s.handle(key)
        switch outcome {
        case .editing:
            ui.prompt = (kind, s)
            if kind == .filter { applyFilter(s.text) }
        case .cancelled:
            ui.prompt = nil
            if kind == .filter { applyFilter("") }
        case .submitted(let text):
            ui.prompt = nil
            if kind == .command {
                if !text.isEmpty { ui.commandHistory = s.history }
                return runCommand(text)
            }
            ui.filterHistory = s.history
            applyFilter(text)
        }
        return .redraw
    }

    /// Live filter: the view narrows as the operator types (`re:` prefix for a regex).
    mutating func applyFilter(_ text: String) {
        switch ui.screen {
        case .peers: ui.peerFilter = text
        default:
            if ui.screen != .pins { ui.push(.pins) }
            ui.pinView.text = text
        }
    }
}
