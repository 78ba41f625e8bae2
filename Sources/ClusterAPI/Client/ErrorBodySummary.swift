/// One line that says what a non-API error body was, for `unexpectedStatus`.
///
/// Why: a 502/503/504 in front of the cluster usually comes from a proxy or load balancer as an
/// HTML page; printing its first 200 bytes showed `<html>\u{d}\u{a}<head>…` and hid the one useful
/// part, the title. Text bodies get their whitespace collapsed; everything is sanitised.
enum ErrorBodySummary {
    static func text(of body: some Collection<UInt8>) -> String {
        let bytes = Array(body.prefix(8192))
        // ASCII-only lowering keeps byte offsets, so positions found in it hold in `bytes`.
        let lower = bytes.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        if find("<html", in: lower) != nil || find("<!doctype html", in: lower) != nil || find("<title", in: lower) != nil {
            let title = between("<title>", "</title>", bytes, lower) ?? between("<h1>", "</h1>", bytes, lower)
            let what = title.map { "an HTML page \"\(clip(collapse($0), 120))\"" } ?? "an HTML page"
            return APISanitizer.line(what + " (from a proxy or load balancer in front of the API?)")
        }
        return APISanitizer.line(clip(collapse(String(decoding: bytes, as: UTF8.self)), 200))
    }

    private static func find(_ needle: String, in hay: [UInt8], from: Int = 0) -> Int? {
        let n = Array(needle.utf8)
        guard hay.count >= n.count, from <= hay.count - n.count else { return nil }
        return (from...(hay.count - n.count)).first { hay[$0..<($0 + n.count)].elementsEqual(n) }
    }

    /// The text between the first `open` and the next `close`, matched case-insensitively.
    private static func between(_ open: String, _ close: String, _ bytes: [UInt8], _ lower: [UInt8]) -> String? {
        guard let o = find(open, in: lower) else { return nil }
        let start = o + open.utf8.count
        guard let end = find(close, in: lower, from: start) else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Runs of whitespace (newlines included) as one space, trimmed.
    private static func collapse(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    private static func clip(_ s: String, _ n: Int) -> String { s.count > n ? String(s.prefix(n)) + "…" : s }
}
