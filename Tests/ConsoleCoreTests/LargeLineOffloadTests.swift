import Foundation
import Testing
@testable import ConsoleCore

/// A pin stream line past `offloadLineBytes` is read off the loop (`.decodeLargeLine`) while
/// the update keeps taking other events, and ends up in the table exactly as if read in place.
@Suite struct LargeLineOffloadTests {
    static let cidC = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"
    static let cidD = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"

    /// One `/pins` line of about `bytes` bytes: metadata with thousands of entries (some with
    /// escapes), three peers of which one is new to the table, an unknown status.
    static func hugeLine(bytes: Int) -> String {
        var meta: [String] = []
        var size = 0
        var k = 0
        while size < bytes {
            let entry = "\"key\(k)\":\"" + (k % 1000 == 7 ? "caf\\u00e9 \\\"q\\\" \\ud83d\\ude00" : String(repeating: "v", count: 80)) + "\""
            meta.append(entry)
            size += entry.utf8.count + 1
            k += 1
        }
        let peers = "\"\(Fixture.p1)\":{\"peername\":\"one\",\"status\":\"pinned\",\"timestamp\":\"2026-05-21T10:02:13Z\",\"error\":\"\",\"attempt_count\":0,\"priority_pin\":false},"
            + "\"\(Fixture.p2)\":{\"peername\":\"two\",\"status\":\"pin_error\",\"timestamp\":\"2026-05-21T10:03:13Z\",\"error\":\"context canceled\",\"attempt_count\":3,\"priority_pin\":true},"
            + "\"\(Fixture.p3)\":{\"peername\":\"three\",\"status\":\"weird_state\",\"timestamp\":\"2026-05-21T10:04:13Z\",\"error\":\"\",\"attempt_count\":0,\"priority_pin\":false}"
        return "{\"cid\":\"\(Fixture.cidB)\",\"name\":\"huge\",\"allocations\":[\"\(Fixture.p1)\",\"\(Fixture.p3)\"],\"origins\":[\"/ip4/1.2.3.4\"],"
            + "\"created\":\"2026-05-21T09:58:12Z\",\"metadata\":{\(meta.joined(separator: ","))},\"peer_map\":{\(peers)}}"
    }

    /// The stream: a small line, the huge one, two small lines, the last without a newline.
    static func body(huge: String) -> [UInt8] {
        Array([Fixture.globalPin(Fixture.cidA, name: "first", [(Fixture.p1, "pinned", "")]),
               huge,
               Fixture.globalPin(cidC, name: "third", [(Fixture.p2, "pinning", "")]),
               Fixture.globalPin(cidD, name: "fourth", [(Fixture.p1, "pin_queued", "")])].joined(separator: "\n").utf8)
    }

    static func chunks(_ body: [UInt8], size: Int = 16 * 1024) -> [[UInt8]] {
        stride(from: 0, to: body.count, by: size).map { Array(body[$0..<min($0 + size, body.count)]) }
    }

    /// The same body read in place, every line on the calling thread.
    static func readInPlace(_ body: [UInt8]) throws -> PinTable {
        var table = PinTable()
        var decoder = PinStreamDecoder(source: .pins)
        for c in chunks(body) { try decoder.feed(c, into: &table) }
        try decoder.finish(into: &table)
        return table
    }

