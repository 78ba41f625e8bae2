import Foundation

/// How a filter tests its input rows, chosen by estimated cost.
enum FilterPlan: Equatable {
    /// Bitsets over the whole table (CID and name arenas scanned whole, status columns), then a
    /// select over the input: cost in proportion to the table.
    case scan
    /// Only the input's rows, marked and tested in row order (``PinTable/candidateTextBits``):
    /// cost in proportion to the input.
    case candidates
    /// Each input row tested in display order: no table-sized bitsets, but a cache miss or more
    /// per row.
    case perRow

    /// Estimated nanoseconds per row, measured with console-bench figure (4) at a million pins
    /// (release build, two cores, loaded machine): a text scan costs ~10 ns per table row in wall
    /// time (two threads), a candidate test ~250 ns of CPU per input row when the input is over
    /// 1/64 of the table (two threads: ~125 ns wall), a display-order test ~300 ns per input row
    /// (one thread). Sparser candidates are no cheaper in row order (each is its own cache miss:
    /// ~800 ns each for 1,516 of a million), so below 1/64 the display-order test is used.
    static let scanNs = 10.0, candidateNs = 125.0, perRowNs = 300.0

    /// `text` says whether the text still has to be tested (plain text without cached bits);
    /// without it only status bits are at stake, and the scan is cheap enough above 1/32 of the
    /// table. With it the input is tested row by row when that is estimated cheaper than a scan
    /// of the table, so a narrowing keystroke costs in proportion to the previous result. At ten
    /// million pins (figure 9, loaded machine) the costs per row were higher than at a million
    /// (memory and TLB misses): testing a previous result of 694,000 rows took 241 ms of CPU
    /// (125 ms on the caller) against 250-350 ms (145-180 ms) for a scan, and a display-order
    /// test ~1.5 us per row, so the 1M constants still order the plans correctly there.
    static func choose(inputRows: Int, tableRows: Int, text: Bool) -> FilterPlan {
        let sparse = inputRows * 64 <= tableRows
        guard text else { return inputRows * 32 > tableRows ? .scan : .perRow }
        let scan = Double(tableRows) * scanNs
        let byRow = Double(inputRows) * (sparse ? perRowNs : candidateNs)
        if byRow >= scan { return .scan }
        return sparse ? .perRow : .candidates
    }
}

extension PinTable {
    /// Rows of a narrowing input this many or more are tested on two threads (each a row range).
    static let parallelCandidateRows = 16_384

    /// Bit per row of `candidates` whose CID or name contains the matcher's plain text; rows that
    /// are not candidates have no bit (so the result is only good for selecting from
    /// `candidates`, never to be cached as the text's bits). The candidates are marked in a bitset
    /// first and then tested in row order, so the CID arena, the name ids and the names are read
    /// forwards instead of jumping through them in display order.
    /// `parallel` forces or forbids the two-thread test (tests); by default it follows the size.
    func candidateTextBits(_ candidates: [UInt32], _ matcher: TextMatcher, parallel: Bool? = nil) -> [UInt64] {
        let words = (rowCount + 64) >> 6
        var marks = [UInt64](repeating: 0, count: words)
        marks.withUnsafeMutableBufferPointer { mb in
            for r in candidates { mb[Int(r &>> 6)] |= 1 &<< UInt64(r & 63) }
        }
        guard parallel ?? (candidates.count >= PinTable.parallelCandidateRows) else {
            return testCandidates(marks, 0..<words, matcher)
        }
        // Split where half the candidates lie behind, so both threads test as many rows.
        var split = 0, seen = 0
        while split < words && seen * 2 < candidates.count {
            seen += marks[split].nonzeroBitCount
            split += 1
        }
        let table = self, m = matcher, marked = marks, upper = split..<words
        let (low, high) = onTwoThreads({ table.testCandidates(marked, upper, m) },
                                       { testCandidates(marks, 0..<split, matcher) })
        var out = low
        out.append(contentsOf: high)
        return out
    }

