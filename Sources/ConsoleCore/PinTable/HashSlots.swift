/// An open-addressing hash index (linear probing) of 4-byte values (rows, interned ids). The
/// keys live elsewhere (an arena); callers pass the hash and an equality test. Kept at most 3/4
/// full: at ten million pins that is 2^24 slots (64 MiB, 6.7 bytes per pin) rather than 2^25 at
/// 1/2, and the CID index and the name index are the largest structures after the CIDs themselves.
///
/// Each slot holds `value + 1` (0 = empty) in its low log2(capacity) bits and, above them, a tag:
/// that many top bits of the key's hash. A probe compares keys only when the tag matches. Why: a
/// key compare reads the key from its arena, two cache misses, and at 3/4 full a new key passes
/// ~2 occupied slots on average; without tags that made the index 3/4-full cost ~10% of a `/pins`
/// decode (`perf`: `rowForUpsert`, `ByteInterner.intern`). With tags a wrong slot is rejected
/// from the slot itself (at 2^24 slots, 8 tag bits: 1 in 256 compares needlessly). So a value
/// must be below capacity - 1: a larger one grows the index first.
///
/// Slots are chunked by 4 Ki (16 KiB): an insert lands on a random slot, so after a table copy
/// each insert duplicates at most one small chunk (see ``ChunkedArray``).
///
/// Growing is incremental: the full index stays readable as `old` while each insert moves 32
/// values into the new one. Rebuilding it in one go is O(n) inside one insert, i.e. one loop step
/// (at 3 million CIDs: rehashing 3 million arena entries into a 32 MiB table). While it grows, a
/// lookup that misses probes both tables. Values are moved in value order, not slot order:
/// values are rows and ids, so their keys are read from the arenas front to back (slot order read
/// them at random, two cache misses per key: `ChunkedArena.hash` was 5.7% of a `/pins` decode).
/// Hence values must be inserted in increasing order, and the caller says which values below the
/// last one are in the index (`hashOf` returns nil for the others, e.g. deleted rows).
struct HashSlots: Sendable {
    private(set) var slots: ChunkedArray<UInt32>
    /// The index before the last growth, until every value below `moveEnd` is moved (those below
    /// `moved` so far). Its slots are never changed, so its probe chains stay valid.
    private var old: ChunkedArray<UInt32>?
    private var moved: UInt32 = 0
    private var moveEnd: UInt32 = 0
    /// One more than the largest value inserted (values come in increasing order).
    private var nextValue: UInt32 = 0
    /// Values in the index (in `slots` or not yet moved out of `old`).
    private(set) var used = 0

    init(capacity: Int = 64) {
        precondition(capacity >= 4 && capacity & (capacity - 1) == 0)
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

    /// Bits of a slot that hold `value + 1` in a table of `count` slots.
    @inline(__always)
    private static func valueBits(_ count: Int) -> UInt32 { UInt32(count.trailingZeroBitCount) }

    /// The tag of hash `h` in a table of `count` slots, already shifted into place.
    @inline(__always)
    private static func tag(_ h: UInt64, _ count: Int) -> UInt32 {
        let bits = valueBits(count)
        return (UInt32(truncatingIfNeeded: h >> 32) >> bits) << bits
    }

    @inline(__always)
    private static func probe(_ table: ChunkedArray<UInt32>, _ h: UInt64, _ matches: (UInt32) -> Bool) -> (found: UInt32?, slot: Int) {
        let mask = table.count - 1
        let tag = HashSlots.tag(h, table.count)
        let valueMask = UInt32(truncatingIfNeeded: mask)
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = table[i]
            if s == 0 { return (nil, i) }
            if s & ~valueMask == tag, matches((s & valueMask) - 1) { return ((s & valueMask) - 1, i) }
            i = (i + 1) & mask
        }
    }

