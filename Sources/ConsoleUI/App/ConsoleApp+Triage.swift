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
                                     now: result.generatedAt, timelineNow: core.now)
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

/// The triage screen as lines of styled segments (pure, so tests can read it without a terminal).
enum TriageView {
    struct Line {
        var segments: [(text: String, role: Role)]
        var blockPeer: String?
        var isBlockStart = false
        var text: String { segments.map(\.text).joined() }
    }

    static func role(_ s: TriageSeverity) -> Role {
        switch s {
        case .critical: .critical
        case .major: .error
        case .warning: .warning
        case .info: .info
        }
    }

    /// - Parameters:
    ///   - now: the evidence's "now" (ages in the cluster's clock, which a simulator runs ahead).
    ///   - timelineNow: our clock, in which the timeline samples were taken.
    ///   - readonly: leaves out the keys that change the cluster (`--readonly` refuses them).
    ///   - keys: the screen's key map: the heading's keys and the `next:` actions come from it, so
    ///     they cannot disagree with what the keys do.
    static func lines(_ r: TriageResult, timelines: TriageTimelines, selected: String?, width: Int, keys map: ScreenKeyMap,
                      readonly: Bool = false, now: Date, timelineNow: Date) -> [Line] {
        var out: [Line] = []
        let total = r.blocks.count + r.healthyPeers.count
        let head = r.blocks.isEmpty ? "Triage: all \(total) peers healthy" : "Triage: \(r.blocks.count) of \(total) peers need attention (worst first)"
        let triageKeys = map.sections.first?.bindings ?? []
        let bound = triageKeys.filter { !(readonly && $0.mutating) }
        let keys = "   " + bound.compactMap { b in b.hint.map { "\(b.label.components(separatedBy: " / ").first ?? b.label) \($0)" } }
            .filter { !$0.hasPrefix("esc") }.joined(separator: "  ") + (readonly ? "   (read-only)" : "")
        let usable = Set(bound.map(\.label))
        out.append(Line(segments: [(head, .title), (keys, .dim)]))
        if r.membership.isSplit {
            out.append(Line(segments: [("SPLIT CLUSTER: peers disagree on membership (a peer started without --bootstrap forms its own cluster)", .critical)]))
            for row in r.membership.sideBySideRows() {
                out.append(Line(segments: [("  " + row.joined(separator: "  │  "), .warning)]))
            }
        }
        for b in r.blocks {
            let sel = b.peerID == selected
            out.append(Line(segments: [("", .text)]))
            // The headline is the verdict: wrapped under the name, never cut off at the edge.
            let lead = "\(sel ? "▶ " : "  ")\(b.severity.label) \(b.peerName)  "
            var headline = b.headline
            if let since = b.since { headline += "  (since \(PaneTime.clock(since)), \(TriageText.ago(since, now: now)))" }
            let wrapped = TextLayout.wrap(headline, width: max(20, width - DisplayWidth.of(lead)))
            for (i, part) in wrapped.enumerated() {
                if i == 0 {
                    out.append(Line(segments: [(sel ? "▶ " : "  ", .title), ("\(b.severity.label) ", role(b.severity)),
                                               (b.peerName + "  ", .title), (part, role(b.severity))],
                                    blockPeer: b.peerID, isBlockStart: true))
                } else {
                    out.append(Line(segments: [(String(repeating: " ", count: DisplayWidth.of(lead)), .text), (part, role(b.severity))],
                                    blockPeer: b.peerID))
                }
            }
            out.append(Line(segments: [("    rule: ", .dim), (b.rules.joined(separator: ", "), .info)], blockPeer: b.peerID))
            let spark = max(10, min(30, (width - 40) / 3))
            func series(_ s: TimelineSeries) -> String {
                let values = timelines.sparkline(peer: b.peerID, s, buckets: spark, now: timelineNow)
                let top = values.compactMap { $0 }.max() ?? 0
                return String(values.map { v -> Character in
                    guard let v else { return " " }
                    if s == .up { return v >= 1 ? "█" : "▁" }
                    return Sparkline.string([v], width: 1, maxValue: max(top, 1)).first ?? " "
                })
            }
            out.append(Line(segments: [("    30m  up ", .dim), (series(.up), .info), ("  errors ", .dim), (series(.pinsInError), .pinError),
                                       ("  queue ", .dim), (series(.pinQueue), .pinQueued)], blockPeer: b.peerID))
            if let i = b.impact {
                var text = "    impact: \(i.allocatedPins) pins allocated, \(i.underReplicated) under-replicated if it stays down, \(i.noHealthyCopy) with no healthy copy"
                if !i.noHealthyCopySamples.isEmpty { text += " (e.g. \(i.noHealthyCopySamples.prefix(2).map { $0.name.isEmpty ? $0.cid : $0.name }.joined(separator: ", ")))" }
                out.append(Line(segments: [(text, i.noHealthyCopy > 0 ? .error : .text)], blockPeer: b.peerID))
            }
            for e in b.evidence.prefix(sel ? 12 : 5) {
                let when = e.time.map { PaneTime.clock($0) } ?? "--:--:--"
                out.append(Line(segments: [("    \(when) ", .dim), ("[\(e.source.rawValue)] ", .info), (sanitizedForDisplay(e.text, limit: 400), .text)],
                                blockPeer: b.peerID))
            }
            if b.evidence.count > (sel ? 12 : 5) {
                out.append(Line(segments: [("    … \(b.evidence.count - (sel ? 12 : 5)) more (select the block to see more)", .dim)], blockPeer: b.peerID))
            }
            if sel {
                var segs: [(text: String, role: Role)] = [("    next: ", .dim)]
                for a in b.actions where usable.contains(a.key) { segs.append(("[\(a.key)] ", .keyHint)); segs.append((a.label + "   ", .text)) }
                out.append(Line(segments: segs, blockPeer: b.peerID))
            }
        }
        if !r.healthyPeers.isEmpty {
            out.append(Line(segments: [("", .text)]))
            out.append(Line(segments: [("healthy: \(r.healthyPeers.count) peers", .ok)]))
            // Problems that are over but explain what just happened (a replaced task).
            for b in r.recovered {
                let lead = "  \(b.peerName)  "
                for (i, part) in TextLayout.wrap(b.headline, width: max(20, width - DisplayWidth.of(lead))).enumerated() {
                    out.append(Line(segments: [(i == 0 ? lead : String(repeating: " ", count: DisplayWidth.of(lead)), .dim), (part, .info)]))
                }
            }
        }
        return out
    }
}
