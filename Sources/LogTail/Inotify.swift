import Glibc

/// Thin wrapper over Linux inotify, used only on the follower's thread.
///
/// Directories are watched rather than files: a directory watch keeps reporting after a file is
/// renamed, deleted or recreated, which is exactly when a file watch goes stale.
struct Inotify {
    static let modify: UInt32 = 0x2
    static let attrib: UInt32 = 0x4
    static let closeWrite: UInt32 = 0x8
    static let movedFrom: UInt32 = 0x40
    static let movedTo: UInt32 = 0x80
    static let create: UInt32 = 0x100
    static let delete: UInt32 = 0x200
    static let deleteSelf: UInt32 = 0x400
    static let moveSelf: UInt32 = 0x800
    static let queueOverflow: UInt32 = 0x4000
    static let ignored: UInt32 = 0x8000
    static let onlyDir: UInt32 = 0x0100_0000
    static let isDir: UInt32 = 0x4000_0000
    static let dirMask: UInt32 = modify | attrib | closeWrite | movedFrom | movedTo | create | delete
        | deleteSelf | moveSelf | onlyDir

    struct Event {
        var wd: Int32
        var mask: UInt32
        var name: String
    }

    let fd: Int32

    /// Nil when inotify is unavailable (then the slow stat check does all the work).
    init?() {
        let fd = inotify_init1(Int32(O_NONBLOCK | O_CLOEXEC))
        guard fd >= 0 else { return nil }
        self.fd = fd
    }

    func addWatch(directory: String) -> Int32 {
        inotify_add_watch(fd, directory, Self.dirMask)
    }

    /// Reads every queued event without blocking.
    func drain(into events: inout [Event]) {
        let size = 64 * 1024
        let buf = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
        defer { buf.deallocate() }
        while true {
            let n = read(fd, buf, size)
            if n <= 0 { return }
            var off = 0
            while off + 16 <= n {
                let wd = buf.loadUnaligned(fromByteOffset: off, as: Int32.self)
                let mask = buf.loadUnaligned(fromByteOffset: off + 4, as: UInt32.self)
                let len = Int(buf.loadUnaligned(fromByteOffset: off + 12, as: UInt32.self))
                var name = ""
                if len > 0 {
                    let p = (buf + off + 16).assumingMemoryBound(to: UInt8.self)
                    let count = strnlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self), len)
                    name = String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
                }
                events.append(Event(wd: wd, mask: mask, name: name))
                off += 16 + len
            }
        }
    }

    func close() { _ = Glibc.close(fd) }
}
