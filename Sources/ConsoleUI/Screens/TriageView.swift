import ConsoleCore
import ECSState
import Foundation
import TerminalUI

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
    ///   - clockOffset: seconds the cluster's clock is ahead of ours: the verdicts' times are the
    ///     cluster's and are shown on ours (as the header's clock), ages stay the cluster's.
    ///   - readonly: leaves out the keys that change the cluster (`--readonly` refuses them).
    ///   - keys: the screen's key map: the heading's keys and the `next:` actions come from it, so
    ///     they cannot disagree with what the keys do.
    static func lines(_ r: TriageResult, timelines: TriageTimelines, selected: String?, width: Int, keys map: ScreenKeyMap,
                      readonly: Bool = false, now: Date, timelineNow: Date, clockOffset: Double = 0, fullText: Bool = false) -> [Line] {
        func clock(_ d: Date?) -> String { d.map { PaneTime.clock($0.addingTimeInterval(-clockOffset)) } ?? "--:--:--" }
        var out: [Line] = []
        let total = r.blocks.count + r.healthyPeers.count
        let head = r.blocks.isEmpty ? "Triage: all \(total) peers healthy" : "Triage: \(r.blocks.count) of \(total) peers need attention (worst first)"
        let triageKeys = map.sections.first?.bindings ?? []
        let bound = triageKeys.filter { !(readonly && $0.mutating) }
        let keys = "   " + bound.compactMap { b in b.hint.map { "\(b.shortLabel) \($0)" } }
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
            let peerName = LongText.capped(b.peerName, full: fullText, limit: 64)
            let lead = "\(sel ? "▶ " : "  ")\(b.severity.label) \(peerName)  "
            // The headline is the console's own verdict, its quoted cluster text already cut
            // (TriageText.oneLine): only a pathological one is cut here, not a long real one.
            var headline = LongText.capped(b.headline, full: fullText, limit: LongText.headlineLimit)
            if let since = b.since { headline += "  (since \(clock(since)), \(TriageText.ago(since, now: now)))" }
            let wrapped = TextLayout.wrap(headline, width: max(20, width - DisplayWidth.of(lead)))
            for (i, part) in wrapped.enumerated() {
                if i == 0 {
                    out.append(Line(segments: [(sel ? "▶ " : "  ", .title), ("\(b.severity.label) ", role(b.severity)),
                                               (peerName + "  ", .title), (part, role(b.severity))],
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
                let when = clock(e.time)
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
                for step in b.nextSteps {
                    out.append(Line(segments: [("    then: ", .dim), (sanitizedForDisplay(step, limit: 300), .text)], blockPeer: b.peerID))
                }
            }
        }
        // The gateway's availability, then the problems no peer could be tied to (AWS, gateway):
        // shown, never dropped.
        if let g = r.gateway {
            out.append(Line(segments: [("", .text)]))
            var segs: [(text: String, role: Role)] = [("GATEWAY: ", .title)]
            if let d = g.down {
                segs.append(("DOWN, \(d.reason) on the last \(TriageText.plural(d.probes, "probe"))", .error))
            } else {
                segs.append((g.rollup.summary + " in the last \(TriageText.span(g.rollup.window))", g.pinnedNotServed > 0 ? .warning : .ok))
                if g.pinnedNotServed > 0 { segs.append(("; \(g.pinnedNotServed) PINNED NOT SERVED", .error)) }
            }
            segs.append(("  " + sanitizedForDisplay(g.url, limit: 200), .dim))
            out.append(Line(segments: segs))
        }
        if !r.deploymentFindings.isEmpty {
            out.append(Line(segments: [("", .text)]))
            out.append(Line(segments: [("DEPLOYMENT: \(r.deploymentFindings.count) problem\(r.deploymentFindings.count == 1 ? "" : "s") not tied to any peer", .warning)]))
            // Each finding's sentence wrapped under its time and kind, its evidence under it; the
            // next steps in full once, then only each finding's own first step (its curl line).
            var stepsShown = false
            let indent = "        "
            for f in r.deploymentFindings {
                let when = clock(f.since)
                let lead = "    \(when) [\(f.kind)] "
                let role: Role = f.kind == .gateway ? .error : .text
                for (i, part) in TextLayout.wrap(sanitizedForDisplay(f.text, limit: 400), width: max(20, width - DisplayWidth.of(lead))).enumerated() {
                    out.append(Line(segments: i == 0 ? [("    \(when) ", .dim), ("[\(f.kind)] ", .info), (part, role)]
                                                     : [(String(repeating: " ", count: DisplayWidth.of(lead)), .text), (part, role)]))
                }
                func wrapped(_ label: String, _ text: String, _ labelRole: Role, _ textRole: Role) {
                    let room = max(20, width - indent.count - label.count)
                    for (i, part) in TextLayout.wrap(sanitizedForDisplay(text, limit: 400), width: room).enumerated() {
                        out.append(Line(segments: [(indent, .text), (i == 0 ? label : String(repeating: " ", count: label.count), labelRole), (part, textRole)]))
                    }
                }
                for e in f.evidence.prefix(4) { wrapped("· ", e, .dim, .dim) }
                for step in (stepsShown ? Array(f.nextSteps.prefix(1)) : f.nextSteps) { wrapped("then: ", step, .dim, .text) }
                if !f.nextSteps.isEmpty { stepsShown = true }
            }
        }
        if !r.healthyPeers.isEmpty {
            out.append(Line(segments: [("", .text)]))
            out.append(Line(segments: [("healthy: \(r.healthyPeers.count) peers", .ok)]))
            // Problems that are over but explain what just happened (a replaced task).
            for b in r.recovered {
                let lead = "  \(LongText.capped(b.peerName, full: fullText, limit: 64))  "
                for (i, part) in TextLayout.wrap(LongText.capped(b.headline, full: fullText, limit: LongText.headlineLimit), width: max(20, width - DisplayWidth.of(lead))).enumerated() {
                    out.append(Line(segments: [(i == 0 ? lead : String(repeating: " ", count: DisplayWidth.of(lead)), .dim), (part, .info)]))
                }
            }
        }
        return out
    }
}
