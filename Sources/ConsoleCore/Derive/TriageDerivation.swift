import Foundation

/// The triage result derived from the state, memoised on `ConsoleState.triageInputVersion`.
///
/// Why a separate value beside the state: the result is a function of the state, recomputed
/// only when an input changed and at most about once a second (a log flood bumps the inputs
/// constantly; verdicts need not follow every line). The impact pass scans the whole pin table,
/// so a large table's impact is computed off the loop (`ImpactJob`) and the previous numbers stay
/// on screen until the new ones arrive.
public struct TriageDerivation: Sendable {
    public private(set) var result: TriageResult?
    public private(set) var evidence: TriageEvidence?
    /// The last raw lines each peer logged, for the incident snapshot.
    public private(set) var lastLines: [String: [String]] = [:]
    public private(set) var computedVersion = -1
    var computedAt: Date?
    public private(set) var impact: ImpactReport?
    var impactUnavailable: Set<String> = []
    var impactTableVersion: UInt64 = 0
    var impactAt: Date?
    /// The job handed out and not answered yet (one at a time).
    var impactPending: ImpactJob.Key?

    /// Impact older than this is recomputed when the table changed meanwhile.
    public static let impactMaxAge: TimeInterval = 10
    /// Pin tables up to this many rows get their impact inline (a few milliseconds).
    public static let inlineImpactRows = 50_000

    public init() {}

    /// Recomputes when an input changed since the last run (`force` ignores the once-a-second
    /// throttle: a snapshot must show the newest state). Returns a job when the impact must be
    /// recomputed off the loop; hand its answer to `take(_:)`.
    public mutating func refresh(_ state: ConsoleState, force: Bool = false) -> ImpactJob? {
        let now = state.now
        guard computedVersion != state.triageInputVersion || result == nil else { return nil }
        if !force, let at = computedAt, result != nil, now >= at, now.timeIntervalSince(at) < 1 { return nil }
        let (evidence, lastLines) = IncidentEvidence.build(state)
        self.evidence = evidence
        self.lastLines = lastLines
        let unavailable = TriageEngine.unavailablePeers(evidence)
        let table = state.pins.table
        let stale = impactTableVersion != table.version && (impactAt.map { abs(now.timeIntervalSince($0)) >= Self.impactMaxAge } ?? true)
        var job: ImpactJob?
        if impact == nil || impactUnavailable != unavailable || stale {
            let key = ImpactJob.Key(unavailable: unavailable, tableVersion: table.version)
            if table.rowCount <= Self.inlineImpactRows {
                record(ImpactCalculator.compute(table, unhealthy: unavailable), key, at: now)
            } else if impactPending != key {
                impactPending = key
                job = ImpactJob(key: key, table: table, at: now)
            }
        }
        result = TriageEngine.run(evidence, impact: impact ?? ImpactReport())
        computedVersion = state.triageInputVersion
        computedAt = now
        return job
    }

    /// An impact computed off the loop; the next refresh uses it.
    public mutating func take(_ answer: ImpactJob.Answer) {
        if impactPending == answer.key { impactPending = nil }
        record(answer.report, answer.key, at: answer.at)
        computedVersion = -1
    }

    private mutating func record(_ report: ImpactReport, _ key: ImpactJob.Key, at: Date) {
        impact = report
        impactUnavailable = key.unavailable
        impactTableVersion = key.tableVersion
        impactAt = at
    }
}

/// One impact pass over a copy of the pin table (copy-on-write: no copy unless the table changes
/// meanwhile), to run off the loop.
public struct ImpactJob: Sendable {
    public struct Key: Sendable, Hashable {
        public var unavailable: Set<String>
        public var tableVersion: UInt64
    }

    public struct Answer: Sendable {
        public var key: Key
        public var report: ImpactReport
        public var at: Date
    }

    public let key: Key
    let table: PinTable
    let at: Date

    public func run() -> Answer {
        Answer(key: key, report: ImpactCalculator.compute(table, unhealthy: key.unavailable), at: at)
    }
}
