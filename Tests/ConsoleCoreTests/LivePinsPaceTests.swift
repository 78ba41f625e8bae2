import ClusterAPI
import Foundation
import Testing
@testable import ConsoleCore

/// The live pins poll keeps `--refresh` while its answers are small and is spaced out when they
/// weigh megabytes or take long: plain values, explicit times.
@Suite struct LivePinsPaceTests {
    static func at(_ s: Double) -> Date { Fixture.t0.addingTimeInterval(s) }

    static func startsLivePins(_ effects: [Effect]) -> Bool {
        effects.contains { if case .fetch(.activePins, _) = $0 { return true }; return false }
    }

    /// One live pins answer from `start` to `start + seconds` made of `copies` pin lines in error.
    static func livePins(_ state: inout ConsoleState, from start: Double, seconds: Double, copies: Int) -> Int {
        let g = Fixture.begin(&state, .activePins, at: at(start))
        let line = Array((Fixture.globalPin(Fixture.cidA, name: "a", [(Fixture.p1, "pin_error", "boom")]) + "\n").utf8)
        var body: [UInt8] = []
        for _ in 0..<copies { body += line }
        _ = ConsoleUpdate.update(&state, .pinChunk(.activePins, generation: g, bytes: body), now: at(start + seconds / 2))
        _ = ConsoleUpdate.update(&state, .pinStreamEnded(.activePins, generation: g, error: nil), now: at(start + seconds))
        return body.count
    }

    @Test func aSmallAnswerKeepsTheRefreshCadence() {
        var s = Fixture.state()
        _ = Self.livePins(&s, from: 0, seconds: 0.05, copies: 10)
        #expect(LivePinsPace.interval(s) == 2)
        #expect(LivePinsPace.slowed(s) == nil)
        #expect(!Self.startsLivePins(ConsoleUpdate.update(&s, .tick, now: Self.at(1.9))))
        #expect(Self.startsLivePins(ConsoleUpdate.update(&s, .tick, now: Self.at(2))))
    }

    @Test func megabytesOfErrorsSpaceThePollOutByItsBytes() {
        var s = Fixture.state()
        let bytes = Self.livePins(&s, from: 0, seconds: 0.05, copies: 4000)
        let expected = Double(bytes) / LivePinsPace.bytesPerSecond
        #expect(expected > 5)
        #expect(abs(LivePinsPace.interval(s) - expected) < 1e-9)
        #expect(LivePinsPace.slowed(s) == "every " + TriageText.span(expected))
        // Due from the last start, not at the plain 2 s.
        #expect(!Self.startsLivePins(ConsoleUpdate.update(&s, .tick, now: Self.at(2))))
        #expect(!Self.startsLivePins(ConsoleUpdate.update(&s, .tick, now: Self.at(expected - 0.1))))
        #expect(Self.startsLivePins(ConsoleUpdate.update(&s, .tick, now: Self.at(expected))))
    }

    @Test func aSlowSmallAnswerKeepsTheCadence() {
        // 15 s: the call waited for a frozen peer. The live view matters most then.
        var s = Fixture.state()
        _ = Self.livePins(&s, from: 0, seconds: 15, copies: 10)
        #expect(LivePinsPace.interval(s) == 2)
        #expect(Self.startsLivePins(ConsoleUpdate.update(&s, .tick, now: Self.at(15))))
    }

    @Test func theCadenceComesBackWhenTheErrorsAreGone() {
        var s = Fixture.state()
        _ = Self.livePins(&s, from: 0, seconds: 0.05, copies: 4000)
        #expect(LivePinsPace.interval(s) > 5)
        _ = Self.livePins(&s, from: 10, seconds: 0.05, copies: 1)
        #expect(LivePinsPace.interval(s) == 2)
    }
}
