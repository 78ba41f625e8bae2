import ConsoleCore
import Foundation
import TerminalUI

/// The two header lines and the banner: which cluster, through which peer, how healthy, how old
/// the data is, and (loudly) whether the API is unreachable or an action is running.
enum HeaderView {
    static let height = 3

    /// `mode`: `REC` while recording, the replay's banner while replaying (first on the right,
    /// so it is never cut off).
    static func render(_ core: ConsoleState, area: Rect, into buffer: inout CellBuffer, theme: Theme, now: Date,
                       mode: StatusSegment? = nil) {
        let rows = Layout.rows(area, [.fixed(1), .fixed(1), .fixed(1)])
        // Line 1: identity.
        var left: [StatusSegment] = [StatusSegment("ipfs-cluster-console", role: .title)]
        if let c = core.settings.contextName { left.append(StatusSegment("ctx:\(c)")) }
        left.append(StatusSegment(core.settings.endpoint))
        if let direct = core.direct.modeText {
            // Direct polling: how many peers' own addresses answer ("direct to 2 of 3 peers").
            left.append(StatusSegment(direct, role: core.direct.hasFailing ? .warning : nil))
        } else if let p = core.answeringPeer {
            let last = p.peername.isEmpty ? PeerInfo.shortID(p.id) : p.peername
            // The mode once the answers tell it: several peers behind one address is a load
            // balancer (answers are merged), several addresses each with its peer is direct.
            let mode = core.answers.modeText(name: core.peerName)
            if let mode, mode.hasPrefix("via load balancer") {
                left.append(StatusSegment(mode.dropLast() + "; last \(last))"))
            } else if let mode, mode.hasPrefix("direct to") && core.answers.peersByHost.count > 1 {
                left.append(StatusSegment(mode))
            } else {
                left.append(StatusSegment("via \(last)"))
            }
        }
        let versions = core.versions
        if !versions.isEmpty {
            left.append(StatusSegment("v" + versions.joined(separator: ",v"), role: versions.count > 1 ? .warning : nil))
        }
        var right: [StatusSegment] = mode.map { [$0] } ?? []
        if core.settings.readonly { right.append(StatusSegment("READ-ONLY", role: .warning)) }
        if core.settings.demo { right.append(StatusSegment("DEMO", role: .info)) }
        if let skew = core.clusterClock.headerText { right.append(StatusSegment(skew, role: .warning)) }
        right.append(StatusSegment(PaneTime.clock(now) + " UTC"))
        StatusLine.render(left: left, right: right, area: rows[0], into: &buffer, theme: theme, role: .header)

        // Line 2: health and freshness.
        let summary = core.peerSummary
        var health: [StatusSegment] = [StatusSegment(summary.text(now: now),
                                                     role: summary.asOf != nil ? .warning : summary.up < summary.total ? .error : .ok)]
        let t = core.pins.table
        var pinParts: [String] = []
        for (s, label) in [(PinStatus.pinError, "error"), (.clusterError, "cluster_error"), (.unexpectedlyUnpinned, "unexp_unpinned"),
                           (.pinQueued, "queued"), (.pinning, "pinning"), (.pinned, "pinned"), (.remote, "remote"),
                           (.unknown, "unreported")] {
            let n = core.pins.count(worst: s)
            if n > 0 { pinParts.append("\(n) \(label)") }
        }
        let errors = core.pins.count(worst: .pinError) + core.pins.count(worst: .clusterError) + core.pins.count(worst: .unpinError)
        let asOf = core.pinsAsOf.map { " (as of \(TriageText.ago($0, now: now)))" } ?? ""
        health.append(StatusSegment("pins \(t.liveCount)" + (pinParts.isEmpty ? "" : ": " + pinParts.joined(separator: " ")) + asOf,
                                    role: errors > 0 ? .error : nil))
        health.append(StatusSegment("alerts \(core.alerts.count)", role: core.alerts.isEmpty ? nil : .warning))
        var ages: [StatusSegment] = []
        // What the full streams cost and when the next is due, so an operator sees the
        // console being polite (or why the pin list is minutes old).
        // First when slowed: the ages after the long full-stream line are the first cut.
        if let pace = LivePinsPace.slowed(core) { ages.append(StatusSegment("live pins \(pace)", role: .dim)) }
        if let cost = FullStreamSchedule.summary(core, now: now) { ages.append(StatusSegment(cost, role: .dim)) }
        for s in [DataSource.id, .peers, .ping, .activePins, .allocations, .fullPins] {
            var f = core.freshness(s)
            // Polled at the peers' own addresses: the age of the newest direct answer.
            if s == .ping, core.directCoversPeerCalls, let d = core.direct.newestSuccess(.ping), d > (f.lastSuccess ?? .distantPast) {
                f = SourceFreshness()
                f.lastSuccess = d
            }
            guard f.lastSuccess != nil || f.lastError != nil || f.inFlight else { continue }
            var text = "\(s.label) " + (f.age(now: now).map { PaneTime.duration(max(0, $0)) } ?? "never")
            if f.isStale { text += " STALE" }
            ages.append(StatusSegment(text, role: f.isStale ? .warning : .dim))
        }
        StatusLine.render(left: health, right: ages, area: rows[1], into: &buffer, theme: theme, role: .statusLine)

        // Line 3: banner, or the screen tabs.
        if let banner = banner(core, now: now) {
            let line = rows[2]
            buffer.fill(line, style: theme.style(banner.role))
            buffer.write(" " + banner.text, x: line.x, y: line.y, style: theme.style(banner.role).adding(.bold), clip: line)
        }
    }

