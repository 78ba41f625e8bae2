import Foundation
import LogTail
import Testing
@testable import ConsoleCore

@Suite struct TriageEngineTests {
    typealias F = TriageFixture

    func incident() -> TriageEvidence {
        let a = F.healthy(F.a, "IpfsCluster0", sees: [F.a, F.b])
        var b = F.healthy(F.b, "IpfsCluster1", sees: [F.a, F.b])
        b.pinsInError = 3
        var c = F.healthy(F.c, "IpfsCluster2")
        c.clusterPeers = nil
        c.lastSeen = F.ago(130)
        c.missingSince = F.ago(120)
        c.errorText = "context deadline exceeded"
        c.errorSince = F.ago(160)
        c.pingExpiry = F.ago(100)
        return TriageEvidence(peers: [a, b, c], observedAt: F.now)
    }

    @Test func blocksSortedWorstFirstWithActions() {
        let r = TriageEngine.run(incident())
        #expect(r.blocks.map(\.peerName) == ["IpfsCluster2", "IpfsCluster1"])
        #expect(r.blocks[0].severity == .critical)
        #expect(r.blocks[0].rules.first == "peer-unresponsive")
        #expect(r.blocks[1].rules == ["pins-in-error"])
        #expect(r.healthyPeers == [F.a])
        let keys = r.blocks[0].actions.map(\.kind)
        #expect(keys.contains(.openLogs) && keys.contains(.removePeer))
        #expect(r.blocks[1].actions.first?.kind == .recoverPins)
        #expect(r.blocks[1].actions.first?.target == F.b)
        let t = r.blocks[0].evidence.compactMap(\.time)
        #expect(t == t.sorted(by: >))
    }

    @Test func aPeerBackAfterASpotInterruptionIsHealthyButTheStoryIsKept() throws {
        var c = F.healthy(F.c, "IpfsCluster2")
        c.previousTask = TaskEvidence(taskID: "f316b94a187b4b9da1d16d539aeab618", lastStatus: "STOPPED", capacityProvider: "FARGATE_SPOT",
                                      stopCode: "SpotInterruption", stoppedReason: "Your Spot Task was interrupted.", stoppedAt: F.ago(150))
        c.currentTask = TaskEvidence(taskID: "9999", lastStatus: "RUNNING", health: "HEALTHY", startedAt: F.ago(100))
        let ev = TriageEvidence(peers: [F.healthy(F.a, "IpfsCluster0"), F.healthy(F.b, "IpfsCluster1"), c], observedAt: F.now)
        let r = TriageEngine.run(ev)
        #expect(r.blocks.isEmpty)
        #expect(r.healthyPeers.count == 3)
        let note = try #require(r.recovered.first)
        #expect(note.peerName == "IpfsCluster2" && note.severity == .info)
        #expect(note.headline.contains("stopped by a Spot interruption 2 min ago"), "\(note.headline)")
        let md = SnapshotWriter.markdown(IncidentSnapshot(triage: r, evidence: ev))
        #expect(md.contains("- No unhealthy peer found."))
        #expect(md.contains("- INFO IpfsCluster2: task f316b94a stopped by a Spot interruption"), "\(md)")
    }

    @Test func impactOnPinListIncludingEverywherePins() {
        let peers = [F.a, F.b, F.c]
        let pins = [
            // Allocated to A and C, min 2: C down leaves 1 copy -> under-replicated.
            ImpactPin(cid: "QmOne", name: "one", replicationMin: 2, replicationMax: 2, allocations: [F.a, F.c],
                      statuses: [F.a: .pinned, F.c: .clusterError]),
            // Allocated to B and C, B in error: C down leaves none -> no healthy copy.
            ImpactPin(cid: "QmTwo", name: "two", replicationMin: 1, replicationMax: 2, allocations: [F.b, F.c],
                      statuses: [F.b: .pinError, F.c: .clusterError]),
            // Not allocated to C: untouched.
            ImpactPin(cid: "QmThree", replicationMin: 1, replicationMax: 2, allocations: [F.a, F.b], statuses: [F.a: .pinned, F.b: .pinned]),
            // Everywhere: every peer down makes it under-replicated but copies remain.
            ImpactPin(cid: "QmAll", replicationMin: -1, replicationMax: -1, allocations: [],
                      statuses: [F.a: .pinned, F.b: .pinned, F.c: .clusterError]),
            // Allocated to A and C, min 1: A still holds it -> fine.
            ImpactPin(cid: "QmFour", replicationMin: 1, replicationMax: 2, allocations: [F.a, F.c], statuses: [F.a: .pinned]),
        ]
        let report = ImpactCalculator.compute(ImpactPinList(peers: peers, pins: pins), unhealthy: [F.c])
        let c = report.byPeer[F.c]
        #expect(report.pinsScanned == 5)
        #expect(c?.allocatedPins == 4)
        #expect(c?.underReplicated == 3)
        #expect(c?.noHealthyCopy == 1)
        #expect(c?.noHealthyCopySamples.map(\.cid) == ["QmTwo"])
        #expect(report.byPeer[F.a] == nil)
    }

