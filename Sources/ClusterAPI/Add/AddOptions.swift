/// Options of `POST /add`, mirroring ipfs-cluster-ctl's `add` flags that the REST API supports.
/// Pin options (name, replication, allocations, expiry, metadata) are `PinAddOptions`.
public struct AddOptions: Codable, Sendable, Hashable {
    public var pin: PinAddOptions
    public var recursive = false
    public var hidden = false
    public var wrap = false
    public var local = false
    public var noPin = false
    /// `unixfs` or `car`.
    public var format = "unixfs"
    /// `balanced`, `trickle` or empty (server default).
    public var layout = ""
    /// `size-<bytes>` or `rabin-<min>-<avg>-<max>`.
    public var chunker = "size-262144"
    public var rawLeaves = false
    public var cidVersion = 0
    public var hash = "sha2-256"
    public var nocopy = false
    /// Ask the server for progress items (ctl does not).
    public var progress = false

    public init(pin: PinAddOptions = PinAddOptions()) { self.pin = pin }

    /// ctl's implications: another hash implies CIDv1; CIDv1 and nocopy imply raw leaves.
    public var effective: AddOptions {
        var o = self
        if o.hash != "sha2-256" { o.cidVersion = 1 }
        if o.cidVersion > 0 || o.nocopy { o.rawLeaves = true }
        return o
    }

    /// Throws `ClusterAPIError.invalidArgument` naming the bad option, before any upload.
    public func validate() throws {
        func bad(_ s: String) -> ClusterAPIError { ClusterAPIError(.invalidArgument(detail: s), context: nil) }
        try pin.validate()
        guard format == "unixfs" || format == "car" else { throw bad("--format must be unixfs or car, not \(format)") }
        guard ["", "balanced", "trickle"].contains(layout) else { throw bad("--layout must be balanced or trickle, not \(layout)") }
        guard chunker.hasPrefix("size-") || chunker.hasPrefix("rabin") else {
            throw bad("--chunker must be size-<bytes> or rabin-<min>-<avg>-<max>, not \(chunker)")
        }
        guard cidVersion == 0 || cidVersion == 1 else { throw bad("--cid-version must be 0 or 1, not \(cidVersion)") }
        if wrap && format == "car" { throw bad("only a single CAR file can be added and wrap-with-directory is not supported") }
        if nocopy { throw bad("nocopy option is only valid for URLs") }
    }

    /// Query items in ctl's order (`AddParams.ToQueryString`), with ctl's implications applied.
    public var queryItems: [Endpoint.QueryItem] {
        typealias Q = Endpoint.QueryItem
        let o = effective
        var q = o.pin.queryItems
        func flag(_ name: String, _ value: Bool) { q.append(Q(name, value ? "true" : "false")) }
        flag("local", o.local)
        flag("recursive", o.recursive)
        if !o.layout.isEmpty { q.append(Q("layout", o.layout)) }
        q.append(Q("chunker", o.chunker))
        flag("raw-leaves", o.rawLeaves)
        flag("hidden", o.hidden)
        flag("wrap-with-directory", o.wrap)
        flag("stream-channels", true)
        q.append(Q("format", o.format))
        q.append(Q("cid-version", String(o.cidVersion)))
        q.append(Q("hash", o.hash))
        flag("nocopy", o.nocopy)
        flag("no-pin", o.noPin)
        if o.progress { flag("progress", true) }
        return q
    }
}

extension Endpoint {
    /// `POST /add`: multipart upload, NDJSON `AddedOutput` stream.
    public static func add(_ options: AddOptions) -> Endpoint {
        Endpoint(.POST, "/add", query: options.queryItems, isStream: true)
    }
}
