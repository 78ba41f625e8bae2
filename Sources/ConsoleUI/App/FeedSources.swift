import ConsoleCore
import Foundation
import LogTail

/// Where the ECS and logs panes read from: an ECS export directory and log follow targets.
///
/// Why separate from `ConsoleSettings`: these come from `--ecs-dir`/`--logs`, the context config or
/// the demo's state directory, and only the UI's panes consume them; the core never reads files.
public struct FeedSources: Sendable, Equatable {
    public var ecsDirectory: String?
    public var logTargets: [FollowTarget]
    /// Where the follower starts: the demo reads whole files (short, and the incident is in them);
    /// real logs start near their end.
    public var fromBeginning: Bool

    public init(ecsDirectory: String? = nil, logTargets: [FollowTarget] = [], fromBeginning: Bool = false) {
        self.ecsDirectory = ecsDirectory
        self.logTargets = logTargets
        self.fromBeginning = fromBeginning
    }

    /// From flags or the context config: `--logs` arguments may be files, globs or directories.
    public init(ecsDirectory: String?, logPaths: [String]) {
        self.init(ecsDirectory: ecsDirectory, logTargets: logPaths.map(FollowTarget.from(argument:)))
    }

    /// The simulator's state directory (`--demo`).
    public init(demo: DemoStateDir) {
        self.init(ecsDirectory: demo.ecsDirectory, logTargets: demo.logTargets, fromBeginning: true)
    }

    public var isEmpty: Bool { ecsDirectory == nil && logTargets.isEmpty }
}

/// The running feeds of one console session; released (and stopped) with the session.
final class FeedHandles: Sendable {
    let ecs: ECSFeed?
    let logs: LogFeed?

    init(ecs: ECSFeed?, logs: LogFeed?) {
        self.ecs = ecs
        self.logs = logs
    }

    func cancel() {
        ecs?.cancel()
        logs?.cancel()
    }
}
