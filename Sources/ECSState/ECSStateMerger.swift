import Foundation

/// Merges the documents of many files into one snapshot. Copies of the same object in several
/// files are normal (one describe-tasks file per service, overlapping exports), so each kind has a
/// rule for which copy wins.
public enum ECSStateMerger {
    /// - Parameters:
    ///   - files: the last good read of each file.
    ///   - statuses: per-file status (problems, refreshing) to carry into the snapshot.
    ///   - previous: the snapshot before; tasks it had that vanished or turned MISSING are kept, stale.
    public static func merge(files: [ECSExportFile], statuses: [ECSFileStatus] = [],
                             directoryProblem: ECSExportProblem? = nil, previous: ECSSnapshot? = nil) -> ECSSnapshot {
        var snapshot = ECSSnapshot()
        var tasks: [String: (task: ECSTask, modified: Date?)] = [:]
        var services: [String: ECSService] = [:]
        var clusters: [String: ECSCluster] = [:]
        for file in files.sorted(by: { $0.path < $1.path }) {
            snapshot.notes += file.notes
            if let m = file.modified, m > (snapshot.exportedAt ?? .distantPast) { snapshot.exportedAt = m }
            for doc in file.documents {
                for task in doc.tasks {
                    if let existing = tasks[task.id], !isNewer(task, file.modified, than: existing.task, existing.modified) { continue }
                    tasks[task.id] = (task, file.modified)
                }
                for service in doc.services {
                    services[service.name] = services[service.name].map { mergeService($0, service) } ?? service
                }
                for cluster in doc.clusters { clusters[cluster.name] = cluster }
                for definition in doc.taskDefinitions {
                    if let existing = snapshot.taskDefinitions[definition.id], existing.registeredAt != nil,
                       definition.registeredAt == nil { continue }
                    snapshot.taskDefinitions[definition.id] = definition
                }
                if doc.kind == .listTasks { snapshot.listedTaskARNs.formUnion(doc.listedARNs) }
                snapshot.failures += doc.failures
            }
        }
        // Keep what earlier snapshots knew about tasks that are now gone (MISSING after an hour, or
        // their file was rewritten without them): an operator still needs the last word on them.
        if let previous {
            for old in previous.tasks where tasks[old.id] == nil {
                tasks[old.id] = (old, nil)
                snapshot.staleTaskIDs.insert(old.id)
            }
        }
        for failure in snapshot.failures {
            if let arn = failure.arn, tasks[ECSARN.lastSegment(arn)] != nil, ECSARN.isTaskARN(arn) {
                snapshot.staleTaskIDs.insert(ECSARN.lastSegment(arn))
            }
        }
        let aws = AWSStateMerger.merge(files: files)
        snapshot.aws = aws.snapshot
        snapshot.notes += aws.notes
        snapshot.tasks = tasks.values.map(\.task).sorted(by: displayOrder)
        snapshot.services = services.values.sorted { $0.name < $1.name }
        snapshot.clusters = clusters.values.sorted { $0.name < $1.name }
        snapshot.files = statuses.sorted { $0.path < $1.path }
        snapshot.problems = (directoryProblem.map { [$0] } ?? []) + snapshot.files.compactMap(\.problem)
        return snapshot
    }

    /// Highest `version` wins; without versions the latest lifecycle time, then the newer file.
    static func isNewer(_ a: ECSTask, _ aModified: Date?, than b: ECSTask, _ bModified: Date?) -> Bool {
        if let va = a.version, let vb = b.version, va != vb { return va > vb }
        if a.version != nil, b.version == nil { return true }
        if a.version == nil, b.version != nil { return false }
        let ta = [a.stoppedAt, a.startedAt, a.createdAt].compactMap { $0 }.max()
        let tb = [b.stoppedAt, b.startedAt, b.createdAt].compactMap { $0 }.max()
        if let ta, let tb, ta != tb { return ta > tb }
        if ta != nil, tb == nil { return true }
        if ta == nil, tb != nil { return false }
        if a.lastStatus == .stopped, b.lastStatus != .stopped { return true }
        if b.lastStatus == .stopped, a.lastStatus != .stopped { return false }
        return (aModified ?? .distantPast) >= (bModified ?? .distantPast)
    }

    /// Newest deployment update wins for the body; events of both copies are merged by id.
    static func mergeService(_ a: ECSService, _ b: ECSService) -> ECSService {
        let aNewer = (a.freshness ?? .distantPast) > (b.freshness ?? .distantPast)
        var winner = aNewer ? a : b
        var seen = Set<String>()
        winner.events = (a.events + b.events).filter { seen.insert($0.id).inserted }.sortedNewestFirst()
        return winner
    }

    static func displayOrder(_ a: ECSTask, _ b: ECSTask) -> Bool {
        if a.isActive != b.isActive { return a.isActive }
        let ka = a.isActive ? (a.startedAt ?? a.createdAt) : (a.stoppedAt ?? a.stoppingAt ?? a.startedAt)
        let kb = b.isActive ? (b.startedAt ?? b.createdAt) : (b.stoppedAt ?? b.stoppingAt ?? b.startedAt)
        if ka != kb { return (ka ?? .distantPast) > (kb ?? .distantPast) }
        if a.serviceName != b.serviceName { return (a.serviceName ?? "~") < (b.serviceName ?? "~") }
        return a.id < b.id
    }
}
