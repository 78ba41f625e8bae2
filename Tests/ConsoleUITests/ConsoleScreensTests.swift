import ClusterAPI
import ConsoleCore
import Foundation
import TerminalUI
import Testing
@testable import ConsoleUI

@MainActor
@Suite struct ConsoleScreensTests {
    @Test func headerSaysWhoAnsweredHowHealthyAndHowOld() {
        var app = UIFixture.app(readonly: true)
        let s = UIFixture.render(&app)
        let lines = s.trimmedLines()
        #expect(lines[0].contains("ctx:demo"))
        #expect(lines[0].contains("http://127.0.0.1:9094"))
        #expect(lines[0].contains("via IpfsCluster0"))
        #expect(lines[0].contains("v1.1.6"))
        #expect(lines[0].contains("READ-ONLY"))
        #expect(lines[1].contains("peers 2/3 up"))
        #expect(lines[1].contains("pins 2"))
        #expect(lines[1].contains("peers 30s"), "data age per source: \(lines[1])")
    }

    @Test func peersScreenKeepsTheMissingPeerWithSinceWhen() {
        var app = UIFixture.app()
        let s = UIFixture.render(&app)
        let row = s.trimmedLines().first { $0.contains("IpfsCluster2") } ?? ""
        #expect(row.contains("missing since"), "row: \(row)")
        #expect(row.contains("(30 s)"))
        let ok = s.trimmedLines().first { $0.contains("IpfsCluster1") } ?? ""
        #expect(ok.contains(" ok "))
        #expect(ok.contains("1.1.6"))
        // The state cell is drawn in the missing role (bold without colour).
        let y = s.trimmedLines().firstIndex { $0.contains("IpfsCluster2") }!
        let x = (s.lines()[y] as NSString).range(of: "missing").location
        #expect(s.style(x: x, y: y) == Theme.default.style(.peerMissing))
    }

    @Test func enterOnAPeerOpensItsPinsInErrorAndEnterOnAPinOpensDetail() {
        var app = UIFixture.app()
        _ = UIFixture.render(&app)
        // Select IpfsCluster1 (second row) and drill.
        _ = app.handle(.char("j"))
        #expect(app.ui.peersTable.selectedID == UIFixture.p2)
        _ = app.handle(.enter)
        #expect(app.ui.screen == .pins)
        #expect(app.ui.pinView.chip == .error)
        var s = UIFixture.render(&app)
        #expect(s.text.contains("1 shown / 2 total"), "\(s.text)")
        #expect(s.text.contains("[error]"))
        #expect(s.text.contains("context deadline exceeded"), "worst entry's error first (cluster_error here)")
        _ = app.handle(.enter)
        #expect(app.ui.screen == .pinDetail(UIFixture.cidA))
        #expect(app.unsentEffects.contains(.fetchPinDetail(UIFixture.cidA)))
        s = UIFixture.render(&app)
        #expect(s.text.contains("Pin \(UIFixture.cidA)"))
        #expect(s.text.contains("error: context canceled"))
        _ = app.handle(.escape)
        #expect(app.ui.screen == .pins)
    }

    @Test func pinsStripHasOneGlyphPerPeerAndSelectionFollowsTheCIDAcrossSorts() {
        var app = UIFixture.app()
        _ = app.handle(.char("3"))
        var s = UIFixture.render(&app)
        let rowA = s.trimmedLines().first { $0.contains("website") } ?? ""
        #expect(rowA.contains("PE!"), "strip: \(rowA)")
        let rowB = s.trimmedLines().first { $0.contains(" logs ") } ?? ""
        #expect(rowB.contains("qP·"), "strip: \(rowB)")
        _ = app.handle(.char("G"))
        let selected = app.ui.pinsTable.selectedID
        _ = app.handle(.char("S"))
        s = UIFixture.render(&app)
        #expect(app.ui.pinsTable.selectedID == selected)
        #expect(s.text.contains("2 shown / 2 total"))
    }

    @Test func slashFiltersLiveWithSubstringAndRegex() {
        var app = UIFixture.app()
        _ = app.handle(.char("3"))
        _ = app.handle(.char("/"))
        for c in "webs" { _ = app.handle(.char(c)) }
        var s = UIFixture.render(&app)
        #expect(s.text.contains("1 shown / 2 total"))
        _ = app.handle(.escape)
        _ = app.handle(.char("/"))
        for c in "re:^(web|log)" { _ = app.handle(.char(c)) }
        _ = app.handle(.enter)
        s = UIFixture.render(&app)
        #expect(s.text.contains("2 shown / 2 total"))
        _ = app.handle(.char("/"))
        for c in "re:(" { _ = app.handle(.char(c)) }
        s = UIFixture.render(&app)
        #expect(s.text.contains("invalid regular expression"))
    }

