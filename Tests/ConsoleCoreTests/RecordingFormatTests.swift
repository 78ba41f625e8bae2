import ClusterAPI
import Foundation
import Testing
@testable import ConsoleCore

/// The recording file: every event kind round-trips exactly, chunks are independently
/// decodable, damage is reported at its byte offset with everything before it kept.
@Suite struct RecordingFormatTests {
    @Test func everyEventKindRoundTripsWithItsExactTime() async throws {
        let dir = RecordingFixture.dir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let events = RecordingFixture.allKinds()
        let path = dir + "/a.iccrec"
        try await RecordingFixture.record(events, options: RecordingOptions(path: path))
        let r = try RecordingReader.read(path: path)
        #expect(r.problem == nil)
        #expect(r.header.settings.contextName == "test")
        #expect(r.header.checkpoint == nil)
        #expect(r.events.map(\.time) == events.map(\.time))
        #expect(try RecordingFixture.encoded(r.events) == RecordingFixture.encoded(events))
        // The non-UTF-8 pin chunk comes back byte for byte.
        guard case .pinChunk(_, _, let bytes) = r.events[7].event else { Issue.record("not a chunk"); return }
        #expect(bytes == [0xff, 0xfe, 0x00, 0x41])
    }

    @Test func derivedAnswersAreNotRecorded() throws {
        #expect(!ConsoleEvent.impactComputed(ImpactJob.Answer(key: .init(unavailable: [], tableVersion: 0), report: ImpactReport(), at: Fixture.t0)).isRecorded)
        #expect(ConsoleEvent.tick.isRecorded)
    }

    @Test func anUnknownEventKindIsSkippedAndCounted() throws {
        let line = Array(#"{"t":1,"e":{"k":"fromTheFuture","x":1}}"#.utf8)
        let ok = try RecordingChunks.line(TimedEvent(time: Fixture.t0, event: .tick), encoder: RecordingChunks.encoder(),
                                          redactor: RecordingRedactor())
        let header = try RecordingChunks.line(HeaderLine(header: RecordingHeader(startedAt: Fixture.t0, settings: RecordedSettings(Fixture.state().settings),
                                                                                 checkpoint: nil, writer: "t")),
                                              encoder: RecordingChunks.encoder(), redactor: RecordingRedactor())
        let bytes = RecordingFormat.magic + (try RecordingChunks.chunk(lines: header + [10] + line + [10] + ok))
        let r = try RecordingReader.read(bytes: bytes)
        #expect(r.skippedUnknown == 1)
        #expect(r.events.count == 1)
        #expect(r.problem == nil)
    }

    /// Three chunks (one per flush); cutting or damaging the last keeps the first two.
    func threeChunkFile() async throws -> (bytes: [UInt8], chunkOffsets: [Int], events: [TimedEvent]) {
        let dir = RecordingFixture.dir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/c.iccrec"
        // chunkBytes 1: every event is written as its own chunk.
        let events = Array(RecordingFixture.allKinds().prefix(3))
        try await RecordingFixture.record(events, options: RecordingOptions(path: path, chunkBytes: 1))
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        var offsets: [Int] = []
        var o = RecordingFormat.magic.count
        while o < bytes.count {
            offsets.append(o)
            o += RecordingFormat.chunkHeaderSize + Int(bytes[...].readLE(at: o + 4))
        }
        #expect(o == bytes.count)
        return (bytes, offsets, events)
    }

    @Test func aTruncatedRecordingNamesTheOffsetAndReplaysWhatCameBefore() async throws {
        let (bytes, offsets, events) = try await threeChunkFile()
        #expect(offsets.count == 4)  // header + 3 events
        let last = offsets[3]
        for cut in [last + 3, last + 10, bytes.count - 1] {
            let r = try RecordingReader.read(bytes: Array(bytes[0..<cut]))
            #expect(r.problem == .truncated(offset: last))
            #expect(r.events.count == 2)
            #expect(try RecordingFixture.encoded(r.events) == RecordingFixture.encoded(Array(events.prefix(2))))
            #expect(r.problem?.description.contains("byte \(last)") == true)
        }
    }

    @Test func aCorruptChunkNamesTheOffsetAndReplaysWhatCameBefore() async throws {
        let (bytes, offsets, _) = try await threeChunkFile()
        var damaged = bytes
        damaged[offsets[2] + RecordingFormat.chunkHeaderSize + 2] ^= 0x55
        let r = try RecordingReader.read(bytes: damaged)
        #expect(r.problem == .corrupt(offset: offsets[2], reason: "checksum mismatch"))
        #expect(r.events.count == 1)
        var marker = bytes
        marker[offsets[3]] = UInt8(ascii: "X")
        #expect(try RecordingReader.read(bytes: marker).problem == .corrupt(offset: offsets[3], reason: "no chunk marker"))
        var huge = bytes
        huge[offsets[3] + 7] = 0x7f
        #expect(try RecordingReader.read(bytes: huge).problem?.description.contains("over the limit") == true)
    }

    @Test func notARecordingAndAMissingHeaderAreClearErrors() throws {
        #expect(throws: RecordingError.notARecording(path: "recording")) { try RecordingReader.read(bytes: Array("hello".utf8)) }
        #expect(throws: RecordingError.truncated(offset: 8)) { try RecordingReader.read(bytes: RecordingFormat.magic + [1, 2]) }
        #expect(throws: RecordingError.self) { try RecordingReader.read(path: "/nonexistent/x.iccrec") }
    }

    /// Random cuts and byte flips: the reader never crashes, never hangs, and what it returns
    /// is a prefix of the recording.
    @Test func randomDamageNeverCrashesAndKeepsAPrefix() async throws {
        let (bytes, _, events) = try await threeChunkFile()
        let all = try RecordingFixture.encoded(events)
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var b = Array(bytes[0..<Int.random(in: 0...bytes.count, using: &rng)])
            if !b.isEmpty && Bool.random(using: &rng) { b[Int.random(in: 0..<b.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng) }
            guard let r = try? RecordingReader.read(bytes: b) else { continue }
            let got = try RecordingFixture.encoded(r.events)
            #expect(Array(all.prefix(got.count)) == got)
        }
    }

    @Test func timesAreParsedAsOperatorsTypeThem() {
        let start = Date(timeIntervalSince1970: 1_779_357_600 + 125)  // 10:02:05 UTC
        #expect(RecordingTime.parse("+90", start: start) == start.addingTimeInterval(90))
        #expect(RecordingTime.parse("+5m", start: start) == start.addingTimeInterval(300))
        #expect(RecordingTime.parse("10:03", start: start) == Date(timeIntervalSince1970: 1_779_357_600 + 180))
        #expect(RecordingTime.parse("2026-05-21T10:00:30Z", start: start) == Date(timeIntervalSince1970: 1_779_357_630))
        #expect(RecordingTime.parse("soon", start: start) == nil)
        #expect(RecordingTime.parse("25:00", start: start) == nil)
    }
}
