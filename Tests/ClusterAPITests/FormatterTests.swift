import Foundation
import Testing
@testable import ClusterAPI

private let decoder = JSONDecoder()

/// The recorded ctl output split into blocks keyed by their first token (peer ID or CID).
private func ctlBlocks(_ name: String) throws -> [String: String] {
    let text = try String(contentsOf: RecordedHTTP.fixtureURL("recorded/\(name)"), encoding: .utf8)
    var blocks: [String: String] = [:]
    var current: String?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("$ ") || line.hasPrefix("[exit code") || line.isEmpty { continue }
        if !line.hasPrefix(" ") {
            current = String(line.split(separator: " ").first!).trimmingCharacters(in: CharacterSet(charactersIn: ":"))
            blocks[current!] = ""
        }
        blocks[current!]! += line + "\n"
    }
    return blocks
}

@Suite("ipfs-cluster-ctl text layouts and JSON output")
struct FormatterTests {
    let f = CtlTextFormatter(now: { Date(timeIntervalSince1970: 1_795_237_938) })

    @Test func peersLsMatchesRecordedCtlOutput() throws {
        let blocks = try ctlBlocks("ctl-peers-ls.txt")
        #expect(blocks.count == 3)
        let peers = try RecordedHTTP.load("recorded/03-peers.http").lines.map { try decoder.decode(ClusterPeer.self, from: Data($0)) }
        for p in peers {
            // The recorded ctl run lists only each peer's own address, as the /peers recording does.
            #expect(f.peer(p) == blocks[p.id], "peer \(p.peername)")
        }
    }

    @Test func peerErrorAndIPFSErrorVariants() throws {
        let unreachable = try decoder.decode(ClusterPeer.self, from: try fixtureLines("peers-unreachable")[0])
        #expect(f.peer(unreachable) == "12D3KooWBhEzKxgj5CMSriTXPXtjdpkoXxuHZAJvZ77NAQqNijXW | ERROR: context deadline exceeded\n")
        let down = try decoder.decode(ClusterPeer.self, from: try fixtureLines("id-ipfs-down")[0])
        let text = f.peer(down)
        #expect(text.hasPrefix("12D3KooWH7w2NDcZWxnS885rZgaPz65NAXhv45JkMLdK1x5aJi2C | IpfsCluster1 | Sees 0 other peers\n  > Addresses:\n    - /ip4/10.0.2.66/tcp/9096/p2p/"))
        #expect(text.hasSuffix("  > IPFS ERROR: Post \"http://127.0.0.1:5001/api/v0/id\": dial tcp 127.0.0.1:5001: connect: connection refused\n"))
    }

    @Test func statusMatchesRecordedCtlOutput() throws {
        let blocks = try ctlBlocks("ctl-status.txt")
        let items = try RecordedHTTP.load("recorded/28-pins-all.http").lines.map { try decoder.decode(GlobalPinInfo.self, from: Data($0)) }
        var compared = 0
        for g in items where g.name == "eps" || g.name == "beta-pin" {
            #expect(f.status(g) == blocks[g.cid])
            compared += 1
        }
        #expect(compared == 2)
    }

    @Test func statusErrorsAndLongPeerIDs() throws {
        let g = try decoder.decode(GlobalPinInfo.self, from: try fixtureLines("globalpininfo-mixed")[0])
        let lines = f.status(g).split(separator: "\n").map(String.init)
        #expect(lines[0] == "QmXvQLhK2heNz65fWRabTfbzXwYfaBgEBuTdUJNzp69Xjx | cluster-website:")
        // Sorted by peer ID: BhEz (IpfsCluster2), H7w2 (IpfsCluster1), Rjwf (IpfsCluster0).
        #expect(lines[1] == "    > IpfsCluster2         : CLUSTER_ERROR: context deadline exceeded | 2026-05-21T10:05:00.412983113Z | Attempts: 0 | Priority: false")
        #expect(lines[2] == "    > IpfsCluster1         : PIN_ERROR: context canceled | 2026-05-21T10:02:13.402155861Z | Attempts: 3 | Priority: true")
        #expect(lines[3] == "    > IpfsCluster0         : PINNED | 2026-05-21T09:58:12Z | Attempts: 0 | Priority: false")
        var anon = g
        anon.name = ""
        anon.peerMap = ["QmYAajUVaFMw7EyUsZqwDhbNmCsP8L7VDRLuXNkEw6DCC1": PinInfoShort(
            status: .remote, timestamp: try ClusterTime(parsing: "2021-12-07T16:40:08.122100484+01:00"))]
        #expect(f.status(anon) == "QmXvQLhK2heNz65fWRabTfbzXwYfaBgEBuTdUJNzp69Xjx:\n    > QmYAajUVaFMw7EyUsZqwDhbNmCsP8L7VDRLuXNkEw6DCC1 : REMOTE | 2021-12-07T16:40:08.122100484+01:00 | Attempts: 0 | Priority: false\n")
    }

