/// What decides the shape and names of an imported DAG, as `POST /add` parameters set them.
/// Defaults are kubo's: fixed 256 KiB chunks, at most 174 links per node, dag-pb leaves, CIDv0.
struct ImportOptions: Sendable, Equatable {
    var chunkSize = 262_144
    var maxLinks = 174
    var rawLeaves = false
    var cidVersion = 0

    /// CIDv1 implies raw leaves, as in kubo and ipfs-cluster's `AddParams`.
    init(chunkSize: Int = 262_144, rawLeaves: Bool = false, cidVersion: Int = 0) {
        self.chunkSize = chunkSize
        self.cidVersion = cidVersion
        self.rawLeaves = rawLeaves || cidVersion > 0
    }
}

/// A finished node as its parent sees it: its CID, its cumulative DAG size (the `Tsize` of a
/// link to it) and, for file nodes, the file bytes below it (an entry of the parent's `blocksizes`).
struct DagEntry: Sendable, Equatable {
    var cid: ContentID
    var cumulativeSize: UInt64
    var fileSize: UInt64
}
