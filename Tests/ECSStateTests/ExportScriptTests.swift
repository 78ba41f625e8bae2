import Foundation
import Testing
@testable import ECSState

/// Runs Scripts/export-ecs-state for real: against moto (via Fixtures/moto-tools/moto-export.sh, skipped with a
/// message when python3/moto/aws are missing) and without aws on PATH.
@Suite struct ExportScriptTests {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    struct Run { var status: Int32; var stderr: String }

    /// Runs a process with a hard deadline so a stuck moto server cannot hang the suite.
    static func run(_ executable: String, _ args: [String], env: [String: String]? = nil, timeout: Duration = .seconds(120)) async throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = args
        if let env { process.environment = env }
        // stderr goes to a file, not a pipe: a grandchild holding a pipe open could block the read.
        let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("ecs-script-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errPath.path, contents: nil)
        let errHandle = try FileHandle(forWritingTo: errPath)
        defer { try? errHandle.close(); try? FileManager.default.removeItem(at: errPath) }
        process.standardError = errHandle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let err = (try? String(contentsOf: errPath, encoding: .utf8)) ?? ""
        return Run(status: process.terminationStatus, stderr: err)
    }

    @Test func exportsAgainstMoto() async throws {
        if ProcessInfo.processInfo.environment["ECS_SKIP_MOTO"] == "1" {
            print("SKIP exportsAgainstMoto: ECS_SKIP_MOTO=1"); return
        }
        let dir = try TempDir(); defer { dir.cleanup(); try? FileManager.default.removeItem(atPath: dir.path + "/out.seed.json") }
        let script = Self.packageRoot.appendingPathComponent("Tests/ECSStateTests/Fixtures/moto-tools/moto-export.sh").path
        let out = dir.file("out")
        let run = try await Self.run("/bin/bash", [script, out])
        if run.status == 77 {
            print("SKIP exportsAgainstMoto: \(run.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
            return
        }
        #expect(run.status == 0, "\(run.stderr)")
        let names = Set((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? [])
        #expect(names.isSuperset(of: ["describe-clusters.json", "list-services.json", "describe-services.json",
                                      "list-tasks-running.json", "list-tasks-stopped.json", "describe-tasks.json",
                                      "describe-task-definition-ipfs-cluster-ipfs-node-us-east-1a-1.json"]))
        #expect(!names.contains { $0.hasSuffix(".tmp") }, "no temp files left behind")
        let s = ECSDirectoryState.read(directory: out)
        #expect(s.problems.isEmpty, "\(s.problems)")
        #expect(s.services.count == 3)
        #expect(s.tasks.count == 4)
        #expect(s.tasks.filter { $0.lastStatus == .stopped }.count == 1)
        #expect(s.taskDefinitions.count == 3)
        #expect(s.listedButUndescribedTaskIDs.isEmpty)
    }

    @Test func clearErrorWhenAWSIsMissing() async throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        try dir.write("describe-tasks.json", "{\"tasks\": [], \"failures\": []}")
        let script = Self.packageRoot.appendingPathComponent("Scripts/export-ecs-state").path
        let run = try await Self.run("/bin/bash", [script, "--cluster", "c", "--region", "us-east-1", "--dir", dir.path],
                                     env: ["PATH": "/nonexistent", "HOME": dir.path])
        #expect(run.status == 127)
        #expect(run.stderr.contains("the aws CLI is not on PATH"))
        #expect((try? String(contentsOfFile: dir.file("describe-tasks.json"), encoding: .utf8))?.contains("tasks") == true)

        let usage = try await Self.run("/bin/bash", [script, "--cluster", "c"])
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("usage: export-ecs-state"))
    }

    @Test func failedCallKeepsThePreviousFiles() async throws {
        // A fake `aws` that fails every call: previous exports must survive untouched.
        let dir = try TempDir(); defer { dir.cleanup() }
        let bin = dir.file("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let fake = bin + "/aws"
        try "#!/bin/sh\necho 'An error occurred (ClusterNotFoundException): Cluster not found.' >&2\nexit 254\n".write(toFile: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)
        let out = dir.file("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try "{\"clusters\": []}".write(toFile: out + "/describe-clusters.json", atomically: true, encoding: .utf8)
        let script = Self.packageRoot.appendingPathComponent("Scripts/export-ecs-state").path
        let run = try await Self.run("/bin/bash", [script, "--cluster", "c", "--region", "us-east-1", "--dir", out],
                                     env: ["PATH": "\(bin):/usr/bin:/bin"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("'aws ecs describe-clusters' failed (exit 254)"))
        #expect(run.stderr.contains("ClusterNotFoundException"))
        #expect(try String(contentsOfFile: out + "/describe-clusters.json", encoding: .utf8) == "{\"clusters\": []}")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["describe-clusters.json"])
    }
}
