/// One item of `POST /add`'s stream: a file or folder once added (root last), or, when
/// progress was asked for, a progress update (no CID, `bytes` so far).
public struct AddedOutput: Codable, Sendable, Hashable {
    public var name: String
    public var cid: CIDString?
    /// Bytes read so far (progress updates only).
    public var bytes: UInt64?
    /// Cumulative size of the added DAG.
    public var size: UInt64?
    /// Peers the root was allocated to (root only; empty = everywhere or not pinned).
    public var allocations: [PeerID]?

    public init(name: String, cid: CIDString?, bytes: UInt64? = nil, size: UInt64? = nil, allocations: [PeerID]? = nil) {
        self.name = name; self.cid = cid; self.bytes = bytes; self.size = size; self.allocations = allocations
    }

    /// A progress update rather than an added file or folder.
    public var isProgress: Bool { (cid ?? "").isEmpty }
}