    @Test func unpinAsksForConfirmationNamingTheCIDThenRuns() {
        var app = UIFixture.app()
        _ = app.handle(.char("3"))
        _ = UIFixture.render(&app)
        let cid = app.selectedCID()!
        _ = app.handle(.char("d"))
        let s = UIFixture.render(&app)
        #expect(s.text.contains("Unpin"))
        #expect(s.text.contains("CID  \(cid)"))
        #expect(!app.unsentEffects.contains { if case .perform = $0 { return true }; return false })
        _ = app.handle(.char("y"))
        #expect(app.unsentEffects.contains(.perform(id: 1, .unpin(cid: cid))))
    }

    @Test func bulkRecoverNeedsTheTypedWord() {
        var app = UIFixture.app()
        _ = app.handle(.char("3"))
        _ = UIFixture.render(&app)
        _ = app.handle(.char("E"))
        #expect(app.ui.confirmation != nil)
        for c in "recovr" { _ = app.handle(.char(c)) }
        _ = app.handle(.enter)
        #expect(app.ui.confirmation != nil, "wrong word keeps the dialog")
        for k: Key in [.backspace, .backspace, .char("v"), .char("e"), .char("r"), .enter] { _ = app.handle(k) }
        #expect(app.ui.confirmation == nil)
        #expect(app.unsentEffects.contains { if case .perform(_, .recoverMany(let cids)) = $0 { return cids.count == 2 }; return false })
    }

    @Test func readOnlyHidesMutatingKeysInHelpAndRefusesThem() {
        var app = UIFixture.app(readonly: true)
        _ = app.handle(.char("3"))
        _ = app.handle(.char("?"))
        var s = UIFixture.render(&app)
        #expect(s.text.contains("Help: Pins"))
        #expect(s.text.contains("half page down / up"))
        #expect(!s.text.contains("unpin the selected pin"))
        _ = app.handle(.escape)
        _ = app.handle(.char("d"))
        s = UIFixture.render(&app)
        #expect(s.text.contains("READ-ONLY"))
        #expect(app.ui.confirmation == nil)
        // The refusal still goes through the service so the journal records it.
        #expect(app.unsentEffects.contains { if case .perform(_, .unpin) = $0 { return true }; return false })
    }

    @Test func escapeSequencesInPinNamesAndErrorsNeverReachTheScreen() {
        var app = UIFixture.app()
        app.dispatch(.intent(.refreshNow))
        let g = app.core.freshness(.activePins).generation
        let line = UIFixture.pinLine("bafyEvil", name: "evil\\u001b[31mred\\u001b]0;title\\u0007", [(UIFixture.p1, "pin_error", "bad\\u001b[2Jthing")])
        app.dispatch(.pinChunk(.activePins, generation: g, bytes: Array((line + "\n").utf8)))
        app.dispatch(.pinStreamEnded(.activePins, generation: g, error: nil))
        _ = app.handle(.char("3"))
        let s = UIFixture.render(&app, width: 200)
        let row = s.trimmedLines().first { $0.contains("bafyEvil") } ?? ""
        #expect(row.contains("evilred"), "\(row)")
        #expect(row.contains("badthing"), "\(row)")
        #expect(!s.text.contains("[31m") && !s.text.contains("[2J") && !s.text.contains("title") && !s.text.contains("\u{1B}"))
    }

    @Test func pinDetailScrollsBothWaysWithTheKeysHelpNames() {
        var app = UIFixture.app()
        _ = app.handle(.char("3"))
        _ = UIFixture.render(&app)
        _ = app.handle(.enter)
        guard app.ui.screen.pinCID != nil else { Issue.record("no detail: \(app.ui.screen)"); return }
        for _ in 0..<3 { _ = app.handle(.char("j")) }
        let down = app.ui.detailScroll.topLine
        #expect(down > 0, "the fixture's detail is longer than a page")
        _ = app.handle(.char("k"))
        #expect(app.ui.detailScroll.topLine == down - 1)
        _ = app.handle(.char("G"))
        _ = app.handle(.char("g"))
        #expect(app.ui.detailScroll.topLine == 0)
    }

