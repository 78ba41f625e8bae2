/// One time per row (an entry's `timestamp`, a pin's `created`) in 4 bytes instead of 8, exact.
///
/// The cluster keeps pins in its state with second precision (`Pin.Timestamp` is marshalled as
/// Unix seconds), so `created` and the timestamp of every settled entry (`pinned`, `remote`) are
/// whole seconds; only entries of operations in flight or failed (`pinning`, `pin_error`, a few
/// percent) carry nanoseconds. A whole second from 1970 to 2106 is stored as seconds + 1
/// (0 = unset); any other time is kept as its nanoseconds in a sparse side table and marked
/// `UInt32.max`. At ten million pins on three peers this saves 16 bytes per pin.
struct TimeColumn: Sendable {
    private var seconds = ChunkedArray<UInt32>()
    private var exact = ChunkedSparse<Int64>()

    init() {}

    init(unsetRows n: Int) { seconds = ChunkedArray(repeating: 0, count: n) }

    static let inSideTable = UInt32.max

    /// Unix nanoseconds, ``PinTime/unset`` as `Int64.min`.
    subscript(row: Int) -> Int64 {
        @inline(__always) get {
            let s = seconds[row]
            if s == 0 { return PinTime.unset.nanoseconds }
            if s == TimeColumn.inSideTable { return exact[UInt32(row)] ?? PinTime.unset.nanoseconds }
            return Int64(s - 1) &* 1_000_000_000
        }
        set {
            let old = seconds[row]
            let code = TimeColumn.code(newValue)
            if code == TimeColumn.inSideTable {
                exact[UInt32(row)] = newValue
            } else if old == TimeColumn.inSideTable {
                exact[UInt32(row)] = nil
            }
            if old != code { seconds[row] = code }
        }
    }

    mutating func append(_ nanoseconds: Int64) {
        let code = TimeColumn.code(nanoseconds)
        if code == TimeColumn.inSideTable { exact[UInt32(seconds.count)] = nanoseconds }
        seconds.append(code)
    }

    /// Times kept in the side table (tests).
    var sideTableCount: Int { exact.count }

    @inline(__always)
    static func code(_ nanoseconds: Int64) -> UInt32 {
        if nanoseconds == PinTime.unset.nanoseconds { return 0 }
        let (s, frac) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        if frac == 0 && s >= 0 && s < Int64(UInt32.max) - 1 { return UInt32(s + 1) }
        return inSideTable
    }
}
