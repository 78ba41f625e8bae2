import Foundation
import Testing
@testable import LogTail

func line(_ i: Int, level: LogLevel = .info, source: String = "a", message: String? = nil) -> LogLine {
    let msg = message ?? "line \(i)"
    return LogLine(time: Date(timeIntervalSince1970: Double(i)), level: level, source: source,
                   message: msg, raw: msg, format: .raw)
}

@Suite struct RingTests {
    @Test func boundedByLinesWithDroppedCount() {
        var ring = LogRing(maxLines: 1000, maxBytes: .max)
        for i in 0..<10_000 { ring.append(line(i)) }
        #expect(ring.count == 1000)
        #expect(ring.dropped == 9000)
        #expect(ring[0].message == "line 9000")
        #expect(ring[999].message == "line 9999")
        #expect(ring.firstSequence == 9000)
        #expect(ring.position(ofSequence: 9500) == 500)
        #expect(ring.position(ofSequence: 10) == nil)
    }

    @Test func boundedByBytes() {
        var ring = LogRing(maxLines: 100_000, maxBytes: 100 * line(0).byteCost)
        ring.append(contentsOf: (0..<1000).map { line($0) })
        #expect(ring.byteCount <= 100 * line(0).byteCost)
        #expect(ring.count >= 90 && ring.count <= 100)
        #expect(ring.dropped == 1000 - ring.count)
        #expect(ring.last?.message == "line 999")
    }

    @Test func shrinkingLimitsAndClear() {
        var ring = LogRing(maxLines: 100)
        ring.append(contentsOf: (0..<100).map { line($0) })
        ring.setLimits(maxLines: 10, maxBytes: .max)
        #expect(ring.count == 10)
        #expect(ring.first?.message == "line 90")
        let end = ring.endSequence
        ring.clear()
        #expect(ring.isEmpty)
        #expect(ring.endSequence == end)
    }

    @Test func appFillsInPeer() {
        var ring = LogRing()
        ring.append(line(1))
        ring.update(position: 0) { $0.peer = "12D3KooWpeer" }
        #expect(ring[0].peer == "12D3KooWpeer")
        var t = line(2)
        t.taskID = "task-1"
        ring.append(t)
        ring.append(t)
        #expect(ring.setPeers(["task-1": "12D3KooWother", "task-9": "unused"]) == 2)
        #expect(ring.map(\.peer) == ["12D3KooWpeer", "12D3KooWother", "12D3KooWother"])
        #expect(ring.positions(matching: LogFilter(text: LogTextMatcher(substring: "koowother"))) == [1, 2])
    }

