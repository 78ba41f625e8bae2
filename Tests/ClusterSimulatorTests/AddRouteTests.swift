import ClusterAPI
import Foundation
import Testing
@testable import ClusterSimulator

/// `POST /add` end to end over loopback: the client's multipart upload, the simulator's
/// streaming import, the pinset.
extension SimulatorTests {
    @Suite("POST /add against the simulator") struct AddRouteTests {
        static func client(_ endpoints: SimulatorEndpoints) throws -> ClusterClient {
            try ClusterClient(configuration: .init(hosts: [try .parse(endpoints.peers[0], https: false)], connectTimeout: 5))
        }

        static func collect(_ stream: AsyncThrowingStream<AddedOutput, Error>) async throws -> [AddedOutput] {
            var out: [AddedOutput] = []
            for try await item in stream { out.append(item) }
            return out
        }

        static func tempDir() throws -> String {
            let dir = NSTemporaryDirectory() + "addtest-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            return dir
        }

        @Test func fileAndFolderGetTheIndependentCIDsAndArePinned() async throws {
            let expected = try UnixFSFixtureData.expected()
            let dir = try Self.tempDir()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let folder = try UnixFSFixtureData.writeFolder(under: dir)
            let big = dir + "/big.bin"
            try Data(UnixFSFixtureData.bytes(size: 1_000_000)).write(to: URL(fileURLWithPath: big))
            try await withSimulator(replicationMin: 2, replicationMax: 2) { _, endpoints in
                let client = try Self.client(endpoints)
                defer { Task { await client.shutdown() } }

                let one = try await Self.collect(client.add(try AddUpload.prepare(paths: [big], recursive: false, hidden: false),
                                                            options: AddOptions()))
                #expect(one.map(\.name) == ["big.bin"])
                #expect(one.last?.cid == expected["pattern-1000000"]?.v0)
                #expect(one.last?.allocations?.count == 2)
                let pin = try await client.allocation(try #require(one.last?.cid))
                #expect(pin.name == "big.bin")

                var v1 = AddOptions()
                v1.recursive = true
                v1.cidVersion = 1
                let tree = try await Self.collect(client.add(try AddUpload.prepare(paths: [folder], recursive: true, hidden: false),
                                                             options: v1))
                #expect(tree.map(\.name) == ["d/a.txt", "d/sub/b.bin", "d/sub/empty", "d/sub", "d"])
                #expect(tree.first?.cid == expected["hello"]?.v1)
                #expect(tree.last?.cid == expected["folder"]?.v1)
            }
        }

        @Test func folderWithoutRecursiveIsRefusedLocally() throws {
            let dir = try Self.tempDir()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            #expect(throws: AddUpload.LocalError.self) { try AddUpload.prepare(paths: [dir], recursive: false, hidden: false) }
            #expect(throws: AddUpload.LocalError.self) { try AddUpload.prepare(paths: [dir + "/nope"], recursive: false, hidden: false) }
        }

        @Test func hiddenFilesAreSkippedUnlessAsked() throws {
            let dir = try Self.tempDir()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/.secret"))
            try Data("y".utf8).write(to: URL(fileURLWithPath: dir + "/plain"))
            let name = (dir as NSString).lastPathComponent
            #expect(try AddUpload.prepare(paths: [dir], recursive: true, hidden: false).entries.map(\.name) == [name, name + "/plain"])
            #expect(try AddUpload.prepare(paths: [dir], recursive: true, hidden: true).entries.map(\.name)
                    == [name, name + "/.secret", name + "/plain"])
        }

        /// ipfs-cluster issue 2123: options the cluster refuses give 200 with an empty body;
        /// the client must report it, not succeed silently.
        @Test func emptyAnswerIsAnError() async throws {
            let dir = try Self.tempDir()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try Data("hello world".utf8).write(to: URL(fileURLWithPath: dir + "/f"))
            try await withSimulator(replicationMin: -1, replicationMax: -1) { _, endpoints in
                let client = try Self.client(endpoints)
                defer { Task { await client.shutdown() } }
                // min 2 with the cluster's max -1: refused by the cluster, not by the client.
                let options = AddOptions(pin: PinAddOptions(replicationMin: 2))
                await #expect(throws: ClusterAPIError.self) {
                    _ = try await Self.collect(client.add(try AddUpload.prepare(paths: [dir + "/f"], recursive: false, hidden: false),
                                                          options: options))
                }
                #expect(try await client.allocations().reduce(0) { n, _ in n + 1 } == 0)
            }
        }

        /// A pin that cannot be allocated fails after the upload: a 500 before any item, or the
        /// trailer after some.
        @Test func allocationFailureAfterItemsGoesToTheTrailer() async throws {
            let dir = try Self.tempDir()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try Data("a".utf8).write(to: URL(fileURLWithPath: dir + "/a"))
            try Data("b".utf8).write(to: URL(fileURLWithPath: dir + "/b"))
            try await withSimulator(peers: 2) { _, endpoints in
                let client = try Self.client(endpoints)
                defer { Task { await client.shutdown() } }
                var options = AddOptions(pin: PinAddOptions(replicationMin: 3, replicationMax: 3))
                options.wrap = true
                var seen: [AddedOutput] = []
                do {
                    for try await item in client.add(try AddUpload.prepare(paths: [dir + "/a", dir + "/b"], recursive: false, hidden: false),
                                                     options: options) { seen.append(item) }
                    Issue.record("expected a stream error")
                } catch let e as ClusterAPIError {
                    guard case .streamError(let message, _) = e.kind else { Issue.record("\(e)"); return }
                    #expect(message.contains("not enough peers to allocate"))
                }
                #expect(seen.map(\.name) == ["a", "b"])
            }
        }

        @Test func progressItemsWhenAsked() async throws {
            let dir = try Self.tempDir()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try Data(UnixFSFixtureData.bytes(size: 1_000_000)).write(to: URL(fileURLWithPath: dir + "/big"))
            try await withSimulator { _, endpoints in
                let client = try Self.client(endpoints)
                defer { Task { await client.shutdown() } }
                var options = AddOptions()
                options.progress = true
                let items = try await Self.collect(client.add(try AddUpload.prepare(paths: [dir + "/big"], recursive: false, hidden: false),
                                                              options: options))
                #expect(items.filter(\.isProgress).count >= 3)
                #expect(items.last?.isProgress == false)
            }
        }
    }
}
