import Foundation
import Logging
import Testing
@testable import ClusterAPI

/// Collects every log record (message and metadata) in memory.
final class CapturingLogHandler: LogHandler, @unchecked Sendable {
    // Guarded by `lock`: log handlers are called from NIO event loops and tasks alike.
    private let lock = NSLock()
    private var records: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = self.metadata.merging(event.metadata ?? [:]) { $1 }
        lock.lock()
        records.append("\(event.level) \(event.message) \(all) \(event.error.map { "\($0)" } ?? "")")
        lock.unlock()
    }

    var text: [String] {
        lock.lock()
        defer { lock.unlock() }
        return records
    }
}

@Suite("Credentials never reach logs")
struct LoggingRedactionTests {
    @Test func traceLogsCarryNoSecrets() async throws {
        let password = "Tr4ceSecretPassword"
        let dead = try await TestServer.start { _ in [] }
        let deadAddr = dead.multiaddr
        await dead.stop()
        let live = try await TestServer.start { r in
            Reply.error(500, "Internal Server Error", "echo \(r.header("Authorization") ?? "")")
        }
        let handler = CapturingLogHandler()
        let logger = Logger(label: "test") { _ in handler }
        let client = try ClusterClient(configuration: .init(
            hosts: try ClusterHost.parseList([deadAddr, live.multiaddr], https: false),
            auth: .basic(user: "admin", password: password)), logger: logger)
        do { _ = try await client.version() } catch {}
        await client.shutdown()
        await live.stop()
        let logs = handler.text
        #expect(logs.contains { $0.contains("failing over") })   // something was logged
        for line in logs {
            #expect(!line.contains(password), "\(line)")
            #expect(!line.contains(Data("admin:\(password)".utf8).base64EncodedString()), "\(line)")
        }
    }

    @Test func errorContextNamesTheAnsweringPeer() async throws {
        try await withServer({ r in
            r.path == "/id" ? Reply.recorded("recorded/01-id.http") : Reply.error(500, "Internal Server Error", "boom")
        }) { client, _ in
            _ = try await client.id()
            do {
                _ = try await client.version()
                Issue.record("expected an error")
            } catch let e as ClusterAPIError {
                #expect(e.context?.peer == "p1 (12D3KooWSF7s6w197jQHbGzc5G7WrDDruK8cxM885V7eA7HzNuDP)")
                #expect(e.description.contains("peer p1"))
            }
        }
    }
}
