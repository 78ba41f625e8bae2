import CZlib

/// One-shot zlib compression for recording chunks.
///
/// Why zlib through a system module (`CZlib`) and not a package: Foundation on Linux has no
/// compression API, the mirror's packages bring zlib only inside NIO's HTTP compression (not a
/// public product), and libz is already linked into every Swift binary here, so the recording
/// costs no new runtime dependency. One-shot `compress2`/`uncompress` suffice because every chunk
/// is compressed on its own (that is what makes chunks independently decodable).
enum Zlib {
    enum Failure: Error, Equatable {
        /// zlib's return code (`Z_DATA_ERROR`, `Z_BUF_ERROR`...).
        case code(Int32)
    }

    /// Level 6: zlib's default; on the demo's events level 9 saved under 2 % for twice the time.
    static func compress(_ input: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        var bound = compressBound(uLong(input.count))
        var out = [UInt8](repeating: 0, count: Int(bound))
        let rc = input.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                compress2(dst.baseAddress, &bound, src.baseAddress, uLong(src.count), level)
            }
        }
        guard rc == Z_OK else { throw Failure.code(rc) }
        out.removeSubrange(Int(bound)...)
        return out
    }

    /// Inflates to exactly `size` bytes; anything else (corrupt data, a wrong size) throws.
    static func decompress(_ input: ArraySlice<UInt8>, size: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: max(size, 1))
        var length = uLong(size)
        let rc = input.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                uncompress(dst.baseAddress, &length, src.baseAddress, uLong(src.count))
            }
        }
        guard rc == Z_OK else { throw Failure.code(rc) }
        guard Int(length) == size else { throw Failure.code(Z_BUF_ERROR) }
        out.removeSubrange(size...)
        return out
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
    }
}
