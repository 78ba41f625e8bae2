import ClusterAPI
import ClusterSimulator
import Foundation
import LogTail
import Testing
@testable import ConsoleCore

@Suite struct TriageSnapshotWriterTests {
    typealias F = TriageFixture

    func tempDir() -> String { NSTemporaryDirectory() + "triage-snap-\(UUID().uuidString)" }

    func evidenceWithSecrets() -> TriageEvidence {
        let a = F.healthy(F.a, "IpfsCluster0", sees: [F.a, F.b])
        let b = F.healthy(F.b, "IpfsCluster1", sees: [F.a, F.b])
        var c = F.healthy(F.c, "IpfsCluster2", sees: [F.c])
        c.errorText = "failed to dial https://admin:hunter2@10.0.0.3:9094: connect: connection refused"
        c.missingSince = F.ago(90)
        c.logs = [F.log("ERROR cluster --basic-auth admin:s3cretpw CLUSTER_SECRET=0123456789abcdef0123 \u{1B}[31mred\u{1B}[0m", 60, from: F.c),
                  F.log("shutting down Cluster", 70, level: .info, from: F.c)]
        c.pinsInError = 2
        c.pinErrorSamples = ["Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoiYWRtaW4ifQ.c2lnbmF0dXJlc2ln"]
        return TriageEvidence(peers: [a, b, c], observedAt: F.now, clusterVersion: "1.1.6")
    }

