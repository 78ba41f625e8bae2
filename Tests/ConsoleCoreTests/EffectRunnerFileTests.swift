import ClusterAPI
import Foundation
import LogTail
import Testing
@testable import ConsoleCore

/// The runner does the file work the update asks for, and answers with a notice naming the file
/// or the error: the UI itself writes nothing.
@Suite struct EffectRunnerFileTests {
    func notices(_ effects: [Effect], count: Int) async throws -> [String] {
        let (stream, continuation) = AsyncStream.makeStream(of: ConsoleEvent.self)
        let client = try ClusterClient(configuration: ClusterClientConfiguration(hosts: [try ClusterHost.parse("http://127.0.0.1:1", https: false)]))
        let runner = EffectRunner(client: client, actions: ActionService(client: client, journal: nil, contextName: "t", readonly: true),
                                  post: { continuation.yield($0) })
        await runner.run(effects)
        var out: [String] = []
        for await e in stream {
            if case .notice(let text, _) = e { out.append(text) }
            if out.count == count { break }
        }
        await client.shutdown()
        return out
    }

    @Test func savesLogLinesAndSaysWhereOrWhyNot() async throws {
        let dir = NSTemporaryDirectory() + "runner-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let line = LogLine(time: Fixture.t0, level: .error, source: "a.log", message: "kept", raw: "kept", format: .raw)
        let said = try await notices([.saveLogs([line], path: dir + "/out.log")], count: 1)
        #expect(said == ["saved 1 log lines to \(dir)/out.log"])
        #expect(try String(contentsOfFile: dir + "/out.log", encoding: .utf8).contains("kept"))
        let failed = try await notices([.saveLogs([line], path: "/dev/null/x/out.log")], count: 1)
        #expect(failed.first?.contains("/dev/null/x/out.log") == true)
    }
}
