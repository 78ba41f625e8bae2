import Foundation

// libFuzzer target: the log pipeline as a followed file meets it: line splitting with a cut
// length, sanitising, the cluster / kubo / JSON-envelope line parsers, the CloudWatch export
// decoder, and binary sniffing. Compiled by Scripts/fuzz with Sources/LogTail/*.swift.

@_cdecl("LLVMFuzzerTestOneInput")
public func logLineFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let buffer = UnsafeBufferPointer(start: data, count: size)
    _ = LocalInputCheck.binaryOffset(buffer)
    let sanitizer = LineSanitizer(maxLineBytes: 256)
    var splitter = LineSplitter(maxLineBytes: 260)
    var parser = LogLineParser(origin: .file(path: "/fuzz/peer-0.log", root: nil))
    var lines: [LogLine] = []
    splitter.feed(buffer) { bytes, cut in
        if let line = parser.parse(sanitizer.sanitize(bytes, alreadyCut: cut)) { lines.append(line) }
    }
    splitter.flush { bytes, cut in
        if let line = parser.parse(sanitizer.sanitize(bytes, alreadyCut: cut)) { lines.append(line) }
    }
    _ = LogMerge.mergeByTime(lines)
    if CloudWatchExport.looksLikeExport(prefix: Array(buffer.prefix(4096))),
       let document = try? CloudWatchExport.decode(Data(buffer), path: "/fuzz/export.json") {
        _ = CloudWatchExport.lines(of: document, fallback: .file(path: "/fuzz/export.json", root: nil), sanitizer: sanitizer)
    }
    return 0
}
