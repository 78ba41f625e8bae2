import ClusterAPI
import ConsoleCore
import Foundation
import TerminalUI

/// The overview's gateway lines: whether the deployment's gateway serves what the cluster pins
/// (served x/y of the pins probed, latency, the last failure), then the pins it does not serve.
/// Every state is a word (`NOT SERVED`, `DOWN`), never a colour alone.
enum OverviewGateway {
    struct Line: Equatable {
        var segments: [(text: String, role: Role)]
        var text: String { segments.map(\.text).joined() }
        static func == (a: Line, b: Line) -> Bool { a.text == b.text && a.segments.map(\.role) == b.segments.map(\.role) }
    }

    /// Failing pins listed at most.
    static let maxPins = 5

    /// The summary line and up to `maxPinLines` failing pins, for a `width`-column area.
    static func lines(_ core: ConsoleState, width: Int, maxPinLines: Int) -> [Line] {
        let lead: (String, Role) = ("Gateway  ", .title)
        guard let settings = core.settings.gateway else {
            return [Line(segments: [lead, ("not configured (--gateway URL probes HEAD /ipfs/<CID> of a few pins)", .dim)])]
        }
        let g = core.gateway
        let table = core.pins.table
        let now = core.now
        let url = settings.url
        if g.isDown, let since = g.unreachableSince {
            return [Line(segments: [lead, ("DOWN", .error),
                                    ("  \(g.unreachableReason ?? "no connection") on the last \(TriageText.plural(g.consecutiveUnreachable, "probe")) since \(PaneTime.clock(since))  ", .error),
                                    (url, .dim)])]
        }
        if g.answers == 0 {
            let why = table.liveCount == 0 ? "no pin to probe yet" : (g.inFlight != nil ? "first probe in flight" : "waiting for the first probe")
            return [Line(segments: [lead, ("\(why) (HEAD /ipfs/<CID>, one every \(GatewayProbe.latency(settings.interval)))  ", .dim), (url, .dim)])]
        }
        let rollup = g.rollup(table, now: now)
        let failing = g.failing(table)
        let notServed = failing.filter { GatewayState.isPinned(table, row: $0.row) }
        var segs: [(String, Role)] = [lead]
        segs.append(("served \(rollup.served)/\(rollup.probed) probed", rollup.served == rollup.probed ? .ok : .warning))
        if !notServed.isEmpty { segs.append(("  \(notServed.count) PINNED NOT SERVED", .error)) }
        if let p50 = rollup.p50 { segs.append(("  p50 \(GatewayProbe.latency(p50))", .text)) }
        if let p95 = rollup.p95 { segs.append(("  p95 \(GatewayProbe.latency(p95))", .text)) }
        if let f = rollup.lastFailure {
            segs.append(("  last failure \(PaneTime.clock(f.at)) \(f.outcome.shortWord)", .warning))
        }
        segs.append(("  " + url, .dim))
        if width >= 150 { segs.append(("  (last \(TriageText.span(rollup.window)), one probe every \(GatewayProbe.latency(settings.interval)))", .dim)) }
        var out = [Line(segments: segs)]
        // As many pins as there is room for; when some do not fit, the last row counts them.
        let room = max(0, min(maxPinLines, maxPins))
        let shown = notServed.prefix(notServed.count > room ? max(0, room - 1) : room)
        for f in shown {
            let name = table.name(f.row)
            let holders = GatewayState.pinnedOn(table, row: f.row).map(core.peerName)
            let probe = f.result.probe
            var pin: [(String, Role)]
            if width >= 100 {
                pin = [("  NOT SERVED  ", .error), (probe.summary, .error), ("  \(PaneTime.clock(probe.at))  ", .dim)]
            } else {
                // Narrow: `NOT SERVED 504 2.0 s`, so the name and the CID still fit.
                pin = [("  NOT SERVED ", .error), ("\(probe.outcome.shortWord) \(GatewayProbe.latency(probe.latency))  ", .error)]
            }
            if !name.isEmpty { pin.append((TriageText.oneLine(name, limit: width >= 100 ? 40 : 24) + "  ", .text)) }
            pin.append((width >= 150 ? f.cid : shortCID(f.cid), .text))
            pin.append(("  pinned on " + holders.joined(separator: ", "), .dim))
            out.append(Line(segments: pin))
        }
        if notServed.count > shown.count, room > 0 {
            let more = notServed.count - shown.count
            out.append(Line(segments: [("  … \(more)\(shown.isEmpty ? "" : " more") pinned CID\(more == 1 ? "" : "s") not served (:triage lists them)", .dim)]))
        }
        return out
    }

    /// `bafybeicun…5e5q`: enough to recognise, the whole CID is on the pin's detail and in triage.
    static func shortCID(_ cid: String) -> String {
        cid.count <= 20 ? cid : String(cid.prefix(12)) + "…" + String(cid.suffix(6))
    }

    /// The title line's word on the gateway (nil without one).
    static func summary(_ core: ConsoleState) -> String? {
        guard core.settings.gateway != nil else { return nil }
        let g = core.gateway
        if g.isDown { return "GATEWAY DOWN" }
        guard g.answers > 0 else { return "gateway not probed yet" }
        let table = core.pins.table
        let notServed = g.failing(table).filter { GatewayState.isPinned(table, row: $0.row) }.count
        let r = g.rollup(table, now: core.now)
        return notServed > 0 ? "gateway \(notServed) NOT SERVED" : "gateway \(r.served)/\(r.probed) served"
    }

    /// Draws the lines, each cut to the area's width (the pins' detail and triage have the rest).
    static func render(_ lines: [Line], area: Rect, into buffer: inout CellBuffer, theme: Theme) {
        for (i, line) in lines.enumerated() where i < area.height {
            var x = area.x
            let row = area.row(i)
            var room = area.width
            for (text, role) in line.segments where room > 0 {
                let cut = TextLayout.truncate(text, width: room)
                buffer.write(cut, x: x, y: area.y + i, role: role, theme: theme, clip: row)
                let w = DisplayWidth.of(cut)
                x += w
                room -= w
            }
        }
    }
}