    @Test func impactOnPinTableMatchesList() throws {
        var table = PinTable()
        let lines = [
            #"{"cid":"QmOne","name":"one","allocations":["\#(F.a)","\#(F.c)"],"replication_factor_min":2,"replication_factor_max":2,"peer_map":{"\#(F.a)":{"status":"pinned"},"\#(F.b)":{"status":"remote"},"\#(F.c)":{"status":"cluster_error","error":"context deadline exceeded"}}}"#,
            #"{"cid":"QmAll","name":"all","allocations":[],"peer_map":{"\#(F.a)":{"status":"pinned"},"\#(F.b)":{"status":"pinned"},"\#(F.c)":{"status":"cluster_error"}}}"#,
            #"{"cid":"QmTwo","name":"two","allocations":["\#(F.b)","\#(F.c)"],"peer_map":{"\#(F.a)":{"status":"remote"},"\#(F.b)":{"status":"pin_error"},"\#(F.c)":{"status":"cluster_error"}}}"#,
        ]
        var dec = PinStreamDecoder(source: .pins)
        try dec.feed(Array((lines.joined(separator: "\n") + "\n").utf8), into: &table)
        let report = ImpactCalculator.compute(table, unhealthy: [F.c])
        let c = try #require(report.byPeer[F.c])
        #expect(c.allocatedPins == 3)
        // QmOne: min unknown from /pins -> 1, A pinned -> fine; QmAll everywhere -> under; QmTwo: none.
        #expect(c.underReplicated == 2)
        #expect(c.noHealthyCopy == 1)
        #expect(c.noHealthyCopySamples.first?.name == "two")
    }

    @Test func runWithPinsPutsImpactInHeadline() {
        let pins = (0..<1204).map { i in
            ImpactPin(cid: "Qm\(i)", replicationMin: 2, replicationMax: 2, allocations: [F.a, F.c], statuses: [F.a: .pinned, F.c: .clusterError])
        }
        let r = TriageEngine.run(incident(), pins: ImpactPinList(peers: [F.a, F.b, F.c], pins: pins))
        #expect(r.blocks[0].headline.contains("1,204 pins allocated to it are under-replicated"))
        #expect(r.blocks[0].impact?.noHealthyCopy == 0)
    }

    @Test func timelineRingAndSparkline() {
        var tl = PeerTimeline(window: 1800, capacity: 100)
        for i in 0..<200 {
            tl.record(TimelineSample(time: F.ago(Double(3600 - i * 18)), up: i % 50 != 0, pinsInError: i, pinQueue: 0))
        }
        #expect(tl.samples.count <= 100)
        #expect(tl.samples.first.map { F.now.timeIntervalSince($0.time) <= 1800 } == true)
        let s = tl.sparkline(.pinsInError, buckets: 10, now: F.now)
        #expect(s.count == 10)
        #expect(s.last! == 199)
        let up = tl.sparkline(.up, buckets: 10, now: F.now)
        #expect(up.contains(0))
        var all = TriageTimelines()
        all.record(incident())
        #expect(all.sparkline(peer: F.c, .up, buckets: 5, now: F.now).last! == 0)
        #expect(all.sparkline(peer: F.a, .up, buckets: 5, now: F.now).last! == 1)
    }

    @Test func textHelpers() {
        #expect(TriageText.count(1204) == "1,204")
        #expect(TriageText.count(1_000_000) == "1,000,000")
        #expect(TriageText.ago(F.ago(180), now: F.now) == "3 min ago")
        #expect(TriageText.span(7500) == "2 h 5 min")
    }
}

@Suite struct TriageEvidenceBuilderTests {
    typealias F = TriageFixture

    @Test func logsGoToTheLoggerAndToThePeerTheyAreAbout() {
        var peers = [F.healthy(F.a, "A"), F.healthy(F.c, "C")]
        func line(_ msg: String, level: LogLevel, peer: String?, task: String? = nil) -> LogLine {
            LogLine(time: F.ago(10), level: level, source: "s", taskID: task, peer: peer, message: msg, raw: msg, format: .goLog,
                    triage: TriageClassifier.classify(msg))
        }
        let lines = [
            line("metric alert for ping: Peer: \(F.c).", level: .warn, peer: F.a),
            line("IPFS Pin request succeeded: Qm1", level: .info, peer: F.a),
            line("error posting to IPFS:Post x: connection refused", level: .error, peer: F.c, task: "task-c"),
            line("not correlated", level: .error, peer: nil, task: "task-unknown"),
        ]
        let last = TriageEvidenceBuilder.attachLogs(to: &peers, lines: lines, correlation: nil, lastLinesPerPeer: 5)
        #expect(peers[0].logs.isEmpty) // A only logged about C, and an INFO line
        #expect(peers[1].logs.map(\.kind) == [.metricAlert, .ipfsError])
        // Evidence names who logged a line by peer name, not by its log file's path.
        #expect(RuleFacts.item(peers[1].logs[0]).text == "WARN A: metric alert for ping: Peer: \(F.c).")
        #expect(last[F.a]?.count == 2)
        #expect(last[F.c]?.count == 1)
    }

    @Test func evidenceAndLastLinesKeepTheNewestWithinTheirBounds() {
        var peers = [F.healthy(F.a, "A")]
        let lines = (0..<1_000).map { i in
            LogLine(time: F.ago(Double(1_000 - i)), level: .warn, source: "s", peer: F.a, message: "warning \(i)", raw: "raw \(i)",
                    format: .goLog)
        }
        let last = TriageEvidenceBuilder.attachLogs(to: &peers, lines: lines, correlation: nil, lastLinesPerPeer: 20, maxPerPeer: 200)
        #expect(peers[0].logs.count == 200)
        #expect(peers[0].logs.first?.message == "warning 800" && peers[0].logs.last?.message == "warning 999")
        #expect(last[F.a] == (980..<1_000).map { "raw \($0)" })
    }
}
