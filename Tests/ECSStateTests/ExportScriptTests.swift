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
        kill(process)
        let err = (try? String(contentsOf: errPath, encoding: .utf8)) ?? ""
        return Run(status: process.terminationStatus, stderr: err)
    }

    /// Ends a child for sure. Children of the test process inherit a signal mask that blocks
    /// SIGTERM (measured: `Process.terminate()` left the script running), so use SIGKILL.
    static func kill(_ process: Process) {
        if process.isRunning { _ = Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
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
        // Around the cluster: EFS, the ALB's two groups and their targets, alarms, metric
        // filters, Cloud Map and metrics (moto has no alarm history: that call fails softly).
        #expect(names.isSuperset(of: ["efs-describe-file-systems.json", "elbv2-describe-load-balancers.json",
                                      "elbv2-describe-target-groups.json", "elbv2-describe-target-health-ipfs-cluster-nodes-api.json",
                                      "elbv2-describe-target-health-ipfs-cluster-nodes-web.json", "cloudwatch-describe-alarms.json",
                                      "logs-describe-metric-filters.json", "cloudwatch-metric-data-queries.json"]))
        #expect(names.contains { $0.hasPrefix("cloudwatch-get-metric-data-") })
        #expect(names.filter { $0.hasPrefix("servicediscovery-list-instances-") }.count == 3)
        #expect(run.stderr.contains("DescribeAlarmHistory"), "moto's 500 is reported, not hidden")
        #expect(s.aws.fileSystems.count == 3)
        #expect(s.aws.targetHealth.count == 6)
        #expect(s.aws.metrics.find("BurstCreditBalance", namespace: "AWS/EFS", dimensions: [:])?.points.isEmpty == false)
        // Logs, incrementally: one file per group, and a second run finds nothing newer.
        let logs = (try? FileManager.default.contentsOfDirectory(atPath: out + ".logs")) ?? []
        #expect(logs.filter { $0.hasPrefix("logs-") && $0.hasSuffix(".json") }.count == 3, "\(logs)")
        #expect(logs.contains { $0.hasPrefix(".last-") })
        let text = (try? String(contentsOfFile: out + ".logs/" + (logs.first { $0.hasPrefix("logs-") } ?? ""), encoding: .utf8)) ?? ""
        #expect(text.contains("\"events\"") && text.contains("IPFS Cluster is READY"))
        try? FileManager.default.removeItem(atPath: out + ".logs")
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

/// The script's own logic (batching, task-definition discovery, atomic files, the --every loop) with
/// a fake `aws` that answers from canned JSON, so it runs fast and everywhere.
@Suite struct ExportScriptLogicTests {
    static let fakeAWS = #"""
    #!/bin/bash
    # Fake aws: logs its arguments, answers ECS calls with small canned documents.
    echo "$*" >> "$FAKE_AWS_LOG"
    sub=""; for a in "$@"; do case "$a" in list-*|describe-*) sub=$a; break ;; esac; done
    arn=arn:aws:ecs:us-east-1:123456789012
    case "$sub" in
      describe-clusters) echo '{"clusters": [{"clusterName": "c", "clusterArn": "'$arn':cluster/c"}], "failures": []}' ;;
      list-services) echo '{"serviceArns": ["'$arn':service/c/s1"]}' ;;
      describe-services) echo '{"services": [{"serviceName": "s1", "taskDefinition": "'$arn':task-definition/fam:4"}], "failures": []}' ;;
      list-tasks)
        if [[ "$*" == *RUNNING* ]]; then
          printf '{"taskArns": ['; for i in $(seq 1 150); do [ $i -gt 1 ] && printf ','; printf '"%s:task/c/%032d"' $arn $i; done; echo ']}'
        else echo '{"taskArns": []}'; fi ;;
      describe-tasks)
        printf '{"tasks": ['; first=1
        for a in "$@"; do case "$a" in arn:*:task/*) [ $first = 0 ] && printf ','; first=0
          printf '{"taskArn": "%s", "lastStatus": "RUNNING", "taskDefinitionArn": "%s:task-definition/fam:3"}' "$a" $arn ;; esac; done
        echo '], "failures": []}' ;;
      describe-task-definition) for a in "$@"; do case "$a" in *task-definition/*) d=$a ;; esac; done
        r=${d##*:}; echo '{"taskDefinition": {"family": "fam", "revision": '$r', "containerDefinitions": [{"name": "ipfs"}]}}' ;;
      *) echo "unexpected: $*" >&2; exit 2 ;;
    esac
    """#

    @Test func batchesDiscoversDefinitionsAndRepeats() async throws {
        let dir = try TempDir(); defer { dir.cleanup() }
        let bin = dir.file("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try Self.fakeAWS.write(toFile: bin + "/aws", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/aws")
        let out = dir.file("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        // Left over from an earlier, larger export: must be removed (2 batches now).
        try "{\"tasks\": [], \"failures\": []}".write(toFile: out + "/describe-tasks-3.json", atomically: true, encoding: .utf8)
        let log = dir.file("aws.log")
        let script = ExportScriptTests.packageRoot.appendingPathComponent("Scripts/export-ecs-state").path

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script, "--cluster", "c", "--region", "us-east-1", "--dir", out, "--every", "1", "--profile", "ops"]
        process.environment = ["PATH": "\(bin):/usr/bin:/bin", "FAKE_AWS_LOG": log, "TMPDIR": dir.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { ExportScriptTests.kill(process) }

        // Wait (bounded) until the loop has run twice: two describe-clusters calls in the log.
        let deadline = ContinuousClock.now + .seconds(30)
        var calls: [String] = []
        while ContinuousClock.now < deadline {
            calls = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            if calls.filter({ $0.contains("describe-clusters") }).count >= 2 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(calls.filter { $0.contains("describe-clusters") }.count >= 2, "the --every loop repeats")
        #expect(calls.allSatisfy { $0.contains("--region us-east-1 --output json --profile ops") })
        // Stop the loop before reading: a round in flight replaces files while they are read.
        ExportScriptTests.kill(process)
        // Hidden `.export-*.tmp` files belong to the loop's next, in-flight round.
        let names = try FileManager.default.contentsOfDirectory(atPath: out).filter { !$0.hasPrefix(".") }.sorted()
        #expect(names == ["describe-clusters.json", "describe-services.json", "describe-task-definition-fam-3.json",
                          "describe-task-definition-fam-4.json", "describe-tasks-2.json", "describe-tasks.json",
                          "list-services.json", "list-tasks-running.json", "list-tasks-stopped.json"])
        let s = ECSDirectoryState.read(directory: out)
        #expect(s.problems.isEmpty, "\(s.problems)")
        #expect(s.tasks.count == 150, "100 + 50 across two describe-tasks batches")
        #expect(Set(s.taskDefinitions.keys) == ["fam:3", "fam:4"])
    }
}