    @Test func markdownAndJSONCarryTheSameFactsAndNoSecrets() throws {
        let ev = evidenceWithSecrets()
        let pins = [ImpactPin(cid: "QmLonely", name: "lonely", replicationMin: 1, replicationMax: 1, allocations: [F.c], statuses: [F.c: .clusterError])]
        let result = TriageEngine.run(ev, pins: ImpactPinList(peers: ev.peers.map(\.id), pins: pins))
        let audit = [AuditJournalReader.parse(#"{"time":"2026-01-15T08:00:00Z","action":"recover","peer":"IpfsCluster2","token":"abcdefsecretvalue"}"#),
                     AuditJournalReader.parse("not json at all password=hunter3")]
        let snap = IncidentSnapshot(triage: result, evidence: ev, audit: audit,
                                    logLines: [F.c: ["line one", "token=zzzsecretzzz next"]], notes: [])
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let paths = try SnapshotWriter.write(snap, to: dir)
        #expect(paths.markdown.hasSuffix(".md") && paths.json.hasSuffix(".json"))
        #expect((paths.markdown as NSString).lastPathComponent.hasPrefix(SnapshotWriter.baseName(F.now)))
        let md = try String(contentsOfFile: paths.markdown, encoding: .utf8)
        let js = try String(contentsOfFile: paths.json, encoding: .utf8)
        for text in [md, js] {
            #expect(text.contains("IpfsCluster2"))
            #expect(text.contains("split-cluster"))
            #expect(text.contains("peer-stopped"))
            for secret in ["hunter2", "hunter3", "s3cretpw", "0123456789abcdef0123", "abcdefsecretvalue", "zzzsecretzzz", "eyJhbGciOiJIUzI1NiJ9"] {
                #expect(!text.contains(secret), "\(secret) leaked")
            }
            #expect(!text.contains("\u{1B}"))
        }
        #expect(md.contains("## Summary") && md.contains("## Timeline") && md.contains("## Membership") && md.contains("## Logs"))
        #expect(md.contains("| IpfsCluster0 sees: | IpfsCluster1 sees: | IpfsCluster2 sees: |"))
        #expect(md.contains("no healthy copy: `QmLonely` (lonely)"))
        #expect(md.contains("action=recover"))
        // The JSON decodes back to the same facts.
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        let back = try d.decode(IncidentSnapshot.self, from: Data(js.utf8))
        #expect(back.triage.blocks.map(\.peerID) == snap.triage.blocks.map(\.peerID))
        #expect(back.triage.blocks.first?.headline == snap.triage.blocks.first?.headline)
        #expect(back.summary == snap.summary)
        #expect(back.triage.impact.byPeer[F.c]?.noHealthyCopy == 1)
        // A second snapshot at the same second does not overwrite the first.
        let again = try SnapshotWriter.write(snap, to: dir)
        #expect(again.markdown != paths.markdown)
    }

    @Test func auditJournalReaderKeepsLastEntries() throws {
        let dir = tempDir()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/audit.jsonl"
        let lines = (0..<60).map { #"{"ts":\#(1_800_000_000 + $0),"action":"pin","cid":"Qm\#($0)"}"# }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let r = AuditJournalReader.read(path: path, limit: 5)
        #expect(r.entries.count == 5)
        #expect(r.entries.last?.text == "action=pin cid=Qm59")
        #expect(r.entries.last?.time == Date(timeIntervalSince1970: 1_800_000_059))
        #expect(AuditJournalReader.read(path: dir + "/absent.jsonl").entries.isEmpty)
    }

    @Test func snapshotTextsUseTheReportPolicyWithALimit() {
        // The redaction and escaping rules are tested in ConsoleBaseTests (ReportPolicyTests, RedactionTests).
        #expect(SnapshotSanitizer.clean("password=abc \u{7}") == #"password=<redacted> \u{7}"#)
        #expect(SnapshotSanitizer.clean(String(repeating: "x", count: 3000)).count == 2000)
    }
}

func triageCollect<T>(_ s: AsyncThrowingStream<T, Error>) async throws -> [T] {
    var out: [T] = []
    for try await x in s { out.append(x) }
    return out
}

/// The snapshot's core against the real simulator: the broken peer must be named, with its cause.
@Suite(.serialized) struct TriageSimulatorTests {
    /// Starts a simulator and a client on peer 0, runs `body`, always cleans up.
    func withSim(_ body: (ClusterSimulator, SimulatorEndpoints, ClusterClient) async throws -> Void) async throws {
        let dir = NSTemporaryDirectory() + "triage-sim-\(UUID().uuidString)"
        let sim = ClusterSimulator(config: SimulatorConfig(peers: 3, pins: 30, speed: 40, stateDirectory: dir))
        let e = try await sim.start()
        let client = try ClusterClient(configuration: ClusterClientConfiguration(
            hosts: [try ClusterHost.parse(e.peers[0], https: false)], connectTimeout: 5, idleTimeout: 20))
        var failure: Error?
        do { try await body(sim, e, client) } catch { failure = error }
        await client.shutdown()
        await sim.stop()
        try? FileManager.default.removeItem(atPath: dir)
        if let failure { throw failure }
    }

    /// Polls `condition` every 100 ms for at most `seconds` real seconds.
    func eventually(_ seconds: Double, _ condition: () async -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return await condition()
    }

    @Test func snapshotNamesThePeerWhoseIPFSIsDown() async throws {
        try await withSim { sim, e, client in
            try await sim.setIPFSDown(peer: "IpfsCluster1", true)
            let visible = await eventually(10) {
                let peers = (try? await triageCollect(client.peers())) ?? []
                return peers.contains { $0.id == e.peerIDs[1] && !$0.ipfs.error.isEmpty }
            }
            #expect(visible)
            let g = await SnapshotGatherer.gather(client: client, request: SnapshotRequest(
                ecsDirectory: e.stateDirectory + "/ecs", logPaths: [e.stateDirectory + "/logs"]))
            let block = try #require(g.result.block(for: e.peerIDs[1]))
            #expect(block.rules.contains("ipfs-down"))
            #expect(block.severity == .critical)
            #expect(g.result.blocks.first?.peerID == e.peerIDs[1], "\(g.result.blocks.map { "\($0.peerName): \($0.rules) \($0.headline)" })")
            #expect(SnapshotWriter.markdown(g.snapshot).contains("IPFS daemon down"))
        }
    }

    @Test func snapshotNamesTheSpotInterruptedPeer() async throws {
        try await withSim { sim, e, client in
            try await sim.stopPeer("IpfsCluster2", stopCode: "SpotInterruption", reason: "Your Spot Task was interrupted.", exitCode: 0)
            // Wait (bounded) until the cluster sees it gone, and the ECS export says it stopped.
            let gone = await eventually(10) {
                let peers = (try? await triageCollect(client.peers())) ?? []
                return peers.contains { $0.id == e.peerIDs[2] && !$0.error.isEmpty } || !peers.contains { $0.id == e.peerIDs[2] }
            }
            #expect(gone)
            let exported = await eventually(10) {
                let text = (try? String(contentsOfFile: e.stateDirectory + "/ecs/describe-tasks.json", encoding: .utf8)) ?? ""
                return text.contains("SpotInterruption")
            }
            let g = await SnapshotGatherer.gather(client: client, request: SnapshotRequest(
                ecsDirectory: e.stateDirectory + "/ecs", logPaths: [e.stateDirectory + "/logs"]))
            let block = try #require(g.result.blocks.first)
            #expect(block.peerID == e.peerIDs[2])
            #expect(block.rules.contains("peer-stopped"))
            if exported {
                #expect(block.rules.first == "spot-interruption")
                #expect(block.headline.contains("stopped by a Spot interruption"))
            }
        }
    }

    @Test func snapshotNamesTheFrozenPeer() async throws {
        let dir = NSTemporaryDirectory() + "triage-sim-\(UUID().uuidString)"
        let out = dir + "-out"
        let sim = ClusterSimulator(config: SimulatorConfig(peers: 3, pins: 30, speed: 40, stateDirectory: dir))
        let e = try await sim.start()
        let client = try ClusterClient(configuration: ClusterClientConfiguration(
            hosts: [try ClusterHost.parse(e.peers[0], https: false)], connectTimeout: 5, idleTimeout: 20))
        do {
            try await sim.freeze(peer: "IpfsCluster2")
            let frozenID = e.peerIDs[2]
            // Wait (bounded) until the cluster raised its ping alert: ~36 simulated seconds.
            let deadline = Date().addingTimeInterval(30)
            var alerted = false
            while !alerted && Date() < deadline {
                alerted = ((try? await client.alerts()) ?? []).contains { $0.metric.peer == frozenID && $0.metric.name == "ping" }
                if !alerted { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(alerted)
            let g = await SnapshotGatherer.gather(client: client, request: SnapshotRequest(
                ecsDirectory: dir + "/ecs", logPaths: [dir + "/logs"]))
            let block = try #require(g.result.blocks.first)
            #expect(block.peerID == frozenID)
            #expect(block.peerName == "IpfsCluster2")
            #expect(block.rules.first == "peer-unresponsive")
            #expect(!g.result.blocks.dropFirst().contains { $0.peerID == frozenID })
            let paths = try SnapshotWriter.write(g.snapshot, to: out)
            let md = try String(contentsOfFile: paths.markdown, encoding: .utf8)
            #expect(md.contains("CRITICAL IpfsCluster2: peer unresponsive"))
            #expect(md.contains("`peer-unresponsive`"))
            let js = try String(contentsOfFile: paths.json, encoding: .utf8)
            #expect(js.contains(frozenID))
        } catch {
            await client.shutdown()
            await sim.stop()
            try? FileManager.default.removeItem(atPath: dir)
            try? FileManager.default.removeItem(atPath: out)
            throw error
        }
        await client.shutdown()
        await sim.stop()
        try? FileManager.default.removeItem(atPath: dir)
        try? FileManager.default.removeItem(atPath: out)
    }
}
