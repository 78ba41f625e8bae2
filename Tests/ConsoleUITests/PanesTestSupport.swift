import ECSState
import Foundation
import LogTail
import TerminalUI

/// Fixture paths of other test targets, found from this file's location (no bundle needed).
enum PaneFixtures {
    static var testsRoot: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent() }
    static var ecsDeployment: String { testsRoot.appendingPathComponent("ECSStateTests/Fixtures/deployment-3az").path }

    /// The 3-AZ deployment fixture as one snapshot.
    static func deploymentSnapshot() -> ECSSnapshot { ECSDirectoryState.read(directory: ecsDeployment) }
}

/// A fresh directory under the temp dir, removed by `cleanup()`.
struct PaneTempDir {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("panes-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path + "/" + name))
    }
    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

extension CellBuffer {
    /// Row index of the first line containing `text`.
    func row(containing text: String) -> Int? { lines().firstIndex { $0.contains(text) } }

    /// Column of `text` in row `y` (in cells; fixtures are ASCII so characters = cells).
    func column(of text: String, inRow y: Int) -> Int? {
        let line = self.line(y)
        guard let r = line.range(of: text) else { return nil }
        return line.distance(from: line.startIndex, to: r.lowerBound)
    }

    var text: String { lines().joined(separator: "\n") }
}

/// Log lines for pane tests.
enum Lines {
    static let t0 = Date(timeIntervalSince1970: 1_795_236_000)

    static func make(_ i: Int, _ message: String, level: LogLevel = .info, source: String = "ipfs-cluster/ipfs-cluster/aaaa1111aaaa1111aaaa1111aaaa1111.log",
                     peer: String? = nil, taskID: String? = "aaaa1111aaaa1111aaaa1111aaaa1111", triage: TriageMatch? = nil) -> LogLine {
        LogLine(time: t0.addingTimeInterval(Double(i)), level: level, source: source, container: "ipfs-cluster", taskID: taskID,
                peer: peer, subsystem: nil, message: message, raw: message, format: .raw, triage: triage)
    }
}
