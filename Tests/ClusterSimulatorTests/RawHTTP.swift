import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A deliberately low-level HTTP/1.1 client for wire tests: it keeps header order, chunk sizes,
/// trailers and whether the terminating chunk arrived, which higher-level clients hide.
/// Blocking socket I/O runs on a Dispatch thread, never on the cooperative pool.
struct RawResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    var chunkSizes: [Int]
    var trailers: [(String, String)]
    /// False when a chunked body ended without its terminating chunk, or the connection
    /// closed before Content-Length bytes.
    var complete: Bool
    var connectError: String?

    var text: String { String(decoding: body, as: UTF8.self) }
    var lines: [String] { text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    func headerValues(_ name: String) -> [String] { headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1) }
    func json() -> Any? { try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }
}

enum RawHTTP {
    static func request(_ url: String, _ method: String = "GET", _ path: String, headers: [(String, String)] = [],
                        body: String = "", timeout: Double = 10) async -> RawResponse {
        let port = Int(url.split(separator: ":").last ?? "0") ?? 0
        return await withCheckedContinuation { cont in
            DispatchQueue.global().async {
                cont.resume(returning: blocking(port: port, method: method, path: path, headers: headers, body: body, timeout: timeout))
            }
        }
    }

    private static func blocking(port: Int, method: String, path: String, headers: [(String, String)], body: String,
                                 timeout: Double) -> RawResponse {
        var fail = RawResponse(status: 0, headers: [], body: [], chunkSizes: [], trailers: [], complete: false)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { fail.connectError = "socket"; return fail }
        defer { close(fd) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if rc != 0 { fail.connectError = String(cString: strerror(errno)); return fail }
        var req = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (k, v) in headers { req += "\(k): \(v)\r\n" }
        if !body.isEmpty || method == "POST" { req += "Content-Length: \(body.utf8.count)\r\n" }
        req += "\r\n" + body
        _ = req.withCString { send(fd, $0, strlen($0), 0) }
        var data: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { break }
            data.append(contentsOf: buf[0..<n])
        }
        return parse(data) ?? fail
    }

    static func parse(_ data: [UInt8]) -> RawResponse? {
        guard let headEnd = find(data, [13, 10, 13, 10], from: 0) else { return nil }
        let head = String(decoding: data[0..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        var headers: [(String, String)] = []
        for line in head.dropFirst() {
            guard let c = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<c]), String(line[line.index(after: c)...]).trimmingCharacters(in: .whitespaces)))
        }
        var r = RawResponse(status: status, headers: headers, body: [], chunkSizes: [], trailers: [], complete: true)
        var i = headEnd + 4
        if r.header("Transfer-Encoding")?.lowercased() == "chunked" {
            r.complete = false
            while let lineEnd = find(data, [13, 10], from: i) {
                let sizeText = String(decoding: data[i..<lineEnd], as: UTF8.self)
                guard let size = Int(sizeText, radix: 16) else { break }
                i = lineEnd + 2
                if size == 0 {
                    while let e = find(data, [13, 10], from: i) {
                        if e == i { r.complete = true; break }
                        let line = String(decoding: data[i..<e], as: UTF8.self)
                        if let c = line.firstIndex(of: ":") {
                            r.trailers.append((String(line[..<c]), String(line[line.index(after: c)...]).trimmingCharacters(in: .whitespaces)))
                        }
                        i = e + 2
                    }
                    break
                }
                guard i + size <= data.count else { r.body.append(contentsOf: data[i...]); break }
                r.chunkSizes.append(size)
                r.body.append(contentsOf: data[i..<(i + size)])
                i += size + 2
            }
        } else {
            r.body = Array(data[i...])
            if let cl = r.header("Content-Length").flatMap(Int.init) { r.complete = r.body.count == cl }
        }
        return r
    }

    private static func find(_ hay: [UInt8], _ needle: [UInt8], from: Int) -> Int? {
        guard hay.count >= needle.count, from <= hay.count - needle.count else { return nil }
        return hay.withUnsafeBufferPointer { h in
            var i = from
            let last = h.count - needle.count
            outer: while i <= last {
                if h[i] == needle[0] {
                    for k in 1..<needle.count where h[i + k] != needle[k] { i += 1; continue outer }
                    return i
                }
                i += 1
            }
            return nil
        }
    }
}

/// Polls `condition` until true or `seconds` pass; returns the last result (never hangs).
func eventually(_ seconds: Double = 15, _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return await condition()
}
