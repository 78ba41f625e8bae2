import Foundation

/// Scrubs credentials from text that may end up in error messages, reports and tickets.
///
/// The REST client never puts secrets in URLs, but transport errors, server messages, log lines
/// and user-given strings can echo them (a `--host https://user:pw@host` URL, a server echoing a
/// header, a command line with `--basic-auth`). Two layers: a caller that knows its own secrets
/// passes them; the generic shapes below catch the rest.
public enum Redaction {
    public static let mask = "<redacted>"

    /// Removes the generic credential shapes: URL user info (`scheme://user:pass@`), bearer and
    /// basic credentials, `key=value` / `key: value` where the key names a secret, secret-bearing
    /// command-line flags, and JWTs.
    public static func redact(_ text: String) -> String {
        guard mayHoldCredential(text) else { return text }
        var out = text
        out = out.replacing(Patterns.userInfo) { m in "\(m.output[1].substring ?? "")\(mask)@" }
        out = out.replacing(Patterns.scheme) { m in "\(m.output[1].substring ?? "") \(mask)" }
        out = out.replacing(Patterns.keyed) { m in
            "\(m.output[1].substring ?? "")\(m.output[2].substring ?? "")\(m.output[3].substring ?? "")\(mask)"
        }
        out = out.replacing(Patterns.flags) { m in "\(m.output[1].substring ?? "")\(m.output[2].substring ?? "")\(mask)" }
        out = out.replacing(Patterns.jwt) { _ in mask }
        return out
    }

    /// Replaces every occurrence of the given secrets, then the generic shapes. Secrets shorter
    /// than 3 characters are ignored: they would mangle ordinary text and hide nothing.
    public static func redact(_ text: String, secrets: [String]) -> String {
        var out = text
        for s in secrets where s.count >= 3 {
            out = out.replacingOccurrences(of: s, with: mask)
        }
        return redact(out)
    }

    /// Cheap pre-check: every pattern needs `@`, `=`, `:`, `.` or whitespace (ASCII or not), so
    /// short words and identifiers skip the regexes.
    private static func mayHoldCredential(_ text: String) -> Bool {
        text.utf8.contains { b in
            b <= 0x20 || b >= 0x80 || b == UInt8(ascii: "@") || b == UInt8(ascii: "=") || b == UInt8(ascii: ":")
                || b == UInt8(ascii: ".")
        }
    }

    /// Compiled once. `nonisolated(unsafe)`: `Regex` is not `Sendable`, but these are immutable
    /// after initialisation and matching does not mutate them.
    private enum Patterns {
        /// `scheme://user[:pass]@` -> `scheme://<redacted>@`.
        nonisolated(unsafe) static let userInfo = try! Regex(#"([A-Za-z][A-Za-z0-9+.\-]*://)[^/\s@]+@"#)
        /// `Bearer xxx` / `Basic xxx`: credential-shaped words only (12+ chars), so prose like
        /// "bearer token" stays.
        nonisolated(unsafe) static let scheme = try! Regex(#"(?i)\b(bearer|basic)\s+[A-Za-z0-9\-._~+/]{12,}=*"#)
        /// `key=value` / `key: value` where the key names a secret; an `Authorization: Bearer x`
        /// keeps its scheme word, and what is already redacted is left alone.
        nonisolated(unsafe) static let keyed = try! Regex(
            #"(?i)\b([A-Za-z_\-]*(?:password|passwd|secret|token|credential|credentials|authorization|api[_\-]?key|private[_\-]?key|basic[_\-]?auth)[A-Za-z_\-]*)(["']?\s*[=:]\s*["']?)(?!(?:(?:bearer|basic)\s+)?<redacted>)((?:bearer|basic)\s+)?[^\s"',;&]+"#)
        /// `--basic-auth user:pass`, `--secret value`, `--token value`, `--password value`.
        nonisolated(unsafe) static let flags = try! Regex(#"(?i)(--(?:basic-auth|secret|token|password))([ =])(?!<redacted>)[^\s"',;]+"#)
        /// A JWT: three base64url parts, the first a JSON header (`eyJ`).
        nonisolated(unsafe) static let jwt = try! Regex(#"\beyJ[A-Za-z0-9_\-]{6,}\.[A-Za-z0-9_\-]{6,}\.[A-Za-z0-9_\-]{6,}"#)
    }
}
