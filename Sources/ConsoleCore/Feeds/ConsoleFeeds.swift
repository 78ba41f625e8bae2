import Foundation
import LogTail

/// Where the ECS and log feeds read from: the demo simulator's state directory, or a context's
/// `ecs-dir` and `logs`.
public struct ConsoleFeeds: Sendable, Hashable {
    public var ecsDirectory: String?
    public var logTargets: [FollowTarget]

    public init(ecsDirectory: String?, logTargets: [FollowTarget]) {
        self.ecsDirectory = ecsDirectory
        self.logTargets = logTargets
    }

    /// Both inputs of a simulator state directory.
    public init(stateDirectory: String) {
        let d = DemoStateDir(root: stateDirectory)
        self.init(ecsDirectory: d.ecsDirectory, logTargets: d.logTargets)
    }
}

/// Demo-only control of the in-process simulator (`:sim freeze NAME`...). The executable
/// provides it; the core only carries the verb to it as an effect.
public protocol SimulatorControl: Sendable {
    /// Runs `verb` (`freeze`, `resume`, `stop`, `start`, `ipfs-down`, `ipfs-up`) on `peer`;
    /// returns a sentence for the notice.
    func perform(_ verb: String, peer: String) async throws -> String
    /// Verbs accepted, for help and error messages.
    var verbs: [String] { get }
}
