import Foundation
import NIOCore
import Testing
@testable import ClusterAPI

@Suite("--host parsing, request building, line splitting, redaction")
struct HostAndRequestTests {
    @Test(arguments: [
        ("/ip4/127.0.0.1/tcp/9094", false, "http://127.0.0.1:9094"),
        ("/ip4/10.0.0.71/tcp/9094", true, "https://10.0.0.71:9094"),
        ("/ip6/::1/tcp/9094", false, "http://[::1]:9094"),
        ("/dns/dxxxx.cloudfront.net/tcp/443", true, "https://dxxxx.cloudfront.net:443"),
        ("/dns4/cluster.example.com/tcp/9094", false, "http://cluster.example.com:9094"),
        ("/dns6/cluster.example.com/tcp/9094/https", false, "https://cluster.example.com:9094"),
        ("/dns/lb.example/tcp/443/tls/http", false, "https://lb.example:443"),
        ("http://127.0.0.1:9094", true, "http://127.0.0.1:9094"),
        ("https://lb.example.com/cluster/", false, "https://lb.example.com:443/cluster"),
        ("127.0.0.1:19194", false, "http://127.0.0.1:19194"),
        ("cluster.internal", false, "http://cluster.internal:9094"),
        ("http://[::1]:9094", false, "http://[::1]:9094"),
    ])
    func parsesHosts(text: String, https: Bool, url: String) throws {
        #expect(try ClusterHost.parse(text, https: https).baseURL == url)
    }

    @Test(arguments: [
        ("/ip4/127.0.0.1", "missing /tcp/PORT"),
        ("/ip4/300.0.0.1/tcp/9094", "not an IPv4 address"),
        ("/ip4/127.0.0.1/tcp/99999", "not a TCP port"),
        ("/ip4/127.0.0.1/tcp/9096/p2p/12D3KooWA", "libp2p addresses"),
        ("/dnsaddr/cluster.example.com", "libp2p addresses"),
        ("/unix/tmp/api.sock", "unix socket"),
        ("/ip4/127.0.0.1/udp/9094", "not /udp"),
        ("/foo/bar", "unknown multiaddr protocol /foo"),
        ("ftp://example.com", "unsupported URL scheme"),
        ("https://admin:hunter22@lb.example.com", "credentials in the host URL"),
        ("", "empty host"),
    ])
    func rejectsBadHosts(text: String, fragment: String) {
        do {
            _ = try ClusterHost.parse(text, https: false)
            Issue.record("accepted \(text)")
        } catch let e as ClusterAPIError {
            #expect(e.description.contains(fragment), "\(e)")
            #expect(!e.description.contains("hunter22"))
            #expect(e.exitCode == 1)
        } catch {
            Issue.record("wrong error \(error)")
        }
    }

    @Test func hostListsAreCommaSeparatedAndRepeatable() throws {
        let hosts = try ClusterHost.parseList(["/ip4/10.0.0.1/tcp/9094,/ip4/10.0.0.2/tcp/9094", "http://10.0.0.3:9094"], https: false)
        #expect(hosts.map(\.hostPort) == ["10.0.0.1:9094", "10.0.0.2:9094", "10.0.0.3:9094"])
    }

    @Test func endpointsBuildTheRightRequests() {
        #expect(Endpoint.pins().pathAndQuery == "/pins")
        #expect(Endpoint.pins(filter: [.error], local: true, cids: ["Qm1", "Qm2"]).pathAndQuery == "/pins?local=true&filter=error&cids=Qm1,Qm2")
        #expect(Endpoint.pins().isStream && Endpoint.peers.isStream && Endpoint.allocations().isStream && Endpoint.recoverAll().isStream)
        #expect(!Endpoint.pin("Qm1").isStream)
        #expect(Endpoint.recover("Qm1", local: true).description == "POST /pins/Qm1/recover?local=true")
        #expect(Endpoint.recoverAll(local: true).description == "POST /pins/recover?local=true")
        #expect(Endpoint.removePeer("12D3KooWA").description == "DELETE /peers/12D3KooWA")
        #expect(Endpoint.metrics("tag:group").path == "/monitor/metrics/tag%3Agroup")
        #expect(Endpoint.repoGC(local: true).description == "POST /ipfs/gc?local=true")
        #expect(Endpoint.removePinPath("/ipns/example.com/a b").path == "/pins/ipns/example.com/a%20b")
        #expect(Endpoint.isPath("/ipfs/Qm1") && Endpoint.isPath("ipld/x") && !Endpoint.isPath("Qm1"))
        let opts = PinAddOptions(replication: -1, name: "a&b=c", metadata: ["k": "v w"], pinUpdate: "QmOld")
        #expect(Endpoint.addPin("Qm1", options: opts).pathAndQuery == "/pins/Qm1?name=a%26b%3Dc&replication=-1&meta-k=v%20w&pin-update=QmOld")
    }

