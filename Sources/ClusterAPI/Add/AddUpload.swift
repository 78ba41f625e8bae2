import Foundation

/// The local files and folders of one `add`, listed up front (names, kinds, sizes) so that the
/// multipart body's exact length is known before the first byte is sent; their bytes are read
/// only while uploading (`MultipartBody`).
public struct AddUpload: Sendable {
    public struct Entry: Sendable, Hashable {
        /// Path inside the upload, `/`-separated (`dir/sub/file`), as the multipart names it.
        public var name: String
        public var localPath: String
        public var isDirectory: Bool
        public var size: Int64
    }

    /// Why a local path cannot be added; ctl's wording where it has one.
    public struct LocalError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public let entries: [Entry]
    /// Sum of the file sizes: what a progress bar counts.
    public var fileBytes: Int64 { entries.reduce(0) { $0 + $1.size } }

    public init(entries: [Entry]) { self.entries = entries }

    /// Walks `paths` like ctl (`files.NewSerialFile`): a folder needs `recursive`; inside
    /// folders, entries are sorted by name and dot-files are skipped unless `hidden`. Symbolic
    /// links are followed for files and skipped for folders (no cycles).
    public static func prepare(paths: [String], recursive: Bool, hidden: Bool) throws -> AddUpload {
        var entries: [Entry] = []
        let fm = FileManager.default
        for raw in paths {
            var path = raw
            if path == "." { path = fm.currentDirectoryPath }
            while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                throw LocalError(description: "lstat \(raw): no such file or directory")
            }
            let name = (path as NSString).lastPathComponent
            if isDir.boolValue {
                guard recursive else { throw LocalError(description: "\(path) is a directory, but Recursive option is not set") }
                try walk(folder: path, name: name, hidden: hidden, into: &entries)
            } else {
                entries.append(Entry(name: name, localPath: path, isDirectory: false, size: try size(of: path)))
            }
        }
        return AddUpload(entries: entries)
    }

    private static func walk(folder: String, name: String, hidden: Bool, into entries: inout [Entry]) throws {
        let fm = FileManager.default
        entries.append(Entry(name: name, localPath: folder, isDirectory: true, size: 0))
        let children: [String]
        do {
            children = try fm.contentsOfDirectory(atPath: folder).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        } catch {
            throw LocalError(description: "open \(folder): permission denied")
        }
        for child in children where hidden || !child.hasPrefix(".") {
            let path = folder + "/" + child
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else { continue }  // dangling link
            let isLink = (try? fm.destinationOfSymbolicLink(atPath: path)) != nil
            if isDir.boolValue {
                if !isLink { try walk(folder: path, name: name + "/" + child, hidden: hidden, into: &entries) }
            } else {
                entries.append(Entry(name: name + "/" + child, localPath: path, isDirectory: false, size: try size(of: path)))
            }
        }
    }

    private static func size(of path: String) throws -> Int64 {
        var st = stat()
        guard stat(path, &st) == 0 else { throw LocalError(description: "stat \(path): \(String(cString: strerror(errno)))") }
        return Int64(st.st_size)
    }
}
