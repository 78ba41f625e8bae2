import Foundation
import Testing
@testable import ECSState

@Suite struct BadInputTests {
    func parse(_ text: String, file: String = "/x/export.json") -> Result<ECSExportFile, ECSExportProblem> {
        parse(bytes: Array(text.utf8), file: file)
    }

    func parse(bytes: [UInt8], file: String = "/x/export.json") -> Result<ECSExportFile, ECSExportProblem> {
        do throws(ECSExportProblem) { return .success(try ECSExportReader.parse(bytes: bytes, file: file)) } catch { return .failure(error) }
    }

    func problem(_ r: Result<ECSExportFile, ECSExportProblem>) -> ECSExportProblem? {
        if case .failure(let p) = r { return p }
        return nil
    }

    @Test func emptyAndBlankFiles() {
        #expect(problem(parse(""))?.kind == .empty)
        #expect(problem(parse(" \n\n"))?.kind == .empty)
        #expect(problem(parse(""))?.description.hasPrefix("export.json: empty file") == true)
    }

    @Test func warningTextBeforeTheJSONIsSkippedWithANote() throws {
        let warning = "/usr/lib/python3/dist-packages/botocore/utils.py:1: PythonDeprecationWarning: [upgrade] ...\n"
        let text = warning + "{\"taskArns\": [\"arn:aws:ecs:us-east-1:1:task/c/abc\"]}\n"
        let file = try parse(text).get()
        #expect(file.kinds == [.listTasks])
        #expect(file.notes.count == 1)
        #expect(file.notes[0].message.hasPrefix("skipped \(warning.utf8.count) bytes of text before the JSON"))
    }

    @Test func textOrTableOutputIsNotJSON() {
        let p = problem(parse("TASKARNS\tarn:aws:ecs:us-east-1:1:task/c/abc\n"))
        #expect(p?.kind == .notJSON(firstLine: "TASKARNS arn:aws:ecs:us-east-1:1:task/c/abc"))
    }

    @Test func truncatedJSONGivesLineColumnAndOffset() throws {
        let whole = try String(contentsOfFile: Fixtures.path("samples/ecs-describe-tasks.json"), encoding: .utf8)
        let cut = String(whole.utf8.prefix(1000))!
        let p = try #require(problem(parse(cut)))
        guard case .truncated(let line, let column, let offset) = p.kind else {
            Issue.record("expected truncated, got \(p)"); return
        }
        #expect(offset == 1000)
        #expect(line == cut.split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(column >= 1)
        #expect(p.isTransient)
        #expect(p.description.contains("truncated or still being written"))
    }

    @Test func syntaxErrorPosition() {
        let p = problem(parse("{\n  \"tasks\": [\n    {\"taskArn\": \"a\",, }\n  ]\n}"))
        #expect(p?.kind == .syntax(line: 3, column: 21, offset: 35, detail: "expected a quoted key, found ','"))
        #expect(p?.isTransient == false)
    }

    @Test func binaryGarbage() {
        var bytes: [UInt8] = Array("{\"tasks\": [".utf8)
        bytes += [0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF]
        #expect(problem(parse(bytes: bytes))?.kind == .binary(offset: 15))
        #expect(problem(parse(bytes: Array("{\"a\": \"".utf8) + [0xC3, 0x28] + Array("\"}".utf8)))?.kind == .binary(offset: 7))
    }