    /// Stores `value` (above every value inserted before) whose key hashes to `h` in the empty
    /// slot `probe` returned, then moves on a growth in progress and starts one when over 3/4
    /// full. `hashOf` gives the hash of a value's key, nil when the value is not in the index.
    @inline(__always)
    mutating func insert(_ value: UInt32, hash h: UInt64, at slot: Int, hashOf: (UInt32) -> UInt64?) {
        precondition(value >= nextValue, "HashSlots values must be inserted in increasing order")
        var slot = slot
        if Int(value) + 2 > slots.count {
            // Rare (many deleted rows): the value does not fit beside a tag; grow until it does.
            while Int(value) + 2 > slots.count { grow(hashOf) }
            slot = HashSlots.emptySlot(&slots, h)
        }
        slots[slot] = HashSlots.tag(h, slots.count) | (value + 1)
        nextValue = value + 1
        used += 1
        if old != nil { moveSome(32, hashOf) }
        if needsGrowth { grow(hashOf) }
    }

    /// Finishes a growth in progress, then starts one to twice the capacity.
    private mutating func grow(_ hashOf: (UInt32) -> UInt64?) {
        finishGrowing(hashOf)
        old = slots
        moved = 0
        moveEnd = nextValue
        slots = ChunkedArray(repeating: 0, count: slots.count * 2, chunkShift: 12)
    }

    /// The first empty slot from `h`'s home. `inout` only so the caller's table is not copied
    /// (retained and released) per call.
    @inline(__always)
    private static func emptySlot(_ table: inout ChunkedArray<UInt32>, _ h: UInt64) -> Int {
        let mask = table.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while table[i] != 0 { i = (i + 1) & mask }
        return i
    }

    /// Moves the values in the next `n` of `old`'s range into `slots`.
    private mutating func moveSome(_ n: UInt32, _ hashOf: (UInt32) -> UInt64?) {
        guard old != nil else { return }
        let end = moveEnd - moved > n ? moved + n : moveEnd
        HashSlots.place(moved..<end, into: &slots, hashOf)
        moved = end
        if moved == moveEnd { old = nil }
    }

    /// Stores `values` in `table`, 32 at a time: their keys are hashed first and their slots
    /// prefetched, so the slots' cache misses overlap. Static, on its own arguments: the same
    /// loop as a method (closure over `self`) retained and released the slots per value.
    private static func place(_ values: Range<UInt32>, into table: inout ChunkedArray<UInt32>,
                              _ hashOf: (UInt32) -> UInt64?) {
        let mask = table.count - 1
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 32) { hashes in
            var v = values.lowerBound
            while v < values.upperBound {
                let k = Int(min(32, values.upperBound - v))
                var present: UInt32 = 0
                for j in 0..<k {
                    if let h = hashOf(v + UInt32(j)) {
                        hashes[j] = h
                        present |= 1 << UInt32(j)
                        table.prefetch(Int(truncatingIfNeeded: h) & mask)
                    }
                }
                while present != 0 {
                    let j = present.trailingZeroBitCount
                    present &= present - 1
                    let h = hashes[j]
                    let i = HashSlots.emptySlot(&table, h)
                    table[i] = HashSlots.tag(h, table.count) | (v + UInt32(j) + 1)
                }
                v += UInt32(k)
            }
        }
    }

    private mutating func finishGrowing(_ hashOf: (UInt32) -> UInt64?) {
        if old != nil { moveSome(moveEnd - moved, hashOf) }
    }

    /// Removes a value; backward-shift deletion keeps linear probing correct without tombstones.
    /// A growth in progress is finished first (deletions come at the end of a stream).
    /// `hashOf` must still give `value`'s hash.
    mutating func remove(_ value: UInt32, hashOf: (UInt32) -> UInt64?) {
        finishGrowing(hashOf)
        let mask = slots.count - 1
        let valueMask = UInt32(truncatingIfNeeded: mask)
        var i = Int(truncatingIfNeeded: hashOf(value)!) & mask
        while slots[i] & valueMask != value + 1 { i = (i + 1) & mask }
        var j = i
        while true {
            j = (j + 1) & mask
            let s = slots[j]
            if s == 0 { break }
            // The home slot of the value in j (its hash's low bits; the tag holds high ones).
            let k = Int(truncatingIfNeeded: hashOf((s & valueMask) - 1)!) & mask
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
