/// The last go-log entry of each source, which a following prefix-less line continues.
///
/// Not a plain dictionary: the parser writes or reads it on nearly every line, and a parser
/// nearly always sees one source (one file). The last source is kept beside the dictionary and
/// compared first (the same String storage, so equality is a pointer check) instead of hashing
/// the path on each line: hashing and the dictionary write were ~9% of log ingestion (figure 6).
struct ContinuationHeads: Sendable {
    private var lastSource: String?
    private var lastHead: LogLine?
    private var others: [String: LogLine] = [:]

    subscript(source: String) -> LogLine? {
        get { source == lastSource ? lastHead : others[source] }
        set {
            if source == lastSource {
                lastHead = newValue
                return
            }
            if let previous = lastSource { others[previous] = lastHead }
            others[source] = nil
            lastSource = source
            lastHead = newValue
        }
    }

    mutating func removeAll() {
        lastSource = nil
        lastHead = nil
        others.removeAll(keepingCapacity: true)
    }
}