    @Test func hugeFileIsRefusedBeforeReading() throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        let text = "{\"taskArns\": [" + String(repeating: " ", count: 4096) + "]}"
        let path = try dir.write("big.json", text)
        #expect(throws: ECSExportProblem(file: path, kind: .tooLarge(size: text.utf8.count, limit: 1024))) {
            try ECSExportReader.read(path: path, sizeLimit: 1024)
        }
        #expect((try? ECSExportReader.read(path: path))?.kinds == [.listTasks])
    }

    @Test func missingFileAndDirectory() throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        #expect(throws: ECSExportProblem.self) { try ECSExportReader.read(path: dir.file("nope.json")) }
        #expect(throws: ECSExportProblem(file: dir.path, kind: .notAFile(what: "a folder"))) {
            try ECSExportReader.read(path: dir.path)
        }
    }

    @Test func jmespathReshapedOutput() throws {
        // `--query 'tasks'`: a bare array of whole tasks is recognised, with a note.
        let bare = try parse("[{\"taskArn\": \"arn:aws:ecs:us-east-1:1:task/c/t1\", \"lastStatus\": \"RUNNING\"}, {\"nope\": 1}]").get()
        #expect(bare.kinds == [.describeTasks])
        #expect(bare.documents[0].tasks.map(\.id) == ["t1"])
        #expect(bare.notes.first?.message.contains("1 items not recognised") == true)
        // `--query 'taskArns'`
        let arns = try parse("[\"arn:aws:ecs:us-east-1:1:task/c/t1\"]").get()
        #expect(arns.kinds == [.listTasks])
        // `--query 'tasks[0]'`
        let single = try parse("{\"taskArn\": \"arn:aws:ecs:us-east-1:1:task/c/t9\", \"lastStatus\": \"STOPPED\"}").get()
        #expect(single.documents[0].tasks.first?.lastStatus == .stopped)
        // A projection that renamed the keys cannot be mapped.
        let projection = problem(parse("[{\"id\": \"t1\", \"status\": \"RUNNING\"}]"))
        #expect(projection?.kind == .reshaped(detail:
            "a bare array of 1 objects with keys id, status; no taskArn, serviceName, clusterName or containerDefinitions to map it"))
        #expect(problem(parse("\"RUNNING\""))?.kind == .reshaped(detail: "a bare string (a --query result?), not an ECS document"))
        #expect(problem(parse("[[\"t1\", \"RUNNING\"]]")) != nil)
        #expect(problem(parse("[]")) != nil)
    }

    @Test func unknownObjectNamesItsKeys() {
        #expect(problem(parse("{\"zeta\": 1, \"alpha\": 2}"))?.kind == .notAnExport(reason: "unrecognised JSON object with keys alpha, zeta"))
    }

    @Test func concatenatedDocumentsAndBOM() throws {
        let text = "\u{FEFF}{\"taskArns\": []}\n{\"serviceArns\": [\"arn:aws:ecs:us-east-1:1:service/c/s\"]}\n{\"x\": 1}"
        let file = try parse(text).get()
        #expect(file.kinds == [.listTasks, .listServices])
        #expect(file.notes.contains { $0.message.hasPrefix("document 3: skipped") })
    }

    @Test func utf16FromPowerShell() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "{\"taskArns\": [\"arn:aws:ecs:us-east-1:1:task/c/é\"]}".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let file = try parse(bytes: bytes).get()
        #expect(file.documents[0].listedARNs == ["arn:aws:ecs:us-east-1:1:task/c/é"])
    }

    @Test func unknownEnumsAreKeptAndFailuresSurface() throws {
        let text = """
        {"tasks": [{"taskArn": "arn:aws:ecs:us-east-1:1:task/c/t1", "lastStatus": "HIBERNATING",
                    "stopCode": "InfrastructureHealth", "healthStatus": "WOBBLY", "version": 3}, {"no": "arn"}],
         "failures": [{"arn": "arn:aws:ecs:us-east-1:1:task/c/gone", "reason": "MISSING"}]}
        """
        let file = try parse(text).get()
        let task = try #require(file.documents[0].tasks.first)
        #expect(task.lastStatus?.rawValue == "HIBERNATING")
        #expect(task.stopCode == .infrastructureHealth)
        #expect(task.healthStatus?.rawValue == "WOBBLY")
        #expect(file.documents[0].failures == [ECSFailure(arn: "arn:aws:ecs:us-east-1:1:task/c/gone", reason: "MISSING", detail: nil, file: "/x/export.json")])
        #expect(file.notes.first?.message == "skipped 1 of 2 tasks entries that are not tasks (no taskArn)")
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "[", count: 10_000)
        #expect(problem(parse(text)) != nil)
    }

    @Test func displayTextIsSanitised() {
        #expect(sanitizedForDisplay("a\u{1B}[31mb\tc") == "ab c")
        let p = ECSExportProblem(file: "/d/x", kind: .notJSON(firstLine: "x"))
        #expect(!p.description.contains("\u{1B}"))
        #expect(problem(parse("\u{1B}[2J hello"))?.description.contains("\u{1B}") == false)
    }
}
