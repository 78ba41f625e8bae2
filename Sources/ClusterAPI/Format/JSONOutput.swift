import Foundation

/// `--json` output: one compact object per line (streams print one line per item), with the
/// wire's field names so the output can be decoded again as the wire types. Keys are sorted:
/// Foundation's encoder on Linux otherwise emits them in a per-process random order, and
/// output that changes from run to run breaks diffs and scripts.
public enum JSONOutput {
    public static func line<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// The `{"code","message"}` error object, as ctl prints errors in JSON mode.
    public static func error(_ e: ClusterAPIError) -> String {
        let message: String
        switch e.kind {
        case .api, .pinNotFound: message = e.apiMessage ?? e.description
        default: message = e.description
        }
        return (try? line(APIErrorBody(code: e.ctlCode, message: message))) ?? "{\"code\":\(e.ctlCode)}\n"
    }
}
