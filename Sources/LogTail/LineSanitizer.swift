import ConsoleBase

/// Turns untrusted bytes of one log line into text that is safe to store, search, save and draw.
///
/// Done at ingestion (the terminal layer sanitises again at draw time) so that saved files and
/// search see the same clean text the operator sees, and so that a hostile or broken writer cannot
/// move the cursor, change colours, retitle the terminal or blow up memory with a 1 MB line.
///
/// The character rules are ConsoleBase's `Sanitizer` policy `.logLine` (escape sequences dropped
/// whole, controls made visible, TAB kept, invalid UTF-8 repaired). What is added here is what a
/// *line* needs: a trailing CR (CRLF files) is dropped, and lines longer than `maxLineBytes` are
/// cut on a character boundary and end with `… [cut N bytes]`.
public struct LineSanitizer: Sendable {
    public var maxLineBytes: Int

    public init(maxLineBytes: Int = 4096) {
        self.maxLineBytes = max(16, maxLineBytes)
    }

    /// The marker appended to cut lines; public so views and tests can recognise it.
    public static func cutMarker(_ n: Int) -> String { "… [cut \(n) bytes]" }

    public func sanitize(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { sanitize($0, alreadyCut: 0) }
    }

    public func sanitize(_ bytes: [UInt8], alreadyCut: Int = 0) -> String {
        bytes.withUnsafeBufferPointer { sanitize($0, alreadyCut: alreadyCut) }
    }

    /// - Parameter alreadyCut: bytes of this line already dropped upstream (the line splitter keeps
    ///   at most `maxLineBytes` of a line in memory); they are added to the cut marker's count.
    public func sanitize(_ input: UnsafeBufferPointer<UInt8>, alreadyCut: Int) -> String {
        var limit = input.count
        var cut = alreadyCut
        if limit > maxLineBytes {
            limit = maxLineBytes
            // Do not split a UTF-8 sequence: back off continuation bytes.
            var back = 0
            while limit > 0, back < 3, input[limit] & 0xC0 == 0x80 { limit -= 1; back += 1 }
            cut += input.count - limit
        }
        if cut == 0, limit > 0, input[limit - 1] == 0x0D { limit -= 1 }  // CRLF files
        var text = Sanitizer.clean(UnsafeBufferPointer(rebasing: input[0..<limit]), for: .logLine)
        if cut > 0 { text += Self.cutMarker(cut) }
        return text
    }
}