    /// A 100,000-character error from the cluster takes a few lines of the pin detail, says how
    /// much is hidden, and `f` shows it whole (and cuts it again).
    @Test func aHugeErrorTakesAFewLinesAndFShowsItWhole() {
        var app = UIFixture.app()
        _ = app.handle(.char("3"))
        _ = UIFixture.render(&app)
        _ = app.handle(.enter)
        guard let cid = app.ui.screen.pinCID else { Issue.record("no detail: \(app.ui.screen)"); return }
        let huge = String(repeating: "disk quota exceeded ", count: 5_000)
        app.dispatch(.pinDetail(cid: cid, status: nil, pin: nil, error: huge))
        var s = UIFixture.render(&app, width: 80, height: 24)
        #expect(s.text.contains("more characters; f shows all"), "\(s.text)")
        let errorRows = s.trimmedLines().filter { $0.contains("disk quota") }.count
        #expect(errorRows >= 1 && errorRows <= 5, "a few lines at most: \(errorRows)")
        #expect(s.text.contains("Name:"), "the rest of the detail still on screen")
        _ = app.handle(.char("f"))
        s = UIFixture.render(&app, width: 80, height: 24)
        #expect(!s.text.contains("f shows all"))
        #expect(s.trimmedLines().filter { $0.contains("disk quota") }.count > 10, "the whole text, wrapped")
        _ = app.handle(.char("f"))
        s = UIFixture.render(&app, width: 80, height: 24)
        #expect(s.text.contains("f shows all"))
    }

    @Test func alertsAndHistoryHelpOffersNoKeyThatDoesNothingThere() {
        for screen in ["4", "5"] {
            var app = UIFixture.app()
            _ = app.handle(.char(Character(screen)))
            _ = app.handle(.char("?"))
            let s = UIFixture.render(&app, width: 160, height: 50)
            #expect(s.text.contains("half page down / up"))
            #expect(!s.text.contains("open details") && !s.text.contains("switch pane"), "screen \(screen):\n\(s.text)")
        }
    }

    @Test func everyPinsColumnIsASortReachableWithS() {
        var app = UIFixture.app()
        _ = app.handle(.char("3"))
        var seen: [String] = []
        for _ in PinsScreen.columns {
            let s = UIFixture.render(&app, width: 200)
            let header = s.trimmedLines().first { $0.contains("CID") && $0.contains("ERROR") } ?? ""
            if let title = PinsScreen.columns.map(\.title).first(where: { header.contains($0 + " ▲") }) { seen.append(title) }
            _ = app.handle(.char("s"))
        }
        #expect(Set(seen) == Set(PinsScreen.columns.map(\.title)), "sorted by: \(seen)")
    }

    @Test func helpIsGeneratedFromTheKeyMap() {
        var app = UIFixture.app()
        _ = app.handle(.char("?"))
        let s = UIFixture.render(&app)
        for b in KeyMaps.peers.bindings(readonly: false) where !b.label.isEmpty {
            #expect(s.text.contains(b.help), "help lists \(b.help)")
        }
    }

    @Test func pinFormBuildsAPinAddWithReplication() {
        var app = UIFixture.app()
        _ = app.handle(.char("a"))
        for c in UIFixture.cidB { _ = app.handle(.char(c)) }
        _ = app.handle(.tab)
        for c in "my-pin" { _ = app.handle(.char(c)) }
        _ = app.handle(.tab)
        _ = app.handle(.char("2"))
        _ = app.handle(.tab)
        _ = app.handle(.char("2"))
        _ = app.handle(.tab)
        for c in "IpfsCluster1" { _ = app.handle(.char(c)) }
        let s = UIFixture.render(&app)
        #expect(s.text.contains("Pin a CID"))
        _ = app.handle(.enter)
        #expect(app.ui.form == nil)
        let performed = app.unsentEffects.compactMap { e -> ActionKind? in if case .perform(_, let k) = e { return k }; return nil }
        guard case .pinAdd(let target, let o)? = performed.last else { Issue.record("no pin add: \(performed)"); return }
        #expect(target == UIFixture.cidB)
        #expect(o.name == "my-pin")
        #expect(o.replicationMin == 2 && o.replicationMax == 2)
        #expect(o.userAllocations == [UIFixture.p2])
    }

    @Test func commandModeAliasesAndErrors() {
        #expect(ConsoleCommandLine.parse("pins") == .screen(.pins))
        #expect(ConsoleCommandLine.parse("peers") == .screen(.peers))
        #expect(ConsoleCommandLine.parse("alerts") == .screen(.alerts))
        #expect(ConsoleCommandLine.parse("ctx prod") == .context("prod"))
        #expect(ConsoleCommandLine.parse("q") == .quit)
        #expect(ConsoleCommandLine.parse("tasks") == .screen(.tasks))
        #expect(ConsoleCommandLine.parse("logs") == .screen(.logs))
        #expect(ConsoleCommandLine.parse("triage") == .screen(.triage))
        #expect(ConsoleCommandLine.parse("sim freeze IpfsCluster1") == .sim(verb: "freeze", peer: "IpfsCluster1"))
        var app = UIFixture.app()
        _ = app.handle(.char(":"))
        for c in "alerts" { _ = app.handle(.char(c)) }
        _ = app.handle(.enter)
        #expect(app.ui.screen == .alerts)
        _ = app.handle(.char(":"))
        for c in "bogus" { _ = app.handle(.char(c)) }
        _ = app.handle(.enter)
        let s = UIFixture.render(&app)
        #expect(s.text.contains("unknown command :bogus"))
        _ = app.handle(.char(":"))
        for c in "ctx prod" { _ = app.handle(.char(c)) }
        #expect(app.handle(.enter) == .quit)
        #expect(app.switchToContext == "prod")
    }

