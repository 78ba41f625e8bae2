import ClusterAPI
import Foundation
import NIOCore
import Testing
@testable import ClusterSimulator

/// The client's multipart body read back by the simulator's streaming parser, fed in pieces of
/// every small size so that boundaries and headers straddle the pieces.
@Suite("Multipart: client body to simulator parser") struct MultipartTests {
    @Test func partsSurviveAnySplit() async throws {
        let dir = NSTemporaryDirectory() + "multipart-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/d/sub dir", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Content that looks like a delimiter's start ("\r\n--") must stay content.
        let tricky = Data("a\r\n-\r\n--x\r\n\r\n--".utf8)
        try tricky.write(to: URL(fileURLWithPath: dir + "/d/sub dir/t.bin"))
        try Data().write(to: URL(fileURLWithPath: dir + "/d/empty"))
        try Data(UnixFSFixtureData.bytes(size: 70_000)).write(to: URL(fileURLWithPath: dir + "/d/p.bin"))
        let upload = try AddUpload.prepare(paths: [dir + "/d"], recursive: true, hidden: false)
        let body = MultipartBody(upload: upload, boundary: "b0undary")
        var wire: [UInt8] = []
        for try await piece in body { wire += piece.readableBytesView }
        #expect(Int64(wire.count) == body.length)

        for step in [1, 2, 3, 7, 13, 4096] {
            var parser = MultipartParser(boundary: "b0undary")
            var parts: [(name: String, type: String, bytes: [UInt8])] = []
            var offset = 0
            while offset < wire.count {
                let piece = ByteBuffer(bytes: wire[offset..<min(offset + step, wire.count)])
                offset += step
                for event in try parser.feed(piece) {
                    switch event {
                    case .partStart(let headers):
                        let name = MultipartParser.parameter("filename", in: headers["content-disposition"] ?? "") ?? ""
                        parts.append((SimRequest.percentDecode(name, plus: true), headers["content-type"] ?? "", []))
                    case .data(let b): parts[parts.count - 1].bytes += b.readableBytesView
                    case .partEnd: break
                    }
                }
            }
            #expect(parser.isComplete, "step \(step)")
            #expect(parts.map(\.name) == ["d", "d/empty", "d/p.bin", "d/sub dir", "d/sub dir/t.bin"], "step \(step)")
            #expect(parts.map(\.type) == ["application/x-directory", "application/octet-stream", "application/octet-stream",
                                          "application/x-directory", "application/octet-stream"])
            #expect(parts[2].bytes == UnixFSFixtureData.bytes(size: 70_000), "step \(step)")
            #expect(parts[4].bytes == Array(tricky), "step \(step)")
            #expect(parts[1].bytes.isEmpty && parts[0].bytes.isEmpty)
        }
    }
}