    @Test func aTenMegabyteLineIsReadOffTheLoopWhileOtherEventsAreTaken() async throws {
        let body = Self.body(huge: Self.hugeLine(bytes: 10_000_000))
        var s = Fixture.state()
        s.pins.offloadLineBytes = ConsoleUpdate.offloadLineBytes
        let g = Fixture.begin(&s, .fullPins)
        var jobs: [LargeLineJob] = []
        for c in Self.chunks(body) {
            for e in ConsoleUpdate.update(&s, .pinChunk(.fullPins, generation: g, bytes: c), now: Fixture.t0) {
                if case .decodeLargeLine(.fullPins, g, let job) = e { jobs.append(job) } else { Issue.record("unexpected \(e)") }
            }
        }
        #expect(jobs.count == 1)
        let job = try #require(jobs.first)
        #expect(job.byteCount > 10_000_000)
        // Only the line before the long one is written; the ones after it wait for it.
        #expect(s.pins.table.liveCount == 1)
        #expect(s.freshness(.fullPins).itemsReceived == 1)
        #expect(ConsoleUpdate.update(&s, .pinStreamEnded(.fullPins, generation: g, error: nil), now: Fixture.t0).isEmpty)
        #expect(s.freshness(.fullPins).inFlight, "the end waits for the long line")

        let reading = Task.detached { job.run() }
        // Meanwhile the update takes other events: a notice, a tick, another source's answer.
        _ = ConsoleUpdate.update(&s, .notice("while reading", level: .info), now: Fixture.t0)
        #expect(s.toasts.map(\.text) == ["while reading"])
        _ = ConsoleUpdate.update(&s, .tick, now: Fixture.t0.addingTimeInterval(1))
        let pg = Fixture.begin(&s, .peers, at: Fixture.t0.addingTimeInterval(1))
        _ = ConsoleUpdate.update(&s, .loaded(.peers, generation: pg, .peers([Fixture.peer(Fixture.p1, "one")])),
                                 now: Fixture.t0.addingTimeInterval(1))
        #expect(s.freshness(.peers).lastSuccess == Fixture.t0.addingTimeInterval(1))
        #expect(s.pins.table.row(cid: Fixture.cidB) == nil)

        let answer = await reading.value
        let effects = ConsoleUpdate.update(&s, .largeLineDecoded(.fullPins, generation: g, answer), now: Fixture.t0.addingTimeInterval(2))
        #expect(!effects.contains { if case .decodeLargeLine = $0 { true } else { false } })
        #expect(s.pins.streams[.fullPins] == nil, "the stream's end was taken once the line was written")
        #expect(!s.freshness(.fullPins).inFlight)
        #expect(s.freshness(.fullPins).itemsReceived == 4)
        #expect(s.pins.table.liveCount == 4)

        let t = s.pins.table
        let row = try #require(t.row(cid: Fixture.cidB))
        let meta = try #require(t.extras(row)?.metadata)
        #expect(meta.count > 100_000)
        #expect(meta["key7"] == "café \"q\" 😀")
        #expect(t.name(row) == "huge")
        let p1 = try #require(t.peerIndex(Fixture.p1)), p2 = try #require(t.peerIndex(Fixture.p2))
        let p3 = try #require(t.peerIndex(Fixture.p3))
        #expect(t.status(row, peer: p1) == .pinned)
        #expect(t.status(row, peer: p2) == .pinError)
        #expect(t.errorText(row, peer: p2) == "context canceled")
        #expect(t.attempts(row, peer: p2) == 3 && t.isPriority(row, peer: p2))
        #expect(t.statusName(t.status(row, peer: p3)) == "weird_state")
        #expect(Set(t.allocations(row)) == [p1, p3])
        #expect(t.peers[p3].peername == "three")
        // Rows in stream order, and the same table as reading every line in place.
        #expect((0..<t.rowCount).map { t.cid($0) } == [Fixture.cidA, Fixture.cidB, Self.cidC, Self.cidD])
        let inPlace = try Self.readInPlace(body)
        #expect((0..<inPlace.rowCount).map { inPlace.cid($0) } == (0..<t.rowCount).map { t.cid($0) })
        for r in 0..<t.rowCount {
            #expect(t.name(r) == inPlace.name(r))
            #expect(t.extras(r) == inPlace.extras(r))
            #expect(t.allocations(r).map { t.peers[$0].id } == inPlace.allocations(r).map { inPlace.peers[$0].id })
            for p in 0..<t.peerCount {
                let q = try #require(inPlace.peerIndex(t.peers[p].id))
                #expect(t.statusName(t.status(r, peer: p)) == inPlace.statusName(inPlace.status(r, peer: q)))
                #expect(t.entryTime(r, peer: p) == inPlace.entryTime(r, peer: q))
                #expect(t.errorText(r, peer: p) == inPlace.errorText(r, peer: q))
            }
        }
        let counted = t.recount(), kept = t.counters
        #expect(counted.pinsByWorst == kept.pinsByWorst && counted.entries == kept.entries)
    }

    @Test func aMalformedLongLineFailsTheStreamAtTheSamePlaceAsInPlace() async throws {
        var huge = Self.hugeLine(bytes: 2_000_000)
        huge.insert(contentsOf: "\"oops\" ", at: huge.index(huge.endIndex, offsetBy: -3))
        let body = Self.body(huge: huge)
        var expected = ""
        do { _ = try Self.readInPlace(body) } catch { expected = String(describing: error) }
        #expect(expected.contains("line 2"))

        var s = Fixture.state()
        s.pins.offloadLineBytes = ConsoleUpdate.offloadLineBytes
        let g = Fixture.begin(&s, .fullPins)
        var job: LargeLineJob?
        for c in Self.chunks(body) {
            for case .decodeLargeLine(_, _, let j) in ConsoleUpdate.update(&s, .pinChunk(.fullPins, generation: g, bytes: c), now: Fixture.t0) {
                job = j
            }
        }
        let j = try #require(job)
        let answer = await Task.detached { j.run() }.value
        let effects = ConsoleUpdate.update(&s, .largeLineDecoded(.fullPins, generation: g, answer), now: Fixture.t0)
        #expect(effects == [.cancel(.fullPins)])
        #expect(s.freshness(.fullPins).lastError == expected)
        #expect(s.pins.table.liveCount == 1, "the line before the malformed one stays")
    }

    @Test func anAnswerForAReplacedStreamIsIgnored() async throws {
        var s = Fixture.state()
        s.pins.offloadLineBytes = 1000
        let g = Fixture.begin(&s, .fullPins)
        let body = Array((Self.hugeLine(bytes: 2000) + "\n").utf8)
        let effects = ConsoleUpdate.update(&s, .pinChunk(.fullPins, generation: g, bytes: body), now: Fixture.t0)
        guard case .decodeLargeLine(_, _, let job)? = effects.first else { Issue.record("no job: \(effects)"); return }
        _ = ConsoleUpdate.update(&s, .pinStreamEnded(.fullPins, generation: g, error: "connection reset"), now: Fixture.t0)
        let g2 = Fixture.begin(&s, .fullPins, at: Fixture.t0.addingTimeInterval(1))
        #expect(g2 != g)
        _ = ConsoleUpdate.update(&s, .largeLineDecoded(.fullPins, generation: g, job.run()), now: Fixture.t0.addingTimeInterval(1))
        #expect(s.pins.table.row(cid: Fixture.cidB) == nil)
    }
}
