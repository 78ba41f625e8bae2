// libFuzzer target: the NDJSON pin decoder (ConsoleCore/PinTable/PinStreamDecoder.swift), which
// parses million-pin response bodies byte by byte without JSONDecoder. Compiled by Scripts/fuzz
// together with Sources/ConsoleCore/PinTable/*.swift.
//
// Input: byte 0 picks the endpoint shape (pins / allocations / peers), byte 1 where the body is
// split in two chunks (a line cut across chunks takes the carry path), the rest is the body.

@_cdecl("LLVMFuzzerTestOneInput")
public func pinDecoderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 2 else { return 0 }
    let sources: [PinStreamSource] = [.pins, .allocations, .peers]
    let source = sources[Int(data[0]) % sources.count]
    let body = UnsafeRawBufferPointer(start: data + 2, count: size - 2)
    let split = body.isEmpty ? 0 : Int(data[1]) % (body.count + 1)
    var table = PinTable()
    var decoder = PinStreamDecoder(source: source)
    do {
        try decoder.feed(UnsafeRawBufferPointer(rebasing: body[..<split]), into: &table)
        try decoder.feed(UnsafeRawBufferPointer(rebasing: body[split...]), into: &table)
        try decoder.finish(into: &table)
    } catch {
        _ = error.description
    }
    return 0
}
