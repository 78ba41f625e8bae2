import Foundation
import Testing

/// `:add PATH` in the demo: the form opens with the path, enter uploads it to the in-process
/// simulator, the toast names the root CID, the pins screen shows and selects the new pin, and
/// the journal has the attempt and the outcome.
@Suite(.serialized, .enabled(if: hasTmux(), "tmux is not installed (Scripts/test installs it)"))
struct AddEndToEndTests {
    @Test func colonAddUploadsAFileAndShowsItsCID() throws {
        let dir = NSTemporaryDirectory() + "console-add-e2e-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/hello.txt"
        try "hello world".write(toFile: file, atomically: true, encoding: .utf8)
        let root = "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD"
        let tmux = Tmux()
        try tmux.start("cd \(shellQuote(dir)) && XDG_STATE_HOME=\(shellQuote(dir)) \(shellQuote(try consoleBinary())) --demo --pins 30"
            + " --refresh 1 --demo-state-dir \(shellQuote(dir + "/sim")); echo \"EXIT=$?\"; sleep 600", width: 200, height: 50)
        var r = tmux.waitFor(timeout: 30) { $0.contains("ipfs-cluster-console") && $0.contains("peers ") }
        #expect(r.ok, "console up:\n\(r.screen)")
        tmux.sendKeys("3")
        tmux.sendKeys(":")
        tmux.sendLiteral("add \(file)")
        tmux.sendKeys("Enter")
        r = tmux.waitFor("Add (upload) files or folders")
        #expect(r.ok, "the add form:\n\(r.screen)")
        #expect(r.screen.contains(file), "the path is prefilled")
        tmux.sendKeys("Enter")
        r = tmux.waitFor("added \(root)", timeout: 20)
        #expect(r.ok, "the toast names the root CID:\n\(r.screen)")
        // The pins screen gets the new pin (watched after the add) and selects it.
        r = tmux.waitFor(timeout: 20) { s in s.split(separator: "\n").contains { $0.contains(root) && !$0.contains("added ") } }
        #expect(r.ok, "the new pin's row:\n\(r.screen)")
        let journal = FileManager.default.enumerator(atPath: dir)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".jsonl") } ?? []
        let lines = journal.compactMap { try? String(contentsOfFile: dir + "/" + $0, encoding: .utf8) }.joined()
            .split(separator: "\n").filter { $0.contains("\"action\":\"add\"") }
        #expect(lines.count == 2, "journal: \(lines)")
        #expect(lines.last?.contains("\"outcome\":\"ok\"") == true)
        _ = tmux.quit()
    }
}
