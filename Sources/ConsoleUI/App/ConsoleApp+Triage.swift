import ConsoleCore
import ECSState
import Foundation
import TerminalUI

/// The triage screen's view state: which block is selected and the scroll. The verdicts are in
/// the app's `TriageDerivation`.
public struct TriageViewState: Sendable {
    /// Peer to select once the result has a block for it (set by `T` on the peers screen).
    public var focusPeer: String?
    /// Selected block (peer id). Follows the worst block until the operator picks one (j/k,
    /// or `T` on a peer); then kept across recomputes.
    public var selectedPeer: String?
    var pickedByUser = false
    public var scroll = 0
    /// Set by ctrl-d / ctrl-u (read further down a long block); cleared when the selection moves,
    /// which brings the selected block back into view.
    var scrolledByHand = false
    /// Lines the screen showed last frame (half of it is a ctrl-d step).
    var viewHeight = 20
    /// Where `w` writes the incident snapshot (the temp directory when not writable).
    public var snapshotDirectory = FileManager.default.currentDirectoryPath
    public init() {}
}

extension ConsoleApp {
    /// After each recompute: select the peer `T` asked for once it has a block; otherwise follow
    /// the worst block until the operator picks one.
    mutating func followWorstBlock() {
        guard let result = derived.result else { return }
        var t = ui.ops.triage
        if let f = t.focusPeer, result.block(for: f) != nil {
            t.selectedPeer = f
            t.focusPeer = nil
            t.pickedByUser = true
        }
        if !t.pickedByUser || t.selectedPeer.flatMap(result.block(for:)) == nil { t.selectedPeer = result.blocks.first?.peerID }
        ui.ops.triage = t
    }

    /// Opens triage; with a peer (`T` on the peers screen) its block is selected, or a notice
    /// says the engine finds nothing wrong with it.
    mutating func openTriage(focus: String?) {
        ui.ops.triage.focusPeer = focus
        ui.ops.triage.pickedByUser = false
        ui.ops.triage.scroll = 0
        ui.push(.triage)
        deriveTriage(force: true)
        guard let focus else { return }
        if derived.result?.block(for: focus) != nil {
            ui.ops.triage.selectedPeer = focus
            ui.ops.triage.focusPeer = nil
            ui.ops.triage.pickedByUser = true
        } else {
            ui.notice = ("\(core.peerName(focus)): no triage finding (it looks healthy)", false)
        }
    }

    /// j/k/g/G move between blocks; ctrl-d/ctrl-u scroll a long one.
    mutating func navigateTriage(_ key: Key) {
        let blocks = derived.result?.blocks ?? []
        let index = blocks.firstIndex { $0.peerID == ui.ops.triage.selectedPeer } ?? 0
        func select(_ i: Int) {
            guard !blocks.isEmpty else { return }
            ui.ops.triage.selectedPeer = blocks[max(0, min(blocks.count - 1, i))].peerID
            ui.ops.triage.pickedByUser = true
            ui.ops.triage.scrolledByHand = false
        }
        switch key {
        case .char("j"), .down: select(index + 1)
        case .char("k"), .up: select(index - 1)
        case .char("g"), .home: select(0)
        case .char("G"), .end: select(blocks.count - 1)
        case .ctrl("d"), .pageDown, .ctrl("u"), .pageUp:
            let step = max(1, ui.ops.triage.viewHeight / 2)
            ui.ops.triage.scroll += (key == .ctrl("d") || key == .pageDown) ? step : -step
            ui.ops.triage.scrolledByHand = true
        default: break
        }
    }

    /// `w`: the Markdown + JSON incident snapshot of what the screen shows; the runner writes it
    /// and a notice names the files.
    mutating func writeIncidentSnapshot() {
        deriveTriage(force: true)
        guard let snapshot = IncidentReport.make(core, triage: derived) else {
            ui.notice = ("nothing to write yet: no peer has answered", true)
            return
        }
        dispatch(.intent(.writeSnapshot(snapshot, directory: ui.ops.triage.snapshotDirectory)))
        copyRecordingNextToSnapshot(directory: ui.ops.triage.snapshotDirectory)
        ui.notice = ("writing the incident snapshot…", false)
    }

    // MARK: render

    mutating func renderTriage(area: Rect, into buffer: inout CellBuffer) {
        buffer.fill(area, role: .text, theme: theme)
        guard let result = derived.result else {
            buffer.write("waiting for the first answer from the cluster…", x: area.x, y: area.y, role: .dim, theme: theme, clip: area)
            return
        }
        let lines = TriageView.lines(result, timelines: core.timelines, selected: ui.ops.triage.selectedPeer,
                                     width: area.width, keys: KeyMaps.triage, readonly: core.settings.readonly,
                                     now: result.generatedAt, timelineNow: core.now, clockOffset: core.clusterClock.offset,
                                     fullText: ui.fullText)
        // Keep the selected block's first lines on screen, unless the operator scrolled.
        var scroll = ui.ops.triage.scroll
        ui.ops.triage.viewHeight = area.height
        if !ui.ops.triage.scrolledByHand {
            let start = lines.firstIndex { $0.blockPeer == ui.ops.triage.selectedPeer && $0.isBlockStart } ?? 0
            if start < scroll { scroll = start }
            if start >= scroll + area.height - 4 { scroll = max(0, start - 2) }
        }
        scroll = max(0, min(scroll, max(0, lines.count - area.height)))
        ui.ops.triage.scroll = scroll
        for (row, line) in lines.dropFirst(scroll).prefix(area.height).enumerated() {
            let y = area.y + row
            var x = area.x
            for seg in line.segments {
                x = buffer.write(seg.text, x: x, y: y, role: seg.role, theme: theme, clip: area.row(row))
            }
        }
    }
}
