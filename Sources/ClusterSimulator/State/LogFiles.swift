import Foundation

/// Per-container log files laid out like awslogs streams:
/// `<dir>/<stream-prefix>/<container>/<task-id>.log` (prefix = container name, as in the template).
///
/// Why files per task: the log pane correlates lines to tasks and peers by the stream name, and a
/// replaced task starts a new stream exactly as CloudWatch shows it.
final class LogFiles {
    let directory: String
    private var pending: [String: [String]] = [:]
    private var order: [String] = []

    init(directory: String) {
        self.directory = directory
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func path(container: String, task: String) -> String { "\(directory)/\(container)/\(container)/\(task).log" }

    func append(ecsTask: String?, container: String, lines: [String]) {
        guard let task = ecsTask else { return }
        let p = path(container: container, task: task)
        if pending[p] == nil { order.append(p) }
        pending[p, default: []].append(contentsOf: lines)
    }

    /// Appends buffered lines to their files (called once per model tick).
    func flush() {
        guard !pending.isEmpty else { return }
        for p in order {
            guard let lines = pending[p], !lines.isEmpty else { continue }
            let text = lines.joined(separator: "\n") + "\n"
            let dir = (p as NSString).deletingLastPathComponent
            if !FileManager.default.fileExists(atPath: dir) {
                try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            }
            if !FileManager.default.fileExists(atPath: p) { _ = FileManager.default.createFile(atPath: p, contents: nil) }
            if let h = FileHandle(forWritingAtPath: p) {
                h.seekToEndOfFile()
                h.write(Data(text.utf8))
                try? h.close()
            }
        }
        pending.removeAll(keepingCapacity: true)
        order.removeAll(keepingCapacity: true)
    }
}
