/// Text from the cluster (a pin's name, an error, a headline quoting one) can be any length: a
/// 100,000-character error must take a few lines, not the screen. Each such text is cut to
/// `limit` characters, saying how much is hidden and which key shows it; `f` on the pin detail
/// and triage screens shows everything (`UIState.fullText`).
enum LongText {
    /// About four lines at 80 columns.
    static let limit = 300
    /// Triage headlines compose several quoted parts (each already cut to 200 characters); a
    /// real one runs to about 400, so only a runaway one meets this.
    static let headlineLimit = 800

    static func capped(_ text: String, full: Bool, limit: Int = limit) -> String {
        guard !full, text.count > limit else { return text }
        return String(text.prefix(limit)) + "… (\(text.count - limit) more characters; f shows all)"
    }
}
