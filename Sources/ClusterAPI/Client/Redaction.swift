import Foundation

/// Scrubs credentials from text that may end up on screen, in logs or in error messages.
///
/// The client never puts secrets in URLs, but transport errors and user-given strings can
/// echo them (a `--host https://user:pw@host` URL, a server echoing a header). Two layers:
/// the client replaces its own known secrets; `redact` removes the generic shapes.
public enum Redaction {
    public static let mask = "<redacted>"

    /// Removes URL user info (`scheme://user:pass@`) and bearer/basic credentials.
    public static func redact(_ text: String) -> String {
        var out = text
        // scheme://user[:pass]@host -> scheme://<redacted>@host
        if let re = try? Regex(#"([A-Za-z][A-Za-z0-9+.\-]*://)[^/\s@]+@"#) {
            out = out.replacing(re) { m in "\(m.output[1].substring ?? "")\(mask)@" }
        }
        // Credential-shaped words only (12+ chars), so prose like "bearer token" stays.
        if let re = try? Regex(#"(?i)\b(bearer|basic)\s+[A-Za-z0-9\-._~+/]{12,}=*"#) {
            out = out.replacing(re) { m in "\(m.output[1].substring ?? "") \(mask)" }
        }
        return out
    }

    /// Replaces every occurrence of the given secrets (ignoring very short ones, which would
    /// mangle ordinary text and are not worth hiding from a shoulder surfer anyway).
    public static func redact(_ text: String, secrets: [String]) -> String {
        var out = text
        for s in secrets where s.count >= 3 {
            out = out.replacingOccurrences(of: s, with: mask)
        }
        return redact(out)
    }
}
