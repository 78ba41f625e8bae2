import ConsoleCore
import ECSState
import Foundation
import TerminalUI
import Testing
@testable import ConsoleUI

/// Columns sized to the terminal: state words are never cut once there is room for them, and
/// every export problem and `failures` entry is listed, at the sizes operators use.
@MainActor
@Suite struct TableSizingTests {
    static let sizes: [(Int, Int)] = [(80, 24), (120, 40), (200, 50), (240, 70)]
    let now = Date(timeIntervalSince1970: 1_795_240_000)

    /// The 3-AZ deployment plus a task that failed to start and a second `failures` entry.
    func snapshotWithFailures() throws -> ECSSnapshot {
        let dir = try PaneTempDir()
        defer { dir.cleanup() }
        let src = PaneFixtures.ecsDeployment
        for name in try FileManager.default.contentsOfDirectory(atPath: src) {
            try FileManager.default.copyItem(atPath: src + "/" + name, toPath: dir.path + "/" + name)
        }
        var extra = try String(contentsOfFile: src + "/describe-tasks-overlap.json", encoding: .utf8)
        extra = extra.replacingOccurrences(of: "c31a9246f3524886889c41d06d8627ad", with: "f00df00df00df00df00df00df00df00d")
            .replacingOccurrences(of: "ServiceSchedulerInitiated", with: "TaskFailedToStart")
            .replacingOccurrences(of: "0badc0de0badc0de0badc0de0badc0d", with: "feedfacefeedfacefeedfacefeedface")
            .replacingOccurrences(of: "\"reason\": \"MISSING\"", with: "\"reason\": \"MISSING\", \"detail\": \"second missing task\"")
        try dir.write("describe-tasks-extra.json", extra)
        return ECSDirectoryState.read(directory: dir.path)
    }

    func renderTasks(_ snapshot: ECSSnapshot, width: Int, height: Int) -> CellBuffer {
        var pane = TasksPane()
        pane.update(snapshot: snapshot, now: now)
        var buffer = CellBuffer(width: width, height: height)
        pane.render(into: &buffer, area: buffer.bounds, theme: .default, now: now)
        return buffer
    }

    @Test func wideTasksTableShowsEveryStateWordWhole() throws {
        let snapshot = try snapshotWithFailures()
        #expect(snapshot.tasks.contains { $0.stopCode?.rawValue == "TaskFailedToStart" })
        for (w, h) in Self.sizes where w >= 200 {
            let text = renderTasks(snapshot, width: w, height: h).text
            for word in ["UNHEALTHY", "FARGATE_SPOT", "SpotInterruption", "TaskFailedToStart", "ServiceSchedulerInitiated"] {
                #expect(text.contains(word), "\(word) cut at \(w)x\(h):\n\(text)")
            }
            #expect(!text.contains("UNHEAL…") && !text.contains("FARGATE_S…"), "\(w)x\(h)")
        }
    }

    @Test func everyFailuresEntryIsListedAtEverySize() throws {
        let snapshot = try snapshotWithFailures()
        #expect(snapshot.failures.count == 2)
        for (w, h) in Self.sizes {
            let text = renderTasks(snapshot, width: w, height: h).text
            #expect(!text.contains("more)"), "\(w)x\(h)")
            #expect(text.contains("0badc0de"), "first MISSING entry at \(w)x\(h)")
            #expect(text.contains("feedface"), "second MISSING entry at \(w)x\(h)")
            #expect(text.contains("second missing task"), "its detail at \(w)x\(h)")
        }
    }

    @Test func problemsBeyondTheBudgetAreCountedAndBangListsThemAll() {
        let many = (1...12).map { "problem number \($0)" }
        let lines = TasksPane.problemLines(many, width: 80, budget: 4)
        #expect(lines.count == 4)
        #expect(lines.last == "⚠ 9 more problems not shown: press ! to list them all")
        #expect(TasksPane.problemLines(many, width: 80, budget: 24).count == 12)
        // A long entry wraps instead of being cut.
        let long = String(repeating: "word ", count: 40)
        let wrapped = TasksPane.problemLines([long], width: 40, budget: 10)
        #expect(wrapped.count > 1)
        #expect(wrapped.joined().filter { $0 == "w" }.count == 40)
    }

