/// The few protobuf (proto2) wire-format primitives that dag-pb and UnixFS need.
///
/// Why hand-written: the two messages are tiny and their byte layout is what fixes a CID, so
/// the encoder must emit fields in exactly the order and presence Go's encoder does (links
/// before data in a PBNode, `filesize` always present, repeated `blocksizes` not packed).
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 64) { bytes.reserveCapacity(capacity) }

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// A varint field (wire type 0).
    mutating func field(_ number: Int, varint value: UInt64) {
        varint(UInt64(number << 3))
        varint(value)
    }

    /// A length-delimited field (wire type 2).
    mutating func field(_ number: Int, bytes value: some Collection<UInt8>) {
        varint(UInt64(number << 3 | 2))
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A length-delimited field whose payload is given as a raw buffer (file chunks).
    mutating func field(_ number: Int, raw value: UnsafeRawBufferPointer) {
        varint(UInt64(number << 3 | 2))
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }
}
