/// One line of `/add`'s output: a file or folder once its DAG is built.
struct ImportedItem: Sendable, Equatable {
    var name: String
    var entry: DagEntry
}

/// Turns the files and folders of one `/add` request (in multipart order: a folder before its
/// contents, paths relative to the request's root) into UnixFS DAGs, as kubo's adder does:
/// each file is reported when its last byte arrives; folders are built and reported at the end,
/// children before parents, in name order; with `wrap` everything goes under one nameless folder.
struct UnixFSImporter {
    let options: ImportOptions
    private var files: [String: DagEntry] = [:]
    private var folders: Set<String> = []
    private var topLevel: [String] = []
    private var current: (path: String, builder: BalancedFileBuilder)?

    init(options: ImportOptions) { self.options = options }

    var bytesInCurrentFile: UInt64 { current?.builder.bytesRead ?? 0 }

    mutating func addFolder(_ path: String) {
        folders.insert(path)
        noteTopLevel(path)
    }

    mutating func beginFile(_ path: String) {
        current = (path, BalancedFileBuilder(options: options))
        noteTopLevel(path)
    }

    mutating func fileData(_ data: UnsafeRawBufferPointer) {
        current?.builder.append(data)
    }

    /// Finishes the file begun last and returns its output line.
    mutating func endFile() -> ImportedItem? {
        guard let open = current else { return nil }
        let path = open.path
        var builder = open.builder
        current = nil
        let entry = builder.finish()
        files[path] = entry
        return ImportedItem(name: path, entry: entry)
    }

    /// Builds every folder (and the wrapper with `wrap`); returns their output lines, the root last.
    mutating func finish(wrap: Bool) -> [ImportedItem] {
        var out: [ImportedItem] = []
        var top: [(name: String, entry: DagEntry)] = []
        for name in topLevel {
            guard let entry = folders.contains(name) ? buildFolder(name, into: &out) : files[name] else { continue }
            top.append((name, entry))
        }
        if wrap {
            out.append(ImportedItem(name: "", entry: UnixFSDirectory.node(top, cidVersion: options.cidVersion)))
        }
        return out
    }

    private mutating func noteTopLevel(_ path: String) {
        if !path.contains("/"), !topLevel.contains(path) { topLevel.append(path) }
    }

    private func children(of folder: String) -> [String] {
        let prefix = folder + "/"
        let all = files.keys.filter { $0.hasPrefix(prefix) } + folders.filter { $0.hasPrefix(prefix) }
        return all.filter { !$0.dropFirst(prefix.count).contains("/") }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    private func buildFolder(_ folder: String, into out: inout [ImportedItem]) -> DagEntry {
        var entries: [(name: String, entry: DagEntry)] = []
        for child in children(of: folder) {
            let name = String(child.split(separator: "/").last ?? "")
            if folders.contains(child) {
                entries.append((name, buildFolder(child, into: &out)))
            } else if let entry = files[child] {
                entries.append((name, entry))
            }
        }
        let entry = UnixFSDirectory.node(entries, cidVersion: options.cidVersion)
        out.append(ImportedItem(name: folder, entry: entry))
        return entry
    }
}
