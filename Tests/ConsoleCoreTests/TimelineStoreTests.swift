import Foundation
import Testing
@testable import ConsoleCore

@Suite struct TimelineStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func tempPath() -> String { NSTemporaryDirectory() + "timelines-\(UUID().uuidString)/ctx.json" }

    @Test func roundTripKeepsTheWindowAndDropsOlderSamples() throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        var t = TriageTimelines()
        t.record(peer: "A", TimelineSample(time: now.addingTimeInterval(-1700), up: true, pinsInError: 0, pinQueue: 1))
        t.record(peer: "A", TimelineSample(time: now.addingTimeInterval(-60), up: false, pinsInError: 3, pinQueue: 9))
        t.record(peer: "B", TimelineSample(time: now.addingTimeInterval(-1750), up: true, pinsInError: 0, pinQueue: 0))
        let store = TimelineStore(path: path)
        try store.save(t)
        let back = try #require(store.load(now: now))
        #expect(back == t)
        // Two hundred seconds later the oldest samples are outside the 30 minutes.
        let later = try #require(store.load(now: now.addingTimeInterval(200)))
        #expect(later.byPeer["A"]?.samples.map(\.pinsInError) == [3])
        #expect(later.byPeer["B"]?.samples.isEmpty ?? true)
        // A clock set back (samples "in the future") does not resurrect them as the latest state.
        #expect(store.load(now: now.addingTimeInterval(-3000))?.byPeer.values.allSatisfy(\.samples.isEmpty) == true)
    }

    @Test func missingOrDamagedFilesGiveNothing() throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        #expect(TimelineStore(path: path).load(now: now) == nil)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "{\"byPeer\": [trunc".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(TimelineStore(path: path).load(now: now) == nil)
    }

    @Test func pathPerContextIsAPlainFileName() {
        let env = ["XDG_STATE_HOME": "/state", "HOME": "/home/ops"]
        #expect(TimelineStore.defaultPath(key: "prod-us", environment: env) == "/state/ipfs-cluster-console/timelines/prod-us.json")
        #expect(TimelineStore.defaultPath(key: "http://127.0.0.1:9094", environment: env)
            == "/state/ipfs-cluster-console/timelines/http___127.0.0.1_9094.json")
        #expect(TimelineStore.defaultPath(key: "../../etc/x", environment: ["HOME": "/home/ops"])
            == "/home/ops/.local/state/ipfs-cluster-console/timelines/.._.._etc_x.json")
        #expect(TimelineStore.defaultPath(key: "x", environment: [:]) == nil)
    }
}

@Suite struct TimelineTrendTests {
    @Test func trendsKeepOneValuePerChangeAndTheLatestSample() {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        var t = TriageTimelines()
        // Polled every 2 s; the metrics change every 10 s.
        for i in 0..<30 {
            let step = i / 5
            t.record(peer: "A", TimelineSample(time: t0.addingTimeInterval(Double(i * 2)), up: true, pinsInError: 0,
                                               pinQueue: 10 + step * 40, freeSpace: Double(1_000_000 - step * 150_000)))
        }
        let (queue, free) = t.trends(peer: "A")
        #expect(queue.map(\.value) == [10, 50, 90, 130, 170, 210, 210])
        #expect(queue.last?.time == t0.addingTimeInterval(58))
        #expect(free.first?.value == 1_000_000 && free.last?.value == 250_000)
        #expect(t.trends(peer: "nobody").pinQueue.isEmpty)
        // Those series are what the rules need to see a climb and a disk filling up.
        var p = PeerEvidence(id: "A", name: "A", lastSeen: t0.addingTimeInterval(58))
        p.pinQueue = queue
        p.freespace = free
        let ctx = ClusterContext(now: t0.addingTimeInterval(60), peers: [p])
        #expect(TriageRules.pinQueueGrowing(p, ctx)?.sentence.hasPrefix("pin queue growing: 10 → 210") == true)
        #expect(TriageRules.diskFull(p, ctx)?.sentence.hasPrefix("disk filling") == true)
    }
}
