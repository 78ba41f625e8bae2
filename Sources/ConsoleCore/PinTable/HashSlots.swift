/// An open-addressing hash index (linear probing) of 4-byte values (rows, interned ids): each
/// slot holds `value + 1`, 0 = empty. The keys live elsewhere (an arena); callers pass the
/// hash and an equality test. Kept at most 3/4 full: at ten million pins that is 2^24 slots
/// (64 MiB, 6.7 bytes per pin) rather than 2^25 at 1/2, and the CID index and the name index
/// are the largest structures after the CIDs themselves.
///
/// Slots are chunked by 4 Ki (16 KiB): an insert lands on a random slot, so after a table copy
/// each insert duplicates at most one small chunk (see ``ChunkedArray``).
struct HashSlots: Sendable {
    private(set) var slots: ChunkedArray<UInt32>
    private(set) var used = 0

    init(capacity: Int = 64) {
        slots = ChunkedArray(repeating: 0, count: capacity, chunkShift: 12)
    }

    var capacity: Int { slots.count }
    /// Over 3/4 full: the caller rebuilds at twice the capacity.
    var needsGrowth: Bool { used * 4 > slots.count * 3 }

    /// The value whose key `matches`, or the empty slot where the key would go.
    @inline(__always)
    func probe(_ h: UInt64, _ matches: (UInt32) -> Bool) -> (found: UInt32?, slot: Int) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[i]
            if s == 0 { return (nil, i) }
            if matches(s - 1) { return (s - 1, i) }
            i = (i + 1) & mask
        }
    }

    /// Fills the empty slot `probe` returned.
    @inline(__always)
    mutating func insert(_ value: UInt32, at slot: Int) {
        slots[slot] = value + 1
        used += 1
    }

    /// Empties the index at a new capacity (a power of two); the caller re-adds every value.
    mutating func reset(capacity: Int) {
        slots = ChunkedArray(repeating: 0, count: capacity, chunkShift: 12)
        used = 0
    }

    /// Adds a value known to be absent.
    @inline(__always)
    mutating func add(_ value: UInt32, hash h: UInt64) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        insert(value, at: i)
    }

    /// Removes a value; backward-shift deletion keeps linear probing correct without tombstones.
    mutating func remove(_ value: UInt32, hash: (UInt32) -> UInt64) {
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
