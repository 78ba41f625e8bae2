/// A link of a dag-pb node: target, name (always written, even empty, as go-merkledag does),
/// and the target's cumulative DAG size.
struct DagLink: Sendable {
    var cid: ContentID
    var name: String
    var tsize: UInt64
}

/// dag-pb (`PBNode`) encoding: every `Links` entry (field 2) before `Data` (field 1), the
/// canonical order that fixes the bytes, hence the CID, of every UnixFS node.
enum DagPB {
    static func encode(links: [DagLink], data: [UInt8]) -> [UInt8] {
        var w = ProtobufWriter(capacity: data.count + links.count * 48 + 8)
        for link in links {
            var l = ProtobufWriter(capacity: 48)
            l.field(1, bytes: link.cid.bytes)
            l.field(2, bytes: Array(link.name.utf8))
            l.field(3, varint: link.tsize)
            w.field(2, bytes: l.bytes)
        }
        w.field(1, bytes: data)
        return w.bytes
    }
}

/// The UnixFS `Data` message (types File = 2, Directory = 1), with fields as Go writes them:
/// `Type`, then `Data` only when present, `filesize` for files, each `blocksizes` entry unpacked.
enum UnixFSData {
    static func file(content: UnsafeRawBufferPointer?, fileSize: UInt64, blockSizes: [UInt64]) -> [UInt8] {
        var w = ProtobufWriter(capacity: (content?.count ?? 0) + blockSizes.count * 4 + 16)
        w.field(1, varint: 2)
        if let content { w.field(2, raw: content) }
        w.field(3, varint: fileSize)
        for size in blockSizes { w.field(4, varint: size) }
        return w.bytes
    }

    static func directory() -> [UInt8] {
        var w = ProtobufWriter(capacity: 2)
        w.field(1, varint: 1)
        return w.bytes
    }
}
