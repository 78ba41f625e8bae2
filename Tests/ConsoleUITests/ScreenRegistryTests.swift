import ConsoleCore
import Foundation
import Testing
import TerminalUI
@testable import ConsoleUI

/// Every registered screen is reachable by its tab digit and by each of its `:` words, is drawn
/// when open, and its `?` help lists its keys; Esc from an overlay goes back where it came from.
@MainActor
@Suite struct ScreenRegistryTests {
    @Test func everyTabIsReachableByDigitCommandAndAliasAndHelpListsItsKeys() throws {
        let tabs = ScreenRegistry.tabs
        #expect(tabs.count == 9)
        #expect(tabs.first?.name == "overview", "the overview is home: first tab, digit 1")
        #expect(UIState().screen == .overview)
        for (i, screen) in tabs.enumerated() {
            let id = ScreenID(screen.name)
            var app = UIFixture.app()
            _ = app.handle(.char(Character(String(i + 1))))
            #expect(app.ui.screen == id, "digit \(i + 1) opens \(screen.name)")
            let text = UIFixture.render(&app).lines().joined(separator: "\n")
            #expect(text.contains("[\(screen.title)]") || text.contains(screen.title), "tab bar names \(screen.title)")
            for word in [screen.name] + screen.aliases {
                var a = UIFixture.app()
                _ = a.runCommand(word)
                #expect(a.ui.screen == id, ":\(word) opens \(screen.name)")
            }
            var help = app
            _ = help.handle(.f(1))
            #expect(help.ui.showHelp)
            let model = help.helpModel()
            let labels = Set(model.sections.flatMap { $0.bindings.map(\.keys) })
            for b in screen.keyMap.bindings(readonly: false) where !b.label.isEmpty {
                #expect(labels.contains(b.label), "help of \(screen.name) lists \(b.label)")
            }
            for section in screen.paneHelp?.sections ?? [] {
                #expect(model.sections.contains { $0.title == section.title }, "help of \(screen.name) has the pane's \(section.title)")
            }
        }
    }

    @Test func helpListsEveryCommandAndDigitFromTheRegistry() {
        let general = KeyMaps.general.1
        let command = general.first { $0.action == .command }
        for s in ScreenRegistry.tabs { #expect(command?.help.contains(":" + s.name) == true) }
        let digits = general.filter { if case .screen = $0.action { true } else { false } }
        #expect(digits.count == ScreenRegistry.tabs.count)
    }

    @Test func overlaysGoBackWhereTheOperatorWasAndDetailIsPushed() {
        var app = UIFixture.app()
        _ = app.handle(.char("3"))
        _ = app.runCommand("logs")
        #expect(app.ui.stack == [.pins, .logs])
        _ = app.handle(.escape)
        #expect(app.ui.screen == .pins)
        _ = UIFixture.render(&app)
        _ = app.handle(.enter)
        #expect(app.ui.screen.pinCID != nil, "enter on a pin pushes its detail")
        _ = app.handle(.escape)
        #expect(app.ui.screen == .pins)
        #expect(ConsoleCommandLine.parse("nosuch") == .unknown("unknown command :nosuch (try \(ScreenRegistry.commandList) :q, or ?)"))
    }
}

/// A large table is queried off the loop: the previous rows stay on screen until the answer
/// arrives, and an answer for a query typed over since is dropped.
@MainActor
@Suite struct PinQueryOffLoopTests {
    @Test func previousResultStaysUntilTheAnswerAndStaleAnswersAreDropped() throws {
        var app = UIFixture.app()
        _ = app.handle(.char("3"))
        let before = try #require(app.ui.pinResult)
        #expect(before.count == 2)
        var ui = app.ui
        ui.pinView.text = "website"
        let job = try #require(PinsScreen.refreshView(app.core, ui: &ui, now: app.core.now, inlineRows: 0))
        #expect(ui.pinQueryPending == job.key)
        #expect(ui.pinResult?.count == 2, "the old rows stay while the query runs")
        #expect(PinsScreen.refreshView(app.core, ui: &ui, now: app.core.now, inlineRows: 0) == nil, "no second job for the same query")
        // The operator types on: the first answer is for a query no longer shown.
        ui.pinView.text = "logs"
        let newer = try #require(PinsScreen.refreshView(app.core, ui: &ui, now: app.core.now, inlineRows: 0))
        PinsScreen.take(job.run(), ui: &ui)
        #expect(ui.pinResult?.count == 2, "stale answer dropped")
        PinsScreen.take(newer.run(), ui: &ui)
        #expect(ui.pinResult?.count == 1)
        #expect(ui.pinQueryPending == nil)
        #expect(ui.pinResultKey == newer.key)
    }
}
