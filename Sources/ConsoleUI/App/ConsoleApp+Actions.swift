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
        case .add:
            // Not destructive: the form was the confirmation.
            dispatch(.intent(.perform(kind)))
            ui.notice = ("adding \(kind.target)… (x cancels)", false)
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
            ui.notice = (form.kind == .pin ? "pin add cancelled" : "add cancelled", false)
            return
        case .enter:
            switch form.kind == .pin ? makePinAdd(form) : makeAdd(form) {
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
        switch allocations(v[4]) {
        case .success(let ids): o.userAllocations = ids
        case .failure(let e): return .failure(e)
        }
        if !v[5].isEmpty {
            guard v[5] == "recursive" || v[5] == "direct" else { return .failure(ActionFailure(message: "mode must be recursive or direct")) }
            o.mode = ClusterAPI.PinMode(rawValue: v[5])
        }
        if !v[6].isEmpty { o.expireIn = v[6] }
        switch Self.metadata(v[7]) {
        case .success(let m): o.metadata = m
        case .failure(let e): return .failure(e)
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

    /// Peer ids for an allocations field: each item a peer's name, id or id suffix, as the
    /// peers table shows them; an unknown one is refused rather than sent.
    func allocations(_ field: String) -> Result<[String], ActionFailure> {
        var ids: [String] = []
        for item in field.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            guard let p = core.peerList.first(where: { $0.name == item || $0.id == item || $0.id.hasSuffix(item) }) else {
                return .failure(ActionFailure(message: "unknown peer \"\(item)\" in allocations"))
            }
            ids.append(p.id)
        }
        return .success(ids)
    }

    /// A metadata field, `k=v` pairs separated by commas.
    static func metadata(_ field: String) -> Result<[String: String], ActionFailure> {
        var metadata: [String: String] = [:]
        for kv in field.split(separator: ",") {
            let parts = kv.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else { return .failure(ActionFailure(message: "metadata \"\(kv)\" must be key=value")) }
            metadata[parts[0]] = parts[1]
        }
        return .success(metadata)
    }
}

extension ConsoleApp {
    /// Turns the add form into an add action, or says which field is wrong (local paths are
    /// checked here, before anything is sent).
    func makeAdd(_ form: PinForm) -> Result<ActionKind, ActionFailure> {
        let v = form.fields.map { $0.text.trimmingCharacters(in: .whitespaces) }
        func fail(_ m: String) -> Result<ActionKind, ActionFailure> { .failure(ActionFailure(message: m)) }
        func yes(_ i: Int) -> Bool? {
            switch v[i].lowercased() {
            case "", "n", "no", "false": return false
            case "y", "yes", "true": return true
            default: return nil
            }
        }
        let paths = v[0].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .map { NSString(string: $0).expandingTildeInPath }
        guard !paths.isEmpty else { return fail("a local file or folder is required") }
        for (i, label) in PinForm.addLabels.enumerated() where label.hasSuffix("(y/n)") && yes(i) == nil {
            return fail("\(label.split(separator: "(")[0].trimmingCharacters(in: .whitespaces).lowercased()) must be y or n")
        }
        var o = AddOptions()
        o.recursive = yes(4)!
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return fail("no such file or folder: \(path)") }
            if isDir.boolValue && !o.recursive { return fail("a folder needs recursive set to y: \(path)") }
        }
        if !v[1].isEmpty { o.pin.name = v[1] }
        if !v[2].isEmpty {
            guard let n = Int(v[2]) else { return fail("replication min must be a number") }
            o.pin.replicationMin = n
        }
        if !v[3].isEmpty {
            guard let n = Int(v[3]) else { return fail("replication max must be a number") }
            o.pin.replicationMax = n
        }
        o.wrap = yes(5)! || paths.count > 1
        if !v[6].isEmpty {
            guard let n = Int(v[6]), n == 0 || n == 1 else { return fail("CID version must be 0 or 1") }
            o.cidVersion = n
        }
        o.rawLeaves = yes(7)!
        o.hidden = yes(8)!
        o.noPin = yes(9)!
        if !v[10].isEmpty { o.pin.expireIn = v[10] }
        switch Self.metadata(v[11]) {
        case .success(let m): o.pin.metadata = m
        case .failure(let e): return .failure(e)
        }
        switch allocations(v[12]) {
        case .success(let ids): o.pin.userAllocations = ids
        case .failure(let e): return .failure(e)
        }
        o.local = yes(13)!
        if !v[14].isEmpty { o.format = v[14].lowercased() }
        if !v[15].isEmpty { o.layout = v[15].lowercased() }
        if !v[16].isEmpty { o.chunker = v[16] }
        if !v[17].isEmpty { o.hash = v[17].lowercased() }
        do { try o.validate() } catch {
            return fail(EffectRunner.message(error))
        }
        return .success(.add(paths: paths, options: o))
    }

    /// Opens the add form, the path prefilled (`:add PATH`); under `--readonly` the action is
    /// refused (and journalled) instead.
    mutating func openAddForm(path: String) {
        if core.settings.readonly {
            confirm(.add(paths: path.isEmpty ? [] : [path], options: AddOptions()))
            return
        }
        var form = PinForm(kind: .add)
        form.fields[0].setText(path)
        if !path.isEmpty { form.focus = 1 }
        ui.form = form
    }

    /// Selects the root of the latest add on the pins screen once its row is in the view.
    mutating func selectAddedPin() {
        if let added = core.pins.lastAdded, added.id != ui.selectAddedFrom {
            ui.selectAddedFrom = added.id
            ui.selectAdded = added.cid
        }
        guard ui.screen == .pins, let cid = ui.selectAdded, let row = core.pins.table.row(cid: cid),
              ui.pinResult?.rows.contains(UInt32(row)) == true else { return }
        ui.pinsTable.selectedID = UInt32(row)
        ui.selectAdded = nil
    }
}

/// Draws the pin-add form as a centred box with one line per field.
enum PinFormView {
    static func render(_ form: PinForm, area: Rect, into buffer: inout CellBuffer, theme: Theme) {
        let width = min(area.width - 2, 90)
        // Two lines per field when there is room, one (label: value) on short terminals.
        let compact = area.height < form.fields.count * 2 + 5
        // Fields that do not fit scroll with the focus, which stays in the middle third.
        let shown = max(1, min(form.fields.count, (area.height - 5) / (compact ? 1 : 2)))
        let first = max(0, min(form.focus - shown / 2, form.fields.count - shown))
        let box = area.centered(width: width, height: shown * (compact ? 1 : 2) + 5)
        let style = theme.style(.dialog)
        buffer.fill(box, style: style)
        let more = shown < form.fields.count ? " (fields \(first + 1)-\(first + shown) of \(form.fields.count))" : ""
        buffer.drawBox(box, style: style, title: form.title + more, titleStyle: style.adding(.bold))
        let inside = box.inset(top: 1, left: 2, bottom: 1, right: 2)
        var y = inside.y
        for (i, label) in form.labels.enumerated() where i >= first && i < first + shown {
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
        buffer.write("tab/↓ next field  shift-tab/↑ previous  enter \(form.kind == .pin ? "pin" : "add")  esc cancel", x: inside.x, y: inside.maxY - 1,
                     style: theme.style(.keyHint), clip: inside)
    }
}
