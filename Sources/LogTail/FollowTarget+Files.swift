import Glibc

extension FollowTarget {
    /// The paths to read once (no following) for this target, for one-shot readers such as the
    /// incident snapshot: a file as is (even if missing, so the reader can say so), a glob's
    /// current matches, a directory itself when it takes every `*.log`, else its matching files.
    public var pathsToRead: [String] {
        switch self {
        case .file(let path):
            return [path]
        case .glob(let pattern):
            return FollowerLoop.expand(glob: pattern)
        case .directory(let root, let pattern):
            if pattern == "*.log" { return [root] }
            return Self.files(under: root, matching: pattern)
        }
    }

    static func files(under root: String, matching pattern: String) -> [String] {
        guard let dir = opendir(root) else { return [] }
        defer { closedir(dir) }
        var out: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            if name == "." || name == ".." { continue }
            let path = root + "/" + name
            var st = stat()
            guard stat(path, &st) == 0 else { continue }
            if st.st_mode & S_IFMT == S_IFDIR {
                out += files(under: path, matching: pattern)
            } else if fnmatch(pattern, name, 0) == 0 {
                out.append(path)
            }
        }
        return out.sorted()
    }
}