    /// The loud line: unreachable API first, then running actions, then a full refresh.
    static func banner(_ core: ConsoleState, now: Date) -> (text: String, role: Role)? {
        if let e = core.unreachable {
            let since = core.lastContact.map { "; showing data from \(PaneTime.clock($0)) (\(TriageText.span(now.timeIntervalSince($0))) old)" } ?? ""
            let text = "\(core.authBackoff != nil ? "CREDENTIALS REJECTED" : heading(forFailure: e)): \(e)\(since)"
            let stop = text.last.map { ".?!".contains($0) } == true ? "" : "."
            if let b = core.authBackoff {
                let wait = b.wait(now: now)
                let next = wait < 0.5 ? "Trying again now" : "Next try in \(TriageText.span(wait)) (backing off to \(Int(AuthBackoff.cap)) s)"
                return ("\(text)\(stop) \(next); r retries now.", .critical)
            }
            return ("\(text)\(stop) Retrying every \(Int(core.settings.refresh)) s.", .critical)
        }
        if let split = core.clustersAnsweringText { return (split, .critical) }
        if let a = core.running.first {
            let more = core.running.count > 1 ? " (+\(core.running.count - 1) more)" : ""
            var progress = ""
            if let text = a.progressText { progress = " " + bar(done: a.done, total: a.total, width: 20) + " " + text }
            return ("RUNNING \(a.kind.name) \(a.kind.target)\(progress)\(more)  (x cancels)", .warning)
        }
        let full = core.freshness(.fullPins)
        if full.inFlight {
            return ("FULL PIN REFRESH: \(full.itemsReceived) items received  (x cancels)", .info)
        }
        for source in [DataSource.activePins, .allocations] {
            let f = core.freshness(source)
            if f.isStale, let e = f.lastError {
                return ("PIN LIST PARTIAL (\(source.path)): \(e)", .warning)
            }
        }
        // `/id` answers but the peer list does not (a trailer error, a cut stream, a timeout):
        // the peers shown are the last full answer, and the banner says so and how old it is.
        let peerList = core.freshness(.peers)
        if peerList.isStale, let e = peerList.lastError {
            let shown = peerList.age(now: now).map { "showing the peer list from \(TriageText.span($0)) ago" } ?? "no peer list yet"
            return ("PEER LIST NOT REFRESHED (\(DataSource.peers.path)): \(e); \(shown)", .warning)
        }
        let problems = core.inputProblems
        if let last = problems.last {
            let more = problems.count > 1 ? " (+\(problems.count - 1) more input problems: logs pane, w)" : ""
            return ("INPUT: \(last.text)\(more)", problems.allSatisfy(\.isInformation) ? .info : .warning)
        }
        return nil
    }

    /// The banner's first words for a failed `/id`: a server that answered is not unreachable,
    /// and rejected credentials need a different fix than a dead host.
    static func heading(forFailure message: String) -> String {
        let credentials = ["requires authentication", "rejected the user name", "credentials rejected", "rejected the bearer token"]
        if credentials.contains(where: message.contains) { return "CREDENTIALS REJECTED" }
        let answered = ["the cluster answered", "not an API error", "could not be decoded", "does not allow this method",
                        "has no such route", "redirected", "stream error"]
        if answered.contains(where: message.contains) { return "API ERROR" }
        return "API UNREACHABLE"
    }

    static func bar(done: Int, total: Int, width: Int) -> String {
        guard total > 0 else { return "" }
        let filled = min(width, done * width / total)
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }
}
