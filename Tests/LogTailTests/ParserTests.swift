import Foundation
import Testing
@testable import LogTail

@Suite struct ParserTests {
    func parseAll(_ text: String, origin: LogOrigin = LogOrigin(source: "test")) -> [LogLine] {
        var p = LogLineParser(origin: origin)
        let s = LineSanitizer()
        return text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { p.parse(s.sanitize(String($0))) }
    }

    @Test func clusterLineFields() throws {
        let l = try #require(parseAll("2026-11-21T05:11:26.198Z\tINFO\tservice\tipfs-cluster-service/daemon.go:279\tDatastore backend: leveldb").first)
        #expect(l.format == .goLog)
        #expect(l.level == .info)
        #expect(l.subsystem == "service")
        #expect(l.caller == "ipfs-cluster-service/daemon.go:279")
        #expect(l.message == "Datastore backend: leveldb")
        #expect(LogTimestamp.format(try #require(l.time)) == "2026-11-21T05:11:26.198Z")
    }

    @Test func offsetTimeAndGoInstallCaller() throws {
        let l = try #require(parseAll("2024-08-27T21:06:59.200-0700\tINFO\tcluster\tipfs-cluster@v1.0.8/cluster.go:764\t** IPFS Cluster is READY **").first)
        #expect(LogTimestamp.format(try #require(l.time)) == "2024-08-28T04:06:59.200Z")
        #expect(l.caller == "ipfs-cluster@v1.0.8/cluster.go:764")
        #expect(l.triage?.kind == .ready)
    }

    @Test func trailingJSONFieldIsKept() throws {
        let l = try #require(parseAll("2026-11-21T05:11:26.198Z\tWARN\tcrdt\tcrdt/consensus.go:1\tsomething odd\t{\"peer\": \"x\"}").first)
        #expect(l.level == .warn)
        #expect(l.message == "something odd {\"peer\": \"x\"}")
    }

    @Test func stdlibLineWithoutSubsystem() throws {
        let l = try #require(parseAll("2026-11-21T05:13:11.844Z\tINFO\thttp: superfluous response.WriteHeader call from github.com/gorilla/handlers.(*responseLogger).WriteHeader (handlers.go:61)").first)
        #expect(l.format == .goLog)
        #expect(l.subsystem == nil)
        #expect(l.message.hasPrefix("http: superfluous"))
    }

    @Test func continuationLinesAttachToPreviousEntry() throws {
        let text = """
        2026-11-21T05:11:26.224Z\tINFO\tcluster\tsrc/cluster.go:141\tIPFS Cluster v1.1.6 listening on:
                /ip4/127.0.0.1/tcp/19196/p2p/12D3KooWSF7s6w197jQHbGzc5G7WrDDruK8cxM885V7eA7HzNuDP


        2026-11-21T05:11:26.233Z\tERROR\tcluster\tsrc/cluster.go:2022\tX: error in broadcast response from 12D3KooWKDPVsYs1eGqqGDTmo56zibPbtaduzPHRrda3o7rLd1BL: failed to dial: all dials failed
          * [/ip4/127.0.0.1/tcp/19396] failed to negotiate security protocol: context deadline exceeded
        """
        let lines = parseAll(text)
        #expect(lines.count == 4)
        #expect(lines[1].isContinuation)
        #expect(lines[1].subsystem == "cluster")
        #expect(lines[1].time == lines[0].time)
        #expect(lines[1].message.trimmingCharacters(in: .whitespaces).hasPrefix("/ip4/127.0.0.1/tcp/19196"))
        #expect(lines[3].isContinuation)
        #expect(lines[3].level == .error)
        #expect(lines[3].triage == nil)  // counted once, on the head
        #expect(lines[2].triage?.kind == .broadcastError)
    }

    @Test func sharedSampleParsesCompletely() throws {
        let lines = try LogFileReader.read(path: Fixtures.url("ipfs-cluster-service-p1-startup.log").path)
        // Blank lines after access lines are dropped; everything else is a go-log entry or a continuation.
        #expect(lines.count > 150)
        #expect(lines.allSatisfy { $0.format == .goLog || $0.format == .accessLog })
        #expect(lines.allSatisfy { $0.time != nil })
        #expect(lines.contains { $0.isContinuation && $0.message.contains("/ip4/127.0.0.1/tcp/19196") })
        let access = lines.filter { $0.format == .accessLog }
        #expect(access.count > 20)
        #expect(access.allSatisfy { $0.subsystem == "restapilog" && $0.message.contains("HTTP/1.1\"") })
        #expect(lines.filter { $0.level == .error }.count > 10)
        #expect(lines.contains { $0.triage?.kind == .ready })
        #expect(lines.contains { $0.triage?.kind == .notEnoughCandidates })
        #expect(lines.contains { $0.triage == TriageMatch(kind: .metricAlert, peer: "12D3KooWKDPVsYs1eGqqGDTmo56zibPbtaduzPHRrda3o7rLd1BL", metric: "ping") })
    }

