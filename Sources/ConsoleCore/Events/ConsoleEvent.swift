import ClusterAPI
import ECSState
import Foundation
import LogTail

/// A decoded answer from one of the polled sources.
public enum SourceResult: Codable, Sendable {
    case id(ClusterPeer)
    case peers([ClusterPeer])
    case metrics([Metric])
    case alerts([Alert])
}

/// What the operator asked for, after the UI turned keys into meaning.
public enum ConsoleIntent: Codable, Sendable, Equatable {
    /// `r`: poll every cheap source now (in-flight ones are left alone).
    case refreshNow
    /// Full global `/pins`, streamed, cancellable.
    case refreshAllPins
    case cancelFullRefresh
    case perform(ActionKind)
    case cancelAction(Int)
    /// Fetch `GET /pins/{cid}` and `GET /allocations/{cid}` for the detail screen.
    case loadPinDetail(String)
    /// Start of a session: load saved timelines, start the file feeds.
    case start
    /// End of a session: save timelines, stop the feeds and every call in flight.
    case stop
    /// Write the incident snapshot (built from the state and its derived triage) into a folder.
    case writeSnapshot(IncidentSnapshot, directory: String)
    /// Write log lines (the logs view as filtered) to a file.
    case saveLogs([LogLine], path: String)
    /// Demo only: a simulator control verb on a peer (`:sim freeze IpfsCluster1`).
    case simulator(verb: String, peer: String)
    /// Copy the recording being written (and its rotated files) into a folder, next to an
    /// incident snapshot.
    case copyRecording(path: String, directory: String)
    /// Probe the gateway now (one pin, if none is in flight), whatever the interval: the headless
    /// `snapshot` takes its sample this way.
    case probeGatewayNow
}

/// Everything that can change the console state: answers, failures, stream chunks, timer ticks
/// and user intents. Background tasks only ever send these.
public enum ConsoleEvent: Sendable {
    /// Time passed: schedule polls, enforce deadlines, expire toasts.
    case tick
    case loaded(DataSource, generation: Int, SourceResult)
    case failed(DataSource, generation: Int, message: String)
    /// A response's status line and headers arrived for `source`: who answered and what the
    /// cluster's clock said (its `Date`), sent before the answer's own event.
    case responded(DataSource, ResponseOrigin)
    /// One call to a peer's own API address (direct polling) answered, failed or timed out.
    case direct(DirectAnswer)
    /// A chunk of a pin stream (`/pins`, `/allocations`), fed into the pin table as it arrives.
    case pinChunk(DataSource, generation: Int, bytes: [UInt8])
    /// The stream ended: `error` nil when complete.
    case pinStreamEnded(DataSource, generation: Int, error: String?)
    case pinDetail(cid: String, status: GlobalPinInfo?, pin: Pin?, error: String?)
    case actionProgress(id: Int, done: Int, total: Int)
    case actionFinished(id: Int, outcome: ActionOutcome)
    case intent(ConsoleIntent)
    /// A notice from outside the cluster calls (demo simulator control, configuration).
    case notice(String, level: ConsoleToast.Level)
    /// A new ECS export snapshot (for the tasks and services panes).
    case ecsSnapshot(ECSSnapshot)
    /// New log lines from the followers.
    case logBatch(LogBatch)
    /// Timelines saved by an earlier run of the same context.
    case timelinesLoaded(TriageTimelines)
    /// A derived result computed off the loop (the impact pass over a large pin table). Not core
    /// state: the app hands it to its `TriageDerivation`.
    case impactComputed(ImpactJob.Answer)
    /// A pin query over a large table computed off the loop (view state, like the above).
    case pinQueryComputed(PinQueryJob.Answer)
    /// What `HEAD <gateway>/ipfs/<CID>` answered (or that it did not).
    case gatewayProbed(GatewayProbe)
    /// A long pin stream line read off the loop (`.decodeLargeLine`), to be written into the
    /// table. Not recorded: a replay reads the line in place from the recorded chunks.
    case largeLineDecoded(DataSource, generation: Int, LargeLineJob.Answer)
}

/// Work the update function asks for; the effect runner does it and answers with events.
public enum Effect: Sendable, Equatable {
    /// Call a source; answer with `.loaded`/`.failed` (or chunks + `.pinStreamEnded`).
    case fetch(DataSource, generation: Int)
    /// Abandon a call in flight (deadline passed, refresh cancelled).
    case cancel(DataSource)
    /// Call a per-peer source at one peer's own API address; answer with `.direct`.
    case fetchDirect(url: String, DataSource, generation: Int)
    /// Abandon a direct call in flight (its deadline passed).
    case cancelDirect(url: String, DataSource)
    /// `/pins?cids=` for the watched CIDs, as a pin stream under `.watched`.
    case fetchWatched([String], generation: Int)
    case fetchPinDetail(String)
    case perform(id: Int, ActionKind)
    case cancelAction(Int)
    /// Start following the ECS exports folder and the log files; answers with `.ecsSnapshot`
    /// and `.logBatch` events until `.stopFeeds`.
    case startFeeds(ConsoleFeeds)
    case stopFeeds
    /// Read the timelines a previous run saved; answers with `.timelinesLoaded`.
    case loadTimelines
    /// Persist the timelines (atomically, off the loop).
    case saveTimelines(TriageTimelines)
    /// Answers with a `.notice` naming the files written, or the error.
    case writeSnapshot(IncidentSnapshot, directory: String)
    case saveLogs([LogLine], path: String)
    case simulator(verb: String, peer: String)
    /// Answers with a `.notice` naming the copy.
    case copyRecording(path: String, directory: String)
    /// `HEAD <gateway>/ipfs/<cid>` with the gateway's timeout; answers with `.gatewayProbed`.
    case probeGateway(cid: String)
    /// Cancel everything in flight (end of session or context switch).
    case cancelAll
    /// Read a long pin stream line off the loop; answers with `.largeLineDecoded`.
    case decodeLargeLine(DataSource, generation: Int, LargeLineJob)
}

/// An event with the time it was applied: what replaying a sequence needs to reach the same state.
public struct TimedEvent: Sendable {
    public var time: Date
    public var event: ConsoleEvent
    public init(time: Date, event: ConsoleEvent) {
        self.time = time
        self.event = event
    }
}