    @Test func goDurations() {
        for ok in ["90s", "1h30m", "720h", "1.5h", "500ms", "2h45m30.5s", "10us", "3µs"] { #expect(PinAddOptions.isGoDuration(ok), "\(ok)") }
        for bad in ["", "10", "h", "1d", "1h 30m", "-5m", "1.2.3s", "tomorrow"] { #expect(!PinAddOptions.isGoDuration(bad), "\(bad)") }
    }

    @Test func pinOptionValidation() throws {
        try PinAddOptions(replicationMin: 2, replicationMax: 3).validate()
        try PinAddOptions(replicationMin: -1, replicationMax: -1).validate()
        try PinAddOptions(replicationMin: 2, replicationMax: 0).validate()   // 0 = cluster default
        try PinAddOptions(mode: .direct, expireIn: "24h").validate()
        #expect(throws: ClusterAPIError.self) { try PinAddOptions(replicationMin: 4, replicationMax: 3).validate() }
        #expect(throws: ClusterAPIError.self) { try PinAddOptions(replicationMin: 1, replicationMax: -1).validate() }
        #expect(throws: ClusterAPIError.self) { try PinAddOptions(metadata: ["": "x"]).validate() }
    }

    @Test func splitterKeepsOffsetsAcrossChunks() {
        let text = "{\"a\":1}\n\n{\"b\":22}\n{\"c\":3"
        var s = NDJSONSplitter()
        var lines: [(String, Int)] = []
        // Feed in awkward pieces: 3 bytes at a time.
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            s.append(ByteBuffer(bytes: bytes[i..<min(i + 3, bytes.count)]))
            while let (line, off) = s.nextLine() { lines.append((String(buffer: line), off)) }
            i += 3
        }
        #expect(lines.map(\.0) == ["{\"a\":1}", "{\"b\":22}"])
        #expect(lines.map(\.1) == [0, 9])
        let rest = s.remainder()
        #expect(rest.map { String(buffer: $0.0) } == "{\"c\":3")
        #expect(rest?.1 == 18)
    }

    @Test func splitterOnWholeChunks() {
        var s = NDJSONSplitter()
        s.append(ByteBuffer(string: "x1\nx2\n"))
        #expect(s.nextLine().map { String(buffer: $0.0) } == "x1")
        #expect(s.nextLine()?.1 == 3)
        s.append(ByteBuffer(string: "x3\n"))
        #expect(s.nextLine()?.1 == 6)
        #expect(s.nextLine() == nil)
        #expect(s.remainder() == nil)
    }

    @Test func authNeverPrintsItsSecret() {
        // The redaction rules themselves are tested in ConsoleBaseTests (RedactionTests).
        #expect(!"\(ClusterAuth.basic(user: "admin", password: "hunter22"))".contains("hunter22"))
        #expect(ClusterAuth.parseBasic("admin") == ("admin", ""))
        #expect(ClusterAuth.parseBasic("admin:pa:ss") == ("admin", "pa:ss"))
    }

    @Test func dnsFailureIsSpecific() async throws {
        let client = try ClusterClient(configuration: .init(hosts: [try .parse("/dns/no-such-peer.invalid/tcp/9094", https: false)],
                                                            connectTimeout: 5, idleTimeout: 5))
        do {
            _ = try await client.version()
            Issue.record("resolved an .invalid name")
        } catch let e as ClusterAPIError {
            guard case .dnsFailure = e.kind else { Issue.record("got \(e.kind)"); await client.shutdown(); return }
            #expect(e.description.hasPrefix("cannot resolve the host name of no-such-peer.invalid:9094"))
            #expect(e.allowsFailover)
        }
        await client.shutdown()
    }
}
