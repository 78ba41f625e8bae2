import ECSState
import Foundation
import Testing
import TerminalUI
@testable import ConsoleUI

@Suite struct PanesTasksTests {
    let theme = Theme.default
    let now = Date(timeIntervalSince1970: 1_795_240_000)

    func render(_ pane: inout TasksPane, width: Int = 260, height: Int = 30) -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        pane.render(into: &buffer, area: buffer.bounds, theme: theme, now: now)
        return buffer
    }

    func loaded() -> TasksPane {
        var pane = TasksPane()
        pane.update(snapshot: PaneFixtures.deploymentSnapshot(), now: Lines.t0)
        return pane
    }

    @Test func showsSpotCapacityAndDimsStoppedTasksWithReason() throws {
        var pane = loaded()
        let buffer = render(&pane)
        #expect(buffer.text.contains("FARGATE_SPOT"))
        #expect(buffer.text.contains("FARGATE "))
        // Two tasks share the short id c00730df (the interrupted one and its replacement).
        let spotRow = try #require(buffer.row(containing: "Your Spot Task was interrupted."))
        let spotLine = buffer.line(spotRow)
        #expect(spotLine.contains("c00730df"))
        #expect(spotLine.contains("STOPPED"))
        #expect(spotLine.contains("SpotInterruption"))
        #expect(spotLine.contains("FARGATE_SPOT"))
        // Not the selected row (the first row is selected): the stopped row is dimmed throughout.
        let first = try #require(buffer.row(containing: "TASK"))
        if spotRow != first + 1 {
            let x = spotLine.distance(from: spotLine.startIndex, to: try #require(spotLine.range(of: "c00730df")).lowerBound)
            let style = buffer.style(x: x, y: spotRow)
            #expect(style == theme.style(.dim))
        }
        let runningRow = try #require(buffer.row(containing: "d443909d"))
        #expect(buffer.line(runningRow).contains("RUNNING"))
        #expect(!buffer.line(runningRow).contains("STOPPED"))
    }

    @Test func stoppedTaskOfMissingPeerIsMarkedLikelyCause() throws {
        var pane = loaded()
        let snapshot = pane.snapshot
        let stopped = try #require(snapshot.tasks.first { $0.id.hasPrefix("c00730df") && !$0.isActive })
        let running = try #require(snapshot.tasks.first { $0.id.hasPrefix("d443909d") })
        pane.setPeers([stopped.id: "12D3KooWpeerC", running.id: "12D3KooWpeerA"],
                      names: ["12D3KooWpeerC": "node-c", "12D3KooWpeerA": "node-a"], missing: ["12D3KooWpeerC"])
        #expect(pane.isLikelyCause(stopped))
        #expect(!pane.isLikelyCause(running))
        pane.table.selectedID = running.arn
        let buffer = render(&pane)
        let row = try #require(buffer.row(containing: "LIKELY CAUSE"))
        let line = buffer.line(row)
        #expect(line.contains("c00730df"))
        #expect(line.contains("node-c MISSING"))
        #expect(line.contains("Your Spot Task was interrupted."))
        let x = line.distance(from: line.startIndex, to: try #require(line.range(of: "LIKELY")).lowerBound)
        let style = buffer.style(x: x, y: row)
        #expect(style == theme.style(.critical))
        #expect(buffer.lines().filter { $0.contains("LIKELY CAUSE") }.count == 1)
        let okRow = try #require(buffer.row(containing: "d443909d"))
        #expect(buffer.line(okRow).contains("node-a"))
        #expect(!buffer.line(okRow).contains("LIKELY"))
        // p jumps to the selected task's peer.
        do { let r = pane.handle(.char("p")); #expect(r == .jumpToPeer("12D3KooWpeerA")) }
    }

    @Test func enterExpandsContainerDetail() throws {
        var pane = loaded()
        let stopped = try #require(pane.snapshot.tasks.first { $0.id.hasPrefix("c00730df") && !$0.isActive })
        do { let ok = pane.select(task: stopped.id); #expect(ok) }
        do { let r = pane.handle(.enter); #expect(r == .handled) }
        #expect(pane.expandedARN == stopped.arn)
        let buffer = render(&pane, height: 40)
        let header = try #require(buffer.row(containing: "CONTAINER"))
        #expect(buffer.line(header).contains("IMAGE"))
        #expect(buffer.line(header).contains("EXIT"))
        let detail = buffer.lines()[header...].joined(separator: "\n")
        #expect(detail.contains("ipfs-cluster"))
        #expect(detail.contains("137"))
        #expect(buffer.text.contains("task \(stopped.id)"))
        #expect(buffer.text.contains("stop: SpotInterruption"))
        // Enter again closes it.
        _ = pane.handle(.enter)
        #expect(pane.expandedARN == nil)
        #expect(render(&pane).row(containing: "CONTAINER") == nil)
    }

    @Test func problemsLineNamesFileAndReasonAndKeepsTasks() throws {
        let dir = try PaneTempDir()
        defer { dir.cleanup() }
        let good = try String(contentsOfFile: PaneFixtures.ecsDeployment + "/describe-tasks-us-east-1a.json", encoding: .utf8)
        try dir.write("describe-tasks.json", good)
        try dir.write("notes.txt", "hello, this is not json\n")
        var pane = TasksPane()
        pane.update(snapshot: ECSDirectoryState.read(directory: dir.path), now: Lines.t0)
        let buffer = render(&pane)
        #expect(buffer.line(0).contains("notes.txt"))
        #expect(buffer.line(0).contains("not JSON"))
        #expect(buffer.style(x: 0, y: 0) == theme.style(.error))
        #expect(buffer.text.contains("d443909d"))
    }

    @Test func missingFailureIsShown() throws {
        var pane = loaded()
        let text = pane.problems.joined(separator: "\n")
        #expect(text.contains("MISSING"))
        #expect(text.contains("describe-tasks-overlap.json"))
        #expect(render(&pane).text.contains("MISSING"))
    }

    @Test func filterSortAndSelectionByARN() throws {
        var pane = loaded()
        let all = pane.visible.count
        #expect(all >= 4)
        _ = pane.handle(.char("/"))
        #expect(pane.isCapturingInput)
        for c in "1b" { _ = pane.handle(.char(c)) }
        #expect(pane.visible.allSatisfy { ($0.serviceName ?? "").contains("1b") || ($0.availabilityZone ?? "").contains("1b") })
        #expect(pane.visible.count < all)
        _ = pane.handle(.enter)
        #expect(!pane.isCapturingInput)
        var buffer = render(&pane)
        #expect(buffer.row(containing: "d443909d") == nil)
        #expect(buffer.text.contains("filter: 1b"))
        do { let r = pane.handle(.escape); #expect(r == .handled) }
        #expect(pane.visible.count == all)

        // Select a task, re-sort: the selection follows the ARN, not the row.
        let target = pane.visible[2].arn
        pane.table.selectedID = target
        _ = pane.handle(.char(">"))  // sort by TASK
        _ = pane.handle(.char("r"))  // descending
        buffer = render(&pane)
        #expect(pane.visible[pane.table.selectedIndex].arn == target, "the highlighted row moved with the task")
        #expect(pane.visible.firstIndex { $0.arn == target } != 2, "the sort moved it")
        let ids = pane.visible.map(\.shortID)
        #expect(ids == ids.sorted(by: >))
        // A new snapshot keeps the selection.
        pane.update(snapshot: PaneFixtures.deploymentSnapshot(), now: Lines.t0)
        buffer = render(&pane)
        #expect(pane.visible[pane.table.selectedIndex].arn == target)
        do { let r = pane.handle(.char("q")); #expect(r == .ignored) }
    }
}