    @Test func pinLsLayout() throws {
        var p = try decoder.decode(Pin.self, from: try fixtureLines("pin-allocations")[0])
        p.options.replicationFactorMin = 3
        #expect(f.pin(p) == "QmXvQLhK2heNz65fWRabTfbzXwYfaBgEBuTdUJNzp69Xjx | cluster-website | PIN | Repl. Factor: 3--3 | Allocations: [12D3KooWGbmjg3MDUYFosLNPbE1jKkv5fzKHD7wyGDa1P95iKMjF QmYY1ggjoew5eFrvkenTR3F4uWqtkBkmgfJk8g9Qqcwy51] | Recursive | Metadata: no | Exp: ∞ | Added: 2021-12-07 16:24:58\n")
        let recorded = try RecordedHTTP.load("recorded/40-allocations.http").lines.map { try decoder.decode(Pin.self, from: Data($0)) }
        #expect(f.pin(recorded[0]) == "bafkreicpjkkbb76n7ck4jlnyqbsz5g24bxi7eorqpediinalh2vmwbctta | delta-slow | PIN | Repl. Factor: -1 | Allocations: [everywhere] | Recursive | Metadata: no | Exp: ∞ | Added: 2026-11-21 05:12:38\n")
        #expect(f.pin(recorded[2]).contains("| Repl. Factor: 2--2 | Allocations: [12D3KooWKDPVsYs1eGqqGDTmo56zibPbtaduzPHRrda3o7rLd1BL 12D3KooWPoVHTvA6Cn4M9r5Lhaw1pYuQJe1FUXdZB945AcASUy8C] | Recursive | Metadata: yes |"))
        let expiring = try decoder.decode(Pin.self, from: try fixtureLines("pin-post-expire")[0])
        #expect(f.pin(expiring).contains("| Exp: 2026-06-20 10:00:00 | Added: 2026-05-21 10:00:00\n"))
        var direct = expiring
        direct.options.mode = .direct
        direct.maxDepth = 0
        #expect(f.pin(direct).contains(" | PIN-DIRECT | ") && f.pin(direct).contains(" | Direct | "))
    }

    @Test func metricsAndAlerts() throws {
        let free = try decoder.decode([Metric].self, from: Data(try RecordedHTTP.load("recorded/07-monitor-metrics-freespace.http").body))
        // now = 1795237938 s; expire = 1795237962.33 s -> 24 seconds from now.
        #expect(f.metric(free[0]) == "12D3KooWKDPVsYs1eGqqGDTmo56zibPbtaduzPHRrda3o7rLd1BL | freespace: 107 GB | Expires in: 24 seconds from now\n")
        let ping = try decoder.decode([Metric].self, from: Data(try RecordedHTTP.load("recorded/08-monitor-metrics-ping.http").body))
        #expect(f.metric(ping[0]).contains("| ping: {\"peer_name\":\"p3\",\"ipfs_id\":\"12D3KooWCL5mHsu6eFzD9z4MnhZvCqyLHac9TdC3KqRLFnM9Tgxk\"} | Expires in: 24 seconds from now"))
        #expect(f.metricNames(["pinqueue", "ping"]) == "pinqueue\nping\n")
        let alert = Alert(metric: Metric(name: "ping", peer: "12D3KooWX", expire: 1_795_237_920_000_000_000),
                          triggeredAt: ClusterTime(date: Date(timeIntervalSince1970: 1_795_237_934)))
        #expect(f.alert(alert) == "12D3KooWX: ping. Expired at: 18 seconds ago. Triggered at: 4 seconds ago\n")
    }

    @Test func humanize() {
        #expect(GoHumanize.bytes(0) == "0 B")
        #expect(GoHumanize.bytes(9) == "9 B")
        #expect(GoHumanize.bytes(1500) == "1.5 kB")
        #expect(GoHumanize.bytes(107_374_182_400) == "107 GB")
        #expect(GoHumanize.bytes(52_342_341_632) == "52 GB")
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(GoHumanize.relativeTime(now, now: now) == "now")
        #expect(GoHumanize.relativeTime(now.addingTimeInterval(-1.5), now: now) == "1 second ago")
        #expect(GoHumanize.relativeTime(now.addingTimeInterval(-180), now: now) == "3 minutes ago")
        #expect(GoHumanize.relativeTime(now.addingTimeInterval(3 * 3600 + 5), now: now) == "3 hours from now")
        #expect(GoHumanize.relativeTime(now.addingTimeInterval(-86_400 * 3), now: now) == "3 days ago")
    }

