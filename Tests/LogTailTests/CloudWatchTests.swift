import Foundation
import Testing
@testable import LogTail

@Suite struct CloudWatchTests {
    let task = "c22b541e-0b80-4eb3-818d-27dc98575a77"

    @Test func filterLogEventsSample() throws {
        let path = Fixtures.url("logs-filter-log-events-us-east-1a.json").path
        let doc = try CloudWatchExport.decode(try Data(contentsOf: URL(fileURLWithPath: path)), path: path)
        #expect(doc.kind == .filterLogEvents)
        #expect(doc.events.count == 47)
        #expect(doc.events[0].eventID == "29")
        let lines = CloudWatchExport.lines(of: doc, fallback: LogOrigin(source: path))
        let kubo = lines.filter { $0.container == "ipfs" }
        let cluster = lines.filter { $0.container == "ipfs-cluster" }
        #expect(kubo.count == 18)
        #expect(cluster.count == 29)
        #expect(lines.allSatisfy { $0.taskID == task })
        #expect(kubo.contains { $0.triage?.kind == .ready && $0.format == .kuboDaemon })
        #expect(kubo.contains { $0.format == .goStdLog })
        #expect(cluster.contains { $0.format == .goLog && $0.subsystem == "restapi" })
        // The indented address lines are separate events; they are glued to their head.
        #expect(cluster.filter(\.isContinuation).count == 2)
        let alert = try #require(cluster.first { $0.triage?.kind == .metricAlert })
        #expect(alert.triage?.metric == "ping")
        #expect(alert.triage?.peer?.hasPrefix("12D3KooWFH3oz1") == true)
        // The inner go-log time wins over the ingestion-side event time.
        #expect(alert.time.map(LogTimestamp.format) == "2026-11-21T04:44:44.916Z")
    }

    @Test func getLogEventsSampleTakesStreamFromFileName() throws {
        let path = Fixtures.url("logs-get-log-events-us-east-1a-ipfs-cluster-\(task).json").path
        let lines = try LogFileReader.read(path: path)
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.container == "ipfs-cluster" && $0.taskID == task })
        #expect(lines.first?.format == .entrypoint)
        #expect(lines.contains { $0.triage?.kind == .ready })
        let kubo = try LogFileReader.read(path: Fixtures.url("logs-get-log-events-us-east-1a-ipfs-\(task).json").path)
        #expect(kubo.allSatisfy { $0.container == "ipfs" && $0.taskID == task })
        // Lines without their own time carry the event's.
        #expect(kubo.allSatisfy { $0.time != nil })
    }

    @Test func tailDetailedAndShortText() throws {
        let detailed = try LogFileReader.read(path: Fixtures.url("emulated-logs-tail-us-east-1a-detailed.txt").path)
        #expect(detailed.count == 47)
        #expect(Set(detailed.compactMap(\.container)) == ["ipfs", "ipfs-cluster"])
        #expect(detailed.allSatisfy { $0.taskID == task })
        #expect(detailed.filter(\.isContinuation).count == 2)
        let short = try LogFileReader.read(path: Fixtures.url("emulated-logs-tail-us-east-1a-short.txt").path)
        #expect(short.count == 47)
        #expect(short.allSatisfy { $0.time != nil })
        #expect(short.contains { $0.format == .goLog && $0.subsystem == "cluster" })
    }

    @Test func recognisedByContentNotName() {
        #expect(CloudWatchExport.looksLikeExport(prefix: Array("{\n    \"events\": [\n".utf8)))
        #expect(CloudWatchExport.looksLikeExport(prefix: Array("\u{FEFF}{\"events\":[],\"nextForwardToken\":\"f/1\"}".utf8)))
        #expect(!CloudWatchExport.looksLikeExport(prefix: Array("{\"level\":\"info\",\"msg\":\"x\"}\n".utf8)))
        #expect(!CloudWatchExport.looksLikeExport(prefix: Array("2026-11-21T04:10:28 hello".utf8)))
    }

    @Test func malformedExportGivesSpecificError() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.file("broken.json")
        append(path, "{\n  \"events\": [ {\"timestamp\": 1, \"message\": \"a\"}, ")
        #expect(throws: LogTailError.self) { try LogFileReader.read(path: path) }
        do {
            _ = try CloudWatchExport.decode(Data("{\n  \"events\": 3 }".utf8), path: path)
            Issue.record("expected an error")
        } catch {
            guard case let .invalidExport(p, reason, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(p == path)
            #expect(reason.contains("events"))
        }
    }

    @Test func originMapping() {
        let s = LogOrigin.stream("ipfs-cluster/ipfs-cluster/0123456789abcdef0123456789abcdef")
        #expect(s.container == "ipfs-cluster")
        #expect(s.taskID == "0123456789abcdef0123456789abcdef")
        #expect(LogOrigin.stream("weird-stream").taskID == nil)
        let f = LogOrigin.file(path: "/var/sim/logs/ipfs/ipfs/\(task).log", root: "/var/sim/logs")
        #expect(f.source == "ipfs/ipfs/\(task).log")
        #expect(f.container == "ipfs")
        #expect(f.taskID == task)
        #expect(LogOrigin.file(path: "/var/log/cluster/service.log").taskID == nil)
        let g = LogOrigin.getLogEventsFile(name: "/x/logs-get-log-events-us-east-1a-ipfs-cluster-\(task).json")
        #expect(g?.container == "ipfs-cluster")
        #expect(g?.taskID == task)
        #expect(LogOrigin.getLogEventsFile(name: "events.json") == nil)
    }
}
