/// `POST /add` parameters as ipfs-cluster's `AddParamsFromQuery` reads them (see the API notes,
/// section 1.4); pin options are read separately by `PinOptions.parse`.
struct AddParams: Sendable {
    var importOptions = ImportOptions()
    var wrap = false
    var progress = false
    var noPin = false
    var format = "unixfs"

    struct Invalid: Error { let message: String }

    static func parse(_ query: [(String, String)]) throws(Invalid) -> AddParams {
        var p = AddParams()
        var rawLeaves = false, cidVersion = 0, chunkSize = 262_144
        func bool(_ k: String, _ v: String) throws(Invalid) -> Bool {
            switch v.lowercased() {
            case "1", "t", "true": return true
            case "0", "f", "false", "": return false
            default: throw Invalid(message: "parameter \(k) invalid")
            }
        }
        for (k, v) in query {
            switch k {
            case "wrap-with-directory": p.wrap = try bool(k, v)
            case "progress": p.progress = try bool(k, v)
            case "no-pin": p.noPin = try bool(k, v)
            case "raw-leaves": rawLeaves = try bool(k, v)
            case "local", "recursive", "hidden", "shard", "stream-channels", "nocopy": _ = try bool(k, v)
            case "cid-version":
                guard let n = Int(v), n == 0 || n == 1 else { throw Invalid(message: "parameter cid-version invalid") }
                cidVersion = n
            case "layout":
                guard v.isEmpty || v == "balanced" || v == "trickle" else { throw Invalid(message: "layout parameter is invalid") }
                if v == "trickle" { throw Invalid(message: "the simulator builds balanced DAGs only (layout=trickle)") }
            case "chunker":
                guard v.isEmpty || v.hasPrefix("size-") || v.hasPrefix("rabin") else { throw Invalid(message: "chunker parameter is invalid") }
                if v.hasPrefix("size-") {
                    guard let n = Int(v.dropFirst(5)), n > 0, n <= 1 << 20 else { throw Invalid(message: "chunker parameter is invalid") }
                    chunkSize = n
                } else if v.hasPrefix("rabin") {
                    throw Invalid(message: "the simulator chunks by size only (chunker=\(v))")
                }
            case "hash":
                guard v.isEmpty || v == "sha2-256" else { throw Invalid(message: "the simulator hashes with sha2-256 only (hash=\(v))") }
            case "format":
                guard v.isEmpty || v == "unixfs" || v == "car" else { throw Invalid(message: "format parameter is invalid") }
                if v == "car" { throw Invalid(message: "the simulator imports UnixFS only (format=car)") }
            default: break
            }
        }
        p.importOptions = ImportOptions(chunkSize: chunkSize, rawLeaves: rawLeaves, cidVersion: cidVersion)
        return p
    }
}
