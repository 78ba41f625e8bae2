import ClusterAPI
import ConsoleCore
import Foundation
import TerminalUI

extension ConsoleApp {
    /// The cluster action a UI action stands for, from the current selection.
    func actionKind(for action: UIAction) -> ActionKind? {
        switch action {
        case .unpin: return selectedCID().map { .unpin(cid: $0) }
        case .recover: return selectedCID().map { .recover(cid: $0) }
        case .recoverAllErrors: return .recoverAll
        case .repoGC: return .repoGC
        case .bulkRecover: return .recoverMany(cids: shownCIDs())
        case .bulkUnpin: return .unpinMany(cids: shownCIDs())
        case .recoverPeerErrors:
            guard let id = selectedPeerID() else { return nil }
            return .recoverPeer(peer: id, peerName: core.peers[id]?.name ?? "", cids: core.pins.cidsInError(peer: id))
        case .removePeer:
            guard let id = selectedPeerID() else { return nil }
            return .removePeer(peer: id, peerName: core.peers[id]?.name ?? "")
        default: return nil
        }
    }

    /// CIDs of every pin the current pins view shows (bulk actions act on the filter).
    func shownCIDs() -> [String] {
        guard let r = ui.pinResult else { return [] }
        return r.rows.map { core.pins.table.cid(Int($0)) }
    }

    /// Opens the confirmation that says exactly what will happen, or runs safe actions at once.
    mutating func confirm(_ kind: ActionKind) {
        if core.settings.readonly {
            dispatch(.intent(.perform(kind)))
            ui.notice = ("READ-ONLY: \(kind.name) is disabled", true)
            return
        }
        let t = core.pins.table
        func describe(_ cid: String) -> [String] {
            guard let row = t.row(cid: cid) else { return ["CID  \(cid)"] }
            let name = t.name(row)
            let alloc = t.allocations(row)
            let peers = alloc.isEmpty ? "every peer" : alloc.map { core.peerName(t.peers[$0].id) }.joined(separator: ", ")
            return ["CID  \(cid)", "Name \(name.isEmpty ? "-" : name)", "Allocated to \(peers)"]
        }
        let dialog: DialogState
        switch kind {
        case .recover(let cid):
            // Not destructive: retries the pin where it failed.
            dispatch(.intent(.perform(.recover(cid: cid))))
            ui.notice = ("recovering \(cid)…", false)
            return
        case .unpin(let cid):
            dialog = DialogState(title: "Unpin", message: describe(cid) + ["", "The cluster removes this pin from every peer."])
        case .unpinMany(let cids), .recoverMany(let cids):
            guard !cids.isEmpty else { ui.notice = ("no pins shown: nothing to do", true); return }
            let verb = kind.name == "unpin-many" ? "unpin" : "recover"
            var what = "chip \(PinsScreen.chipLabels[ui.pinView.chip] ?? "")"
            if !ui.pinView.text.isEmpty { what += ", filter \"\(ui.pinView.text)\"" }
            if let p = ui.pinPeer { what += ", peer \(core.peerName(p))" }
            dialog = DialogState(title: verb == "unpin" ? "Unpin \(cids.count) pins" : "Recover \(cids.count) pins",
                                 message: ["This will \(verb) \(cids.count) pins shown (\(what)).",
                                           "First: \(cids[0])", "Runs one call per pin with a progress bar; x cancels."],
                                 kind: .typed(word: verb))
        case .recoverPeer(let id, _, let cids):
            guard !cids.isEmpty else { ui.notice = ("\(core.peerName(id)) has no pins in error", false); return }
            dialog = DialogState(title: "Recover pins on \(core.peerName(id))",
                                 message: ["Recover the \(cids.count) pins in error on \(core.peerName(id)) (\(id)).",
                                           "Runs one recover call per pin with a progress bar; x cancels."],
                                 kind: .typed(word: "recover"))
        case .recoverAll:
            dialog = DialogState(title: "Recover all",
                                 message: ["POST /pins/recover: every peer retries every pin in error (\(core.pins.cidsInError().count) known).",
                                           "On a big pinset this is slow for the cluster."], kind: .typed(word: "recover"))
        case .removePeer(let id, let name):
            let word = name.isEmpty ? PeerInfo.shortID(id) : name
            let allocated = ConsoleUpdate.allocatedCount(core, peer: id)
            dialog = DialogState(title: "Remove peer",
                                 message: ["Remove \(word) (\(id)) from the cluster.",
                                           "\(allocated) pins are allocated to it and will be re-allocated.",
                                           "In CRDT mode the cluster may refuse (peers leave by themselves)."],
                                 kind: .typed(word: word))
        case .repoGC:
            dialog = DialogState(title: "Repo GC", message: ["Run IPFS garbage collection on every peer (POST /ipfs/gc)."])
        case .pinAdd(let target, _):
            dispatch(.intent(.perform(kind)))
            ui.notice = ("pinning \(target)…", false)
            return
        }
        ui.confirmation = PendingConfirmation(dialog: dialog, action: kind)
    }

