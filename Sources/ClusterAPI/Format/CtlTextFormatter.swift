import ConsoleBase
import Foundation

/// ipfs-cluster-ctl's text layouts (cmd/ipfs-cluster-ctl/formatters.go, v1.1.6), so operators
/// recognise the output and their scripts keep working. Pure functions returning the text,
/// every line ending in `\n`; anything that came from the network is sanitised.
public struct CtlTextFormatter: Sendable {
    /// The clock used for "Expires in: 24 seconds from now"; injectable for tests.
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date = { Date() }) { self.now = now }

    private func s(_ text: String) -> String { Sanitizer.clean(text, for: .plain) }

    /// `id` and each `peers ls` item.
    public func peer(_ p: ClusterPeer) -> String {
        if !p.error.isEmpty { return "\(s(p.id)) | ERROR: \(s(p.error))\n" }
        var out = "\(s(p.id)) | \(s(p.peername)) | Sees \(p.clusterPeers.count - 1) other peers\n"
        out += "  > Addresses:\n"
        for a in p.addresses.sorted() { out += "    - \(s(a))\n" }
        if !p.ipfs.error.isEmpty { return out + "  > IPFS ERROR: \(s(p.ipfs.error))\n" }
        out += "  > IPFS: \(s(p.ipfs.id ?? ""))\n"
        for a in p.ipfs.addresses.sorted() { out += "    - \(s(a))\n" }
        return out
    }

    /// `status` blocks: peers sorted by ID, named by peername when set.
    public func status(_ g: GlobalPinInfo) -> String {
        var out = s(g.cid)
        if !g.name.isEmpty { out += " | \(s(g.name))" }
        out += ":\n"
        for (peer, info) in g.sortedEntries {
            let label = info.peername.isEmpty ? peer : info.peername
            out += "    > \(s(label).padding(toLength: max(20, s(label).count), withPad: " ", startingAt: 0)) : \(s(info.status.ctlName))"
            if !info.error.isEmpty { out += ": \(s(info.error))" }
            out += " | \(info.timestamp.goRFC3339Nano) | Attempts: \(info.attemptCount) | Priority: \(info.priorityPin)\n"
        }
        return out
    }

    /// `pin ls` / `allocations` lines, and `pin add|rm --no-status`.
    public func pin(_ p: Pin) -> String {
        var t = p.type.rawValue.uppercased()
        if p.options.mode == .direct { t += "-DIRECT" }
        var out = "\(s(p.cid)) | \(s(p.name)) | \(s(t)) | "
        if p.replicationFactorMin == -1 && p.replicationFactorMax == -1 {
            out += "Repl. Factor: -1 | Allocations: [everywhere]"
        } else {
            out += "Repl. Factor: \(p.replicationFactorMin)--\(p.replicationFactorMax) | Allocations: [\(p.allocations.sorted().map(s).joined(separator: " "))]"
        }
        switch p.maxDepth {
        case 0: out += " | Direct"
        case -1: out += " | Recursive"
        default: out += " | Recursive-\(p.maxDepth)"
        }
        out += " | Metadata: \(p.options.metadata.isEmpty ? "no" : "yes")"
        out += " | Exp: \(p.options.expireAt.isUnset ? "∞" : p.options.expireAt.ctlDateTime)"
        out += " | Added: \(p.timestamp.isUnset ? "unknown" : p.timestamp.ctlDateTime)\n"
        return out
    }

    /// `health metrics NAME` lines.
    public func metric(_ m: Metric) -> String {
        var v = m.value
        if m.name == "freespace" && m.weight > 0 { v = GoHumanize.bytes(UInt64(m.weight)) }
        return "\(s(m.peer)) | \(s(m.name)): \(s(v)) | Expires in: \(GoHumanize.relativeTime(m.expireDate, now: now()))\n"
    }

    /// `health metrics` without a name: one name per line.
    public func metricNames(_ names: [String]) -> String { names.map { s($0) + "\n" }.joined() }

    /// `health alerts` lines.
    public func alert(_ a: Alert) -> String {
        let triggered = a.triggeredAt.date.map { GoHumanize.relativeTime($0, now: now()) } ?? "unknown"
        return "\(s(a.metric.peer)): \(s(a.metric.name)). Expired at: \(GoHumanize.relativeTime(a.metric.expireDate, now: now())). Triggered at: \(triggered)\n"
    }

    /// `health bandwidth` lines, protocols sorted.
    public func bandwidth(_ b: BandwidthReport) -> String {
        b.byProtocol.keys.sorted().map { proto in
            let v = b.byProtocol[proto]!
            let p = s(proto)
            return String(repeating: " ", count: max(0, 25 - p.count)) + p
                + ": In: \(pad7(GoHumanize.bytes(UInt64(max(0, v.totalIn))))). Out: \(pad7(GoHumanize.bytes(UInt64(max(0, v.totalOut))))). "
                + String(format: "RateIn: %.2fB/s. RateOut: %.2fB/s", v.rateIn, v.rateOut) + "\n"
        }.joined()
    }

    private func pad7(_ x: String) -> String { String(repeating: " ", count: max(0, 7 - x.count)) + x }

    /// `ipfs gc`: per peer sorted by ID, named when possible.
    public func repoGC(_ g: GlobalRepoGC) -> String {
        var out = ""
        for peer in g.peerMap.keys.sorted() {
            let item = g.peerMap[peer]!
            let label = s(item.peername.isEmpty ? peer : item.peername)
            let padded = label.padding(toLength: max(15, label.count), withPad: " ", startingAt: 0)
            out += item.error.isEmpty ? "\(padded)\n" : "\(padded) | ERROR: \(s(item.error))\n"
            out += "  > CIDs:\n"
            for k in item.keys {
                out += k.error.isEmpty ? "    - \(s(k.key ?? ""))\n" : "    - ERROR: \(s(k.error))\n"
            }
        }
        return out
    }

    /// `health graph` as a Graphviz dot document (cluster peers orange boxes, IPFS daemons
    /// turquoise), in the spirit of ctl's output.
    public func graph(_ g: ConnectGraph) -> String {
        func q(_ x: String) -> String { "\"" + s(x).replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        func label(_ id: String) -> String {
            let name = g.idToPeername[id] ?? ""
            return name.isEmpty ? String(id.suffix(8)) : name
        }
        var out = "digraph cluster {\n"
        out += "/* The nodes of the connectivity graph */\n"
        out += "/* The cluster-service peers */\n"
        let clusterPeers = Set(g.clusterLinks.keys).union(g.clusterTrustLinks.keys).union(g.clusterToIPFS.keys).union(g.idToPeername.keys).sorted()
        for p in clusterPeers {
            let trusted = g.clusterTrustLinks[p] == true ? " (trusted)" : ""
            out += "\(q(p)) [label=\(q(label(p) + trusted)) color=\"orange\" style=\"filled\" shape=\"box3d\"]\n"
        }
        out += "\n/* The ipfs peers */\n"
        let ipfsPeers = Set(g.ipfsLinks.keys).union(g.clusterToIPFS.values).union(g.ipfsLinks.values.flatMap { $0 }).sorted()
        for p in ipfsPeers {
            out += "\(q("ipfs-" + p)) [label=\(q("IPFS " + String(p.suffix(8)))) color=\"turquoise\" style=\"filled\" shape=\"cylinder\"]\n"
        }
        out += "\n/* Edges representing active connections in the cluster */\n"
        out += "/* The connections among cluster-service peers */\n"
        for p in g.clusterLinks.keys.sorted() {
            for t in g.clusterLinks[p]!.sorted() { out += "\(q(p)) -> \(q(t))\n" }
        }
        out += "\n/* The connections between cluster peers and their ipfs daemons */\n"
        for p in g.clusterToIPFS.keys.sorted() { out += "\(q(p)) -> \(q("ipfs-" + g.clusterToIPFS[p]!))\n" }
        out += "\n/* The swarm peer connections among ipfs daemons in the cluster */\n"
        for p in g.ipfsLinks.keys.sorted() {
            for t in g.ipfsLinks[p]!.sorted() { out += "\(q("ipfs-" + p)) -> \(q("ipfs-" + t))\n" }
        }
        return out + "}\n"
    }

    /// ctl's error block (printed on stdout, as ctl does). API errors keep the API's own
    /// message; failures on our side carry our specific sentence.
    public func error(_ e: ClusterAPIError) -> String {
        let message: String
        switch e.kind {
        case .api, .pinNotFound: message = e.apiMessage ?? e.description
        default: message = e.description
        }
        return "An error occurred:\n  Code: \(e.ctlCode)\n  Message: \(s(message))\n"
    }
}

extension ClusterTime {
    /// What Go's `time.Time.MarshalText` writes for this instant in the offset it was parsed
    /// with (RFC3339Nano: trailing fraction zeros trimmed, `Z` for a zero offset).
    public var goRFC3339Nano: String { RFC3339.format(seconds: unixSeconds, nanoseconds: nanoseconds, offsetSeconds: offsetSeconds) }
}
