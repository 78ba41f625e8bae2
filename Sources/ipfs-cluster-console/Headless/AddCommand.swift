import ArgumentParser
import ClusterAPI
import ConsoleCore
import Foundation

/// `add <path>...`: ctl's upload command (`POST /add`), with its flags and output. ctl's `-s`
/// for `--chunker` is not offered: here `-s` is the shared `--https`.
struct AddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add files or folders to the cluster and pin them (POST /add).",
        discussion: "Prints `added <CID> <name>` per file and folder, the root last. The upload streams from disk; "
            + "a progress bar shows on stderr when it is a terminal.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Files or folders (folders need -r).") var paths: [String] = []

    @Flag(name: [.customShort("r"), .long], help: "Add folders recursively.") var recursive = false
    @Flag(name: [.customShort("q"), .long], help: "Print only CIDs, one per line.") var quiet = false
    @Flag(name: [.customShort("Q"), .long], help: "Print only the final CID.") var quieter = false
    @Flag(name: .customLong("no-stream"), help: "Print the results at the end (a JSON array with --enc json).") var noStream = false
    @Flag(help: "Add through the contacted peer's IPFS only; pin normally.") var local = false
    @Option(name: [.customShort("n"), .long], help: "Pin name.") var name: String?
    @Option(name: [.customLong("replication-min"), .customLong("rmin")], parsing: .unconditional, help: "Minimum replication factor.")
    var replicationMin: Int?
    @Option(name: [.customLong("replication-max"), .customLong("rmax")], parsing: .unconditional, help: "Maximum replication factor.")
    var replicationMax: Int?
    @Option(name: .customLong("expire-in"), help: ArgumentHelp("Unpin after this Go duration (e.g. 720h).", valueName: "duration"))
    var expireIn: String?
    @Option(help: ArgumentHelp("key=value (repeatable).", valueName: "k=v")) var metadata: [String] = []
    @Option(name: [.customLong("allocations"), .customLong("allocs")], help: ArgumentHelp("Comma-separated preferred peer IDs.", valueName: "peers"))
    var allocations: String?
    @Flag(name: .customLong("no-pin"), help: "Add the content without pinning it.") var noPin = false
    @Flag(help: "Wait until the root is pinned (replication min peers).") var wait = false
    @Option(name: [.customLong("wait-timeout"), .customLong("wt")], help: ArgumentHelp("Give up waiting after this long.", valueName: "duration"))
    var waitTimeout: String?
    @Flag(name: [.customShort("w"), .customLong("wrap-with-directory")], help: "Wrap everything in a folder (implied by several paths).")
    var wrap = false
    @Option(help: "unixfs, or car to import a CAR file.") var format = "unixfs"
    @Option(help: "DAG layout: balanced or trickle.") var layout = ""
    @Flag(name: [.customShort("H"), .long], help: "Include dot-files (recursive adds).") var hidden = false
    @Option(help: ArgumentHelp("size-<bytes> or rabin-<min>-<avg>-<max>.", valueName: "chunker")) var chunker = "size-262144"
    @Flag(name: .customLong("raw-leaves"), help: "Raw blocks for leaves.") var rawLeaves = false
    @Option(name: .customLong("cid-version"), help: "CID version (1 implies raw leaves).") var cidVersion = 0
    @Option(help: "Hash function (another than sha2-256 implies CID version 1).") var hash = "sha2-256"
    @Flag(help: "Filestore (URLs only; implies raw leaves).") var nocopy = false

    func options() throws -> AddOptions {
        var meta: [String: String] = [:]
        for kv in metadata {
            guard let eq = kv.firstIndex(of: "="), eq != kv.startIndex else { throw ValidationError("--metadata \"\(kv)\" must be key=value") }
            meta[String(kv[..<eq])] = String(kv[kv.index(after: eq)...])
        }
        let allocs = (allocations ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var o = AddOptions(pin: PinAddOptions(replicationMin: replicationMin, replicationMax: replicationMax, name: name,
                                              userAllocations: allocs, expireIn: expireIn, metadata: meta))
        o.recursive = recursive; o.hidden = hidden; o.local = local; o.noPin = noPin
        o.wrap = wrap || paths.count > 1
        o.format = format; o.layout = layout; o.chunker = chunker; o.rawLeaves = rawLeaves
        o.cidVersion = cidVersion; o.hash = hash; o.nocopy = nocopy
        return o
    }

    func validate() throws {
        if paths.isEmpty { throw ValidationError("need at least one path") }
        do { try options().validate() } catch let e as ClusterAPIError { throw ValidationError(e.description) }
        if let t = waitTimeout, goDurationSeconds(t) == nil { throw ValidationError("--wait-timeout \"\(t)\" is not a duration like 30s or 5m") }
    }

    /// `pin add` of something that exists on this machine: the user meant `add` (the server
    /// would answer a confusing 404 or "invalid cid"), so say so without calling it.
    static func refuseLocalPath(_ target: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isDir) else { return }
        printError("error: \(target) is a local \(isDir.boolValue ? "folder" : "file"), not a CID or /ipfs/ path; "
                   + "to upload it use: ipfs-cluster-console add \(isDir.boolValue ? "-r " : "")\(target)")
        throw ExitCode(1)
    }

    func run() async throws {
        let opts = try options()
        let upload: AddUpload
        do {
            upload = try AddUpload.prepare(paths: paths, recursive: recursive, hidden: hidden)
        } catch let e as AddUpload.LocalError {
            printError("error adding: \(e)")
            throw ExitCode(1)
        }
        try await Headless.run(global, output) { client, p in
            let bar = isatty(STDERR_FILENO) == 1 ? ProgressBar(total: upload.fileBytes) : nil
            let onProgress: (@Sendable (Int64) -> Void)? = bar.map { b in { @Sendable sent in b.update(sent) } }
            var results = AddResults(quiet: quiet || quieter, quieter: quieter, buffered: noStream, json: p.json)
            try await Headless.audited(.add(paths: paths, options: opts)) {
                defer { bar?.finish() }
                for try await item in client.add(upload, options: opts, progress: onProgress) where !item.isProgress {
                    bar?.clear()
                    p.out(try results.take(item))
                }
            }
            p.out(try results.end())
            if wait, let root = results.last?.cid {
                let rmin = (try? await client.allocation(root))?.replicationFactorMin ?? replicationMin ?? 0
                let spec = WaitSpec(limit: rmin > 0 ? rmin : nil, timeout: waitTimeout.flatMap(goDurationSeconds))
                _ = try await PinActions.waitFor(client, cid: root, target: .pinned, limit: spec.limit, spec: spec)
            }
        }
    }
}