    @Test func unreachableBannerAndRunningActionBanner() {
        var app = UIFixture.app()
        app.dispatch(.intent(.refreshNow))
        let g = app.core.freshness(.id).generation
        app.dispatch(.failed(.id, generation: g, message: "connection refused"))
        var s = UIFixture.render(&app)
        #expect(s.text.contains("API UNREACHABLE: connection refused"))
        #expect(s.text.contains("IpfsCluster1"), "last good data stays on screen")
        app.dispatch(.intent(.refreshNow))
        app.dispatch(.loaded(.id, generation: app.core.freshness(.id).generation, .id(UIFixture.peer(UIFixture.p1, "IpfsCluster0"))))
        app.dispatch(.intent(.perform(.recoverMany(cids: [UIFixture.cidA, UIFixture.cidB]))))
        app.dispatch(.actionProgress(id: 1, done: 1, total: 2))
        s = UIFixture.render(&app)
        #expect(s.text.contains("RUNNING recover-many 2 pins [##########..........] 1/2"), "\(s.text)")
    }

    @Test func alertsScreenResolvesPeerNamesNewestFirst() {
        var app = UIFixture.app()
        app.dispatch(.intent(.refreshNow))
        let g = app.core.freshness(.alerts).generation
        let old = Alert(metric: Metric(name: "ping", peer: UIFixture.p3), triggeredAt: try! ClusterTime(parsing: "2026-05-21T10:00:41Z"))
        let new = Alert(metric: Metric(name: "freespace", peer: UIFixture.p3), triggeredAt: try! ClusterTime(parsing: "2026-05-21T10:00:50Z"))
        app.dispatch(.loaded(.alerts, generation: g, .alerts([old, new])))
        _ = app.handle(.char("4"))
        let s = UIFixture.render(&app)
        let lines = s.trimmedLines()
        let first = lines.firstIndex { $0.contains("IpfsCluster2") && $0.contains("freespace") }
        let second = lines.firstIndex { $0.contains("IpfsCluster2") && $0.contains("ping") }
        #expect(first != nil && second != nil && first! < second!, "\(s.text)")
        #expect(s.text.contains("Alerts 2"))
        #expect(s.text.contains("Metrics per peer"))
    }

    @Test func tabFocusesTheActionHistoryAndXCancelsTheRunningAction() {
        var app = UIFixture.app()
        app.dispatch(.intent(.perform(.repoGC)))
        var s = UIFixture.render(&app)
        #expect(s.text.contains("Actions (tab focuses)"))
        #expect(s.text.contains("repo-gc"))
        _ = app.handle(.tab)
        #expect(app.ui.historyFocused)
        s = UIFixture.render(&app)
        #expect(s.text.contains("(focused: tab returns)"))
        _ = app.handle(.tab)
        #expect(!app.ui.historyFocused)
        _ = app.handle(.char("x"))
        #expect(app.unsentEffects.contains(.cancelAction(1)))
    }

    @Test func tinyWindowsSayTooSmallAndSmallOnesStillDrawTheConsole() {
        var app = UIFixture.app()
        for (w, h) in [(10, 3), (19, 8), (20, 7), (20, 8), (40, 12), (80, 24)] {
            let lines = UIFixture.render(&app, width: w, height: h).lines()
            if w < 20 || h < 8 {
                #expect(lines[0].hasPrefix("window too"), "\(w)x\(h): \(lines)")
            } else {
                #expect(lines[0].contains("ipfs-"), "\(w)x\(h) header: \(lines)")
                #expect(!lines[h - 1].trimmingCharacters(in: .whitespaces).isEmpty, "\(w)x\(h) key hints on the last line")
            }
        }
    }
}

@MainActor
@Suite struct PinFormLayoutTests {
    @Test func shortTerminalsGetTheCompactFormWithEveryField() {
        var app = UIFixture.app()
        _ = app.handle(.char("a"))
        let s = UIFixture.render(&app, width: 80, height: 24)
        #expect(s.text.contains("Pin a CID"))
        #expect(s.text.contains("Pin update:"), "last field visible on 24 rows:\n\(s.text)")
        #expect(s.text.contains("▶ CID or /ipfs/ path:"))
    }
}
