import Foundation

/// The console's flight recorder: `record` is called on the loop for every event the core
/// receives (in order, without waiting); one task encodes, compresses and writes, flushing at
/// least every `flushSeconds`.
///
/// Why a stream and one task: the loop must never wait for a disk, and the file's order must be
/// the loop's order (separate tasks per event would not keep it).
public final class EventRecorder: Sendable {
    enum Item: Sendable {
        case event(TimedEvent, RecordingCheckpoint)
        case flush
    }

    public let path: String
    private let continuation: AsyncStream<Item>.Continuation
    private let task: Task<Void, Never>
    private let timer: Task<Void, Never>

    /// Opens the file (errors here are the operator's: a bad path, no permission) and starts
    /// the writing task. `onProblem` is told once if writing fails later (disk full); the
    /// recording then stops.
    public init(options: RecordingOptions, settings: ConsoleSettings, writerVersion: String, startedAt: Date,
                checkpoint: RecordingCheckpoint? = nil, primer: RecordingPrimer = RecordingPrimer(),
                onProblem: @escaping @Sendable (String) -> Void = { _ in }) throws {
        var file = try RecordingFile(options: options, settings: settings, writerVersion: writerVersion, startedAt: startedAt,
                                     checkpoint: checkpoint, primer: primer)
        path = options.path
        let (stream, continuation) = AsyncStream.makeStream(of: Item.self)
        self.continuation = continuation
        task = Task.detached {
            var failed = false
            for await item in stream where !failed {
                do {
                    switch item {
                    case .event(let e, let sync): try file.append(e, sync: sync)
                    case .flush: try file.flush()
                    }
                } catch {
                    failed = true
                    onProblem("recording stopped: \(error)")
                }
            }
            if !failed { try? file.flush() }
            file.close()
        }
        let interval = options.flushSeconds
        timer = Task.detached {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(interval))
                continuation.yield(.flush)
            }
        }
    }

    /// Queues one event; `sync` is the state's schedule after it (for a rotated file's checkpoint).
    public func record(_ event: TimedEvent, sync: RecordingCheckpoint) {
        guard event.event.isRecorded else { return }
        continuation.yield(.event(event, sync))
    }

    /// Writes what is pending and closes the file.
    public func stop() async {
        timer.cancel()
        continuation.finish()
        await task.value
    }
}
