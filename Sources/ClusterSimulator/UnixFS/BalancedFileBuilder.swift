/// Builds a UnixFS file DAG with boxo's balanced layout while the bytes stream in, holding at
/// most one chunk and one pending link list per tree level (constant memory for any size).
///
/// boxo's balanced builder is recursive (grow the root one level at a time, filling each new
/// subtree to `maxLinks` children before the next). The trees it makes are exactly those where
/// leaves are grouped into full parents of `maxLinks`, parents into full grandparents, and so
/// on, with only the last node of each level partial; so a parent can be closed as soon as it
/// has `maxLinks` children, and the partial right edge is closed at the end.
struct BalancedFileBuilder {
    let options: ImportOptions
    private var pending: [UInt8] = []
    private var levels: [[DagEntry]] = []
    private(set) var bytesRead: UInt64 = 0

    init(options: ImportOptions) {
        self.options = options
        pending.reserveCapacity(options.chunkSize)
    }

    mutating func append(_ data: UnsafeRawBufferPointer) {
        bytesRead += UInt64(data.count)
        var rest = data[...]
        if !pending.isEmpty {
            let take = min(options.chunkSize - pending.count, rest.count)
            pending.append(contentsOf: rest.prefix(take))
            rest = rest.dropFirst(take)
            if pending.count == options.chunkSize { flushPending() }
        }
        while rest.count >= options.chunkSize {
            let chunk = UnsafeRawBufferPointer(rebasing: rest.prefix(options.chunkSize))
            push(leaf(chunk), level: 0)
            rest = rest.dropFirst(options.chunkSize)
        }
        pending.append(contentsOf: rest)
    }

    /// Closes the right edge of the tree and returns the root.
    mutating func finish() -> DagEntry {
        if !pending.isEmpty { flushPending() }
        if levels.isEmpty { return emptyFile() }
        var k = 0
        while k < levels.count {
            let higherPending = levels[(k + 1)...].contains { !$0.isEmpty }
            if levels[k].count == 1 && !higherPending { return levels[k][0] }
            if !levels[k].isEmpty {
                let parent = makeParent(levels[k])
                levels[k].removeAll()
                push(parent, level: k + 1)
            }
            k += 1
        }
        preconditionFailure("a non-empty tree always has a root")
    }

    private mutating func flushPending() {
        let entry = pending.withUnsafeBytes { leaf($0) }
        pending.removeAll(keepingCapacity: true)
        push(entry, level: 0)
    }

    private mutating func push(_ entry: DagEntry, level: Int) {
        if levels.count <= level { levels.append([]) }
        levels[level].append(entry)
        if levels[level].count == options.maxLinks {
            let parent = makeParent(levels[level])
            levels[level].removeAll(keepingCapacity: true)
            push(parent, level: level + 1)
        }
    }

    private func leaf(_ chunk: UnsafeRawBufferPointer) -> DagEntry {
        if options.rawLeaves {
            return DagEntry(cid: ContentID(block: chunk, codec: .raw, version: 1),
                            cumulativeSize: UInt64(chunk.count), fileSize: UInt64(chunk.count))
        }
        let node = DagPB.encode(links: [], data: UnixFSData.file(content: chunk, fileSize: UInt64(chunk.count), blockSizes: []))
        return DagEntry(cid: ContentID(block: node, codec: .dagPB, version: options.cidVersion),
                        cumulativeSize: UInt64(node.count), fileSize: UInt64(chunk.count))
    }

    private func emptyFile() -> DagEntry {
        if options.rawLeaves {
            return [UInt8]().withUnsafeBytes {
                DagEntry(cid: ContentID(block: $0, codec: .raw, version: 1), cumulativeSize: 0, fileSize: 0)
            }
        }
        let node = DagPB.encode(links: [], data: UnixFSData.file(content: nil, fileSize: 0, blockSizes: []))
        return DagEntry(cid: ContentID(block: node, codec: .dagPB, version: options.cidVersion),
                        cumulativeSize: UInt64(node.count), fileSize: 0)
    }

    private func makeParent(_ children: [DagEntry]) -> DagEntry {
        let fileSize = children.reduce(0) { $0 + $1.fileSize }
        let data = UnixFSData.file(content: nil, fileSize: fileSize, blockSizes: children.map(\.fileSize))
        let node = DagPB.encode(links: children.map { DagLink(cid: $0.cid, name: "", tsize: $0.cumulativeSize) }, data: data)
        return DagEntry(cid: ContentID(block: node, codec: .dagPB, version: options.cidVersion),
                        cumulativeSize: UInt64(node.count) + children.reduce(0) { $0 + $1.cumulativeSize },
                        fileSize: fileSize)
    }
}

/// A plain (not HAMT-sharded) UnixFS directory: links sorted by name bytes, as go-merkledag
/// writes them.
enum UnixFSDirectory {
    static func node(_ entries: [(name: String, entry: DagEntry)], cidVersion: Int) -> DagEntry {
        let sorted = entries.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
        let links = sorted.map { DagLink(cid: $0.entry.cid, name: $0.name, tsize: $0.entry.cumulativeSize) }
        let node = DagPB.encode(links: links, data: UnixFSData.directory())
        return DagEntry(cid: ContentID(block: node, codec: .dagPB, version: cidVersion),
                        cumulativeSize: UInt64(node.count) + links.reduce(0) { $0 + $1.tsize }, fileSize: 0)
    }
}
