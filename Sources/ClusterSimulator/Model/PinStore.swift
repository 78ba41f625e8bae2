/// Options that only a few pins carry; kept out of the per-pin record.
struct PinExtras: Sendable {
    var cid: String?
    var name: String?
    var metadata: [String: String]?
    var expireAt: Double?
    var origins: [String]?
    var userAllocations: [String]?
    var pinUpdate: String?
    var direct = false
}

/// Per-(pin, peer) operation details for entries that are not simply `pinned`/`remote`.
struct EntryOp: Sendable {
    var attempts: Int = 0
    var priority = true
    /// Unix time of the last status change (nanosecond precision on the wire).
    var timestamp: Double
    var error: String = ""
    /// Elapsed sim time at which the current phase ends (queued -> pinning -> done).
    var phaseEnds: Double = 0
    /// Whether this attempt is destined to fail.
    var willFail = false
}

/// The pinset, stored compactly.
///
/// Why this shape: a million pins on up to 20 peers must fit in tens of megabytes. A pin is a
/// 24-byte record; statuses are one byte per (pin, peer); strings exist only for pins added at run
/// time (generated pins derive CID and name from their index); operation details exist only for
/// entries that are in flight or failed.
struct PinStore: Sendable {
    struct Record: Sendable {
        /// Generated index, or index into `extras` when `stored` is set.
        var key: UInt32
        var flags: UInt8
        var rmin: Int8
        var rmax: Int8
        /// Bit i set = allocated to peer i. Zero with rmin == -1 means "everywhere".
        var allocations: UInt32
        var created: Int64
    }
    static let flagRemoved: UInt8 = 1
    static let flagStored: UInt8 = 2

    let peerCount: Int
    let generator: GeneratedPins
    private(set) var records: [Record] = []
    /// statuses[pin * peerCount + peer] = SimPinStatus.code
    private(set) var statuses: [UInt8] = []
    private(set) var extras: [Int: PinExtras] = [:]
    var ops: [Int: EntryOp] = [:]
    private var storedIndex: [String: Int] = [:]
    private(set) var liveCount = 0

    init(peerCount: Int, seed: UInt64) {
        self.peerCount = peerCount
        self.generator = GeneratedPins(seed: seed)
    }

    static func opKey(_ pin: Int, _ peer: Int) -> Int { pin &* 64 &+ peer }

    var count: Int { records.count }

    func isRemoved(_ i: Int) -> Bool { records[i].flags & Self.flagRemoved != 0 }

    func cid(_ i: Int) -> String {
        let r = records[i]
        if r.flags & Self.flagStored != 0, let c = extras[i]?.cid { return c }
        return generator.cid(Int(r.key))
    }

    func name(_ i: Int) -> String {
        let r = records[i]
        if let n = extras[i]?.name { return n }
        return r.flags & Self.flagStored != 0 ? "" : generator.name(Int(r.key))
    }

    func extra(_ i: Int) -> PinExtras? { extras[i] }

    func status(_ pin: Int, _ peer: Int) -> SimPinStatus { SimPinStatus.byCode[Int(statuses[pin * peerCount + peer])] }

    mutating func setStatus(_ pin: Int, _ peer: Int, _ s: SimPinStatus) { statuses[pin * peerCount + peer] = s.code }

    func isAllocated(_ pin: Int, _ peer: Int) -> Bool {
        let r = records[pin]
        if r.allocations == 0 && r.rmin == -1 { return true }
        return r.allocations & (1 << UInt32(peer)) != 0
    }

    func isEverywhere(_ pin: Int) -> Bool { records[pin].allocations == 0 && records[pin].rmin == -1 }

    /// Finds a live pin by CID.
    func find(_ cid: String) -> Int? {
        if let i = storedIndex[cid], !isRemoved(i) { return i }
        if let g = generator.index(of: cid), g < generatedCount, !isRemoved(g) { return g }
        return nil
    }

    private(set) var generatedCount = 0

    /// Appends the seeded pins; generated pins occupy indices 0..<n.
    mutating func generate(_ n: Int, peers: Int, now: Double, rng: inout SeededRandom, errorText: (Int) -> String) {
        precondition(records.isEmpty)
        records.reserveCapacity(n)
        statuses.reserveCapacity(n * peerCount)
        for i in 0..<n {
            let everywhere = rng.next() % 5 < 3 || peers < 2
            var alloc: UInt32 = 0
            var rmin: Int8 = -1, rmax: Int8 = -1
            if !everywhere {
                let want = min(2, peers)
                let first = Int(rng.next() % UInt64(peers))
                let second = (first + 1 + Int(rng.next() % UInt64(peers - 1))) % peers
                alloc = (1 << UInt32(first)) | (1 << UInt32(second))
                rmin = Int8(want); rmax = Int8(want)
            }
            let created = Int64(now) - Int64(rng.next() % (90 * 86400))
            records.append(Record(key: UInt32(i), flags: 0, rmin: rmin, rmax: rmax, allocations: alloc, created: created))
            for p in 0..<peerCount {
                let allocated = everywhere || alloc & (1 << UInt32(p)) != 0
                statuses.append(allocated ? SimPinStatus.pinned.code : SimPinStatus.remote.code)
            }
            // ~3% of pins fail on one allocated peer.
            if rng.next() % 100 < 3 {
                var peer = Int(rng.next() % UInt64(peerCount))
                if !everywhere { peer = alloc.trailingZeroBitCount }
                statuses[i * peerCount + peer] = SimPinStatus.pinError.code
                ops[Self.opKey(i, peer)] = EntryOp(attempts: Int(1 + rng.next() % 5), priority: false,
                                                   timestamp: Double(created) + Double(rng.next() % 3600) + 0.123456789,
                                                   error: errorText(i))
            }
        }
        generatedCount = n
        liveCount = n
    }

    /// Adds (or replaces) a pin added through the API; returns its index.
    mutating func add(cid: String, rmin: Int, rmax: Int, allocations: UInt32, created: Double, extras ex: PinExtras) -> Int {
        if let existing = find(cid) { remove(existing) }
        let i = records.count
        var e = ex
        e.cid = cid
        records.append(Record(key: UInt32(truncatingIfNeeded: i), flags: Self.flagStored, rmin: Int8(clamping: rmin),
                              rmax: Int8(clamping: rmax), allocations: allocations, created: Int64(created)))
        statuses.append(contentsOf: repeatElement(SimPinStatus.remote.code, count: peerCount))
        extras[i] = e
        storedIndex[cid] = i
        liveCount += 1
        return i
    }

    mutating func remove(_ i: Int) {
        guard !isRemoved(i) else { return }
        records[i].flags |= Self.flagRemoved
        liveCount -= 1
        for p in 0..<peerCount { ops[Self.opKey(i, p)] = nil }
        if let c = extras[i]?.cid, storedIndex[c] == i { storedIndex[c] = nil }
    }

    func record(_ i: Int) -> Record { records[i] }
}