    @Test func repoGCBandwidthGraphAndErrors() throws {
        let gc = try decoder.decode(GlobalRepoGC.self, from: try fixtureLines("globalrepogc")[0])
        #expect(f.repoGC(gc) == """
        IpfsCluster1    | ERROR: Post "http://127.0.0.1:5001/api/v0/repo/gc?stream-errors=true": dial tcp 127.0.0.1:5001: connect: connection refused
          > CIDs:
        IpfsCluster0  \u{20}
          > CIDs:
            - QmPHry5tHL3YCF9ePU4eyHr79FfayWgHB8K95dPsypcvwV
            - QmPL29RW6QqnV1r2bVCwzKGduw474EDcbwPxcjp4KdWU1s

        """)
        let bw = try decoder.decode(BandwidthReport.self, from: try fixtureLines("bandwidth")[0])
        #expect(f.bandwidth(bw) == "     /ipfscluster/1.0/rpc: In:   48 MB. Out:   51 MB. RateIn: 1203.50B/s. RateOut: 1388.20B/s\n"
                + "           /meshsub/1.1.0: In:  9.1 MB. Out:  9.8 MB. RateIn: 220.10B/s. RateOut: 231.90B/s\n")
        let g = try decoder.decode(ConnectGraph.self, from: try fixtureLines("connectgraph")[0])
        let dot = f.graph(g)
        #expect(dot.hasPrefix("digraph cluster {\n"))
        #expect(dot.contains("\"12D3KooWRjwfEtpPmnnjkUbwv4mWtWoUdmKemcqwfLNFGPV3P8PC\" -> \"12D3KooWH7w2NDcZWxnS885rZgaPz65NAXhv45JkMLdK1x5aJi2C\""))
        #expect(dot.contains("shape=\"box3d\""))
        #expect(dot.hasSuffix("}\n"))

        let notFound = ClusterAPIError(.pinNotFound(message: "pin is not part of the pinset"),
                                       context: RequestContext(method: "DELETE", path: "/pins/Qm1", host: "127.0.0.1:9094"))
        #expect(f.error(notFound) == "An error occurred:\n  Code: 404\n  Message: pin is not part of the pinset\n")
        #expect(JSONOutput.error(notFound) == "{\"code\":404,\"message\":\"pin is not part of the pinset\"}\n")
        let refused = ClusterAPIError(.connectionRefused, context: RequestContext(method: "GET", path: "/id", host: "127.0.0.1:9094"))
        #expect(f.error(refused).hasPrefix("An error occurred:\n  Code: 0\n  Message: connection refused by 127.0.0.1:9094 during GET /id"))
    }

    @Test func jsonOutputRoundTripsWireTypes() throws {
        let items = try RecordedHTTP.load("recorded/28-pins-all.http").lines.map { try decoder.decode(GlobalPinInfo.self, from: Data($0)) }
        for g in items {
            let line = try JSONOutput.line(g)
            #expect(line.hasSuffix("\n"))
            #expect(line.dropLast().contains("\n") == false)
            #expect(try decoder.decode(GlobalPinInfo.self, from: Data(line.utf8)) == g)
            #expect(line.contains("\"peer_map\":{"))
        }
        let id = try decoder.decode(ClusterPeer.self, from: Data(try RecordedHTTP.load("recorded/01-id.http").body))
        let line = try JSONOutput.line(id)
        #expect(line.contains("\"/ip4/127.0.0.1/tcp/19196/p2p/"))  // slashes not escaped
        #expect(try decoder.decode(ClusterPeer.self, from: Data(line.utf8)) == id)
    }

    @Test func hostileTextIsSanitised() {
        var p = ClusterPeer(id: "12D3KooWA", clusterPeers: ["12D3KooWA"], peername: "evil\u{1B}[2J\u{1B}]0;pwned\u{07}name\r\n")
        p.ipfs = IPFSID(id: "12D3KooWI")
        let text = f.peer(p)
        #expect(!text.contains("\u{1B}"))
        #expect(!text.contains("\u{07}"))
        #expect(!text.contains("\r"))
        #expect(text.contains("evilname\\u{d}\\u{a}"))  // sequences dropped whole: no `[2J` left behind
        #expect(!text.contains("[2J") && !text.contains("pwned"))
        #expect(text.split(separator: "\n").count == 3)
    }
}
