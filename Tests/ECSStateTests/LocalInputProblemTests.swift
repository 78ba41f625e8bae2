import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import ECSState

/// A folder, FIFO or dangling link in the export folder is a named problem, never a silent skip,
/// and a FIFO never blocks the reader; a link to a real export is read.
@Suite struct LocalInputProblemTests {
    @Test func oddEntriesInTheExportFolderAreNamedProblems() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let good = try String(contentsOfFile: Fixtures.path("deployment-3az/describe-clusters.json"), encoding: .utf8)
        try dir.write("describe-clusters.json", good)
        #expect(mkfifo(dir.file("describe-tasks.json"), 0o644) == 0)
        #expect(symlink(dir.file("gone.json"), dir.file("list-tasks.json")) == 0)
        try FileManager.default.createDirectory(atPath: dir.file("describe-services.json"), withIntermediateDirectories: true)
        // A link to a real export is followed.
        let real = try TempDir()
        defer { real.cleanup() }
        let services = try String(contentsOfFile: Fixtures.path("deployment-3az/describe-services.json"), encoding: .utf8)
        try real.write("services.json", services)
        #expect(symlink(real.file("services.json"), dir.file("services-link.json")) == 0)

        let snapshot = ECSDirectoryState.read(directory: dir.path)
        let byName = Dictionary(uniqueKeysWithValues: snapshot.problems.map { ($0.fileName, $0.kind) })
        #expect(byName["describe-tasks.json"] == .notAFile(what: "a FIFO (named pipe); opening it would block until a writer appears"))
        #expect(byName["list-tasks.json"] == .danglingLink(target: dir.file("gone.json")))
        #expect(byName["describe-services.json"] == .notAFile(what: "a folder"))
        #expect(byName["describe-clusters.json"] == nil)
        #expect(byName["services-link.json"] == nil)
        #expect(!snapshot.clusters.isEmpty)
        #expect(!snapshot.services.isEmpty, "a link to an export is read")
        for p in snapshot.problems { #expect(p.description.hasPrefix(p.fileName + ": ")) }
    }

    @Test func readerRefusesAFIFOWithoutBlocking() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let fifo = dir.file("pipe.json")
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect(throws: ECSExportProblem(file: fifo, kind: .notAFile(what: "a FIFO (named pipe); opening it would block until a writer appears"))) {
            try ECSExportReader.read(path: fifo)
        }
        #expect(ECSExportProblem(file: fifo, kind: .notAFile(what: "a folder")).description == "pipe.json: is a folder, not an export file; not opened")
    }
}
