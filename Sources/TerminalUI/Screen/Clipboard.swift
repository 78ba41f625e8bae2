import Foundation

/// The terminal's clipboard through OSC 52 (`ESC ] 52 ; c ; BASE64 BEL`): works over SSH and in
/// tmux (`set -g set-clipboard on`), where no local clipboard tool can reach the operator.
///
/// Why opt-in: a terminal that honours OSC 52 lets any program overwrite the clipboard, so many
/// operators disable it; the console emits it only when asked (`--osc52`, `osc52 = true`).
public enum Clipboard {
    /// Terminals cap OSC 52 payloads (xterm: 100 000 bytes of base64); longer text is refused.
    public static let maxBytes = 74_994

    /// The escape sequence that puts `text` on the clipboard (`c` selection), or nil when the
    /// text is too long for terminals to accept.
    public static func osc52(_ text: String) -> String? {
        let bytes = Data(text.utf8)
        guard bytes.count <= maxBytes else { return nil }
        return "\u{1B}]52;c;" + bytes.base64EncodedString() + "\u{07}"
    }
}
