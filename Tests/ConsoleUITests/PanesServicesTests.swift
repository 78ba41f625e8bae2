import ECSState
import Foundation
import Testing
import TerminalUI
@testable import ConsoleUI

@Suite struct PanesServicesTests {
    let theme = Theme.default
    let now = Date(timeIntervalSince1970: 1_795_240_000)

    @Test func countsDeploymentsAndEventsNewestFirst() throws {
        var pane = ServicesPane()
        pane.update(snapshot: PaneFixtures.deploymentSnapshot())
        do { let ok = pane.select(service: "ipfs-cluster-ipfs-node-us-east-1c"); #expect(ok) }
        var buffer = CellBuffer(width: 200, height: 30)
        pane.render(into: &buffer, area: buffer.bounds, theme: theme, now: now)
        let text = buffer.text
        #expect(text.contains("ipfs-cluster-ipfs-node-us-east-1a"))
        #expect(text.contains("PRIMARY"))
        #expect(text.contains("COMPLETED"))
        let steady = try #require(buffer.row(containing: "has reached a steady state"))
        let unable = try #require(buffer.row(containing: "was unable to place a task"))
        let stopped = try #require(buffer.row(containing: "has stopped 1 running tasks"))
        #expect(steady < unable)
        #expect(unable < stopped)
        // Age of the newest event: 1795240000 - 1795238700 = 1300 s = 21m.
        #expect(buffer.line(steady).contains("21m"))
        let x = try #require(buffer.column(of: "was unable", inRow: unable))
        #expect(buffer.style(x: x, y: unable) == theme.style(.error))
        do { let r = pane.handle(.enter); #expect(r == .showTasksOfService("ipfs-cluster-ipfs-node-us-east-1c")) }
    }

    @Test func selectingAnotherServiceShowsItsEvents() throws {
        var pane = ServicesPane()
        pane.update(snapshot: PaneFixtures.deploymentSnapshot())
        do { let ok = pane.select(service: "ipfs-cluster-ipfs-node-us-east-1a"); #expect(ok) }
        _ = pane.handle(.char("j"))
        var buffer = CellBuffer(width: 200, height: 30)
        pane.render(into: &buffer, area: buffer.bounds, theme: theme, now: now)
        #expect(pane.selectedService?.name == "ipfs-cluster-ipfs-node-us-east-1b")
        #expect(buffer.text.contains("Events (newest first"))
        #expect(buffer.text.contains("is unhealthy in"))
        do { let ok = pane.select(service: "nope"); #expect(!ok) }
    }
}