/// ctl's add output: `added <cid> <name>` per item, `-q` the CIDs only, `-Q` only the last,
/// `--no-stream` everything at the end (a JSON array in JSON mode).
struct AddResults {
    let quiet: Bool
    let quieter: Bool
    let buffered: Bool
    let json: Bool
    private(set) var last: AddedOutput?
    private var held: [AddedOutput] = []

    init(quiet: Bool, quieter: Bool, buffered: Bool, json: Bool) {
        self.quiet = quiet; self.quieter = quieter; self.buffered = buffered; self.json = json
    }

    /// Text to print now for an arriving item.
    mutating func take(_ item: AddedOutput) throws -> String {
        last = item
        if buffered { held.append(item); return "" }
        return quieter ? "" : try render(item)
    }

    /// Text to print once the stream ended.
    func end() throws -> String {
        guard let last else { return "" }
        if buffered {
            let items = quieter ? [last] : held
            if json { return try JSONOutput.line(items) }
            return try items.map(render).joined()
        }
        return quieter ? try render(last) : ""
    }

    private func render(_ item: AddedOutput) throws -> String {
        if json { return try JSONOutput.line(item) }
        let cid = APISanitizer.line(item.cid ?? "")
        return quiet ? cid + "\n" : "added \(cid) \(APISanitizer.line(item.name))\n"
    }
}
