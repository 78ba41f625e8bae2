/// Where and how much to record.
public struct RecordingOptions: Sendable, Equatable {
    public var path: String
    /// A file is rotated (`FILE` -> `FILE.1` -> ...) before it grows past this.
    public var maxFileBytes: Int
    /// Rotated files kept; older ones are deleted. The total is bounded by
    /// `maxFileBytes * (keepRotated + 1)`.
    public var keepRotated: Int
    /// Pending events are written at least this often: a crash loses at most this much.
    public var flushSeconds: Double
    /// A chunk is also written once this many uncompressed bytes are pending.
    public var chunkBytes: Int
    /// Known secrets (basic-auth password, token) replaced wherever they appear.
    public var secrets: [String]

    public static let defaultMaxFileBytes = 32 << 20

    public init(path: String, maxFileBytes: Int = defaultMaxFileBytes, keepRotated: Int = 3, flushSeconds: Double = 1,
                chunkBytes: Int = 1 << 20, secrets: [String] = []) {
        self.path = path; self.maxFileBytes = maxFileBytes; self.keepRotated = keepRotated
        self.flushSeconds = flushSeconds; self.chunkBytes = chunkBytes; self.secrets = secrets
    }
}
