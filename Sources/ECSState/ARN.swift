import Foundation

/// Helpers for the ARN forms ECS prints; ids are always the last `/` segment.
public enum ECSARN {
    /// Task id from `task/<cluster>/<id>` or the legacy `task/<uuid>`; returns the input when it has no `/`.
    public static func lastSegment(_ arn: String) -> String {
        guard let slash = arn.lastIndex(of: "/") else { return arn }
        return String(arn[arn.index(after: slash)...])
    }

    /// `family:revision` from `...:task-definition/<family>:<revision>` (or the input if it has no `/`).
    public static func taskDefinitionName(_ arn: String) -> String { lastSegment(arn) }

    /// Cluster name from a cluster ARN (`...:cluster/<name>`).
    public static func clusterName(_ arn: String) -> String { lastSegment(arn) }

    /// True for strings that look like an ECS task ARN (used to recognise reshaped list output).
    public static func isTaskARN(_ s: String) -> Bool { s.hasPrefix("arn:") && s.contains(":task/") }
}

extension JSONValue {
    /// Reads `[{"name": n, "value": v}]` pair lists (ENI details, attributes, environment, settings).
    /// Keeps every pair in order: the template defines CLUSTER_PEERNAME twice and both copies matter.
    var namedValuePairs: [(name: String, value: String)] {
        (arrayValue ?? []).compactMap { item in
            guard let name = item["name"]?.stringValue else { return nil }
            let value: String
            switch item["value"] {
            case .string(let s)?: value = s
            case .number(_, let text)?: value = text
            case .bool(let b)?: value = b ? "true" : "false"
            default: value = ""
            }
            return (name, value)
        }
    }
}
