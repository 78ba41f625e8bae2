import Foundation

/// The console's core without a screen, for a while, recording every event: how the demo's
/// scenarios are saved as recordings (`simulate --record FILE --duration N`) for tests and
/// training.
///
/// Why the same loop as the console's: the recording must be what the console would have
/// received (the same ticks every second, the same runner, the same update), so that replaying
/// it in the console shows what an operator watching would have seen.
public enum HeadlessRecording {
    /// Runs for `duration` seconds; returns how many events were recorded.
    public static func run(settings: ConsoleSettings, duration: Double, recorder: EventRecorder,
                           makeSink: (@escaping @Sendable (ConsoleEvent) -> Void) -> any EffectSink,
                           clock: @escaping @Sendable () -> Date = { Date() }) async -> Int {
        let (stream, continuation) = AsyncStream.makeStream(of: ConsoleEvent.self)
        let sink = makeSink { continuation.yield($0) }
        let ticker = Task.detached {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                continuation.yield(.tick)
            }
        }
        let end = clock().addingTimeInterval(duration)
        let stopper = Task.detached {
            try? await Task.sleep(for: .seconds(duration))
            continuation.finish()
        }
        var state = ConsoleState(settings: settings)
        var count = 0
        func apply(_ event: ConsoleEvent) async {
            let now = clock()
            let effects = ConsoleUpdate.update(&state, event, now: now)
            recorder.record(TimedEvent(time: now, event: event), sync: RecordingCheckpoint(state: state))
            count += 1
            await sink.run(effects)
        }
        await apply(.intent(.start))
        for await event in stream {
            await apply(event)
            if clock() >= end { break }
        }
        ticker.cancel()
        stopper.cancel()
        await apply(.intent(.stop))
        await recorder.stop()
        return count
    }
}