    @Test func bangGivesTheProblemsTheWholePaneAndEscReturns() throws {
        var pane = TasksPane()
        var snapshot = try snapshotWithFailures()
        let base = snapshot.failures[0]
        snapshot.failures = (0..<20).map { i in
            var f = base
            f.arn = "arn:aws:ecs:us-east-1:123456789012:task/ipfs-cluster/missing\(i)"
            return f
        }
        pane.update(snapshot: snapshot, now: now)
        var buffer = CellBuffer(width: 80, height: 24)
        pane.render(into: &buffer, area: buffer.bounds, theme: .default, now: now)
        #expect(buffer.text.contains("press ! to list them all"))
        #expect(!buffer.text.contains("missing19"))
        _ = pane.handle(.char("!"))
        buffer = CellBuffer(width: 80, height: 24)
        pane.render(into: &buffer, area: buffer.bounds, theme: .default, now: now)
        #expect(buffer.text.contains("missing19"), "\(buffer.text)")
        _ = pane.handle(.escape)
        #expect(!pane.showAllProblems)
    }

    @Test func servicesTableKeepsStatusAndLaunchWhole() {
        var pane = ServicesPane()
        pane.update(snapshot: PaneFixtures.deploymentSnapshot())
        for (w, h) in Self.sizes where w >= 200 {
            var buffer = CellBuffer(width: w, height: h)
            pane.render(into: &buffer, area: buffer.bounds, theme: .default, now: now)
            #expect(buffer.text.contains("ipfs-cluster-ipfs-node-us-east-1a"), "\(w)x\(h)")
            #expect(buffer.text.contains("ACTIVE"))
            #expect(!buffer.text.contains("…"), "nothing cut at \(w)x\(h):\n\(buffer.text)")
        }
    }

    @Test func peersPinsAndAlertsKeepStateWordsWholeWhenWide() {
        for (w, h) in Self.sizes {
            var app = UIFixture.app()
            var s = UIFixture.render(&app, width: w, height: h)
            let peerRow = s.trimmedLines().first { $0.contains("IpfsCluster2") } ?? ""
            if w >= 200 {
                #expect(peerRow.contains("missing since") && peerRow.contains("(30 s)"), "\(w)x\(h): \(peerRow)")
            } else {
                #expect(peerRow.contains("missing"), "\(w)x\(h): \(peerRow)")
            }
            _ = app.handle(.char(Character(String(ScreenRegistry.tabs.firstIndex { $0.name == "pins" }! + 1))))
            s = UIFixture.render(&app, width: w, height: h)
            let pinRow = s.trimmedLines().first { $0.contains("website") } ?? ""
            if w >= 200 {
                #expect(pinRow.contains(UIFixture.cidA), "\(w)x\(h): \(pinRow)")
                #expect(pinRow.contains("context deadline exceeded"), "\(w)x\(h): \(pinRow)")
            }
            _ = app.handle(.char(Character(String(ScreenRegistry.tabs.firstIndex { $0.name == "alerts" }! + 1))))
            s = UIFixture.render(&app, width: w, height: h)
            let metricRow = s.trimmedLines().last { $0.contains("IpfsCluster2") } ?? ""
            if w >= 120 { #expect(metricRow.contains("missing since") && metricRow.contains("(30 s)"), "\(w)x\(h): \(metricRow)") }
        }
    }

    @Test func contentWidthsComeBeforeWeights() {
        let cols = [TableColumn("A", minWidth: 3, weight: 0), TableColumn("B", minWidth: 3, weight: 5)]
        // Room for A's 9-cell word: it is whole, B takes the rest.
        #expect(Table.columnWidths(cols, totalWidth: 30, contentWidths: [9, 40]) == [9, 20])
        // Not enough for both: the smaller need is met first.
        #expect(Table.columnWidths(cols, totalWidth: 14, contentWidths: [9, 40]) == [9, 4])
        // A maximum still caps content.
        let capped = [TableColumn("A", minWidth: 3, maxWidth: 5, weight: 0), TableColumn("B", minWidth: 3, weight: 1)]
        #expect(Table.columnWidths(capped, totalWidth: 30, contentWidths: [9, 4]) == [5, 24])
    }
}
