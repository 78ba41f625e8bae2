import Foundation
import Testing
@testable import ClusterSimulator

/// The simulator's UnixFS importer against CIDs from an independent implementation
/// (aleph-cid, see Fixtures/unixfs/make_cids.py) and the issue's two anchors.
@Suite("UnixFS import: kubo-default CIDs") struct UnixFSTests {
    static let v0 = ImportOptions()
    static let v1 = ImportOptions(cidVersion: 1)

    func cid(size: Int, _ options: ImportOptions) -> String {
        var builder = BalancedFileBuilder(options: options)
        UnixFSFixtureData.forEachPiece(size: size) { builder.append($0) }
        return builder.finish().cid.description
    }

    func cid(_ bytes: [UInt8], _ options: ImportOptions) -> String {
        var builder = BalancedFileBuilder(options: options)
        bytes.withUnsafeBytes { builder.append($0) }
        return builder.finish().cid.description
    }

    @Test func anchorsFromTheIssue() {
        #expect(cid([], Self.v0) == "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH")
        #expect(cid(Array("hello world".utf8), Self.v0) == "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD")
    }

    @Test(arguments: [0, 262_144, 262_145, 1_000_000, 52_428_800])
    func patternFileMatchesIndependentImplementation(size: Int) throws {
        let expected = try #require(try UnixFSFixtureData.expected()["pattern-\(size)"])
        #expect(cid(size: size, Self.v0) == expected.v0)
        #expect(cid(size: size, Self.v1) == expected.v1)
    }

    @Test func helloWorldBothVersions() throws {
        let expected = try #require(try UnixFSFixtureData.expected()["hello"])
        #expect(cid(Array("hello world".utf8), Self.v0) == expected.v0)
        #expect(cid(Array("hello world".utf8), Self.v1) == expected.v1)
    }

    /// Feeding the same bytes in different piece sizes must not change the DAG.
    @Test func pieceSizeDoesNotMatter() {
        let data = UnixFSFixtureData.bytes(size: 600_000)
        var one = BalancedFileBuilder(options: Self.v0)
        data.withUnsafeBytes { one.append($0) }
        var many = BalancedFileBuilder(options: Self.v0)
        data.withUnsafeBytes { raw in
            var i = 0
            while i < raw.count {
                let n = min(1 + i % 9973, raw.count - i)
                many.append(UnsafeRawBufferPointer(rebasing: raw[i..<(i + n)]))
                i += n
            }
        }
        #expect(one.finish() == many.finish())
    }

    /// The folder as the multipart sends it: a folder's part before its contents.
    @Test func folderWithSubfolderMatchesIndependentImplementation() throws {
        let expected = try #require(try UnixFSFixtureData.expected()["folder"])
        for (options, want) in [(Self.v0, expected.v0), (Self.v1, expected.v1)] {
            var importer = UnixFSImporter(options: options)
            importer.addFolder("d")
            importer.beginFile("d/a.txt")
            Array("hello world".utf8).withUnsafeBytes { importer.fileData($0) }
            let a = importer.endFile()
            importer.addFolder("d/sub")
            importer.beginFile("d/sub/b.bin")
            UnixFSFixtureData.forEachPiece(size: 262_145) { importer.fileData($0) }
            _ = importer.endFile()
            importer.beginFile("d/sub/empty")
            _ = importer.endFile()
            let folders = importer.finish(wrap: false)
            #expect(a?.name == "d/a.txt")
            #expect(folders.map(\.name) == ["d/sub", "d"])
            #expect(folders.last?.entry.cid.description == want)
        }
    }

    @Test func wrappingPutsTheFolderUnderANamelessRoot() {
        var importer = UnixFSImporter(options: Self.v0)
        importer.beginFile("a.txt")
        Array("hello world".utf8).withUnsafeBytes { importer.fileData($0) }
        let file = importer.endFile()
        let out = importer.finish(wrap: true)
        #expect(out.map(\.name) == [""])
        // A folder holding one link named a.txt to the file: not the file's own CID.
        #expect(out[0].entry.cid != file?.entry.cid)
        #expect(out[0].entry.cumulativeSize > file?.entry.cumulativeSize ?? 0)
    }
}
