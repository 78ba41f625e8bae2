import ClusterAPI
import ConsoleCore
import Foundation
import TerminalUI

/// Everything about one pin: every peer's entry with its full error, allocations, options.
enum PinDetailScreen {
    static func lines(cid: String, _ core: ConsoleState, now: Date, full: Bool = false) -> [StyledLine] {
        func cap(_ text: String) -> String { LongText.capped(text, full: full) }
        // The cluster's times on the console's clock (as the header's), aged on the cluster's.
        func time(_ t: ClusterTime) -> String {
            guard let d = t.date, !t.isUnset else { return t.rfc3339 }
            return "\(PaneTime.iso(core.onConsoleClock(d))) (\(TriageText.ago(d, now: core.onClusterClock(now)!)))"
        }
        var out: [StyledLine] = [StyledLine("Pin \(cid)", role: .title)]
        let detail = core.pinDetails[cid]
        let table = core.pins.table
        let row = table.row(cid: cid)
        if let d = detail {
            if d.inFlight { out.append(StyledLine("loading status…", role: .dim)) }
            if let e = d.error { out.append(StyledLine("error: \(cap(e))", role: .error)) }
            if let t = d.fetchedAt { out.append(StyledLine("status fetched \(TriageText.ago(t, now: now)) (r reloads)", role: .dim)) }
        }
        let pin = detail?.pin
        let status = detail?.status
        let name = status?.name ?? pin?.name ?? row.map { table.name($0) } ?? ""
        out.append(StyledLine("Name:         \(name.isEmpty ? "-" : cap(name))"))
        if let pin {
            out.append(StyledLine("Replication:  min \(pin.replicationFactorMin), max \(pin.replicationFactorMax)"))
            out.append(StyledLine("Mode / type:  \(pin.options.mode.rawValue) / \(pin.type.rawValue)   max depth \(pin.maxDepth)"))
            out.append(StyledLine("Allocations:  " + (pin.allocations.isEmpty ? "everywhere" : pin.allocations.map { core.peerName($0) }.joined(separator: ", "))))
            out.append(StyledLine("Expires:      " + (pin.options.expireAt.isUnset ? "never" : time(pin.options.expireAt))))
            out.append(StyledLine("Pinned at:    \(time(pin.timestamp))"))
            if let u = pin.options.pinUpdate { out.append(StyledLine("Pin update:   \(u)")) }
            if let r = pin.reference { out.append(StyledLine("Reference:    \(r)")) }
            out.append(StyledLine("Metadata:     " + (pin.options.metadata.isEmpty ? "-" : cap(pin.options.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")))))
            out.append(StyledLine("Origins:      " + (pin.options.origins.isEmpty ? "-" : pin.options.origins.joined(separator: ", "))))
        } else if let row {
            let r = table.replication(row)
            out.append(StyledLine("Replication:  \(Format.replication(r.min, r.max))"))
            let a = table.allocations(row)
            out.append(StyledLine("Allocations:  " + (a.isEmpty ? "everywhere" : a.map { core.peerName(table.peers[$0].id) }.joined(separator: ", "))))
        }
        out += gatewayLines(cid: cid, core, now: now)
        out.append(StyledLine(""))
        out.append(StyledLine("Peers", role: .title))
        if let status {
            for (peer, info) in status.sortedEntries {
                let s = TrackerStatusRole.role(info.status)
                let pname = cap(info.peername.isEmpty ? core.peerName(peer) : info.peername)
                out.append(StyledLine("\(pname) (\(PeerInfo.shortID(peer))): \(info.status.rawValue.uppercased())", role: s))
                out.append(StyledLine("    timestamp \(time(info.timestamp))  attempts \(info.attemptCount)  priority \(info.priorityPin)"))
                if !info.error.isEmpty { out.append(StyledLine("    error: \(cap(info.error))", role: .pinError)) }
                if let ipfs = info.ipfsPeerID { out.append(StyledLine("    ipfs \(ipfs)", role: .dim)) }
                for a in info.ipfsPeerAddresses { out.append(StyledLine("      \(a)", role: .dim)) }
            }
        } else if let row {
            for (i, p) in table.peers.enumerated() {
                let s = table.status(row, peer: i)
                out.append(StyledLine("\(core.peerName(p.id)): \(Format.statusName(s))  attempts \(table.attempts(row, peer: i))", role: s.role))
                let e = table.errorText(row, peer: i)
                if !e.isEmpty { out.append(StyledLine("    error: \(cap(e))", role: .pinError)) }
            }
        } else if detail?.inFlight != true {
            out.append(StyledLine("not in the pinset", role: .dim))
        }
        return out
    }

    /// The pin's last gateway probe (nothing when no gateway is configured).
    static func gatewayLines(cid: String, _ core: ConsoleState, now: Date) -> [StyledLine] {
        guard let settings = core.settings.gateway else { return [] }
        guard let r = core.gateway.results[cid] else {
            let inFlight = core.gateway.inFlight?.cid == cid
            return [StyledLine("Gateway:      " + (inFlight ? "probe in flight (HEAD \(settings.probeURL(cid)))"
                                                    : "not probed yet (one pin every \(GatewayProbe.latency(settings.interval)), new and failing pins first)"),
                               role: .dim)]
        }
        let p = r.probe
        let pinned = core.pins.table.row(cid: cid).map { GatewayState.isPinned(core.pins.table, row: $0) } ?? false
        let word = p.served ? "served" : (pinned ? "NOT SERVED" : "not served (not pinned)")
        var out = [StyledLine("Gateway:      \(word): \(p.summary) at \(PaneTime.clock(p.at)) (\(TriageText.ago(p.at, now: now)))",
                              role: p.served ? .ok : (pinned ? .error : .warning))]
        var more = "              HEAD \(settings.probeURL(cid))  \(TriageText.plural(r.probes, "probe")), chosen as \(r.reason.rawValue)"
        if let since = r.failingSince { more += ", failing since \(PaneTime.clock(since))" }
        out.append(StyledLine(more, role: .dim))
        return out
    }

    static func render(cid: String, _ core: ConsoleState, ui: inout UIState, area: Rect, into buffer: inout CellBuffer,
                       theme: Theme, now: Date) {
        let l = lines(cid: cid, core, now: now, full: ui.fullText)
        LogView.render(lines: TextLines(l), state: &ui.detailScroll, area: area, into: &buffer, theme: theme)
    }
}

/// Roles for the wire status type of ClusterAPI (detail screen).
enum TrackerStatusRole {
    static func role(_ s: TrackerStatus) -> Role {
        switch s {
        case .pinned: .pinPinned
        case .pinning, .unpinning: .pinPinning
        case .pinQueued, .unpinQueued: .pinQueued
        case .pinError, .unpinError, .clusterError: .pinError
        case .remote: .pinRemote
        case .unexpectedlyUnpinned: .pinUnexpected
        default: .dim
        }
    }
}

extension ScreenID {
    /// One pin's detail.
    public static func pinDetail(_ cid: String) -> ScreenID { ScreenID(PinDetailScreen.name, argument: cid) }
    /// The CID when this is a pin's detail.
    public var pinCID: String? { name == PinDetailScreen.name ? argument : nil }
}

extension PinDetailScreen: ConsoleScreen {
    nonisolated static let name = "pin"
    static let title = "Pin"
    static let isTab = false
    static let stacking = ScreenStacking.detail
    static var keyMap: ScreenKeyMap { KeyMaps.pinDetail }

    static func render(_ app: inout ConsoleApp, area: Rect, into buffer: inout CellBuffer) {
        guard let cid = app.ui.screen.pinCID else { return }
        render(cid: cid, app.core, ui: &app.ui, area: area, into: &buffer, theme: app.theme, now: app.core.now)
    }

    static func navigate(_ key: Key, _ app: inout ConsoleApp) {
        guard let cid = app.ui.screen.pinCID else { return }
        let n = lines(cid: cid, app.core, now: app.core.now, full: app.ui.fullText).count
        _ = app.ui.detailScroll.handle(key, lineCount: n, pageSize: 10)
    }
}