    @Test func kuboDaemonAndEntrypointLines() {
        let text = """
        Changing user to ipfs
        ipfs version 0.36.0
        Found IPFS fs-repo at /data/ipfs
        Initializing daemon...
        Kubo version: 0.36.0-37b8411
        Swarm listening on 10.170.158.85:4001 (TCP+UDP)
        Daemon is ready
        2026/11/21 04:10:30 failed to sufficiently increase receive buffer size
        Error: lock /data/ipfs/repo.lock: someone else has the lock
        Received interrupt signal, shutting down...
        """
        let lines = parseAll(text)
        #expect(lines.map(\.format) == [.entrypoint, .entrypoint, .entrypoint, .kuboDaemon, .kuboDaemon, .kuboDaemon,
                                        .kuboDaemon, .goStdLog, .kuboDaemon, .kuboDaemon])
        #expect(lines[6].triage?.kind == .ready)
        #expect(lines[7].time != nil)
        #expect(lines[8].level == .error)
        #expect(lines[9].triage?.kind == .shutdown)
        #expect(lines.allSatisfy { !$0.isContinuation })
    }

    @Test func clusterEntrypointLines() {
        let lines = parseAll("Changing user to ipfs\nipfs-cluster-service version 1.1.6\nFound IPFS cluster configuration at /data/ipfs-cluster")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.format == .entrypoint })
    }

    @Test func goLogJSONEncoding() throws {
        let l = try #require(parseAll(#"{"level":"error","ts":"2026-11-21T05:14:26.235Z","logger":"cluster","caller":"src/cluster.go:500","msg":"metric alert for ping: Peer: 12D3KooWKDPVsYs1eGqqGDTmo56zibPbtaduzPHRrda3o7rLd1BL.","extra":3}"#).first)
        #expect(l.format == .goLogJSON)
        #expect(l.level == .error)
        #expect(l.subsystem == "cluster")
        #expect(l.caller == "src/cluster.go:500")
        #expect(l.message.hasSuffix("BL. extra=3"))
        #expect(l.time.map(LogTimestamp.format) == "2026-11-21T05:14:26.235Z")
        #expect(l.triage?.kind == .metricAlert)
    }

    @Test func goLogJSONNumericTimestamp() throws {
        let l = try #require(parseAll(#"{"level":"info","ts":1795237886.191,"logger":"core","msg":"hi"}"#).first)
        #expect(abs((l.time?.timeIntervalSince1970 ?? 0) - 1_795_237_886.191) < 0.001)
    }

    @Test func dockerJSONFileIsUnwrapped() throws {
        let l = try #require(parseAll(#"{"log":"2026-11-21T05:11:26.198Z\tINFO\tservice\tx/daemon.go:1\tDatastore backend: pebble\n","stream":"stderr","time":"2026-11-21T05:11:26.2Z"}"#).first)
        #expect(l.format == .goLog)
        #expect(l.subsystem == "service")
        #expect(l.message == "Datastore backend: pebble")
    }

    @Test func standaloneAccessLog() throws {
        let l = try #require(parseAll(#"10.0.1.5 - - [21/May/2026:10:00:00 +0000] "GET /health HTTP/1.1" 204 0"#).first)
        #expect(l.format == .accessLog)
    }

    @Test func rawTextKeepsBestEffortTime() throws {
        let lines = parseAll("2026-11-21 05:00:00 something else\nno time at all")
        #expect(lines[0].format == .raw)
        #expect(lines[0].time.map(LogTimestamp.format) == "2026-11-21T05:00:00.000Z")
        #expect(lines[0].message == "something else")
        #expect(lines[1].time == nil)
        #expect(lines[1].level == .unknown)
    }

    @Test func awsTailDetailedEnvelopeGivesStreamAndTask() throws {
        let lines = parseAll("2026-11-21T04:11:05.828000+00:00 ipfs-cluster/ipfs-cluster/c22b541e-0b80-4eb3-818d-27dc98575a77 2026-11-21T04:11:05.828Z\tINFO\tservice\tipfs-cluster-service/daemon.go:51\tInitializing.\n2026-11-21T04:11:06.323000+00:00 ipfs-cluster/ipfs-cluster/c22b541e-0b80-4eb3-818d-27dc98575a77         /ip4/10.170.158.85/tcp/9096/p2p/12D3KooWwASVGahJRNUFNonsyqpHB48iAhxkcrzHr6xmoPhQuQ3x")
        #expect(lines.count == 2)
        #expect(lines[0].source == "ipfs-cluster/ipfs-cluster/c22b541e-0b80-4eb3-818d-27dc98575a77")
        #expect(lines[0].container == "ipfs-cluster")
        #expect(lines[0].taskID == "c22b541e-0b80-4eb3-818d-27dc98575a77")
        #expect(lines[0].format == .goLog)
        #expect(lines[1].isContinuation)
        #expect(lines[1].taskID == "c22b541e-0b80-4eb3-818d-27dc98575a77")
    }

    @Test func awsTailShortAndDockerTimestamps() throws {
        let lines = parseAll("2026-11-21T04:10:28 Changing user to ipfs\n2025-03-14T08:50:02.123456789Z Daemon is ready")
        #expect(lines[0].format == .entrypoint)
        #expect(lines[0].time.map(LogTimestamp.format) == "2026-11-21T04:10:28.000Z")
        #expect(lines[1].format == .kuboDaemon)
        #expect(lines[1].time != nil)
    }

    /// Every triage-relevant message of cluster-api.md §5.2, in the go-log layout.
    @Test(arguments: [
        ("service", "ERROR", "bootstrap to /dns4/node1.ipfs-cluster/tcp/9096/p2p/12D3KooWKDPVsYs1eGqqGDTmo56zibPbtaduzPHRrda3o7rLd1BL failed: dial backoff", TriageKind.bootstrapFailed, "12D3KooWKDPVsYs1eGqqGDTmo56zibPbtaduzPHRrda3o7rLd1BL"),
        ("ipfshttp", "WARN", "ipfs does not seem to be available after 5 retries", .ipfsError, nil),
        ("cluster", "INFO", "** IPFS Cluster is READY **", .ready, nil),
        ("cluster", "ERROR", "***** ipfs-cluster consensus start timed out (tips below) *****", .startupFailed, nil),
        ("cluster", "WARN", "metric alert for freespace: Peer: 12D3KooWKDPVsYs1eGqqGDTmo56zibPbtaduzPHRrda3o7rLd1BL.", .metricAlert, "12D3KooWKDPVsYs1eGqqGDTmo56zibPbtaduzPHRrda3o7rLd1BL"),
        ("cluster", "ERROR", "12D3KooWSF7s6w197jQHbGzc5G7WrDDruK8cxM885V7eA7HzNuDP: error in broadcast response from 12D3KooWKDPVsYs1eGqqGDTmo56zibPbtaduzPHRrda3o7rLd1BL: context deadline exceeded ", .broadcastError, "12D3KooWKDPVsYs1eGqqGDTmo56zibPbtaduzPHRrda3o7rLd1BL"),
        ("cluster", "INFO", "peer no longer in peerset. Initiating shutdown", .shutdown, nil),
        ("ipfshttp", "ERROR", #"error posting to IPFS:Post "http://172.18.0.4:5001/api/v0/repo/stat?size-only=true": dial tcp 172.18.0.4:5001: connect: connection refused"#, .ipfsError, nil),
        ("pintracker", "ERROR", "pin/unpin operation queue is full. Try increasing max_pin_queue_size", .queueFull, nil),
        ("cluster", "ERROR", "Not enough candidates to allocate QmUaixL92mVoMVGtUUoUtNFJKmPoHberuKiJSD7GFqeGWk:", .notEnoughCandidates, nil),
        ("cluster", "INFO", "shutting down Cluster", .shutdown, nil),
        ("p2p-gorpc", "ERROR", "dial tcp 10.0.1.7:9096: connect: connection refused", .connectionRefused, nil),
        ("cluster", "ERROR", "failed to dial 12D3KooWKDPVsYs1eGqqGDTmo56zibPbtaduzPHRrda3o7rLd1BL: context deadline exceeded", .deadlineExceeded, "12D3KooWKDPVsYs1eGqqGDTmo56zibPbtaduzPHRrda3o7rLd1BL"),
    ] as [(String, String, String, TriageKind, String?)])
    func triageMessages(subsystem: String, level: String, message: String, kind: TriageKind, peer: String?) throws {
        let l = try #require(parseAll(clusterLine(message, level: level, subsystem: subsystem)).first)
        #expect(l.subsystem == subsystem)
        #expect(l.level.word == level)
        #expect(l.triage?.kind == kind)
        #expect(l.triage?.peer == peer)
    }

    @Test func ordinaryMessagesAreNotTriaged() {
        for m in ["Datastore backend: pebble", "IPFS Pin request succeeded: QmXx", "new pin added: bafy", "Waiting for IPFS to be ready..."] {
            #expect(TriageClassifier.classify(m) == nil)
        }
    }
}
