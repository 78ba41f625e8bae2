import Glibc

/// Splits a byte stream into lines, holding a partial last line until its newline arrives.
///
/// Memory is bounded per source: of a line longer than `maxLineBytes` only the first
/// `maxLineBytes` are kept and the rest is counted, so a 1 GB line without a newline costs 4 KB
/// and still ends up with an honest `… [cut N bytes]` marker.
struct LineSplitter {
    let maxLineBytes: Int
    private(set) var pending: [UInt8] = []
    private(set) var pendingCut = 0

    init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    var hasPartial: Bool { !pending.isEmpty || pendingCut > 0 }

    /// Feeds a chunk; `emit` receives each complete line (without `\n`) and the bytes cut from it.
    mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, emit: (UnsafeBufferPointer<UInt8>, Int) -> Void) {
        guard let base = chunk.baseAddress else { return }
        var start = 0
        let n = chunk.count
        while start < n {
            let remaining = n - start
            guard let hit = memchr(base + start, 0x0A, remaining) else {
                append(UnsafeBufferPointer(start: base + start, count: remaining))
                return
            }
            let end = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            let piece = UnsafeBufferPointer(start: base + start, count: end - start)
            if pending.isEmpty && pendingCut == 0 {
                if piece.count > maxLineBytes {
                    emit(UnsafeBufferPointer(start: piece.baseAddress, count: maxLineBytes), piece.count - maxLineBytes)
                } else {
                    emit(piece, 0)
                }
            } else {
                append(piece)
                let cut = pendingCut
                pending.withUnsafeBufferPointer { emit($0, cut) }
                pending.removeAll(keepingCapacity: pending.capacity <= 65_536)
                pendingCut = 0
            }
            start = end + 1
        }
    }

    /// Emits the held partial line, if any (quiet period over, file gone, or end of a static file).
    mutating func flush(emit: (UnsafeBufferPointer<UInt8>, Int) -> Void) {
        guard hasPartial else { return }
        let cut = pendingCut
        pending.withUnsafeBufferPointer { emit($0, cut) }
        reset()
    }

    mutating func reset() {
        pending.removeAll(keepingCapacity: false)
        pendingCut = 0
    }

    private mutating func append(_ piece: UnsafeBufferPointer<UInt8>) {
        let room = maxLineBytes - pending.count
        if room >= piece.count {
            pending.append(contentsOf: piece)
        } else {
            if room > 0 { pending.append(contentsOf: UnsafeBufferPointer(rebasing: piece[0..<room])) }
            pendingCut += piece.count - max(room, 0)
        }
    }
}
