import ClusterAPI
import ConsoleCore
import Foundation
import Testing
import TerminalUI
@testable import ConsoleUI

/// `:add PATH` and `u` on the pins screen: the add form, its validation, the action it sends,
/// and the selection of the new pin once it arrives.
@MainActor
@Suite struct AddFormTests {
    func tempFile() throws -> (dir: String, file: String) {
        let dir = NSTemporaryDirectory() + "console-addform-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/hello.txt"
        try "hello world".write(toFile: file, atomically: true, encoding: .utf8)
        return (dir, file)
    }

    func type(_ app: inout ConsoleApp, _ text: String) { for c in text { _ = app.handle(.char(c)) } }

    func performed(_ app: ConsoleApp) -> [ActionKind] {
        app.unsentEffects.compactMap { e -> ActionKind? in if case .perform(_, let k) = e { return k }; return nil }
    }

    @Test func colonAddOpensTheFormWithThePathAndEnterPerformsTheAdd() throws {
        let (_, file) = try tempFile()
        var app = UIFixture.app()
        _ = app.handle(.char(":"))
        type(&app, "add \(file)")
        _ = app.handle(.enter)
        let form = try #require(app.ui.form)
        #expect(form.kind == .add)
        #expect(form.fields[0].text == file)
        #expect(form.focus == 1, "the path is filled: the cursor goes to the name")
        type(&app, "greeting")
        _ = app.handle(.tab)
        type(&app, "2")
        _ = app.handle(.tab)
        type(&app, "3")
        let s = UIFixture.render(&app)
        #expect(s.text.contains("Add (upload) files or folders"))
        #expect(s.text.contains("enter add"))
        _ = app.handle(.enter)
        #expect(app.ui.form == nil)
        guard case .add(let paths, let o)? = performed(app).last else { Issue.record("no add: \(performed(app))"); return }
        #expect(paths == [file])
        #expect(o.pin.name == "greeting")
        #expect(o.pin.replicationMin == 2 && o.pin.replicationMax == 3)
        #expect(!o.recursive && !o.wrap && o.cidVersion == 0)
        #expect(app.core.running.first?.kind.name == "add")
    }

    @Test func theFormSaysWhatIsWrong() throws {
        let (dir, _) = try tempFile()
        var app = UIFixture.app()
        _ = app.handle(.char("2"))
        _ = app.handle(.char("u"))
        #expect(app.ui.form?.kind == .add)
        _ = app.handle(.enter)
        #expect(app.ui.form?.error == "a local file or folder is required")
        type(&app, "/nonexistent/thing")
        _ = app.handle(.enter)
        #expect(app.ui.form?.error == "no such file or folder: /nonexistent/thing")
        for _ in 0..<"/nonexistent/thing".count { _ = app.handle(.backspace) }
        type(&app, dir)
        _ = app.handle(.enter)
        #expect(app.ui.form?.error == "a folder needs recursive set to y: \(dir)")
        let s = UIFixture.render(&app)
        #expect(s.text.contains("a folder needs recursive set to y"))
        for _ in 0..<4 { _ = app.handle(.tab) }
        type(&app, "y")
        _ = app.handle(.enter)
        #expect(app.ui.form == nil)
        guard case .add(let paths, let o)? = performed(app).last else { Issue.record("no add: \(performed(app))"); return }
        #expect(paths == [dir])
        #expect(o.recursive)
    }

    @Test func readOnlyRefusesTheAddThroughTheService() {
        var app = UIFixture.app(readonly: true)
        _ = app.handle(.char(":"))
        type(&app, "add /tmp/x")
        _ = app.handle(.enter)
        #expect(app.ui.form == nil)
        #expect(performed(app).contains { $0.name == "add" }, "the refusal is journalled by the service")
        _ = app.handle(.char("2"))
        _ = app.handle(.char("u"))
        #expect(app.ui.form == nil)
        let s = UIFixture.render(&app)
        #expect(s.text.contains("READ-ONLY"))
    }

    @Test func theNewPinIsSelectedOnceItsRowArrives() {
        var app = UIFixture.app()
        _ = app.handle(.char("2"))
        let kind = ActionKind.add(paths: ["/tmp/hello.txt"], options: AddOptions())
        app.dispatch(.intent(.perform(kind)))
        let id = app.core.running[0].id
        app.dispatch(.actionProgress(id: id, done: 500_000, total: 1_000_000))
        var s = UIFixture.render(&app)
        #expect(s.text.contains("500 kB of 1.0 MB (50%)"), "progress in the status line")
        let rowA = app.core.pins.table.row(cid: UIFixture.cidA).map(UInt32.init)
        app.ui.pinsTable.selectedID = rowA
        app.dispatch(.actionFinished(id: id, outcome: .succeeded("added \(UIFixture.cidB) hello.txt")))
        s = UIFixture.render(&app)
        #expect(s.text.contains("added \(UIFixture.cidB)"), "toast names the root")
        let row = app.core.pins.table.row(cid: UIFixture.cidB)
        #expect(rowA != nil && row != nil)
        #expect(app.ui.pinsTable.selectedID == row.map(UInt32.init))
    }

    @Test func theFormCarriesCtlsOtherAddOptionsAndScrollsOnSmallTerminals() throws {
        let (_, file) = try tempFile()
        var app = UIFixture.app()
        _ = app.handle(.char(":"))
        type(&app, "add \(file)")
        _ = app.handle(.enter)
        let fields = PinForm.addLabels.count
        for _ in 1..<12 { _ = app.handle(.tab) }
        let peer = try #require(app.core.peerList.first)
        type(&app, peer.name)
        _ = app.handle(.tab); type(&app, "y")
        _ = app.handle(.tab); type(&app, "unixfs")
        _ = app.handle(.tab); type(&app, "trickle")
        _ = app.handle(.tab); type(&app, "size-1048576")
        _ = app.handle(.tab); type(&app, "blake2b-256")
        #expect(app.ui.form?.focus == fields - 1)
        let small = UIFixture.render(&app, width: 80, height: 16)
        #expect(small.text.contains("Hash"), "the focused field is on screen at 80x16")
        #expect(small.text.contains("of \(fields))"), "the title says not every field is shown")
        #expect(!small.text.contains("Local file or folder"), "the first field scrolled away")
        _ = app.handle(.enter)
        guard case .add(_, let o)? = performed(app).last else { Issue.record("no add: \(app.ui.form?.error ?? "")"); return }
        #expect(o.pin.userAllocations == [peer.id])
        #expect(o.local && o.layout == "trickle" && o.chunker == "size-1048576" && o.hash == "blake2b-256")
        #expect(o.effective.cidVersion == 1, "another hash implies CID v1, as ctl")
    }

    @Test func anUnknownAllocationOrBadLayoutIsRefusedInTheForm() throws {
        let (_, file) = try tempFile()
        var app = UIFixture.app()
        _ = app.handle(.char(":"))
        type(&app, "add \(file)")
        _ = app.handle(.enter)
        for _ in 1..<12 { _ = app.handle(.tab) }
        type(&app, "nobody")
        _ = app.handle(.enter)
        #expect(app.ui.form?.error == "unknown peer \"nobody\" in allocations")
        for _ in 0..<6 { _ = app.handle(.backspace) }
        for _ in 0..<3 { _ = app.handle(.tab) }
        type(&app, "sideways")
        _ = app.handle(.enter)
        #expect(app.ui.form?.error?.contains("--layout must be balanced or trickle") == true)
    }
}
