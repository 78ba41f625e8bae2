import Foundation

/// Reads a metric's identity out of a label. `export-ecs-state` labels every query
/// `Namespace MetricName Dim=Value[,Dim=Value] Stat` (CloudWatch returns labels as given), so its
/// results are self-describing even without the queries file. A plain label (`CPUUtilization`,
/// the default) gives the metric name alone.
enum MetricLabel {
    static let stats: Set<String> = ["Minimum", "Maximum", "Average", "Sum", "SampleCount"]

    static func isStat(_ s: String) -> Bool {
        stats.contains(s) || (s.first.map { "pt".contains($0) } == true && Double(s.dropFirst()) != nil)
    }

    static func parse(_ label: String) -> MetricIdentity {
        let tokens = label.split(separator: " ").map(String.init)
        var namespace: String?
        var name: String?
        var dims: [String: String] = [:]
        var stat: String?
        for t in tokens {
            if t.contains("=") {
                for pair in t.split(separator: ",") {
                    let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    if kv.count == 2 { dims[kv[0]] = kv[1] }
                }
            } else if namespace == nil, name == nil, t.contains("/") {
                namespace = t
            } else if name == nil {
                name = t
            } else if isStat(t) {
                stat = t
            }
        }
        guard let name, tokens.count > 1 else { return MetricIdentity(metricName: label) }
        return MetricIdentity(namespace: namespace, metricName: name, dimensions: dims, stat: stat)
    }

    /// Resource ids in a file name (`...-fs-0123abcd.json`), for `get-metric-statistics` outputs
    /// that name no dimensions.
    static func dimensionsFromFileName(_ name: String) -> [String: String] {
        var out: [String: String] = [:]
        let stem = name.hasSuffix(".json") ? String(name.dropLast(5)) : name
        if let r = stem.range(of: #"fs-[0-9a-f]{8,17}"#, options: .regularExpression) { out["FileSystemId"] = String(stem[r]) }
        return out
    }
}
