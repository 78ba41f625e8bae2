import ECSState
import Foundation

/// A local input (a `--logs` file or folder, an ECS export) that could not be read as given,
/// named with its reason, as the header and the snapshot show it.
public struct InputProblem: Sendable, Equatable {
    public var text: String
    /// Information rather than a fault: a missing log file is waited for, an empty export means
    /// "no data yet".
    public var isInformation: Bool
}

extension ConsoleState {
    /// Every current local input problem: the latest ECS export read's, then the log followers'.
    public var inputProblems: [InputProblem] {
        var out: [InputProblem] = []
        for p in ecs.snapshot?.problems ?? [] {
            out.append(InputProblem(text: "ECS export \(p)", isInformation: p.kind == .empty))
        }
        for p in logs.problems {
            out.append(InputProblem(text: "logs: \(p)", isInformation: logs.informationProblems.contains(p)))
        }
        return out
    }
}