    @Test func filterByLevelSourceAndText() throws {
        var ring = LogRing()
        ring.append(line(0, level: .debug, source: "a"))
        ring.append(line(1, level: .info, source: "b", message: "connection refused"))
        ring.append(line(2, level: .error, source: "a", message: "Connection Refused again"))
        ring.append(line(3, level: .unknown, source: "c", message: "Daemon is ready"))
        ring.append(line(4, level: .warn, source: "b"))
        #expect(ring.positions(matching: LogFilter(minimumLevel: .warn)) == [2, 4])
        #expect(ring.positions(matching: LogFilter(minimumLevel: .info)) == [1, 2, 3, 4])
        #expect(ring.positions(matching: LogFilter(sources: ["b"])) == [1, 4])
        #expect(ring.positions(matching: LogFilter(text: LogTextMatcher(substring: "refused"))) == [1, 2])
        #expect(ring.positions(matching: LogFilter(text: LogTextMatcher(substring: "Refused"))) == [2])
        let re = try LogTextMatcher(regex: #"^conn\w+ refused$"#)
        #expect(ring.positions(matching: LogFilter(text: re)) == [1])
        #expect(ring.positions(matching: LogFilter(minimumLevel: .error, text: LogTextMatcher(substring: "refused"))) == [2])
    }

    @Test func invalidRegexIsATypedError() {
        do {
            _ = try LogTextMatcher(regex: "([")
            Issue.record("expected an error")
        } catch {
            guard case let .invalidRegex(p, _) = error else { Issue.record("wrong error"); return }
            #expect(p == "([")
        }
    }

    @Test func filterResultIsIncremental() {
        var ring = LogRing(maxLines: 100)
        ring.append(contentsOf: (0..<50).map { line($0, level: $0 % 5 == 0 ? .error : .info) })
        var result = LogFilterResult(filter: LogFilter(minimumLevel: .error), ring: ring)
        #expect(result.count == 10)
        #expect(result.scannedUpTo == 50)
        ring.append(contentsOf: (50..<120).map { line($0, level: $0 % 5 == 0 ? .error : .info) })
        result.update(from: ring)
        #expect(result.scannedUpTo == 120)
        // Lines 0..19 dropped out of the ring; errors among 20..119 remain.
        #expect(result.count == 20)
        #expect(result.positions(in: ring).map { ring[$0].message } == stride(from: 20, to: 120, by: 5).map { "line \($0)" })
        #expect(result.index(atOrAfterSequence: 101) == 17)
    }

    @Test func emptyFilterTakesEverything() {
        var ring = LogRing(maxLines: 10)
        ring.append(contentsOf: (0..<5).map { line($0) })
        var result = LogFilterResult(filter: LogFilter(), ring: ring)
        ring.append(contentsOf: (5..<25).map { line($0) })
        result.update(from: ring)
        #expect(result.positions(in: ring) == Array(0..<10))
    }

    @Test func searchNextAndPreviousWithWrap() {
        var ring = LogRing()
        for i in 0..<20 { ring.append(line(i, message: i % 7 == 0 ? "needle \(i)" : "hay \(i)")) }
        let q = LogFilter(text: LogTextMatcher(substring: "needle"))
        #expect(ring.nextMatch(of: q, from: 0, direction: .forward) == 7)
        #expect(ring.nextMatch(of: q, from: 7, direction: .forward) == 14)
        #expect(ring.nextMatch(of: q, from: 14, direction: .forward) == 0)
        #expect(ring.nextMatch(of: q, from: 14, direction: .forward, wrap: false) == nil)
        #expect(ring.nextMatch(of: q, from: 7, direction: .backward) == 0)
        #expect(ring.nextMatch(of: q, from: 0, direction: .backward) == 14)
        #expect(ring.nextMatch(of: LogFilter(text: LogTextMatcher(substring: "absent")), from: 0, direction: .forward) == nil)
    }

    @Test func searchInsideAFilteredView() {
        var ring = LogRing()
        for i in 0..<30 { ring.append(line(i, level: i % 2 == 0 ? .error : .info, message: i % 3 == 0 ? "x \(i)" : "y \(i)")) }
        let view = LogFilterResult(filter: LogFilter(minimumLevel: .error), ring: ring)
        let q = LogFilter(text: LogTextMatcher(substring: "x "))
        let i = view.nextMatch(of: q, from: -1, direction: .forward, in: ring)
        #expect(i.map { ring.line(sequence: view[$0])?.message } == "x 0")
        let j = view.nextMatch(of: q, from: i!, direction: .forward, in: ring)
        #expect(j.map { ring.line(sequence: view[$0])?.message } == "x 6")
    }

    @Test func triageCountersPerPeer() {
        let peer = "12D3KooWKDPVsYs1eGqqGDTmo56zibPbtaduzPHRrda3o7rLd1BL"
        var p = LogLineParser(origin: LogOrigin(source: "p0"))
        let text = [
            clusterLine("metric alert for ping: Peer: \(peer).", level: "WARN", time: "2026-11-21T05:14:26.235Z"),
            clusterLine("x: error in broadcast response from \(peer): context deadline exceeded ", level: "ERROR", time: "2026-11-21T05:14:31.285Z"),
            clusterLine("x: error in broadcast response from \(peer): failed to dial", level: "ERROR", time: "2026-11-21T05:14:42.479Z"),
            clusterLine("** IPFS Cluster is READY **"),
        ]
        var counters = TriageCounters()
        for t in text { if let l = p.parse(t) { counters.record(l) } }
        let stats = try! #require(counters.stats(forPeer: peer))
        #expect(stats.count(.metricAlert) == 1)
        #expect(stats.count(.broadcastError) == 2)
        #expect(stats.total == 3)
        #expect(stats.lastSeenAny.map(LogTimestamp.format) == "2026-11-21T05:14:42.479Z")
        #expect(counters.bySubject[.source("p0")]?.count(.ready) == 1)
    }

    @Test func saveWritesOneLineEach() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        var p = LogLineParser(origin: LogOrigin(source: "ipfs-cluster/ipfs-cluster/t1"))
        let lines = [clusterLine("hello\tworld", level: "WARN", subsystem: "crdt"), "plain text"].compactMap { p.parse($0) }
        let path = dir.file("view.txt")
        #expect(try LogSaver.save(lines, to: path) == 2)
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(saved == "2026-11-21T05:14:26.235Z ipfs-cluster/ipfs-cluster/t1 WARN crdt hello world\n2026-11-21T05:14:26.235Z ipfs-cluster/ipfs-cluster/t1 WARN crdt plain text\n")
        #expect(lines[1].isContinuation)
        #expect(throws: LogTailError.self) { try LogSaver.save(lines, to: dir.file("missing/dir/x.txt")) }
    }
}

@Suite struct MergeTests {
    func l(_ t: Double?, _ src: String, _ msg: String, cont: Bool = false) -> LogLine {
        LogLine(time: t.map { Date(timeIntervalSince1970: $0) }, level: .info, source: src, message: msg, raw: msg,
                format: .raw, isContinuation: cont)
    }

    @Test func interleavesSourcesByTimeKeepingEachSourceOrder() {
        let lines = [l(1, "a", "a1"), l(5, "a", "a5"), l(5, "a", "a5-cont", cont: true), l(3, "a", "a3-late-clock"),
                     l(2, "b", "b2"), l(nil, "b", "b-untimed"), l(6, "b", "b6"), l(4, "c", "c4")]
        let merged = LogMerge.mergeByTime(lines).map(\.message)
        #expect(merged == ["a1", "b2", "b-untimed", "c4", "a5", "a5-cont", "a3-late-clock", "b6"])
        for src in ["a", "b", "c"] {
            let own = lines.filter { $0.source == src }.map(\.message)
            #expect(merged.filter { own.contains($0) } == own)
        }
    }

    @Test func singleSourceIsUntouched() {
        let lines = [l(3, "a", "x"), l(1, "a", "y")]
        #expect(LogMerge.mergeByTime(lines).map(\.message) == ["x", "y"])
    }
}
