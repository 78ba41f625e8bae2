import ClusterAPI
import ECSState
import Foundation
import LogTail
import Testing
@testable import ConsoleCore

/// The writer: flushed every second, bounded with rotation, credentials never written, and a
/// rotated file replays on its own from its checkpoint.
@Suite struct RecordingWriterTests {
    /// A crash loses at most the last second: without `stop`, what was recorded more than a
    /// flush interval ago is readable from the file.
    @Test func eventsReachTheFileWithinAFlushInterval() async throws {
        let dir = RecordingFixture.dir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/live.iccrec"
        let rec = try EventRecorder(options: RecordingOptions(path: path, flushSeconds: 0.2), settings: Fixture.state().settings,
                                    writerVersion: "t", startedAt: Fixture.t0)
        let events = RecordingFixture.allKinds()
        for e in events { rec.record(e, sync: RecordingCheckpoint()) }
        var read: Recording?
        // Generous: only bounds a hang (a loaded machine may schedule the writer late).
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            if let r = try? RecordingReader.read(path: path), r.events.count == events.count { read = r; break }
        }
        #expect(read?.events.count == events.count)
        #expect(read?.problem == nil)
        await rec.stop()
    }

    @Test func filesAreBoundedAndRotated() async throws {
        let dir = RecordingFixture.dir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/r.iccrec"
        let max = 4096
        let options = RecordingOptions(path: path, maxFileBytes: max, keepRotated: 2, chunkBytes: 600)
        // A live session: ticks start the polls, the peers answer; the recorder gets each event
        // with the schedule after it, as the console's dispatch does.
        var live = Fixture.state()
        let peers = [Fixture.p1, Fixture.p2, Fixture.p3].enumerated().map { Fixture.peer($0.element, "IpfsCluster\($0.offset)") }
        var events: [TimedEvent] = []
        let rec = try EventRecorder(options: options, settings: live.settings, writerVersion: "t", startedAt: Fixture.t0)
        func feed(_ e: TimedEvent) {
            _ = ConsoleUpdate.update(&live, e.event, now: e.time)
            rec.record(e, sync: RecordingCheckpoint(state: live))
            events.append(e)
        }
        for i in 0..<200 {
            let t = Fixture.t0.addingTimeInterval(Double(i) * 2)
            feed(TimedEvent(time: t, event: .tick))
            feed(TimedEvent(time: t.addingTimeInterval(0.5), event: .loaded(.peers, generation: live.freshness(.peers).generation, .peers(peers))))
        }
        await rec.stop()
        let fm = FileManager.default
        #expect(fm.fileExists(atPath: path))
        #expect(fm.fileExists(atPath: path + ".1"))
        #expect(fm.fileExists(atPath: path + ".2"))
        #expect(!fm.fileExists(atPath: path + ".3"))
        for p in [path, path + ".1", path + ".2"] {
            let size = try #require(try fm.attributesOfItem(atPath: p)[.size] as? Int)
            #expect(size <= max)
        }
        // The newest file ends with the last event; it starts mid-session, with a checkpoint.
        let newest = try RecordingReader.read(path: path)
        #expect(newest.problem == nil)
        #expect(newest.events.last?.time == events.last?.time)
        let cp = try #require(newest.header.checkpoint)
        #expect(!cp.primer.isEmpty)
        // Replayed alone, its answers apply (the checkpoint carries the generations).
        let state = ReplayCursor.state(of: newest, at: newest.lastTime!)
        #expect(state.peerList.count == 3)
        #expect(state.freshness(.peers) == live.freshness(.peers))
        #expect(state.freshness(.peers).lastSuccess == newest.lastTime)
        // Read together, the rotated files are in order and end at the last event.
        let all = try RecordingReader.readRotated(path: path)
        #expect(all.events.map(\.time) == all.events.map(\.time).sorted())
        #expect(all.events.last?.time == events.last?.time)
    }

    /// Basic auth, a token, URL user info, secret-named keys and ECS environment secrets never
    /// reach the file, compressed or not.
    @Test func credentialsAreNeverRecorded() async throws {
        let dir = RecordingFixture.dir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/cred.iccrec"
        let password = "hunter2-Pa55word"
        let token = "tok_9f8e7d6c5b4a39281706"
        let options = RecordingOptions(path: path, secrets: [password, token])
        var ecs = RecordingFixture.ecs()
        ecs.taskDefinitions["ipfs-cluster:1"] = try JSONDecoder().decode(ECSTaskDefinition.self, from: Data(#"""
            {"family":"ipfs-cluster","revision":1,"efsFileSystemIDs":[],"containerDefinitions":[{"name":"ipfs-cluster","essential":true,"command":[],
             "environment":["CLUSTER_SECRET=c0ffee00deadbeef1234","CLUSTER_PEERNAME=IpfsCluster0"]}]}
            """#.utf8))
        let settings = ConsoleSettings(contextName: "prod", endpoint: "https://admin:\(password)@cluster.example.com:443")
        let events: [TimedEvent] = [
            .init(time: Fixture.t0, event: .failed(.id, generation: 1, message: "GET https://admin:\(password)@cluster.example.com/id: refused")),
            .init(time: Fixture.t0, event: .notice("Authorization: Bearer \(token)", level: .error)),
            .init(time: Fixture.t0, event: .logBatch(LogBatch(lines: [RecordingFixture.logLine("started with --basic-auth admin:\(password) ok")]))),
            .init(time: Fixture.t0, event: .pinChunk(.activePins, generation: 1, bytes: Array(#"{"cid":"Qm","metadata":{"api_token":"\#(token)"}}"#.utf8))),
            .init(time: Fixture.t0, event: .ecsSnapshot(ecs)),
        ]
        try await RecordingFixture.record(events, options: options, settings: settings)
        let fileBytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        // Decompress every chunk and look at the raw lines too.
        var raw: [UInt8] = []
        var o = RecordingFormat.magic.count
        while o < fileBytes.count {
            let stored = Int(fileBytes[...].readLE(at: o + 4)), size = Int(fileBytes[...].readLE(at: o + 8))
            raw += try Zlib.decompress(fileBytes[(o + 16)..<(o + 16 + stored)], size: size)
            o += 16 + stored
        }
        let text = String(decoding: raw, as: UTF8.self)
        for secret in [password, token, "c0ffee00deadbeef1234"] {
            #expect(!text.contains(secret), "\(secret) recorded")
            #expect(!String(decoding: fileBytes, as: UTF8.self).contains(secret))
        }
        #expect(text.contains("<redacted>"))
        // Still a valid recording after redaction; the peer name is untouched.
        let r = try RecordingReader.read(path: path)
        #expect(r.problem == nil)
        #expect(r.events.count == events.count)
        #expect(text.contains("CLUSTER_PEERNAME=IpfsCluster0"))
        #expect(!r.header.settings.endpoint.contains(password))
    }

    @Test func aBadPathIsAnErrorAtStart() {
        #expect(throws: RecordingError.self) {
            _ = try EventRecorder(options: RecordingOptions(path: "/nonexistent-dir/x.iccrec"), settings: Fixture.state().settings,
                                  writerVersion: "t", startedAt: Fixture.t0)
        }
    }

    @Test func redactionKeepsJSONValidAroundEscapes() throws {
        let r = RecordingRedactor(secrets: ["s3cr3t-value"])
        let json = Array(#"{"m":"token=ab\"cd s3cr3t-value \\ \n \u00e9","n":"plain text here"}"#.utf8)
        let out = r.redact(json)
        let obj = try JSONSerialization.jsonObject(with: Data(out)) as? [String: String]
        #expect(obj?["n"] == "plain text here")
        #expect(obj?["m"]?.contains("s3cr3t-value") == false)
        #expect(obj?["m"]?.contains("é") == true)
    }
}

/// `w` while recording: the recording and its rotated files are copied next to the report, and
/// the copy replays.
@Suite struct RecordingCopyTests {
    @Test func theRecordingAndItsRotatedFilesAreCopied() async throws {
        let dir = RecordingFixture.dir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/live.iccrec"
        try await RecordingFixture.record(RecordingFixture.allKinds(), options: RecordingOptions(path: path))
        try Data("older".utf8).write(to: URL(fileURLWithPath: path + ".1"))
        let copy = try RecordingCopy.copy(path, into: dir + "/incident", now: Fixture.t0)
        #expect(copy == dir + "/incident/recording-20260521-100000Z.iccrec")
        #expect(try RecordingReader.read(path: copy).events.count == RecordingFixture.allKinds().count)
        #expect(try String(contentsOfFile: copy + ".1", encoding: .utf8) == "older")
        var state = Fixture.state()
        let effects = ConsoleUpdate.update(&state, .intent(.copyRecording(path: path, directory: dir)), now: Fixture.t0)
        #expect(effects == [.copyRecording(path: path, directory: dir)])
    }
}
