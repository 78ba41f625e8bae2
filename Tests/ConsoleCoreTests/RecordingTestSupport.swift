import ClusterAPI
import ECSState
import Foundation
import LogTail
@testable import ConsoleCore

/// Events of every recorded kind, with fixed times, and helpers to compare them.
enum RecordingFixture {
    static let t0 = Fixture.t0

    static func dir() -> String {
        let d = NSTemporaryDirectory() + "rec-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    static func logLine(_ text: String) -> LogLine {
        LogLine(time: t0, level: .error, source: "ecs/ipfs-cluster/abc.log", container: "ipfs-cluster", taskID: "abc",
                subsystem: "cluster", message: text, raw: "2026-05-21T10:00:00.000Z\tERROR\tcluster\t\(text)", format: .goLog,
                triage: TriageMatch(kind: .connectionRefused, peer: Fixture.p3))
    }

    static func ecs() -> ECSSnapshot {
        var s = ECSSnapshot()
        var task = ECSTask(arn: "arn:aws:ecs:us-east-1:1:task/c/abc", containers: [ECSContainer(name: "ipfs-cluster")])
        task.lastStatus = ECSTaskStatus(rawValue: "RUNNING")
        task.startedAt = t0
        s.tasks = [task]
        s.exportedAt = t0
        return s
    }

    /// One event of each kind the core receives.
    static func allKinds() -> [TimedEvent] {
        let events: [ConsoleEvent] = [
            .intent(.start),
            .tick,
            .loaded(.peers, generation: 1, .peers([Fixture.peer(Fixture.p1, "IpfsCluster0"), Fixture.peer(Fixture.p2, "IpfsCluster1")])),
            .loaded(.ping, generation: 1, .metrics([Metric(name: "ping", peer: Fixture.p1, value: "", expire: 1_779_357_630_000_000_000)])),
            .failed(.alerts, generation: 1, message: "no answer within 10 s"),
            .responded(.peers, ResponseOrigin(host: "127.0.0.1:9094", peer: Fixture.p1, status: 200, serverDate: t0)),
            .pinChunk(.activePins, generation: 1, bytes: Array("{\"cid\":\"\(Fixture.cidA)\"}\n".utf8)),
            .pinChunk(.activePins, generation: 1, bytes: [0xff, 0xfe, 0x00, 0x41]),
            .pinStreamEnded(.activePins, generation: 1, error: "stream cut"),
            .pinDetail(cid: Fixture.cidA, status: nil, pin: nil, error: "not found"),
            .intent(.perform(.pinAdd(target: Fixture.cidB, options: PinAddOptions()))),
            .actionProgress(id: 1, done: 2, total: 5),
            .actionFinished(id: 1, outcome: .succeeded("pinned")),
            .notice("simulator: freeze IpfsCluster2 done", level: .info),
            .ecsSnapshot(ecs()),
            .logBatch(LogBatch(lines: [logLine("peer lost")], notices: [FollowerNotice(path: "/x.log", event: .rotated)], droppedLines: 3)),
            .timelinesLoaded(TriageTimelines()),
        ]
        return events.enumerated().map { TimedEvent(time: t0.addingTimeInterval(Double($0.offset) * 0.25 + 0.123456789), event: $0.element) }
    }

    /// Events compared by their encoding (ConsoleEvent is not Equatable; its encoding is exact).
    static func encoded(_ events: [TimedEvent]) throws -> [String] {
        let e = RecordingChunks.encoder()
        e.outputFormatting = .sortedKeys
        return try events.map { String(decoding: try e.encode($0), as: UTF8.self) }
    }

    /// Writes `events` through the recorder and returns the file's path.
    static func record(_ events: [TimedEvent], options: RecordingOptions, settings: ConsoleSettings = Fixture.state().settings) async throws {
        let rec = try EventRecorder(options: options, settings: settings, writerVersion: "test", startedAt: t0)
        for e in events { rec.record(e, sync: RecordingCheckpoint()) }
        await rec.stop()
    }
}
