import ClusterAPI
import Foundation

/// The overall deadline of one headless command: `--timeout`, which, as ipfs-cluster-ctl's,
/// bounds the whole call (connect, head, body, token fetch, `--wait`), unlike the client's idle
/// timeout that only counts silence and so never ends a server that drips one byte a second.
///
/// Why a watchdog that exits instead of cancelling the request: cancellation reaches a request
/// only where its code checks for it, and async-http-client's own deadline stops counting once
/// the response head has arrived. A command must never outlive its deadline whatever the server
/// does, so when time is up the watchdog prints the specific error and ends the process with
/// ctl's exit code for a client-side failure (1), without waiting for the stuck call.
struct CommandDeadline: Sendable {
    /// Used when `--timeout` is not given: long enough for a full `status` of a large cluster,
    /// short enough that a cron job never piles up behind a hung peer.
    static let defaultSeconds: Double = 600

    /// nil: no overall deadline (`--timeout 0`, as in ctl).
    let seconds: Double?

    /// - Parameter extraSeconds: time the command is asked to wait on purpose (`--wait-timeout`).
    init(timeout: Double?, extraSeconds: Double = 0) {
        let base = timeout ?? Self.defaultSeconds
        seconds = base == 0 ? nil : base + extraSeconds
    }

    /// Runs `body`; if it is still running when the deadline passes, reports
    /// `ClusterAPIError.deadlineExceeded` through `report` and exits with status 1.
    func enforce<T>(on client: ClusterClient, report: @escaping @Sendable (ClusterAPIError) -> Void,
                    _ body: () async throws -> T) async rethrows -> T {
        guard let seconds else { return try await body() }
        let watchdog = Task.detached {
            do { try await Task.sleep(for: .seconds(seconds)) } catch { return }
            report(ClusterAPIError(.deadlineExceeded(seconds: seconds), context: await client.lastRequest()))
            // _exit, not exit: the stuck call's threads are still running, and nothing is
            // buffered (StandardStreams writes straight to the descriptors).
            _exit(1)
        }
        defer { watchdog.cancel() }
        return try await body()
    }
}
