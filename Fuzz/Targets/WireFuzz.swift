import Foundation

// libFuzzer target: the client's decoders, i.e. every wire type of ClusterAPI/Wire decoded by
// JSONDecoder (their custom `init(from:)` handle Go's nulls, durations and time formats), the
// error body, and the ctl text formatter over what decoded (it sanitises server text).
// Compiled by Scripts/fuzz with Sources/ClusterAPI/Wire, Format and the client files that need
// no networking.

private func attempt<T: Codable>(_ type: T.Type, _ data: Data, _ show: (T) -> String) {
    guard let value = try? JSONDecoder().decode(T.self, from: data) else { return }
    _ = show(value)
    _ = try? JSONEncoder().encode(value)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func wireFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Data(bytes: data, count: size)
    let text = CtlTextFormatter()
    attempt(ClusterPeer.self, bytes) { text.peer($0) }
    attempt(Pin.self, bytes) { text.pin($0) }
    attempt(GlobalPinInfo.self, bytes) { text.status($0) }
    attempt(ClusterVersion.self, bytes) { $0.version }
    attempt([Metric]?.self, bytes) { String(describing: $0) }
    attempt([Alert]?.self, bytes) { String(describing: $0) }
    attempt(ConnectGraph.self, bytes) { String(describing: $0) }
    attempt(BandwidthReport.self, bytes) { String(describing: $0) }
    attempt(GlobalRepoGC.self, bytes) { text.repoGC($0) }
    _ = try? JSONDecoder().decode(APIErrorBody.self, from: bytes)
    _ = APISanitizer.line(String(decoding: bytes, as: UTF8.self))
    return 0
}
