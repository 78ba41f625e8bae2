import ClusterAPI
import Foundation
import Testing
@testable import ConsoleCore

/// The fast pin decoder against the general one (JSONDecoder into ClusterAPI's `GlobalPinInfo`,
/// as `ClusterClient.pins()` reads the same bytes) on generated streams, valid and broken:
/// - a line JSONDecoder reads, the fast decoder reads too, with the same values;
/// - a line that is not JSON at all (JSONSerialization refuses it) the fast decoder refuses, with
///   the line number, and keeps the rows before it.
/// Lines that are JSON but of the wrong shape (a number for a string...) are not compared:
/// the fast decoder is documented to be lenient there, and it must only not crash.
/// Two differences found by this test, both the general decoder being the lenient one, so the
/// oracle for "valid" is JSONSerialization plus a non-empty `cid`: JSONDecoder skips an unknown
/// field's string without checking its escapes (`"\<U+0001>"` passes), and `GlobalPinInfo`
/// decodes a line without `cid` as an empty CID, which the fast decoder refuses.
@Suite struct PinDecoderPropertyTests {
    let peers = (0..<3).map(PinFixtures.peerID)

    /// A broken copy of a valid line, or the line itself (one time in three).
    static func mutate(_ line: String, _ rng: inout TestRandom) -> String {
        var bytes = Array(line.utf8)
        guard bytes.count > 2 else { return line }
        let at = 1 + Int(rng.next() % UInt64(bytes.count - 2))
        switch rng.next() % 9 {
        case 0, 1, 2: return line
        case 3: bytes.removeSubrange(at...)                                   // cut short
        case 4: bytes.remove(at: at)                                          // a byte lost
        case 5: bytes.insert(rng.pick(Array("{}[],:\"\\x0 ".utf8)), at: at)   // a stray byte
        case 6: bytes[at] = UInt8(truncatingIfNeeded: rng.next())             // a byte flipped
        case 7: bytes.insert(contentsOf: Array("\u{1}".utf8), at: at)         // a raw control character
        default: bytes += Array(rng.pick([",", "}", " x", "{}"]).utf8)        // trailing garbage
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: [UInt64(21), 22, 23, 24, 25, 26, 27, 28])
    func fastDecoderAgreesWithTheGeneralDecoder(seed: UInt64) throws {
        let (lines, _) = PinFixtures.pinsLines(count: 120, peers: peers, seed: seed)
        var rng = TestRandom(state: seed &* 7919)
        var compared = (valid: 0, notJSON: 0, wrongShape: 0)
        for line in lines {
            let variant = Self.mutate(line, &rng)
            let data = Data(variant.utf8)
            let general = try? JSONDecoder().decode(GlobalPinInfo.self, from: data)
            let isJSON = (try? JSONSerialization.jsonObject(with: data)) != nil
            var table = PinTable()
            var fastError: PinDecodeError?
            do throws(PinDecodeError) {
                try PinFixtures.decode(Array((variant + "\n").utf8), source: .pins, into: &table, seed: rng.next(), maxChunk: 40)
            } catch {
                fastError = error
            }
            if isJSON, let general, !general.cid.isEmpty {
                compared.valid += 1
                #expect(fastError == nil, "the fast decoder refused a line JSONDecoder reads: \(fastError!)\n\(variant)")
                guard fastError == nil, let r = table.row(cid: general.cid) else {
                    Issue.record("no row for \(general.cid)\n\(variant)")
                    continue
                }
                #expect(table.name(r) == general.name)
                #expect(Set(table.allocations(r).map { table.peers[$0].id }) == Set(general.allocations))
                for (peer, entry) in general.peerMap {
                    let pi = try #require(table.peerIndex(peer))
                    #expect(table.statusName(table.status(r, peer: pi)) == entry.status.rawValue)
                    #expect(table.errorText(r, peer: pi) == entry.error)
                }
            } else if !isJSON {
                compared.notJSON += 1
                #expect(fastError != nil, "the fast decoder accepted a line that is not JSON:\n\(variant)")
                #expect(fastError?.line == 1)
            } else {
                compared.wrongShape += 1
            }
        }
        // The generator must exercise both sides, or the property says nothing.
        #expect(compared.valid > 20 && compared.notJSON > 20, "\(compared)")
    }

    /// A broken line in the middle of a stream: the rows before it stay, the error names its line.
    @Test func brokenLineMidStreamKeepsEarlierRows() throws {
        let (lines, _) = PinFixtures.pinsLines(count: 10, peers: peers, seed: 5)
        let body = (lines[0..<4] + [String(lines[4].dropLast(3))] + lines[5...]).joined(separator: "\n")
        var table = PinTable()
        #expect(throws: PinDecodeError.self) { try PinFixtures.decode(body, source: .pins, into: &table) }
        #expect(table.liveCount == 4)
        do throws(PinDecodeError) {
            var t = PinTable()
            try PinFixtures.decode(body, source: .pins, into: &t)
        } catch {
            #expect(error.line == 5)
        }
    }
}