    // MARK: Pin form

    mutating func handleForm(_ key: Key) {
        guard var form = ui.form else { return }
        switch key {
        case .tab, .down:
            form.focus = (form.focus + 1) % form.fields.count
        case .backTab, .up:
            form.focus = (form.focus + form.fields.count - 1) % form.fields.count
        case .escape:
            ui.form = nil
            ui.notice = ("pin add cancelled", false)
            return
        case .enter:
            switch makePinAdd(form) {
            case .success(let kind):
                ui.form = nil
                confirm(kind)
                return
            case .failure(let e):
                form.error = e.message
            }
        default:
            _ = form.fields[form.focus].handle(key)
            form.error = nil
        }
        ui.form = form
    }

    /// Turns the form into a pin-add action, or says which field is wrong.
    func makePinAdd(_ form: PinForm) -> Result<ActionKind, ActionFailure> {
        let v = form.fields.map { $0.text.trimmingCharacters(in: .whitespaces) }
        guard !v[0].isEmpty else { return .failure(ActionFailure(message: "CID or path is required")) }
        var o = PinAddOptions()
        if !v[1].isEmpty { o.name = v[1] }
        if !v[2].isEmpty {
            guard let n = Int(v[2]) else { return .failure(ActionFailure(message: "replication min must be a number")) }
            o.replicationMin = n
        }
        if !v[3].isEmpty {
            guard let n = Int(v[3]) else { return .failure(ActionFailure(message: "replication max must be a number")) }
            o.replicationMax = n
        }
        if !v[4].isEmpty {
            var ids: [String] = []
            for item in v[4].split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
                if let p = core.peerList.first(where: { $0.name == item || $0.id == item || $0.id.hasSuffix(item) }) {
                    ids.append(p.id)
                } else {
                    return .failure(ActionFailure(message: "unknown peer \"\(item)\" in allocations"))
                }
            }
            o.userAllocations = ids
        }
        if !v[5].isEmpty {
            guard v[5] == "recursive" || v[5] == "direct" else { return .failure(ActionFailure(message: "mode must be recursive or direct")) }
            o.mode = ClusterAPI.PinMode(rawValue: v[5])
        }
        if !v[6].isEmpty { o.expireIn = v[6] }
        if !v[7].isEmpty {
            for kv in v[7].split(separator: ",") {
                let parts = kv.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, !parts[0].isEmpty else { return .failure(ActionFailure(message: "metadata \"\(kv)\" must be key=value")) }
                o.metadata[parts[0]] = parts[1]
            }
        }
        if !v[8].isEmpty {
            o.origins = v[8].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if !v[9].isEmpty { o.pinUpdate = v[9] }
        do { try o.validate() } catch {
            return .failure(ActionFailure(message: EffectRunner.message(error)))
        }
        return .success(.pinAdd(target: v[0], options: o))
    }
}

/// Draws the pin-add form as a centred box with one line per field.
enum PinFormView {
    static func render(_ form: PinForm, area: Rect, into buffer: inout CellBuffer, theme: Theme) {
        let width = min(area.width - 2, 90)
        // Two lines per field when there is room, one (label: value) on short terminals.
        let compact = area.height < form.fields.count * 2 + 5
        let box = area.centered(width: width, height: form.fields.count * (compact ? 1 : 2) + 5)
        let style = theme.style(.dialog)
        buffer.fill(box, style: style)
        buffer.drawBox(box, style: style, title: "Pin a CID", titleStyle: style.adding(.bold))
        let inside = box.inset(top: 1, left: 2, bottom: 1, right: 2)
        var y = inside.y
        for (i, label) in PinForm.labels.enumerated() {
            let head = (i == form.focus ? "▶ " : "  ") + (compact ? String(label.split(separator: "(").first ?? Substring(label)).trimmingCharacters(in: .whitespaces) + ":" : label)
            let x = buffer.write(head, x: inside.x, y: y, style: i == form.focus ? style.adding(.bold) : style, clip: inside)
            if !compact { y += 1 }
            let fieldX = compact ? x + 1 : inside.x
            Prompt.render(prefix: compact ? "" : "  ", state: form.fields[i],
                          area: Rect(x: fieldX, y: y, width: inside.maxX - fieldX, height: 1).intersection(inside),
                          into: &buffer, theme: theme, role: i == form.focus ? .prompt : .dialog)
            y += 1
        }
        if let e = form.error {
            buffer.write(e, x: inside.x, y: y, style: theme.style(.error), clip: inside)
        }
        buffer.write("tab/↓ next field  shift-tab/↑ previous  enter pin  esc cancel", x: inside.x, y: inside.maxY - 1,
                     style: theme.style(.keyHint), clip: inside)
    }
}
