/// An open-addressing hash index (linear probing) of 4-byte values (rows, interned ids): each
/// slot holds `value + 1`, 0 = empty. The keys live elsewhere (an arena); callers pass the
/// hash and an equality test. Kept at most 3/4 full: at ten million pins that is 2^24 slots
/// (64 MiB, 6.7 bytes per pin) rather than 2^25 at 1/2, and the CID index and the name index
/// are the largest structures after the CIDs themselves.
///
/// Slots are chunked by 4 Ki (16 KiB): an insert lands on a random slot, so after a table copy
/// each insert duplicates at most one small chunk (see ``ChunkedArray``).
///
/// Growing is incremental: the full index stays readable as `old` while each insert moves 32 of
/// its slots into the new one. Rebuilding it in one go is O(n) inside one insert, i.e. one loop
/// step (at 3 million CIDs: rehashing 3 million arena entries into a 32 MiB table). While it
/// grows, a lookup that misses probes both tables, hence 32 slots per insert: the old table is
/// drained within 1/24 of the inserts until the next growth.
struct HashSlots: Sendable {
    private(set) var slots: ChunkedArray<UInt32>
    /// The index before the last growth, until every slot is moved (`moved` of them so far).
    /// Its slots are never changed, so its probe chains stay valid.
    private var old: ChunkedArray<UInt32>?
    private var moved = 0
    /// Values in the index (in `slots` or not yet moved out of `old`).
    private(set) var used = 0

    init(capacity: Int = 64) {
        slots = ChunkedArray(repeating: 0, count: capacity, chunkShift: 12)
    }

    var capacity: Int { slots.count }
    /// Over 3/4 full: time to grow to twice the capacity.
    var needsGrowth: Bool { used * 4 > slots.count * 3 }

    /// Asks for the cache line of the slot a key with hash `h` probes first (see
    /// `PinTable.prefetchRow`).
    @inline(__always)
    func prefetch(_ h: UInt64) { slots.prefetch(Int(truncatingIfNeeded: h) & (slots.count - 1)) }

    /// The value whose key `matches`, or the empty slot (in `slots`) where the key would go.
    @inline(__always)
    func probe(_ h: UInt64, _ matches: (UInt32) -> Bool) -> (found: UInt32?, slot: Int) {
        let (found, slot) = HashSlots.probe(slots, h, matches)
        if found == nil, let old {
            // A value still in `old` is at a slot not yet moved; one already moved was found above.
            if let v = HashSlots.probe(old, h, matches).found { return (v, slot) }
        }
        return (found, slot)
    }

    @inline(__always)
    private static func probe(_ table: ChunkedArray<UInt32>, _ h: UInt64, _ matches: (UInt32) -> Bool) -> (found: UInt32?, slot: Int) {
        let mask = table.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = table[i]
            if s == 0 { return (nil, i) }
            if matches(s - 1) { return (s - 1, i) }
            i = (i + 1) & mask
        }
    }

    /// Fills the empty slot `probe` returned, then moves on a growth in progress and starts one
    /// when over 3/4 full. `hash` gives the hash of a value already in the index.
    @inline(__always)
    mutating func insert(_ value: UInt32, at slot: Int, hash: (UInt32) -> UInt64) {
        slots[slot] = value + 1
        used += 1
        if old != nil { moveSome(32, hash) }
        if needsGrowth {
            finishGrowing(hash)
            old = slots
            moved = 0
            slots = ChunkedArray(repeating: 0, count: slots.count * 2, chunkShift: 12)
        }
    }

    /// Moves up to `n` slots of `old` into `slots`.
    private mutating func moveSome(_ n: Int, _ hash: (UInt32) -> UInt64) {
        guard let from = old else { return }
        let end = min(from.count, moved + n)
        let mask = slots.count - 1
        for j in moved..<end {
            let s = from[j]
            guard s != 0 else { continue }
            var i = Int(truncatingIfNeeded: hash(s - 1)) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = s
        }
        moved = end
        if moved == from.count { old = nil }
    }

    private mutating func finishGrowing(_ hash: (UInt32) -> UInt64) {
        while let from = old { moveSome(from.count, hash) }
    }

    /// Removes a value; backward-shift deletion keeps linear probing correct without tombstones.
    /// A growth in progress is finished first (deletions come at the end of a stream).
    mutating func remove(_ value: UInt32, hash: (UInt32) -> UInt64) {
        finishGrowing(hash)
        let mask = slots.count - 1
        func home(_ v: UInt32) -> Int { Int(truncatingIfNeeded: hash(v)) & mask }
        var i = home(value)
        while slots[i] != value + 1 { i = (i + 1) & mask }
        var j = i
        while true {
            j = (j + 1) & mask
            let s = slots[j]
            if s == 0 { break }
            let k = home(s - 1)
            // Move j back to i when its home is not cyclically within (i, j].
            let inRange = i <= j ? (i < k && k <= j) : (i < k || k <= j)
            if !inRange {
                slots[i] = s
                i = j
            }
        }
        slots[i] = 0
        used -= 1
    }
}
