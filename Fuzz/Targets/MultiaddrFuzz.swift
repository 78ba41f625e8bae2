// libFuzzer target: the --host parser (multiaddrs /ip4|/ip6|/dns*/HOST/tcp/PORT[/https], URLs,
// comma-separated lists). Compiled by Scripts/fuzz with the same files as the wire target.

@_cdecl("LLVMFuzzerTestOneInput")
public func multiaddrFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 1 else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    if let hosts = try? ClusterHost.parseList([text], https: data[0] & 1 == 1) {
        for h in hosts { _ = h.baseURL + h.hostPort + h.description }
    }
    return 0
}