    /// The text bits of the marked rows in the words `range` of `marks` (one word per 64 rows),
    /// as `range.count` words.
    func testCandidates(_ marks: [UInt64], _ range: Range<Int>, _ matcher: TextMatcher) -> [UInt64] {
        var out = [UInt64](repeating: 0, count: range.count)
        guard !range.isEmpty else { return out }
        let wordsPerArena = (ChunkedArena.mask + 1) >> 6
        marks.withUnsafeBufferPointer { mk in
            matcher.needle.withUnsafeBufferPointer { nd in
                matcher.folded.withUnsafeBufferPointer { fd in
                    var w = range.lowerBound
                    while w < range.upperBound {
                        let arena = w / wordsPerArena
                        let arenaEnd = min(range.upperBound, (arena + 1) * wordsPerArena)
                        cids.withArena(arena) { bytes, ends in
                            let base = bytes.baseAddress
                            while w < arenaEnd {
                                var m = mk[w]
                                var hits: UInt64 = 0
                                while m != 0 {
                                    let b = m.trailingZeroBitCount
                                    m &= m &- 1
                                    let r = w &<< 6 | b
                                    let k = r & ChunkedArena.mask
                                    let start = k == 0 ? 0 : Int(ends[k &- 1]), end = Int(ends[k])
                                    var hit = false
                                    if let base, end > start { hit = TextMatcher.contains(base + start, end &- start, nd) }
                                    if !hit {
                                        hit = names.texts.withBytes(Int(nameIDs[r])) { n in
                                            n.count > 0 && TextMatcher.containsFolded(n.baseAddress!, n.count, fd)
                                        }
                                    }
                                    if hit { hits |= 1 &<< UInt64(b) }
                                }
                                out[w &- range.lowerBound] = hits
                                w &+= 1
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}

/// Runs `side` on a new thread while `main` runs on this one, and returns both results.
/// A dedicated thread, not a pool: the two halves must really run at once (on a busy pool the
/// caller would run both in turn), and the caller blocks only until the thread is done.
func onTwoThreads<A, B: Sendable>(_ side: @escaping @Sendable () -> B, _ main: () -> A) -> (A, B) {
    let slot = ThreadResult<B>()
    let done = DispatchSemaphore(value: 0)
    let worker = Thread {
        slot.value = side()
        done.signal()
    }
    worker.start()
    let a = main()
    done.wait()
    return (a, slot.value!)
}

/// A worker thread's result. `@unchecked Sendable` because the worker writes `value` once and
/// then signals a semaphore; the caller reads it only after waiting on that semaphore (a
/// happens-before edge). No other use is allowed.
final class ThreadResult<T>: @unchecked Sendable {
    var value: T?
}

extension TextMatcher {
    /// Whether the `n` bytes at `hay` contain `needle` (exact bytes, at least one). For the short
    /// strings of one row (a CID, a name), inline: a call to `memmem` costs more than the search.
    @inline(__always)
    static func contains(_ hay: UnsafePointer<UInt8>, _ n: Int, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        let m = needle.count
        guard m <= n else { return false }
        if m == 0 { return true }
        if m == 1 { return memchr(hay, Int32(needle[0]), n) != nil }
        let a = needle[0], b = needle[1]
        var i = 0
        while i &+ m <= n, let h = MemMem.findPair(hay + i, n &- i, a, b) {
            let at = i &+ h
            guard at &+ m <= n else { return false }
            var j = 2
            while j < m && hay[at &+ j] == needle[j] { j &+= 1 }
            if j == m { return true }
            i = at &+ 1
        }
        return false
    }

    /// Whether the `n` bytes at `hay` contain `folded` (already lower-case) ASCII
    /// case-insensitively, skipping 8 bytes at a time while none can be the first needle byte
    /// (for a letter, OR-ing 0x20 folds case and maps a few symbols onto letters: harmless, every
    /// candidate is verified byte by byte).
    @inline(__always)
    static func containsFolded(_ hay: UnsafePointer<UInt8>, _ n: Int, _ folded: UnsafeBufferPointer<UInt8>) -> Bool {
        let m = folded.count
        guard m <= n else { return false }
        if m == 0 { return true }
        let f0 = folded[0]
        let fold: UInt64 = f0 &- 97 < 26 ? 0x2020_2020_2020_2020 : 0
        let pattern = UInt64(f0) &* 0x0101_0101_0101_0101
        let raw = UnsafeRawPointer(hay)
        let last = n &- m
        var i = 0
        while i <= last {
            if i &+ 8 <= n {
                let w = (raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) | fold) ^ pattern
                if (w &- 0x0101_0101_0101_0101) & ~w & 0x8080_8080_8080_8080 == 0 {
                    i &+= 8
                    continue
                }
            }
            if lower(hay[i]) == f0 {
                var j = 1
                while j < m && lower(hay[i &+ j]) == folded[j] { j &+= 1 }
                if j == m { return true }
            }
            i &+= 1
        }
        return false
    }
}
