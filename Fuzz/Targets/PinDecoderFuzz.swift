// libFuzzer target: the NDJSON pin decoder (ConsoleCore/PinTable/PinStreamDecoder.swift), which
// parses million-pin response bodies byte by byte without JSONDecoder. Compiled by Scripts/fuzz
// together with Sources/ConsoleCore/PinTable/*.swift.
//
// Input: byte 0 picks the endpoint shape (pins / allocations / peers) and, from 128 up, reads
// lines of 32 bytes or more as the live console reads long lines off the loop (LargeLineJob, run
// here in place); byte 1 where the body is split in two chunks (a line cut across chunks takes
// the carry path); the rest is the body.

@_cdecl("LLVMFuzzerTestOneInput")
public func pinDecoderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 2 else { return 0 }
    let sources: [PinStreamSource] = [.pins, .allocations, .peers]
    let source = sources[Int(data[0]) % sources.count]
    let body = UnsafeRawBufferPointer(start: data + 2, count: size - 2)
    let split = body.isEmpty ? 0 : Int(data[1]) % (body.count + 1)
    var table = PinTable()
    var decoder = PinStreamDecoder(source: source)
    if data[0] >= 128 { decoder.offloadLineBytes = 32 }
    func settle() throws(PinDecodeError) {
        while let job = decoder.takeLargeLine() { try decoder.finishLargeLine(job.run(), into: &table) }
    }
    do {
        try decoder.feed(UnsafeRawBufferPointer(rebasing: body[..<split]), into: &table)
        try settle()
        try decoder.feed(UnsafeRawBufferPointer(rebasing: body[split...]), into: &table)
        try settle()
        try decoder.finish(into: &table)
        try settle()
        precondition(!decoder.isWaiting)
    } catch {
        _ = error.description
    }
    return 0
}
