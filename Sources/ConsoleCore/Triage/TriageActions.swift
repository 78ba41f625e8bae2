import Foundation

/// Next steps per block.
public enum TriageActions {
    public static func suggest(for p: PeerEvidence, verdicts: [Verdict]) -> [SuggestedAction] {
        var out: [SuggestedAction] = []
        let rules = Set(verdicts.map(\.rule))
        if p.pinsInError > 0 {
            out.append(SuggestedAction(key: "r", label: "recover its \(TriageText.plural(p.pinsInError, "pin")) in error", kind: .recoverPins, target: p.id))
            out.append(SuggestedAction(key: "e", label: "show its pins in error", kind: .openPinsInError, target: p.id))
        }
        out.append(SuggestedAction(key: "l", label: "open its logs filtered to errors", kind: .openLogs, target: p.id))
        if let task = p.currentTask ?? p.previousTask {
            out.append(SuggestedAction(key: "t", label: "open its task \(task.shortID)", kind: .openTask, target: task.taskID))
        }
        if p.missingSince != nil || rules.contains("split-cluster") || rules.contains("peer-stopped") {
            out.append(SuggestedAction(key: "X", label: "remove it from the cluster (asks for confirmation)", kind: .removePeer, target: p.id))
        }
        return out
    }
}
