import Foundation

/// `--json` output: one compact object per line (streams print one line per item), with the
/// wire's field names so the output can be decoded again as the wire types.
public enum JSONOutput {
    public static func line<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
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
