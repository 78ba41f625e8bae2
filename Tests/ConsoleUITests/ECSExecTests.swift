import ConsoleCore
import ECSState
import Foundation
import Testing
import TerminalUI
@testable import ConsoleUI

/// ECS Exec from the task detail: the ready-to-paste command, and the OSC 52 copy that only
/// happens when the operator turned it on.
@MainActor
@Suite struct ECSExecTests {
    typealias F = WiringFixture
    static let expected = "aws ecs execute-command --region us-east-1 --cluster ipfs-cluster --task aaaa1111aaaa1111aaaa1111aaaa1111"
        + " --container ipfs-cluster --interactive --command \"/bin/sh\""

    func runningTask() throws -> ECSTask { try #require(try F.snapshot().tasks.first { $0.id == F.runningTask }) }

    @Test func commandNamesRegionClusterTaskAndContainer() throws {
        let t = try runningTask()
        #expect(ECSExecCommand.containers(of: t) == ["ipfs-cluster"], "only the containers the task has")
        #expect(ECSExecCommand.line(task: t, container: "ipfs-cluster") == Self.expected)
        // Outside text cannot break out of its shell word.
        #expect(ECSExecCommand.safe("ipfs;rm -rf /$(x)") == "ipfs_rm_-rf____x_")
        #expect(ECSExecCommand.clusterFromTaskARN("arn:aws:ecs:eu-west-1:1:task/prod/abc") == "prod")
    }

    @Test func taskDetailShowsTheLine() throws {
        var app = try F.app()
        _ = app.runCommand("tasks")
        let found = app.tasksPane.select(task: F.runningTask)
        #expect(found)
        _ = app.handle(.enter)
        let s = UIFixture.render(&app, width: 240, height: 50)
        #expect(s.text.contains("exec (c copies): " + Self.expected), "\(s.text)")
    }

    @Test func copyIsOffByDefaultAndSaysHowToTurnItOn() throws {
        var app = try F.app()
        _ = app.runCommand("tasks")
        _ = app.tasksPane.select(task: F.runningTask)
        _ = app.handle(.char("c"))
        let out = app.takeTerminalOutput()
        #expect(out.isEmpty, "nothing is written to the terminal")
        #expect(app.ui.notice?.text.contains("--osc52") == true)
        #expect(app.ui.notice?.isError == true)
    }

    @Test func copyEmitsOSC52WithTheCommandWhenTurnedOn() throws {
        var app = try F.app()
        var settings = app.core.settings
        settings.osc52Clipboard = true
        app.core.settings = settings
        _ = app.runCommand("tasks")
        _ = app.tasksPane.select(task: F.runningTask)
        _ = app.handle(.char("c"))
        let out = app.takeTerminalOutput()
        #expect(out.count == 1)
        let seq = try #require(out.first)
        #expect(seq.hasPrefix("\u{1B}]52;c;") && seq.hasSuffix("\u{07}"), "\(seq.debugDescription)")
        let payload = String(seq.dropFirst(7).dropLast())
        let decoded = try #require(Data(base64Encoded: payload))
        #expect(String(decoding: decoded, as: UTF8.self) == Self.expected)
        let again = app.takeTerminalOutput()
        #expect(again.isEmpty, "taken once")
        #expect(app.ui.notice?.text.contains("copied") == true)
        // `C` asks for the second container; this task has only one.
        _ = app.handle(.char("C"))
        let none = app.takeTerminalOutput()
        #expect(none.isEmpty)
        #expect(app.ui.notice?.text.contains("one container") == true)
    }

    @Test func osc52SequenceIsExactAndBounded() {
        #expect(Clipboard.osc52("hi") == "\u{1B}]52;c;aGk=\u{07}")
        #expect(Clipboard.osc52(String(repeating: "x", count: Clipboard.maxBytes + 1)) == nil)
    }

    @Test func configKeyAndFlagTurnItOn() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("osc52-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/ipfs-cluster-console", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "current-context = \"a\"\n[contexts.a]\nhosts = [\"/ip4/127.0.0.1/tcp/9094\"]\nosc52 = true\n"
            .write(toFile: dir + "/ipfs-cluster-console/config.toml", atomically: true, encoding: .utf8)
        let env = ["XDG_CONFIG_HOME": dir, "HOME": dir]
        #expect(try ContextResolver.resolve(flags: ConsoleFlags(), environment: env).osc52)
        var flags = ConsoleFlags()
        flags.osc52 = false
        #expect(try !ContextResolver.resolve(flags: flags, environment: env).osc52, "the flag wins")
        #expect(try !ContextResolver.resolve(flags: ConsoleFlags(), environment: ["HOME": dir, "XDG_CONFIG_HOME": dir + "/none"]).osc52,
                "off by default")
    }
}
