import Foundation

/// Scenario hooks for the AWS resources around the cluster (see `AWSWorld`).
extension ClusterModel {
    /// The AZ's EFS file system spends its burst credits so they run out in `seconds` (simulated).
    func drainEFS(az: String, seconds: Double) {
        aws?.advance(to: wall(now), peers: peers)
        aws?.drainEFS(az: az, seconds: seconds)
        scenarioLog.append("\(TimeFormat.rfc3339Nano(wall(now))) efs-drain \(az) \(Int(seconds)) s")
    }

    /// The load balancer's view of peer `i`'s targets (both target groups).
    func setTarget(_ i: Int, state: String, reason: String?, description: String?) {
        aws?.setTarget(peer: i, state: state, reason: reason, description: description)
        scenarioLog.append("\(TimeFormat.rfc3339Nano(wall(now))) alb \(peers[i].name) \(state)")
    }

    /// Peer `i`'s task uses `share` of its memory reservation (Container Insights).
    func setMemory(_ i: Int, share: Double) {
        aws?.setMemory(peer: i, share: share)
        scenarioLog.append("\(TimeFormat.rfc3339Nano(wall(now))) memory \(peers[i].name) \(Int(share * 100)) %")
    }
}
