import Synchronization

/// Why the loop woke up.
enum Wake<Event: Sendable>: Sendable {
    case input
    case resize
    case suspend
    case hangup
    case tick
    /// A frame held back by the data-frame limit is due (see `TerminalRunner`).
    case frame
    case event(Event)
}

/// The loop's inbox: input readiness, signals and app events from any thread, delivered to the
/// loop in batches so a burst of events costs one frame.
///
/// Why a Mutex: producers are a plain poll thread and arbitrary tasks, the consumer is the loop on
/// the main actor; this one small type is the only shared mutable state between them.
final class WakeQueue<Event: Sendable>: Sendable {
    private struct State {
        var pending: [Wake<Event>] = []
        var waiter: CheckedContinuation<[Wake<Event>], Never>?
    }

    private let state = Mutex(State())

    func push(_ wake: Wake<Event>) {
        let resume: (CheckedContinuation<[Wake<Event>], Never>, [Wake<Event>])? = state.withLock { s in
            s.pending.append(wake)
            guard let w = s.waiter else { return nil }
            s.waiter = nil
            let batch = s.pending
            s.pending = []
            return (w, batch)
        }
        if let (w, batch) = resume { w.resume(returning: batch) }
    }

    /// Everything pending right now, without waiting (for the test harness).
    func takePending() -> [Wake<Event>] {
        state.withLock { s in
            let b = s.pending
            s.pending = []
            return b
        }
    }

    /// Waits until something is pending and returns all of it.
    func next() async -> [Wake<Event>] {
        await withCheckedContinuation { (c: CheckedContinuation<[Wake<Event>], Never>) in
            let batch: [Wake<Event>]? = state.withLock { s in
                if s.pending.isEmpty { s.waiter = c; return nil }
                let b = s.pending
                s.pending = []
                return b
            }
            if let batch { c.resume(returning: batch) }
        }
    }
}

/// Handed to the app so background work can reach the loop. Sendable: copy it into tasks.
public struct LoopContext<Event: Sendable>: Sendable {
    let queue: WakeQueue<Event>
    /// Colours the terminal offers after `NO_COLOR`/`--no-color`; adapt the theme with it.
    public let colorDepth: ColorDepth

    /// Delivers `event` to the app's `handle(event:)` on the loop; wakes the loop. Safe from any
    /// thread or task.
    public func post(_ event: Event) { queue.push(.event(event)) }

    /// Calls the app's `tick()` once after `delay`. The loop has no periodic timer of its own, so
    /// an idle console uses no CPU; ask for a tick only when something time-based is on screen.
    public func requestTick(after delay: Duration) {
        let q = queue
        Task.detached {
            try? await Task.sleep(for: delay)
            q.push(.tick)
        }
    }
}
